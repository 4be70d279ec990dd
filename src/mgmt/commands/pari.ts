import { overviewText } from "../../pari/overviewTable.js";
import { SYNC_STATES } from "../../sync/overview.js";
import { command, type Command } from "../command.js";
import { said, shown } from "../ctlText.js";
import { ADD_KERBEROS_PARAMS, kerberosOrderOf } from "./addKerberos.js";
import { inPath, ipv4, mac, macText, optional, region, text, texts } from "../params.js";
import { List, MacText, OneOf, Result, S } from "../schema.js";

const RadioKind = OneOf(["IPBS", "IPBL"]);
const idName = S.String({ description: "identification name, ipbs-xx-xx-xx or ipbl-xx-xx-xx from the MAC (§4.11.1)" });
const deviceName = S.String({ description: "the device name given at Add (§4.11.1)" });
const rfpiList = S.Array(S.String(), { description: "the RFPIs of the radio, as text" });
const syncRegion = S.Integer({ description: "sync region (§3.3.5)" });

/** Device Overview → Radios of a PARI Master (§4.11.1): one model for HTTP, CLI and sim report. */
const PariOverviewSchema = S.Object({
  systemId: S.Integer({ description: "System ID (§4.6.34)" }),
  pari: S.String({ description: "the PARI of the System ID" }),
  active: S.Boolean({ description: "this PARI Master serves (not a Standby PARI Master)" }),
  capacity: S.Object(
    { IPBS: S.Integer(), IPBL: S.Integer() },
    { description: "the radios of each kind this PARI Master holds at most (§4.6.34)" },
  ),
  saris: List(S.String(), { description: "the primary SARI, then the guest SARIs (§4.6.35)" }),
  radios: S.Array(
    S.Object({
      name: idName,
      deviceName,
      mac: MacText,
      kind: RadioKind,
      rfpis: rfpiList,
      ip: S.String(),
      sync: OneOf(["", ...SYNC_STATES], "the radio's sync state (§4.12.3); empty before its first sync report"),
      region: syncRegion,
      version: S.String({ description: "firmware version" }),
      connectedMs: S.Number({ description: "ms since the radio connected" }),
    }),
    { description: "the connected radios, by name" },
  ),
  static: S.Array(
    S.Object({ name: idName, deviceName, mac: MacText, kind: RadioKind, rfpis: rfpiList, region: syncRegion }),
    {
      description: "static registrations not connected now, by name",
    },
  ),
  uninitialized: S.Array(
    S.Object({ name: idName, mac: MacText, kind: RadioKind, ip: S.String(), version: S.String() }),
    { description: "radios announcing themselves without a PARI Master (plug and play), by name" },
  ),
  collisions: S.Array(S.Object({ rfpi: S.String(), macs: S.Array(MacText) }), {
    description: "RFPIs claimed by more than one radio",
  }),
});

/** The PARI Master (§4.6.21): Device Overview → Radios (§4.11.1) and DECT → SARI (§4.6.35). */
export const PARI_COMMANDS: readonly Command[] = [
  command({
    name: "radios",
    summary: "Device Overview → Radios of a PARI Master (§4.11.1)",
    need: "auditor",
    method: "GET",
    path: "/api/radios",
    params: {},
    response: PariOverviewSchema,
    run: (on) => on.device.radios(),
    ctl: { text: shown(overviewText) },
  }),
  command({
    name: "radio-add",
    summary: "Add an uninitialized radio (§4.11.1), optionally with a Kerberos section (§4.1.8.6)",
    need: "system-admin",
    method: "POST",
    path: "/api/radios/add",
    params: {
      mac: { ...mac, ctl: { positional: "<mac>" }, fleet: { key: "radio", device: true } },
      name: { ...text(), ctl: { option: "name", value: "<device name>" }, fleet: { key: "name" } },
      standby: { ...optional(ipv4), ctl: { option: "standby", value: "<ip>" }, fleet: { key: "standby" } },
      region: { ...optional(region), ctl: { option: "region", value: "<0..249>" }, fleet: { key: "region" } },
      ...ADD_KERBEROS_PARAMS,
    },
    status: 202,
    response: Result("sent"),
    run: (on, a) => {
      const kerberos = kerberosOrderOf(a.mac, a);
      on.device.addRadio(a.mac, {
        deviceName: a.name,
        ...(a.standby === undefined ? {} : { standby: a.standby }),
        ...(a.region === undefined ? {} : { region: a.region }),
        ...(kerberos === undefined ? {} : { kerberos }),
      });
      return { result: "sent" };
    },
    ctl: {
      text: said((_, a) => `Add sent to ${String(a["mac"])}: it becomes the radio ${String(a["name"])} (§4.11.1)`),
    },
    fleet: true,
  }),
  command({
    name: "radio-delete",
    summary: "Delete a static registration: releases its RFPIs (§4.11.1)",
    need: "system-admin",
    method: "DELETE",
    path: "/api/radios/:mac",
    params: {
      mac: {
        ...inPath("[0-9A-Fa-f:.-]{12,17}", macText),
        ctl: { positional: "<mac>" },
        fleet: { key: "radio", device: true },
      },
    },
    response: Result("released"),
    run: async (on, a) => {
      await on.device.deleteRadio(a.mac);
      return { result: "released" };
    },
    ctl: { text: said((_, a) => `deleted ${String(a["mac"])}: its RFPIs are released (§4.11.1)`) },
    fleet: true,
  }),
  command({
    name: "radio-move",
    summary: "Move a broken radio's RFPIs to its replacement (§4.11.1)",
    need: "system-admin",
    method: "POST",
    path: "/api/radios/move",
    params: {
      from: { ...mac, ctl: { positional: "<broken radio mac>" }, fleet: { key: "radio", device: true } },
      to: { ...mac, ctl: { positional: "<replacement mac>" }, fleet: { key: "to", device: true } },
    },
    response: Result("moved"),
    run: async (on, a) => {
      await on.device.moveRfpi(a.from, a.to);
      return { result: "moved" };
    },
    ctl: { text: said((_, a) => `moved the RFPIs of ${String(a["from"])} to ${String(a["to"])} (§4.11.1)`) },
    fleet: true,
  }),
  command({
    name: "sari",
    summary: "primary and guest SARIs, pushed to every radio (§4.6.35)",
    need: "system-admin",
    method: "PUT",
    path: "/api/pari/sari",
    params: {
      saris: { ...texts, ctl: { rest: "<primary SARI> [<guest SARI>...]" }, fleet: { key: "sari" } },
    },
    response: Result("pushed"),
    run: async (on, a) => {
      await on.device.setSaris(a.saris);
      return { result: "pushed" };
    },
    ctl: { text: said((_, a) => `SARI ${(a["saris"] as string[]).join(", ")} pushed to every radio (§4.6.35)`) },
    fleet: true,
  }),
];
