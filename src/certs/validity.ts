import type { X509Certificate } from "node:crypto";
import { DecodeError } from "../core/errors.js";
import { nameOf, notAfterOf, notBeforeOf } from "./certInfo.js";
import { CertsCode } from "./errors.js";

export const DAY_MS = 86_400_000;
/** 0x000c1001 (§6.2): "has already expired or will expire during the next 30 days". */
export const EXPIRY_WARNING_MS = 30 * DAY_MS;
/**
 * Before this the device's clock is taken as not set (0x000c1000, §6.2): a device without a real-time clock starts at
 * 1970-01-01 until NTP answers (§4.1.9), and no date before this software was written can be the real one.
 */
export const TIME_SET_AFTER = Date.UTC(2024, 0, 1);

export const isTimeSet = (now: number): boolean => now >= TIME_SET_AFTER;

/** "expired 2024-01-31" / "not valid before 2030-01-01", or undefined when `c` is valid at `now`. */
function invalidAt(c: X509Certificate, now: number): string | undefined {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  if (notAfterOf(c) < now) return `expired ${day(notAfterOf(c))}`;
  if (notBeforeOf(c) > now) return `not valid before ${day(notBeforeOf(c))}`;
  return undefined;
}

/**
 * Refuses certificates that cannot work at `now` (CERTS_EXPIRED, naming the first): expired ones always; not yet valid
 * ones too when `notYet` (a device certificate must serve now; a trusted CA may be added ahead of its time). While
 * the time is not set (0x000c1000) nothing can be judged, and nothing is refused.
 */
export function refuseInvalid(certs: readonly X509Certificate[], now: number, notYet: boolean): void {
  if (!isTimeSet(now)) return;
  for (const c of certs) {
    const why = invalidAt(c, now);
    if (why !== undefined && (notYet || notAfterOf(c) < now))
      throw new DecodeError(CertsCode.Expired, `certificate ${nameOf(c)} ${why}`);
  }
}

/** Whether `c` has expired or expires within 30 days of `now` (0x000c1001). */
export const expiresSoon = (c: X509Certificate, now: number): boolean => notAfterOf(c) - now <= EXPIRY_WARNING_MS;
