import { isIpv4 } from "../core/config/ipv4.js";
import { DecodeError } from "../core/errors.js";
import { Mac } from "../core/identity/Mac.js";
import { FREQUENCY_BANDS, MAX_CARRIER_NUMBER, type FrequencyBand } from "../role/bands.js";
import { SYNC_REGION_MAX } from "../sync/settings.js";
import type { Param } from "./command.js";
import { MgmtCode } from "./errors.js";

/** The parameters the operator commands share: where the API reads them and the rule each value must keep. */

const same = <T>(v: T): T => v;

/** A `:name` path segment matching `pattern` (decoded), read by `read`. */
export function inPath(pattern: string): Param<string>;
export function inPath<T>(pattern: string, read: (text: string, key: string) => T): Param<T>;
export function inPath(pattern: string, read: (text: string, key: string) => unknown = same): Param<unknown> {
  return { in: "path", pattern, read };
}

/** A query value, or `fallback` when the request has none. */
export function inQuery(fallback?: string): Param<string>;
export function inQuery<T>(fallback: string | undefined, read: (text: string, key: string) => T): Param<T>;
export function inQuery(fallback?: string, read: (text: string, key: string) => unknown = same): Param<unknown> {
  return { in: "query", ...(fallback === undefined ? {} : { default: fallback }), read };
}

/** A text field of the JSON object body (1 to 64 characters), read by `read`. */
export function text(): Param<string>;
export function text<T>(read: (text: string, key: string) => T): Param<T>;
export function text(read: (text: string, key: string) => unknown = same): Param<unknown> {
  return { in: "json", shape: "string", read };
}

/** A number field of the JSON object body, read by `read`. */
export function number<T>(read: (n: number, key: string) => T): Param<T> {
  return { in: "json", shape: "number", read };
}

/** A field of the JSON object body that is a list of texts. */
export const texts: Param<readonly string[]> = { in: "json", shape: "string[]", read: same<readonly string[]> };

/** The whole request body as text, read by `read`. */
export function body(): Param<string>;
export function body<T>(read: (text: string, key: string) => T): Param<T>;
export function body(read: (text: string, key: string) => unknown = same): Param<unknown> {
  return { in: "body", read };
}

/** The whole request body as bytes (a binary upload), read by `read`. */
export function bytes<T>(read: (bytes: Uint8Array, key: string) => T): Param<T> {
  return { in: "bytes", read };
}

/** The same parameter, which may be absent. */
export function optional<T>(p: Param<T>): Param<T | undefined> {
  return { ...p, optional: true };
}

/** A yes/no query value: `true` or `false`. */
export const trueOrFalse = (t: string, key: string): boolean => {
  if (t !== "true" && t !== "false") throw new DecodeError(MgmtCode.BadFlag, `${key} must be true or false`);
  return t === "true";
};

/** A MAC in canonical form, or a DecodeError. */
export const macText = (t: string): string => Mac.parse(t).toString();

/** A MAC address field. */
export const mac = text(macText);

/** A sync region (§3.3.5). */
export const region = number((n, key) => {
  if (!(Number.isInteger(n) && n >= 0 && n <= SYNC_REGION_MAX))
    throw new DecodeError(MgmtCode.BadRegion, `${key} must be a whole number from 0 to ${SYNC_REGION_MAX} (§3.3.5)`);
  return n;
});

/**
 * Enabled carriers (§4.6.7): carrier numbers separated by commas (`18,19,20,21`), or `all` for all of the band; whether
 * they are of the band is checked where the band is known.
 */
export const carriers = text((t, key): readonly number[] | undefined => {
  if (t === "all") return undefined;
  const items = t.split(",").map((s) => s.trim());
  if (!items.every((s) => /^[0-9]{1,2}$/.test(s) && Number(s) <= MAX_CARRIER_NUMBER))
    throw new DecodeError(
      MgmtCode.BadCarriers,
      `${key} must be carrier numbers separated by commas (e.g. 18,19,20,21) or all (§4.6.7)`,
    );
  return items.map(Number);
});

/** A frequency band (§4.6.6). */
export const band = text((t, key): FrequencyBand => {
  const hit = FREQUENCY_BANDS.find((b) => b === t);
  if (hit === undefined)
    throw new DecodeError(MgmtCode.BadBand, `${key} must be one of ${FREQUENCY_BANDS.join(", ")} (§4.6.6)`);
  return hit;
});

/** An IPv4 address field. */
export const ipv4 = text((t, key) => {
  if (!isIpv4(t)) throw new DecodeError(MgmtCode.BadAddress, `${key} must be an IPv4 address`);
  return t;
});
