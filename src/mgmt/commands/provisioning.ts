import { command, type Command } from "../command.js";
import { said } from "../ctlText.js";
import { List, Result, S } from "../schema.js";

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

/** The second provisioning dialect (seed 002): checking the provisioning server now. */
export const PROVISIONING_COMMANDS: readonly Command[] = [
  command({
    name: "provisioning-check",
    summary:
      "check the provisioning server now (seed 002: firmware .ver, <MAC>-users.xml, <MAC>-config.xml) and answer when the check has run; 409 PROV_OFF when the device does not provision",
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
