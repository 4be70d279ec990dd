import type { MibView, Oid, SnmpValue } from "./mibView.js";

/** The request PDUs the agent answers (RFC 3416 §4.2); a Set is answered, with an error. */
export type RequestKind = "get" | "getNext" | "getBulk" | "set";

/** RFC 3416 §3 exceptions a v2c/v3 response carries in place of a value. */
export type SnmpException = "noSuchObject" | "noSuchInstance" | "endOfMibView";

export interface AnswerVarbind {
  readonly oid: Oid;
  readonly value: SnmpValue | SnmpException;
}

/**
 * RFC 3416 §3 error-status values the agent produces, already as the request's version needs them: notWritable is
 * SNMPv2's and becomes noSuchName for SNMPv1 (RFC 3584 §4.4); tooBig and noSuchName are the same in both.
 */
export type ErrorStatus = "noError" | "tooBig" | "noSuchName" | "notWritable";

export interface Answer {
  readonly errorStatus: ErrorStatus;
  /** 1-based index of the varbind the error is about; 0 with noError. */
  readonly errorIndex: number;
  /**
   * `echo`: the request's varbinds as they came, names and values: an SNMPv1 error response is "of identical form"
   * (RFC 1157 §4.1.2), and so is any response to a Set that fails (RFC 3416 §4.2.5).
   */
  readonly varbinds: readonly AnswerVarbind[] | "echo";
}

export interface Request {
  readonly kind: RequestKind;
  readonly version: 1 | 2 | 3;
  readonly oids: readonly Oid[];
  readonly nonRepeaters?: number;
  readonly maxRepetitions?: number;
}

/**
 * The most varbinds one GetBulk response carries. RFC 3416 §4.2.3 lets an agent send fewer repetitions than asked
 * rather than tooBig; 1000 short varbinds stay well below the 65507-byte UDP limit of a response.
 */
export const MAX_BULK_VARBINDS = 1000;

/**
 * Answers one request from a view (RFC 3416 §4.2.1 to §4.2.5). Every object is read-only, so a Set fails on its first
 * varbind with notWritable (RFC 3416 §4.2.5; noSuchName in SNMPv1, RFC 3584 §4.4). In SNMPv1 an exception becomes
 * noSuchName on the first varbind that has one (RFC 1157 §4.1.2, RFC 3584 §4.2.2.1) and the varbinds are echoed.
 */
export function answer(view: MibView, req: Request): Answer {
  const kind = req.kind;
  if (kind === "set")
    return { errorStatus: req.version === 1 ? "noSuchName" : "notWritable", errorIndex: 1, varbinds: "echo" };
  const varbinds = kind === "getBulk" ? bulk(view, req) : req.oids.map((oid) => one(view, kind, oid));
  if (req.version === 1) {
    const bad = varbinds.findIndex((v) => typeof v.value === "string");
    if (bad >= 0) return { errorStatus: "noSuchName", errorIndex: bad + 1, varbinds: "echo" };
  }
  return { errorStatus: "noError", errorIndex: 0, varbinds };
}

/**
 * The answer when the response would not fit the requester's maximum message size (RFC 3416 §4.2.1, §4.2.2, §4.2.4):
 * tooBig with error-index 0 and no varbinds; SNMPv1 sends the request's varbinds back instead ("of identical form",
 * RFC 1157 §4.1.2). A GetBulk is not answered so: its response carries fewer varbinds (RFC 3416 §4.2.3).
 */
export function tooBig(req: Request): Answer {
  return { errorStatus: "tooBig", errorIndex: 0, varbinds: req.version === 1 ? "echo" : [] };
}

function one(view: MibView, kind: "get" | "getNext" | "getBulk", oid: Oid): AnswerVarbind {
  if (kind === "get") {
    // RFC 3416 §4.2.1: noSuchInstance under an object type the view serves, noSuchObject anywhere else.
    return view.get(oid) ?? { oid, value: view.hasObject(oid) ? "noSuchInstance" : "noSuchObject" };
  }
  return view.next(oid) ?? { oid, value: "endOfMibView" };
}

/** RFC 3416 §4.2.3: N non-repeaters once, then up to M rounds of the R repeaters, each from where it stopped. */
function bulk(view: MibView, req: Request): AnswerVarbind[] {
  const n = Math.min(Math.max(req.nonRepeaters ?? 0, 0), req.oids.length);
  const m = Math.max(req.maxRepetitions ?? 0, 0);
  const out = req.oids.slice(0, n).map((oid) => one(view, "getNext", oid));
  let cursor = req.oids.slice(n).map((oid) => ({ oid, value: "noSuchObject" as AnswerVarbind["value"] }));
  for (let round = 0; round < m && cursor.length > 0; round++) {
    if (out.length + cursor.length > MAX_BULK_VARBINDS) break;
    cursor = cursor.map((c) => (c.value === "endOfMibView" ? c : one(view, "getNext", c.oid)));
    out.push(...cursor);
    // All repeaters past the end: further rounds would only repeat endOfMibView (RFC 3416 §4.2.3 allows stopping).
    if (cursor.every((c) => c.value === "endOfMibView")) break;
  }
  return out;
}
