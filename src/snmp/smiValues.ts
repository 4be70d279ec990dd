import type { SnmpValue } from "./mibView.js";

/** SMIv2 values (RFC 2578 §7.1, RFC 2579 textual conventions) from the status model's plain numbers and strings. */

const MAX_32 = 0xffffffff;

export const integer = (n: number): SnmpValue => ({
  type: "Integer",
  value: Math.max(-0x80000000, Math.min(0x7fffffff, Math.round(n))),
});
/** Counter32 wraps at 2^32 (RFC 2578 §7.1.6). */
export const counter = (n: number): SnmpValue => ({ type: "Counter32", value: Math.trunc(n) % (MAX_32 + 1) });
/** Gauge32 latches at its maximum (RFC 2578 §7.1.7). */
export const gauge = (n: number): SnmpValue => ({
  type: "Gauge32",
  value: Math.max(0, Math.min(MAX_32, Math.round(n))),
});
export const unsigned = (n: number): SnmpValue => ({ type: "Unsigned32", value: Math.max(0, Math.min(MAX_32, n)) });
/** TimeTicks: hundredths of a second, from milliseconds. */
export const ticks = (ms: number): SnmpValue => ({ type: "TimeTicks", value: Math.floor(ms / 10) % (MAX_32 + 1) });
export const text = (s: string): SnmpValue => ({ type: "OctetString", value: s });
export const ip = (address: string): SnmpValue => ({ type: "IpAddress", value: address });
/** RFC 2579 TruthValue. */
export const truth = (b: boolean): SnmpValue => integer(b ? 1 : 2);

/** RFC 2579 MacAddress: the six octets of `00:90:33:00:01:01`. */
export function mac(address: string): SnmpValue {
  return { type: "OctetString", value: Uint8Array.from(address.split(/[:-]/), (h) => parseInt(h, 16)) };
}

/** RFC 2578 §7.1.4 BITS: bit 0 is the most significant bit of the first octet. */
export function bits(set: readonly number[]): SnmpValue {
  const bytes = new Uint8Array(Math.max(1, Math.ceil((Math.max(-1, ...set) + 1) / 8)));
  for (const b of set) bytes[b >> 3]! |= 0x80 >> (b & 7);
  return { type: "OctetString", value: bytes };
}

/** RFC 2579 DateAndTime, 11 octets in UTC ("+", 0 hours, 0 minutes from UTC), from milliseconds since 1970. */
export function dateAndTime(ms: number): SnmpValue {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  return {
    type: "OctetString",
    value: Uint8Array.of(
      year >> 8,
      year & 0xff,
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      Math.floor(d.getUTCMilliseconds() / 100),
      0x2b,
      0,
      0,
    ),
  };
}
