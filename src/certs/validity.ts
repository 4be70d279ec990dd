import type { X509Certificate } from "node:crypto";
import { DecodeError } from "../core/errors.js";
import { nameOf, notAfterOf } from "./certInfo.js";
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

/**
 * Refuses a chain with an expired certificate (CERTS_EXPIRED, naming the first and its date). One not valid yet is
 * taken: it will be, and a CA's clock a little ahead of the device's must not refuse a certificate just issued. While
 * the time is not set (0x000c1000) nothing can be judged, and nothing is refused.
 */
export function refuseExpired(certs: readonly X509Certificate[], now: number): void {
  if (!isTimeSet(now)) return;
  const expired = certs.find((c) => notAfterOf(c) < now);
  if (expired !== undefined)
    throw new DecodeError(
      CertsCode.Expired,
      `certificate ${nameOf(expired)} expired ${new Date(notAfterOf(expired)).toISOString().slice(0, 10)}`,
    );
}

/** Whether `c` has expired or expires within 30 days of `now` (0x000c1001). */
export const expiresSoon = (c: X509Certificate, now: number): boolean => notAfterOf(c) - now <= EXPIRY_WARNING_MS;
