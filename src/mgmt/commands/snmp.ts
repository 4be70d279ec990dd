import { keepMaskedSecrets, maskSnmp } from "../../snmp/masked.js";
import { snmpReport, type SnmpReport } from "../../snmp/report.js";
import { SNMP_SECTION } from "../../snmp/settings.js";
import { snmpStatusText } from "../../snmp/statusText.js";
import { engineIdOf } from "../../snmp/systemGroup.js";
import { command, type Command } from "../command.js";
import { body } from "../params.js";
import { bodyReader, editableConfig, jsonValue, PENDING_NOTE, pendingSection, readSection } from "../sectionEdit.js";

/**
 * Services → SNMP (§4.9.5): the settings and the agent. An Auditor reads the settings (§3.4.2 "read access to device
 * parameter settings") without the community and the SNMPv3 passwords (snmp/masked.ts); a System Administrator
 * changes them ("write access to all device parameter settings"), in the pending configuration until the reset.
 */
export const SNMP_COMMANDS: readonly Command[] = [
  command({
    name: "snmp",
    summary:
      "Services → SNMP (§4.9.5), secrets masked; the agent: where it listens, snmpEngineID, snmp group, usmStats",
    need: "auditor",
    method: "GET",
    path: "/api/snmp",
    params: {},
    run: ({ device: d }) =>
      snmpReport({
        running: d.config.snmp,
        pending: pendingSection(d, "snmp"),
        engineId: engineIdOf(d.config.mac.bytes),
        agent: d.snmpAgent(),
      }),
    ctl: { text: (o) => snmpStatusText(o as SnmpReport) },
  }),
  command({
    name: "snmp-set",
    summary: "the snmp section as JSON, pending until reset (§4.9.5, §4.18.1); the mask keeps a stored secret",
    need: "system-admin",
    method: "PUT",
    path: "/api/snmp",
    params: { settings: { ...body(jsonValue), ctl: { positional: "<snmp.json>", file: true } } },
    status: 202,
    run: async ({ device: d }, a) => {
      const base = editableConfig(d);
      const r = bodyReader();
      const read = readSection(SNMP_SECTION, a.settings, base, d.env.clock.now(), r);
      const snmp = read === undefined ? undefined : keepMaskedSecrets(read, base.snmp, r);
      await d.configure({ ...base, snmp });
      return { pending: snmp === undefined ? null : maskSnmp(snmp), note: PENDING_NOTE };
    },
    ctl: {},
  }),
];
