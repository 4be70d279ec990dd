import type { Principal } from "../auth/Principal.js";
import { DecodeError } from "../core/errors.js";
import type { Device } from "../device/Device.js";
import type { DeviceEvent } from "../role/EventLog.js";
import { MgmtCode } from "./errors.js";

/** What the API knows of a request before its body is read: enough to decide who is calling (§3.4). */
export interface ApiHead {
  readonly method: string;
  /** Path without the query, e.g. `/api/status`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
  /** The `Cookie` header: the form login's session (§4.1.3–§4.1.7). */
  readonly cookie?: string;
  /** The client's address, for the login events. */
  readonly source?: string;
  /**
   * The names in the Subject Alternative Name of the client certificate that the device verified against its trust
   * list (mutual TLS, §4.1.7, §4.9.3); undefined: no verified client certificate.
   */
  readonly certificateNames?: readonly string[];
  /** The request came over HTTPS: the session cookie is marked Secure. */
  readonly secure?: boolean;
}

export interface ApiRequest extends ApiHead {
  /** The body as UTF-8 text. */
  readonly body: string;
  /** The body as received, for binary uploads; absent: the UTF-8 bytes of `body`. */
  readonly bytes?: Uint8Array;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  /** Set for a document that is not JSON (`body` is then its text). */
  readonly contentType?: string;
  /** Extra headers: the session cookie, an authentication challenge, Retry-After. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiContext {
  readonly device: () => Device;
  /** Recent events of this device, oldest first. */
  readonly events: () => readonly DeviceEvent[];
  /** The device's metrics in the Prometheus text format, where the world renders them (real nodes). */
  readonly metrics?: () => Promise<string>;
  /** Every new event of this device as it happens, until the returned function is called (real nodes). */
  readonly subscribe?: (listener: (e: DeviceEvent) => void) => () => void;
}

/** Who is calling, once admitted; `headers` go out with the answer (a SPNEGO reply token). */
export interface Admitted {
  readonly principal: Principal;
  readonly headers?: Readonly<Record<string, string>>;
}

export const ok = (body: unknown, status = 200): ApiResponse => ({ status, body });

/** A JSON answer's text as the API sends it: indented for people reading it with curl, one newline at the end. */
export const jsonText = (body: unknown): string => JSON.stringify(body, null, 2) + "\n";

/**
 * A JSON answer serialised once, to be sent again as it is (answerCache.ts): the body is then its UTF-8 bytes with
 * `contentType` application/json.
 */
export const prepared = (r: ApiResponse): ApiResponse =>
  r.contentType !== undefined
    ? r
    : { ...r, body: new TextEncoder().encode(jsonText(r.body)), contentType: "application/json" };

/** An error answer `{ error: { code, message } }`. */
export const refuse = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): ApiResponse => ({
  status,
  body: { error: { code, message } },
  ...(headers === undefined ? {} : { headers }),
});

/** The shape of a JSON field; `?` marks an optional one. */
export type FieldType = "string" | "string?" | "number" | "number?" | "string[]" | "string[]?";

/** Whether `x` has the shape `t`: a text is 1 to 64 characters. */
function hasShape(x: unknown, t: FieldType): boolean {
  if (x === undefined && t.endsWith("?")) return true;
  const shape = t.replace("?", "");
  if (shape === "string[]") return Array.isArray(x) && x.every((e) => typeof e === "string");
  return typeof x === shape && (typeof x !== "string" || (x.length > 0 && x.length <= 64));
}

/** `x` if it has the shape `t`, else a DecodeError naming the field `k`. */
export function fieldValue(x: unknown, k: string, t: FieldType): unknown {
  if (!hasShape(x, t)) throw new DecodeError(MgmtCode.BadField, `${k} must be ${t.replace("?", "")}`, { field: k });
  return x;
}

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
  for (const [k, t] of Object.entries(fields)) fieldValue(o[k], k, t);
  return o;
}
