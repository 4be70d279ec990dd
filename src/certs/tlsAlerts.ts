import { ALARM_CATALOG, findAlarm } from "../core/alarms/index.js";

/**
 * The TLS AlertDescription names (RFC 5246 §7.2, RFC 8446 §6, RFC 6066 §9, RFC 7507 §2), by number: what an alert a
 * peer sent us is called in logs and failure reasons.
 */
const ALERT_NAMES: { readonly [alert: number]: string } = {
  0: "close_notify",
  10: "unexpected_message",
  20: "bad_record_mac",
  21: "decryption_failed",
  22: "record_overflow",
  30: "decompression_failure",
  40: "handshake_failure",
  41: "no_certificate",
  42: "bad_certificate",
  43: "unsupported_certificate",
  44: "certificate_revoked",
  45: "certificate_expired",
  46: "certificate_unknown",
  47: "illegal_parameter",
  48: "unknown_ca",
  49: "access_denied",
  50: "decode_error",
  51: "decrypt_error",
  60: "export_restriction",
  70: "protocol_version",
  71: "insufficient_security",
  80: "internal_error",
  86: "inappropriate_fallback",
  90: "user_canceled",
  100: "no_renegotiation",
  109: "missing_extension",
  110: "unsupported_extension",
  111: "certificate_unobtainable",
  112: "unrecognized_name",
  113: "bad_certificate_status_response",
  114: "bad_certificate_hash_value",
  115: "unknown_psk_identity",
  116: "certificate_required",
  120: "no_application_protocol",
};

/** `unknown_ca (48)`: an alert as a person reads it. */
export const alertText = (alert: number): string => `${ALERT_NAMES[alert] ?? "unassigned"} (${alert})`;

/**
 * §6.2 lists the alerts of RFC 5246 only. The later ones are reported as the one of those that says the same:
 * TLS 1.3's certificate_required is TLS 1.2's no_certificate situation, the certificate status and hash failures are
 * a bad certificate, an unobtainable one is unknown, a refused fallback is a protocol version, an unknown PSK identity
 * a decrypt error (RFC 4279 §2 lets a server send either); the rest are failures of the handshake.
 */
const NEAREST_LISTED: { readonly [alert: number]: number } = {
  86: 70,
  111: 46,
  113: 42,
  114: 42,
  115: 51,
  116: 41,
};
const HANDSHAKE_FAILURE = 40;

/** §6.2 0x000c0200 + the AlertDescription: "TLS, reported by the remote party". */
const REMOTE_BASE = 0x000c0200;

/**
 * The §6.2 alarm for an alert the peer sent us (0x000c02xx), or undefined for close_notify, which ends a connection
 * in good order. @see manual 003 §6.2, RFC 8446 §6
 */
export function remoteAlertAlarm(alert: number): number | undefined {
  if (alert === 0) return undefined;
  const listed = REMOTE_BASE + alert;
  if (findAlarm(listed) !== undefined) return listed;
  return REMOTE_BASE + (NEAREST_LISTED[alert] ?? HANDSHAKE_FAILURE);
}

/** Every remote alert alarm of §6.2 (0x000c02xx). */
export const REMOTE_ALERT_ALARMS: readonly number[] = ALARM_CATALOG.filter(
  (e) => e.code >>> 8 === REMOTE_BASE >>> 8,
).map((e) => e.code);
