import { DecodeError } from "../core/errors.js";
import { isIpv4 } from "../core/config/ipv4.js";
import { Rfpi } from "../core/identity/Rfpi.js";
import { Sari } from "../core/identity/Sari.js";
import { isUpdatePoll, PUSHED_RADIO_CONFIG_KEYS, UPDATE_POLL_RULE, type PushedRadioConfig } from "../pari/settings.js";
import { PariStanding, type Message } from "../wire/codec.js";
import { macOf } from "../wire/fields.js";
import type { Endpoint } from "../wire/Transport.js";
import type { SyncInstruction } from "../sync/RadioSync.js";
import { instructionFromWire } from "../sync/wire.js";
import { WireCode } from "../wire/errors.js";
import { RadioCode } from "./errors.js";
import { orderFromWire } from "../kerberos/joinWire.js";
import type { JoinOrder } from "../kerberos/joinOrder.js";
import type { AlarmChange } from "../role/Alarms.js";

export type GrantStanding = "assigned" | "refused" | "inactive";

/** A PARI Master's answer (proto PariGrant), validated. */
export interface Grant {
  readonly standing: GrantStanding;
  readonly rfpis: readonly string[];
  readonly saris: readonly string[];
  readonly systemId: number;
  readonly domain: number;
  readonly reason: string;
  readonly radioConfig: PushedRadioConfig;
  readonly generation: number;
  /** What to synchronise to (§4.6.36), once the PARI Master has placed the radio. */
  readonly sync?: SyncInstruction;
  readonly from: Endpoint;
}

/** Plug and play settings from a PARI Master's "Add" (proto RadioProvision), validated. */
export interface Provision {
  readonly mac: string;
  readonly deviceName: string;
  readonly pariMaster: string;
  readonly altPariMaster?: string;
  readonly region: number;
}

export type PariClientEvent =
  | { type: "grant"; grant: Grant }
  | { type: "provision"; provision: Provision }
  /** The Kerberos section of the PARI Master's Add (§4.1.8.6), on the sealed stream (proto KerberosOrder). */
  | { type: "kerberos"; mac: string; order: JoinOrder; from: Endpoint }
  /** One of the device's own alarms was raised or cleared: forwarded when alarm forwarding is on (§4.6.33). */
  | { type: "alarm"; change: AlarmChange }
  | { type: "tick" }
  | { type: "scan" }
  | { type: "lost" }
  | { type: "retry" };

const STANDINGS: Record<number, GrantStanding> = {
  [PariStanding.ASSIGNED]: "assigned",
  [PariStanding.REFUSED]: "refused",
  [PariStanding.INACTIVE]: "inactive",
};

/**
 * Normal forms of the RFPI texts already parsed. Every keep-alive answer lists the radio's RFPIs, and parsing one
 * builds PARI and RFPI objects. Only valid texts are kept, and the map is cleared when full, so odd input cannot grow it.
 */
const normalRfpis = new Map<string, string>();
const MAX_NORMAL_RFPIS = 8192;

function normalRfpi(text: string): string {
  let normal = normalRfpis.get(text);
  if (normal === undefined) {
    normal = Rfpi.parse(text).toString();
    if (normalRfpis.size >= MAX_NORMAL_RFPIS) normalRfpis.clear();
    normalRfpis.set(text, normal);
  }
  return normal;
}

const bad = (code: string, msg: string, field: string) => new DecodeError(code, msg, { field });

/** Wire message -> PARI client event; undefined when not for it; throws DecodeError when invalid. */
export function toPariClientEvent(msg: Message, from: Endpoint): PariClientEvent | undefined {
  if (msg.body === "pariGrant") {
    const g = msg.pariGrant;
    const standing = STANDINGS[g.standing ?? 0];
    if (standing === undefined)
      throw bad(RadioCode.MsgBadStanding, `unknown standing ${g.standing}`, "pari_grant.standing");
    const rfpis = (g.rfpis ?? []).map((r, i) => {
      try {
        return normalRfpi(r);
      } catch (cause) {
        throw new DecodeError(RadioCode.MsgBadRfpi, `not an RFPI: ${r}`, { field: `pari_grant.rfpis[${i}]`, cause });
      }
    });
    if (standing === "assigned" && rfpis.length === 0)
      throw bad(RadioCode.MsgNoRfpi, "an assignment without RFPIs", "pari_grant.rfpis");
    const saris = (g.saris ?? []).map((s, i) => {
      try {
        return Sari.parse(s).toString();
      } catch (cause) {
        throw new DecodeError(RadioCode.MsgBadSari, `not a SARI: ${s}`, { field: `pari_grant.saris[${i}]`, cause });
      }
    });
    const radioConfig: Record<string, string> = {};
    for (const [k, v] of Object.entries(g.radioConfig ?? {})) {
      if (!(PUSHED_RADIO_CONFIG_KEYS as readonly string[]).includes(k))
        throw bad(RadioCode.MsgBadRadioConfig, `unknown Radio Config setting ${k}`, "pari_grant.radio_config");
      if (k === "updatePoll" && !isUpdatePoll(v))
        throw bad(RadioCode.MsgBadRadioConfig, `updatePoll ${v}: not ${UPDATE_POLL_RULE}`, "pari_grant.radio_config");
      radioConfig[k] = v;
    }
    return {
      type: "grant",
      grant: {
        standing,
        rfpis,
        saris,
        systemId: g.systemId ?? 0,
        domain: g.domain ?? 0,
        reason: g.reason ?? "",
        radioConfig,
        generation: g.generation ?? 0,
        ...(g.sync === undefined || g.sync === null ? {} : { sync: instructionFromWire(g.sync) }),
        from,
      },
    };
  }
  if (msg.body === "kerberosOrder") {
    const o = msg.kerberosOrder;
    return { type: "kerberos", mac: macOf(o.mac, "kerberos_order.mac"), order: orderFromWire(o), from };
  }
  if (msg.body === "radioProvision") {
    const p = msg.radioProvision;
    const pariMaster = p.pariMaster ?? "";
    const alt = p.altPariMaster ?? "";
    if (!isIpv4(pariMaster)) throw bad(RadioCode.MsgBadAddress, "PARI Master is not an IPv4 address", "pari_master");
    if (alt !== "" && !isIpv4(alt))
      throw bad(RadioCode.MsgBadAddress, "Alt. PARI Master is not an IPv4", "alt_pari_master");
    const region = p.region ?? 0;
    if (region > 249) throw bad(WireCode.MsgBadRegion, `sync region 0..249, got ${region}`, "region");
    const deviceName = p.deviceName ?? "";
    if (deviceName === "" || deviceName.length > 64)
      throw bad(RadioCode.MsgBadName, "device name must have 1..64 characters", "device_name");
    return {
      type: "provision",
      provision: {
        mac: macOf(p.mac, "radio_provision.mac"),
        deviceName,
        pariMaster,
        ...(alt === "" ? {} : { altPariMaster: alt }),
        region,
      },
    };
  }
  return undefined;
}
