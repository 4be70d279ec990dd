import { DecodeError } from "../../core/errors.js";
import type { ipdect } from "../../wire/gen/ipdect.js";
import type { Message } from "../../wire/codec.js";
import type { Endpoint } from "../../wire/Transport.js";
import { ipeiText } from "../User.js";
import { isIpv4 } from "../../core/config/ipv4.js";
import { WireCode } from "../../wire/errors.js";

/** One mobility request of a handset, as its radio relayed it (HandsetRelay), validated. */
export interface RelayedAsk extends HandsetAsk {
  /** Where the handset listens (its radio sends the answer there). */
  readonly handset: Endpoint;
  /** The radio that heard it, and its RFPI. */
  readonly radio: string;
  readonly rfpi: string;
  /** The radio's stream to us: the answer goes back on it. */
  readonly from: Endpoint;
}

export type HandsetOp = "subscribe" | "locate" | "dial";

/** Wire values of HandsetOp. */
export const HANDSET_OPS: Record<HandsetOp, number> = { subscribe: 1, locate: 2, dial: 3 };

/** How many hex digits a handset's session has: 64 random bits, so two runs of one IPEI never share one. */
export const HANDSET_SESSION_DIGITS = 16;

export interface HandsetAsk {
  readonly ipei: string;
  /** Drawn once per handset power-on; `seq` counts requests within it (see HandsetService's answer cache). */
  readonly session: string;
  readonly seq: number;
  readonly op: HandsetOp;
  readonly ac: string;
  readonly digits: string;
  readonly subs: string;
}

export interface HandsetAnswer {
  readonly ipei: string;
  readonly session: string;
  readonly seq: number;
  readonly accepted: boolean;
  readonly reason: string;
  readonly number: string;
  readonly longName: string;
  readonly idleDisplay: string;
  readonly subs: string;
  readonly handset: Endpoint;
}

/** A handset's request (HandsetRequest), validated: canonical IPEI, known operation, short strings. */
export function askFromWire(r: ipdect.HandsetRequest.$Properties, field: string): HandsetAsk {
  const op = (Object.keys(HANDSET_OPS) as HandsetOp[]).find((k) => HANDSET_OPS[k] === r.op);
  if (op === undefined)
    throw new DecodeError(WireCode.MsgInvalid, `unknown handset operation ${r.op}`, { field: `${field}.op` });
  for (const [k, v, max] of [
    ["ac", r.ac, 8],
    ["digits", r.digits, 64],
    ["subs", r.subs, 64],
    ["session", r.session, HANDSET_SESSION_DIGITS],
  ] as const)
    if ((v ?? "").length > max)
      throw new DecodeError(WireCode.MsgInvalid, `longer than ${max}`, { field: `${field}.${k}` });
  return {
    ipei: ipeiText(r.ipei ?? ""),
    session: r.session ?? "",
    seq: r.seq ?? 0,
    op,
    ac: r.ac ?? "",
    digits: r.digits ?? "",
    subs: r.subs ?? "",
  };
}

export function askToWire(a: HandsetAsk): ipdect.HandsetRequest.$Properties {
  return {
    ipei: a.ipei,
    session: a.session,
    seq: a.seq,
    op: HANDSET_OPS[a.op],
    ac: a.ac,
    digits: a.digits,
    subs: a.subs,
  };
}

function endpointOf(ip: string | null | undefined, port: number | null | undefined, field: string): Endpoint {
  if (!isIpv4(ip ?? "") || port === null || port === undefined || port < 1 || port > 65535)
    throw new DecodeError(WireCode.MsgInvalid, "not an IPv4 address and port", { field });
  return { ip: ip!, port };
}

/** A radio's relay of a handset request, for the Master's HandsetService. */
export function relayFromWire(msg: Extract<Message, { body: "handsetRelay" }>, from: Endpoint): RelayedAsk {
  const r = msg.handsetRelay;
  if (r.request === null || r.request === undefined)
    throw new DecodeError(WireCode.MsgInvalid, "no request", { field: "handset_relay.request" });
  return {
    ...askFromWire(r.request, "handset_relay.request"),
    handset: endpointOf(r.handsetIp, r.handsetPort, "handset_relay.handset"),
    radio: msg.fromDevice,
    rfpi: r.rfpi ?? "",
    from,
  };
}

/** An answer as HandsetReply: the Master sends it to the radio, the radio on to the handset. */
export function answerToWire(a: HandsetAnswer): ipdect.HandsetReply.$Properties {
  return {
    ipei: a.ipei,
    session: a.session,
    seq: a.seq,
    accepted: a.accepted,
    reason: a.reason,
    number: a.number,
    longName: a.longName,
    idleDisplay: a.idleDisplay,
    subs: a.subs,
    handsetIp: a.handset.ip,
    handsetPort: a.handset.port,
  };
}

export function answerFromWire(r: ipdect.HandsetReply.$Properties): HandsetAnswer {
  return {
    ipei: ipeiText(r.ipei ?? ""),
    session: r.session ?? "",
    seq: r.seq ?? 0,
    accepted: r.accepted ?? false,
    reason: r.reason ?? "",
    number: r.number ?? "",
    longName: r.longName ?? "",
    idleDisplay: r.idleDisplay ?? "",
    subs: r.subs ?? "",
    handset: endpointOf(r.handsetIp, r.handsetPort, "handset_reply.handset"),
  };
}
