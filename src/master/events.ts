import { DecodeError } from "../core/errors.js";
import type { Message } from "../wire/codec.js";
import { macOf } from "../wire/fields.js";
import type { Endpoint } from "../wire/Transport.js";
import type { PariEvent } from "../pari/events.js";
import { relayFromWire } from "../users/handsets/events.js";
import type { RelayedAsk } from "../users/handsets/events.js";
import { toReplicationEvent, type ReplicationEvent } from "../replication/events.js";
import type { KnownSet } from "./KnownRadios.js";
import type { MasterData } from "./MirrorState.js";
import { MasterCode } from "./errors.js";

export interface RadioHello {
  readonly mac: string;
  readonly name: string;
  readonly kind: string;
  readonly attempt: number;
  readonly from: Endpoint;
}

export interface Probe {
  readonly seq: number;
  readonly active: boolean;
  readonly term: number;
  readonly masterId: number;
  readonly knownTerm: number;
  readonly knownVersion: number;
  readonly activeTerm: number;
  /** Present when the sender included its known-radio set. */
  readonly known?: string[];
}

export interface ProbeReply {
  readonly seq: number;
  readonly active: boolean;
  readonly term: number;
  readonly joining: boolean;
  readonly promiseMs: number;
  readonly knownTermAck: number;
  readonly knownVersionAck: number;
  readonly masterId: number;
  readonly activeTerm: number;
  readonly dataCrc: number;
}

/** Events of the Master role machine: validated messages from the wire, timers, deadlines and operator commands. */
export type MasterEvent =
  | PariEvent
  | ReplicationEvent
  | { type: "handset.relay"; ask: RelayedAsk }
  | { type: "radio.register"; radio: RadioHello; seq: number }
  | { type: "radio.heartbeat"; radio: RadioHello; seq: number; grantMs: number }
  | { type: "radio.unregister"; mac: string; reason: string }
  | { type: "peer.probe"; from: Endpoint; probe: Probe }
  | { type: "peer.reply"; from: Endpoint; reply: ProbeReply }
  | { type: "mirror.yieldRequest"; from: Endpoint; term: number; seq: number }
  | {
      type: "mirror.yieldReply";
      from: Endpoint;
      term: number;
      yielded: boolean;
      promiseMs: number;
      seq: number;
      known: KnownSet[];
    }
  | { type: "mirror.data"; from: Endpoint; term: number; data: MasterData; known: KnownSet }
  | { type: "mirror.takeOver"; from: Endpoint; term: number }
  | { type: "tick" }
  | { type: "leases.due" }
  // Deadlines of the role machine (deadline actors): see master.machine.ts and mirror.states.ts.
  | { type: "join.done" }
  | { type: "peer.silent" }
  | { type: "mirror.quiet" }
  | { type: "mirror.promiseOver" }
  | { type: "fence.expired" }
  | { type: "cmd.activateMirror" }
  | { type: "cmd.switchMirror" };

/**
 * Whether a Master event speaks for the redundancy peer: such an event counts only from the address configured as the
 * Standby's primary or the Mirror peer (§4.6.19, §4.6.20). An active Master configures no Standby: it answers any.
 */
export function isPeerEvent(e: MasterEvent): boolean {
  return e.type.startsWith("peer.") || e.type.startsWith("mirror.");
}

const macList = (list: Uint8Array[] | null | undefined, field: string): string[] =>
  (list ?? []).map((b, i) => macOf(b, `${field}[${i}]`));

function parseData(bytes: Uint8Array | null | undefined): MasterData {
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes ?? new Uint8Array(0))) as MasterData;
    if (typeof v.generation !== "number" || typeof v.items !== "object" || v.items === null) throw new Error("shape");
    for (const x of Object.values(v.items)) if (typeof x !== "string") throw new Error("item");
    return v;
  } catch (cause) {
    throw new DecodeError(MasterCode.MsgBadData, "mirror data is not a data snapshot", {
      field: "mirror_data.data",
      cause,
    });
  }
}

/**
 * Turns a wire message for the Master role into a machine event, validating it at the edge (docs/architecture.md "parse
 * at the edge"). Returns undefined for messages that are not for this role; throws DecodeError for invalid ones.
 */
