/**
 * How large a message the agent may send in answer to a request (RFC 3416 §4.2.1 "a local constraint or the maximum
 * message size of the originator").
 */

/**
 * RFC 3417 §3.2: every SNMP entity accepts messages of up to 484 octets, and RFC 3412 §6 gives msgMaxSize the range
 * 484..2147483647; a smaller msgMaxSize means the message is not a valid SNMPv3Message (RFC 3412 §7.2 step 2).
 */
export const SNMP_MIN_MESSAGE_SIZE = 484;
/** RFC 3412 §6: the top of msgMaxSize's range. */
export const SNMP_MAX_MESSAGE_SIZE = 2_147_483_647;
/**
 * The agent's own maximum message size, as Net-SNMP's snmpd has it over UDP/IPv4: the largest UDP payload, 65535 less
 * the 8-octet UDP and the 20-octet IPv4 header. It bounds every response (the only limit for SNMPv1 and v2c, which
 * carry none of the manager's); no request can be larger, as no datagram is.
 */
export const AGENT_MAX_MESSAGE_SIZE = 65_507;

/**
 * The largest response the requester may get, in octets: the agent's maximum, or the SNMPv3 msgMaxSize ("the maximum
 * message size supported by the sender", RFC 3412 §6.2) when smaller. Undefined when the msgMaxSize is out of its
 * range: the message is no SNMPv3Message, so it is dropped and counted in snmpInASNParseErrs (RFC 3412 §7.2 step 2),
 * as Net-SNMP's snmpd does.
 */
export function responseLimit(msgMaxSize: number | undefined): number | undefined {
  if (msgMaxSize === undefined) return AGENT_MAX_MESSAGE_SIZE;
  if (!Number.isInteger(msgMaxSize) || msgMaxSize < SNMP_MIN_MESSAGE_SIZE || msgMaxSize > SNMP_MAX_MESSAGE_SIZE)
    return undefined;
  return Math.min(msgMaxSize, AGENT_MAX_MESSAGE_SIZE);
}

/**
 * RFC 3416 §4.2.3: a GetBulk response too large for `limit` keeps the longest prefix of its varbinds that fits, not
 * tooBig. `sizeOf(k)` is the encoded size of the message with the first k of the n varbinds; it grows with k. The
 * answer is found by halving, so a 1000-varbind response is encoded about 11 times, and only when it is too large.
 * Undefined when not even the response without varbinds fits.
 */
export function fittingPrefix(n: number, limit: number, sizeOf: (k: number) => number): number | undefined {
  if (sizeOf(n) <= limit) return n;
  if (sizeOf(0) > limit) return undefined;
  let fits = 0;
  let tooLarge = n;
  while (tooLarge - fits > 1) {
    const mid = (fits + tooLarge) >>> 1;
    if (sizeOf(mid) <= limit) fits = mid;
    else tooLarge = mid;
  }
  return fits;
}
