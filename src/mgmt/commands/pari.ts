import { overviewText } from "../../pari/overviewTable.js";
import { command, type Command } from "../command.js";
import { said, shown } from "../ctlText.js";
import { ADD_KERBEROS_PARAMS, kerberosOrderOf } from "./addKerberos.js";
import { inPath, ipv4, mac, macText, optional, region, text, texts } from "../params.js";

/** The PARI Master (§4.6.21): Device Overview → Radios (§4.11.1) and DECT → SARI (§4.6.35). */
export const PARI_COMMANDS: readonly Command[] = [
  command({
    name: "radios",
    summary: "Device Overview → Radios of a PARI Master (§4.11.1)",
    need: "auditor",
    method: "GET",
    path: "/api/radios",
    params: {},
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
    run: (on, a) => {
      on.device.deleteRadio(a.mac);
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
    run: (on, a) => {
      on.device.moveRfpi(a.from, a.to);
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
    run: (on, a) => {
      on.device.setSaris(a.saris);
      return { result: "pushed" };
    },
    ctl: { text: said((_, a) => `SARI ${(a["saris"] as string[]).join(", ")} pushed to every radio (§4.6.35)`) },
    fleet: true,
  }),
];