export function toMasterEvent(msg: Message, from: Endpoint): MasterEvent | undefined {
  switch (msg.body) {
    case "radioRegister": {
      const m = msg.radioRegister;
      const radio = {
        mac: macOf(m.mac, "radio_register.mac"),
        name: m.name ?? "",
        kind: String(m.kind ?? 0),
        attempt: m.attempt ?? 0,
        from,
      };
      return { type: "radio.register", radio, seq: m.seq ?? 0 };
    }
    case "radioHeartbeat": {
      const m = msg.radioHeartbeat;
      const radio = {
        mac: macOf(m.mac, "radio_heartbeat.mac"),
        name: msg.fromDevice,
        kind: "",
        attempt: m.attempt ?? 0,
        from,
      };
      const grantMs = m.grantMs ?? 0;
      if (!Number.isFinite(grantMs) || grantMs < 0)
        throw new DecodeError(MasterCode.MsgBadGrant, `a time in ms from 0 on, got ${String(grantMs)}`, {
          field: "radio_heartbeat.grant_ms",
        });
      return { type: "radio.heartbeat", radio, seq: m.seq ?? 0, grantMs };
    }
    case "radioUnregister":
      return {
        type: "radio.unregister",
        mac: macOf(msg.radioUnregister.mac, "radio_unregister.mac"),
        reason: msg.radioUnregister.reason ?? "",
      };
    case "peerProbe": {
      const p = msg.peerProbe;
      const probe: Probe = {
        seq: p.seq ?? 0,
        active: p.active ?? false,
        term: p.term ?? 0,
        masterId: p.masterId ?? 0,
        knownTerm: p.knownTerm ?? 0,
        knownVersion: p.knownVersion ?? 0,
        activeTerm: p.activeTerm ?? 0,
        ...(p.knownIncluded === true ? { known: macList(p.knownRadios, "peer_probe.known_radios") } : {}),
      };
      return { type: "peer.probe", from, probe };
    }
    case "peerProbeReply": {
      const r = msg.peerProbeReply;
      const reply: ProbeReply = {
        seq: r.seq ?? 0,
        active: r.active ?? false,
        term: r.term ?? 0,
        joining: r.joining ?? false,
        promiseMs: r.promiseMs ?? 0,
        knownTermAck: r.knownTermAck ?? 0,
        knownVersionAck: r.knownVersionAck ?? 0,
        activeTerm: r.activeTerm ?? 0,
        dataCrc: r.dataCrc ?? 0,
        masterId: r.masterId ?? 0,
      };
      return { type: "peer.reply", from, reply };
    }
    case "mirrorYieldRequest":
      return {
        type: "mirror.yieldRequest",
        from,
        term: msg.mirrorYieldRequest.term ?? 0,
        seq: msg.mirrorYieldRequest.seq ?? 0,
      };
    case "mirrorYieldReply": {
      const r = msg.mirrorYieldReply;
      const known = (r.known ?? []).map((k, i) => ({
        term: k.term ?? 0,
        version: k.version ?? 0,
        macs: new Set(macList(k.macs, `mirror_yield_reply.known[${i}].macs`)),
      }));
      return {
        type: "mirror.yieldReply",
        from,
        term: r.term ?? 0,
        yielded: r.yielded ?? false,
        promiseMs: r.promiseMs ?? 0,
        seq: r.seq ?? 0,
        known,
      };
    }
    case "mirrorData": {
      const d = msg.mirrorData;
      return {
        type: "mirror.data",
        from,
        term: d.term ?? 0,
        data: parseData(d.data),
        known: {
          term: d.knownTerm ?? 0,
          version: d.knownVersion ?? 0,
          macs: new Set(macList(d.knownRadios, "mirror_data.known_radios")),
        },
      };
    }
    case "mirrorTakeOver":
      return { type: "mirror.takeOver", from, term: msg.mirrorTakeOver.term ?? 0 };
    case "handsetRelay":
      return { type: "handset.relay", ask: relayFromWire(msg, from) };
    default:
      return toReplicationEvent(msg, from);
  }
}
