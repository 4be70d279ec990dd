import { masked, SECRET_MASK, unmasked } from "../../core/config/secrets.js";
import {
  CHECK_SYNC_MODES,
  PROVISIONING_METHODS,
  PROVISIONING_SECTION,
  type ProvisioningSettings,
} from "../../provisioning/settings.js";
import { command, type Command } from "../command.js";
import { fields, pendingSaid, said } from "../ctlText.js";
import { body } from "../params.js";
import { List, OneOf, Result, S, Settings, type Static } from "../schema.js";
import {
  bodyReader,
  jsonValue,
  PENDING_NOTE,
  pendingSection,
  readSection,
  RunningAndPending,
  SectionChange,
} from "../sectionEdit.js";

/** The provisioning section (src/provisioning/settings.ts), the URL's password masked. */
const ProvisioningSettingsSchema = S.Object({
  method: OneOf(PROVISIONING_METHODS, "seed 002 server → method; disabled: the App. A update client runs"),
  url: S.Optional(S.String({ description: `server → url; a password in it shown as ${SECRET_MASK}` })),
  intervalMinutes: S.Integer({ description: "check → interval; 0: no periodic polling" }),
  time: S.Optional(S.String({ description: "check → time, HH:MM every day (the device clock, UTC)" })),
  checkSync: OneOf(CHECK_SYNC_MODES, "check → check_sync: what a SIP NOTIFY check-sync does"),
  importConfig: S.Boolean({ description: "config → check: import <MAC>-config.xml" }),
  importUsers: S.Boolean({ description: "users → check: import <MAC>-users.xml" }),
  firmware: S.Optional(S.String({ description: "firmware → kws: the firmware file name; <name>.ver beside it" })),
});

const shownSettings = (p: ProvisioningSettings | undefined | null) =>
  p === undefined || p === null ? null : masked(p, PROVISIONING_SECTION.secrets ?? []);

/** One file of a check (src/provisioning/ProvisioningClient.ts FileOutcome). */
const FileOutcomeSchema = S.Object({
  file: S.String(),
  result: S.String({ description: "applied, unchanged, not-found, skipped or failed" }),
  url: S.Optional(S.String()),
  version: S.Optional(S.String({ description: "firmware: the .ver file's version" })),
  reason: S.Optional(S.String()),
});

/**
 * The second provisioning dialect's client (src/provisioning/status.ts): in the device status and in the answer of
 * provisioning-check.
 */
export const ProvisioningSchema = S.Object(
  {
    method: S.String({ description: "static or dhcp (seed 002 server → method)" }),
    server: S.Optional(S.String({ description: "the server URL in force, without its password" })),
    serverReason: S.Optional(S.String({ description: "why there is no server (e.g. no server from DHCP)" })),
    intervalMinutes: S.Number(),
    time: S.Optional(S.String()),
    checkSync: S.String(),
    lastCheck: S.Optional(
      S.Object({
        at: S.Number({ description: "device clock ms when the check started" }),
        trigger: S.String({ description: "boot, interval, time, check-sync or operator" }),
        server: S.Optional(S.String()),
        reason: S.Optional(S.String()),
        files: List(FileOutcomeSchema),
      }),
    ),
    nextCheckAt: S.Optional(S.Number({ description: "device clock ms of the next timed check" })),
    notModelled: List(S.String(), {
      description: "parameters of the last configuration file this device does not model (not applied)",
    }),
  },
  { description: "the second provisioning dialect's client (seed 002)" },
);

/**
 * Configuration → Provisioning (seed 002 "Enabling Provisioning through Web Based Administration Page"): the settings,
 * read by an Auditor without the URL's password and changed by a System Administrator, pending until the reset like
 * every setting; the client's status; checking the provisioning server now.
 */
