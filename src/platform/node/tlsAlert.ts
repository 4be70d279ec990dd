/** OpenSSL's library number for SSL (ERR_LIB_SSL), the top bits of its error codes in OpenSSL 3. */
const LIB_SSL = 20;
/** OpenSSL's reason for a received alert is SSL_AD_REASON_OFFSET + its AlertDescription. */
const SSL_AD_REASON_OFFSET = 1000;
const MAX_ALERT = 255;

/**
 * The TLS alert a peer sent, read from the error Node reports for it (a client socket's `error`, a server's
 * `tlsClientError`), or undefined when the error is anything else: the device's own verdict, a reset, a timeout.
 * OpenSSL adds "SSL alert number 48" to a received alert's error, and its reason is SSL_AD_REASON_OFFSET + the
 * AlertDescription (`error:0A000418`: "tlsv1 alert unknown ca", Node's ERR_SSL_TLSV1_ALERT_UNKNOWN_CA); the number is
 * read from either, so no list of OpenSSL's alert names is needed. @see RFC 8446 §6
 */
export function receivedAlert(err: unknown): number | undefined {
  const message = err instanceof Error ? err.message : "";
  const stated = /SSL alert number (\d{1,3})\b/.exec(message);
  if (stated !== null) return inRange(Number(stated[1]));
  const code = /\berror:([0-9A-Fa-f]{8}):/.exec(message);
  if (code === null) return undefined;
  const packed = parseInt(code[1]!, 16);
  if (packed >>> 23 !== LIB_SSL) return undefined;
  return inRange((packed & 0x7fffff) - SSL_AD_REASON_OFFSET);
}

const inRange = (alert: number): number | undefined => (alert >= 0 && alert <= MAX_ALERT ? alert : undefined);
