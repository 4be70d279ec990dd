import { integer, octets, Tag, tlv } from "./ber.js";
import type { LdapAttribute } from "./LdapAttribute.js";
import { ResultCode, type LdapResult } from "./resultCodes.js";

/** The [APPLICATION n] tags of the responses (RFC 4511 Appendix B), constructed. */
export const ResponseTag = {
  bind: 0x61,
  searchEntry: 0x64,
  searchDone: 0x65,
  modify: 0x67,
  add: 0x69,
  delete: 0x6b,
  modifyDn: 0x6d,
  compare: 0x6f,
  extended: 0x78,
} as const;
export type ResponseTag = (typeof ResponseTag)[keyof typeof ResponseTag];

/** RFC 4511 §4.4.1: the responseName of a Notice of Disconnection. */
export const NOTICE_OF_DISCONNECTION = "1.3.6.1.4.1.1466.20036";
/** ExtendedResponse responseName [10] and responseValue [11]. */
const RESPONSE_NAME = 0x8a;
const RESPONSE_VALUE = 0x8b;
/** RFC 4532: the "Who am I?" extended operation. */
export const WHO_AM_I = "1.3.6.1.4.1.4203.1.11.3";

/** An LDAPMessage (RFC 4511 §4.2): messageID and one protocolOp, no controls. */
export function encodeMessage(messageId: number, protocolOp: Uint8Array): Uint8Array {
  return tlv(Tag.sequence, integer(messageId), protocolOp);
}

/** A response that is an LDAPResult (bind, searchResDone, modify, add, delete, modDN, compare). */
export function encodeResult(messageId: number, tag: ResponseTag, r: LdapResult): Uint8Array {
  return encodeMessage(messageId, resultOp(tag, r));
}

function resultOp(tag: number, r: LdapResult, ...extra: Uint8Array[]): Uint8Array {
  return tlv(tag, integer(r.code, Tag.enumerated), octets(r.matchedDn ?? ""), octets(r.message), ...extra);
}

/** An ExtendedResponse (RFC 4511 §4.12), with its responseName and responseValue when given. */
export function encodeExtended(messageId: number, r: LdapResult, name?: string, value?: string): Uint8Array {
  const extra = [
    ...(name === undefined ? [] : [octets(name, RESPONSE_NAME)]),
    ...(value === undefined ? [] : [octets(value, RESPONSE_VALUE)]),
  ];
  return encodeMessage(messageId, resultOp(ResponseTag.extended, r, ...extra));
}

/** RFC 4511 §4.4.1: the unsolicited notice a server sends before it closes a connection it cannot go on with. */
export function noticeOfDisconnection(message: string): Uint8Array {
  return encodeExtended(0, { code: ResultCode.protocolError, message }, NOTICE_OF_DISCONNECTION);
}

/**
 * The protocolOp of a SearchResultEntry (RFC 4511 §4.5.2): the entry's name and its attributes; with `typesOnly`
 * the attribute descriptions with empty value sets (§4.5.1.8). Kept apart from the messageID so it can be cached.
 */
export function encodeEntryOp(dn: string, attributes: readonly LdapAttribute[], typesOnly: boolean): Uint8Array {
  const list = attributes.map((a) =>
    tlv(Tag.sequence, octets(a.type), tlv(Tag.set, ...(typesOnly ? [] : a.values.map((v) => octets(v))))),
  );
  return tlv(ResponseTag.searchEntry, octets(dn), tlv(Tag.sequence, ...list));
}
