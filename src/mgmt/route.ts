import { DecodeError } from "../core/errors.js";
import type { Device } from "../device/Device.js";
import type { DeviceEvent } from "../role/EventLog.js";
import type { Accounts, AccessLevel } from "../auth/Accounts.js";
import { MgmtCode } from "./errors.js";

export interface ApiRequest {
  readonly method: string;
  /** Path without the query, e.g. `/api/status`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
  readonly body: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  /** Set for a document that is not JSON (`body` is then its text). */
  readonly contentType?: string;
}

export interface ApiContext {
  readonly device: () => Device;
  readonly accounts: Accounts;
  /** Recent events of this device, oldest first. */
  readonly events: () => readonly DeviceEvent[];
}

export interface Route {
  readonly method: string;
  readonly path: RegExp;
  readonly need: AccessLevel;
  run(ctx: ApiContext, req: ApiRequest, m: RegExpExecArray): Promise<ApiResponse> | ApiResponse;
}

export const ok = (body: unknown, status = 200): ApiResponse => ({ status, body });
export const bad = (code: string, message: string): ApiResponse => ok({ error: { code, message } }, 400);

export type FieldType = "string" | "string?" | "number" | "number?" | "string[]";

/** A JSON object body with the given fields, or a DecodeError naming the field. */
export function jsonBody(text: string, fields: Record<string, FieldType>): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (cause) {
    throw new DecodeError(MgmtCode.BadJson, "the request body is not JSON", { cause });
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new DecodeError(
      MgmtCode.BadJson,
      `the request body must be a JSON object with ${Object.keys(fields).join(", ")}`,
    );
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!(k in fields)) throw new DecodeError(MgmtCode.BadField, `unknown field ${k}`, { field: k });
  for (const [k, t] of Object.entries(fields)) {
    const x = o[k];
    if (x === undefined && t.endsWith("?")) continue;
    const okType =
      t === "string[]"
        ? Array.isArray(x) && x.every((e) => typeof e === "string")
        : typeof x === t.replace("?", "") && (typeof x !== "string" || (x.length > 0 && x.length <= 64));
    if (!okType) throw new DecodeError(MgmtCode.BadField, `${k} must be ${t.replace("?", "")}`, { field: k });
  }
  return o;
}
