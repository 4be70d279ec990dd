import { masked, SECRET_MASK, unmasked } from "../../core/config/secrets.js";
import { snmpReport } from "../../snmp/report.js";
import {
  SNMP_AUTH_PROTOCOLS,
  SNMP_PRIV_PROTOCOLS,
  SNMP_SECRETS,
  SNMP_SECTION,
  TRAP_VERSIONS,
} from "../../snmp/settings.js";
import { snmpStatusText } from "../../snmp/statusText.js";
import { engineIdOf } from "../../snmp/systemGroup.js";
import { command, type Command } from "../command.js";
import { pendingSaid, shown } from "../ctlText.js";
import { body } from "../params.js";
import { List, OneOf, S, Settings } from "../schema.js";
import {
  bodyReader,
  jsonValue,
  PENDING_NOTE,
  pendingSection,
  readSection,
  RunningAndPending,
  SectionChange,
} from "../sectionEdit.js";

/** A secret of the section as answers show it: always the mask (SNMP_SECRETS); sent back, it keeps the stored one. */
const Masked = (what: string) => S.String({ description: `${what}, shown as ${SECRET_MASK}` });

/** The snmp section (§4.9.5; snmp/settings.ts SnmpSettings), every secret masked. */
const SnmpSchema = S.Object({
  enabled: S.Boolean({ description: "SNMP is disabled by default (§4.9.5)" }),
  port: S.Integer({ description: "the agent's UDP port (App. H: 161)" }),
  community: Masked("the SNMPv1/v2c community (§4.9.5 step 3)"),
  deviceName: S.Optional(S.String({ description: "sysName (§4.9.5 step 4)" })),
  contact: S.Optional(S.String({ description: "sysContact (§4.9.5 step 5)" })),
  location: S.Optional(S.String({ description: "sysLocation (§4.9.5 step 6)" })),
  authTrap: S.Boolean({ description: "send authenticationFailure on a wrong community or user (§4.9.5 step 7)" }),
  trapDestinations: List(
    S.Object({
      address: S.String({ description: "IPv4, optionally :port (default 162)" }),
      version: OneOf(TRAP_VERSIONS, "SNMPv1 trap, SNMPv2c trap or inform, SNMPv3 trap"),
      timeoutMs: S.Optional(S.Integer({ description: "informs: the wait for a response, ms" })),
      retries: S.Optional(S.Integer({ description: "informs: how often an unanswered one is sent again" })),
    }),
    { description: "§4.9.5 step 8" },
  ),
  allowedNetworks: List(S.Object({ network: S.String({ description: "a.b.c.d/len" }) }), {
    description: "networks that may send requests; empty: all (§4.9.5 step 9)",
  }),
  v3: S.Optional(
    S.Object(
      {
        user: S.String(),
        authProtocol: OneOf(SNMP_AUTH_PROTOCOLS),
        authPassword: S.Optional(Masked("Password (Auth)")),
        privProtocol: OneOf(SNMP_PRIV_PROTOCOLS),
        privPassword: S.Optional(Masked("Password (Crypt)")),
      },
      { description: "the SNMPv3 user (§4.9.5, RFC 3414)" },
    ),
  ),
});

/** Counters by their MIB object names. */
const Counters = (what: string) => S.Record(S.String(), S.Integer(), { description: what });

/** `GET /api/snmp` (snmp/report.ts SnmpReport): the settings and the agent of this boot. */
const SnmpReportSchema = S.Object({
  ...RunningAndPending(SnmpSchema, "no snmp section, SNMP is disabled"),
  engineId: S.String({ description: "the agent's snmpEngineID in hex (RFC 3411 §5), fixed per device" }),
  agent: S.Union(
    [
      S.Object({
        listening: S.Union([S.Object({ ip: S.String(), port: S.Integer() }), S.Null()], {
          description: "where it answers on UDP; null: it only serves views (sim) or could not have its port",
        }),
        snmp: Counters("the snmp group (RFC 3418)"),
        usmStats: Counters("usmStats (RFC 3414)"),
      }),
      S.Null(),
    ],
    { description: "the agent of this boot; null: SNMP is disabled" },
  ),
});

/**
 * Services → SNMP (§4.9.5): the settings and the agent. An Auditor reads the settings (§3.4.2 "read access to device
 * parameter settings") without the community and the SNMPv3 passwords (SNMP_SECRETS); a System Administrator
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
    response: SnmpReportSchema,
    run: ({ device: d }) =>
      snmpReport({
        running: d.config.snmp,
        pending: pendingSection(d, "snmp"),
        engineId: engineIdOf(d.config.mac.bytes),
        agent: d.snmpAgent(),
      }),
    ctl: { text: shown(snmpStatusText) },
  }),
  command({
    name: "snmp-set",
    summary: "the snmp section as JSON, pending until reset (§4.9.5, §4.18.1); the mask keeps a stored secret",
    need: "system-admin",
    method: "PUT",
    path: "/api/snmp",
    params: {
      settings: {
        ...body(jsonValue),
        media: "application/json",
        schema: Settings(
          `the snmp section (§4.9.5), as GET answers it; a secret given as ${SECRET_MASK} keeps the stored one`,
        ),
        ctl: { positional: "<snmp.json>", file: true },
      },
    },
    status: 202,
    response: SectionChange(SnmpSchema, "the snmp section, secrets masked"),
    run: async ({ device: d }, a) => {
      const base = d.editableConfig();
      const r = bodyReader();
      const given = unmasked(a.settings, base.snmp, SNMP_SECRETS, r);
      const snmp = readSection(SNMP_SECTION, given, base, d.env.clock.now(), r);
      await d.configure({ ...base, snmp });
      return { pending: snmp === undefined ? null : masked(snmp, SNMP_SECRETS), note: PENDING_NOTE };
    },
    ctl: { text: pendingSaid("SNMP settings") },
  }),
];