export const PROVISIONING_COMMANDS: readonly Command[] = [
  command({
    name: "provisioning",
    summary:
      "the second provisioning dialect's settings (seed 002), the URL's password masked (§3.4.3), and its client's status: the last check file by file",
    need: "auditor",
    method: "GET",
    path: "/api/provisioning",
    params: {},
    response: S.Object({
      ...RunningAndPending(ProvisioningSettingsSchema, "no provisioning section: disabled"),
      status: S.Union([ProvisioningSchema, S.Null()], { description: "null: the device does not provision" }),
    }),
    run: ({ device: d }) => {
      const pending = pendingSection(d, "provisioning");
      return {
        running: shownSettings(d.config.provisioning),
        ...(pending === undefined ? {} : { pending: shownSettings(pending) }),
        status: d.status().provisioning ?? null,
      };
    },
    ctl: { text: fields<{ status: Static<typeof ProvisioningSchema> | null }>((a) => statusFields(a.status)) },
  }),
  command({
    name: "provisioning-set",
    summary: `the provisioning section as JSON (seed 002), pending until reset (§4.18.1); a URL password given as ${SECRET_MASK} keeps the stored one`,
    need: "system-admin",
    method: "PUT",
    path: "/api/provisioning",
    params: {
      settings: {
        ...body(jsonValue),
        media: "application/json",
        schema: Settings("the provisioning section, as GET answers it"),
        ctl: { positional: "<provisioning.json>", file: true },
      },
    },
    status: 202,
    response: SectionChange(ProvisioningSettingsSchema, "the provisioning section, the URL's password masked"),
    run: async ({ device: d }, a) => {
      const base = d.editableConfig();
      const r = bodyReader();
      const given = unmasked(a.settings, base.provisioning, PROVISIONING_SECTION.secrets ?? [], r);
      const provisioning = readSection(PROVISIONING_SECTION, given, base, d.env.clock.now(), r);
      await d.configure({ ...base, provisioning });
      return { pending: shownSettings(provisioning), note: PENDING_NOTE };
    },
    ctl: { text: pendingSaid("provisioning settings") },
  }),
  command({
    name: "provisioning-check",
    summary:
      "check the provisioning server now, as update-poll polls the update server (§4.9.1), in the second dialect (seed 002: .ver, users, config) and answer when the check has run; 409 PROV_OFF when the device does not provision",
    need: "system-admin",
    method: "POST",
    path: "/api/provisioning/check",
    params: {},
    response: Result("checked", { provisioning: ProvisioningSchema }),
    run: async (on) => ({ result: "checked", provisioning: await on.device.provisioningCheck() }),
    ctl: {
      text: said<{ provisioning: { lastCheck?: { reason?: string; files: { file: string; result: string }[] } } }>(
        (a) => {
          const last = a.provisioning.lastCheck;
          if (last === undefined) return "checked: no check yet";
          if (last.reason !== undefined) return `checked: ${last.reason}`;
          return `checked: ${last.files.map((f) => `${f.file} ${f.result}`).join(", ")}`;
        },
      ),
    },
    fleet: true,
  }),
];

/** The client's status for people: the server, the last check and each of its files, the next check. */
function statusFields(s: Static<typeof ProvisioningSchema> | null): [string, string][] {
  if (s === null) return [["provisioning", "off (method disabled: the update client of Services → Update runs)"]];
  const last = s.lastCheck;
  const at = (ms: number) => new Date(ms).toISOString();
  return [
    ["method", s.method],
    ["server", s.server ?? s.serverReason ?? ""],
    ["check", `interval ${s.intervalMinutes} min, time ${s.time ?? "none"}, NOTIFY check-sync ${s.checkSync}`],
    [
      "last check",
      last === undefined ? "none yet" : `${at(last.at)} (${last.trigger})${last.reason ? `: ${last.reason}` : ""}`,
    ],
    ...(last?.files ?? []).map((f): [string, string] => [
      `  ${f.file}`,
      `${f.result}${f.reason ? `: ${f.reason}` : ""}`,
    ]),
    ["next check", s.nextCheckAt === undefined ? "none planned" : at(s.nextCheckAt)],
    ["not modelled", s.notModelled.join(", ") || "none"],
  ];
}
