import type { DeviceConfig } from "../../config/DeviceConfig.js";
import { deviceFromObject } from "../../config/deviceFromObject.js";
import { deviceToObject } from "../../config/deviceToObject.js";
import { configUnmasked, maskedConfig } from "../../config/secrets.js";
import { locatorWithoutLines } from "../../core/config/Locator.js";
import { compact } from "../../core/config/plainObject.js";
import { SECRET_MASK } from "../../core/config/secrets.js";
import { DecodeError } from "../../core/errors.js";
import { command, type Command } from "../command.js";
import { MgmtCode } from "../errors.js";
import { body } from "../params.js";
import { S, Settings as AnyObject } from "../schema.js";
import { bodyReader, jsonValue, PENDING_NOTE } from "../sectionEdit.js";

/** The settings as the configuration's JSON face: the device's identity, then a key per section. */
const SettingsSchema = S.Object(
  { name: S.String(), kind: S.String(), mac: S.String(), ip: S.String() },
  {
    additionalProperties: true,
    description: `the configuration as JSON (docs/user-guide.md "Device configuration"), without users and certificates; every secret shown as ${SECRET_MASK}`,
  },
);

/**
 * The device's settings as the configuration's JSON face (docs/user-guide.md "Device configuration"), for the pages of
 * the web GUI that edit more than one section at once: the first-start wizard (§3.3) and DECT → Master, System and
 * Radio (§4.6.1, §4.6.19–§4.6.21, §4.6.31–§4.6.32, §4.6.36). Like every setting a change is pending until reset.
 *
 * Auditors have "read access to device parameter settings" (§3.4.2, §3.4.3), so they read these too; a secret is
 * never in the answer, whoever asks (config/secrets.ts: the sections declare theirs). A System Administrator's page
 * that sends a part back unchanged sends the mask, which keeps the secret stored there; the secrets themselves are
 * in the native text of `GET /api/config` (System Administrator), as a backup must hold them (App. C).
 */

/** What this route never changes: the device's identity, and what has routes of its own (users, certificates). */
const NOT_HERE: Readonly<Record<string, string>> = {
  name: "the device name is its identity on flash and in the event log: start the node with another name",
  kind: "the device kind is the hardware (IPBS, IPBL, IPVM)",
  mac: "the MAC address is the hardware's",
  ip: "the IPv4 address is the node's socket address: start the node with another one",
  users: "users are changed under /api/users (§4.10)",
  certificates: "certificates are changed under /api/certs (§4.1.10)",
  extra: "modules this version does not model are kept as they came (native text, PUT /api/config)",
};

type Settings = Omit<ReturnType<typeof deviceToObject>, "users" | "certificates" | "extra">;

/** The settings of `cfg` without what has routes of its own and without the unmodelled lines, secrets and all. */
function settingsOf(cfg: DeviceConfig): Settings {
  const { users: _users, certificates: _certs, extra: _extra, ...rest } = deviceToObject(cfg);
  return rest;
}

/** The settings of `cfg` as answers show them: every secret masked. */
const shownSettings = (cfg: DeviceConfig): Settings => maskedConfig(settingsOf(cfg));

/** A JSON object body of settings to change: `{ "<key>": value | null }`, null removing a section or field. */
function patchBody(text: string): Readonly<Record<string, unknown>> {
  const v = jsonValue(text);
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new DecodeError(MgmtCode.BadJson, "the request body must be a JSON object of settings to change");
  for (const key of Object.keys(v)) {
    const why = NOT_HERE[key];
    if (why !== undefined) throw new DecodeError(MgmtCode.BadField, `${key} cannot be changed here: ${why}`);
  }
  return v as Record<string, unknown>;
}

export const SETTINGS_COMMANDS: readonly Command[] = [
  command({
    name: "settings",
    summary: "the device's settings as JSON, running and pending, secrets masked (§3.4.3, §4.6, §3.3 wizard)",
    need: "auditor",
    method: "GET",
    path: "/api/settings",
    params: {},
    response: S.Object(
      { running: SettingsSchema, pending: S.Union([SettingsSchema, S.Null()]) },
      { description: "pending: null when no configuration waits for a reset" },
    ),
    run: ({ device: d }) => ({
      running: shownSettings(d.config),
      pending: d.pendingConfig === undefined ? null : shownSettings(d.pendingConfig),
    }),
  }),
  command({
    name: "settings-change",
    summary:
      "change settings: a JSON object of keys and values, null removing one, a mask keeping a secret (§4.18.1, §4.24)",
    need: "system-admin",
    method: "PATCH",
    path: "/api/settings",
    params: {
      patch: {
        ...body(patchBody),
        media: "application/json",
        schema: AnyObject(
          `the settings to change: \`{ <key>: value | null }\`; each section's reader names a wrong field; a secret given as ${SECRET_MASK} keeps the stored one`,
        ),
      },
    },
    status: 202,
    response: S.Object({ pending: SettingsSchema, note: S.String({ description: "when it takes effect" }) }),
    run: async ({ device: d }, a) => {
      const base = d.editableConfig();
      const stored = settingsOf(base);
      const next: Record<string, unknown> = { ...stored, extra: base.extra };
      for (const [key, value] of Object.entries(a.patch)) {
        if (value === null) delete next[key];
        else next[key] = value;
      }
      const kept = configUnmasked(next, stored, bodyReader());
      // Every section is read again by its own reader, so a change that breaks another section's rule (a gatekeeper
      // without a Master) is refused, naming the field.
      const read = deviceFromObject(kept, locatorWithoutLines("request body"), d.env.clock.now());
      await d.configure(compact({ ...read, users: base.users, certificates: base.certificates }));
      return { pending: shownSettings(d.pendingConfig!), note: PENDING_NOTE };
    },
  }),
];
