import { SipParseError, shown } from "./errors.js";
import { isToken } from "./syntax.js";

/** CSeq = 1*DIGIT LWS Method; the number is below 2**31 (RFC 3261 §8.1.1.5, §20.16). */
export function parseCSeq(v: string): { readonly seq: number; readonly method: string } {
  const m = /^([0-9]{1,10})[ \t]+(\S+)$/.exec(v.trim());
  if (m === null || !isToken(m[2]!))
    throw new SipParseError(`CSeq "${shown(v)}" is not a number and a method`, { field: "CSeq" });
  const seq = Number(m[1]);
  if (seq >= 2 ** 31) throw new SipParseError(`CSeq ${seq} is not below 2**31`, { field: "CSeq" });
  return { seq, method: m[2]! };
}
