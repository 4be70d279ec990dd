import type { DeviceConfig } from "../config/DeviceConfig.js";
import type { SectionKey } from "../config/sections.js";
import { FieldReader } from "../core/config/FieldReader.js";
import { locatorWithoutLines } from "../core/config/Locator.js";
import { DecodeError } from "../core/errors.js";
import type { Device } from "../device/Device.js";
import type { ConfigSection } from "../role/configSection.js";
import { Reply } from "./command.js";
import { MgmtCode } from "./errors.js";
import { S, type Static, type TSchema } from "./schema.js";

/**
 * One section of the device configuration changed over HTTP (`PUT /api/gatekeeper`, `/api/snmp`, `/api/logging`):
 * like every setting it goes into the pending configuration and takes effect at the next reset (§4.18.1, §4.24).
 */

/** What a section change answers: it waits for a reset. */
export const PENDING_NOTE = "takes effect after reset (§4.18.1, §4.24)";

/**
 * What a section change answers: the section now in the pending configuration (`what` names it; null: the pending
 * configuration has none) and when it takes effect.
 */
export const SectionChange = <T extends TSchema>(section: T, what: string) =>
  S.Object({
    pending: S.Union([section, S.Null()], { description: `${what} in the pending configuration; null: none` }),
    note: S.String({ description: "when it takes effect" }),
  });

/**
 * The `running` and `pending` fields of a section's report (`GET /api/logging`, `/api/snmp`), `none` saying what null
 * means; `pending` is there while a configuration waits for a reset (pendingSection).
 */
export const RunningAndPending = <T extends TSchema>(section: T, none: string) => ({
  running: S.Union([section, S.Null()], { description: `in force; null: ${none}` }),
  pending: S.Optional(S.Union([section, S.Null()], { description: `waiting for a reset (§4.18.1); null: ${none}` })),
});

/** What removeSection answers: the pending configuration has no such section (202), or had none to remove (200). */
export const SectionRemoved = S.Object({
  pending: S.Null(),
  note: S.String({ description: "when it takes effect, or that nothing changed" }),
});

/** How the note of a remove that found nothing to remove ends (the change answers 200, not 202). */
export const NOTHING_CHANGED = "nothing changed";

/** Where the errors of a section read from a request point: `request body: <field>: <why>`. */
const SOURCE = "request body";

/** A JSON request body, or a DecodeError. */
export function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new DecodeError(MgmtCode.BadJson, "the request body is not JSON", { cause });
  }
}

/** A reader whose errors name the request body and the field. */
export const bodyReader = (): FieldReader => new FieldReader(locatorWithoutLines(SOURCE));

/**
 * `value` read by the section's own reader, as a configuration file's section is (src/config/deviceFromObject.ts):
 * the sections before it are those of `base`, and dates are judged against the device's clock. A broken rule is the
 * section's ConfigError, located in the request body.
 */
export function readSection<K extends SectionKey, T>(
  section: ConfigSection<K, T>,
  value: unknown,
  base: DeviceConfig,
  now: number,
  r: FieldReader = bodyReader(),
): T | undefined {
  const ctx = {
    kind: base.kind,
    ntp: base.ntp,
    master: base.master,
    has: (key: string) => (base as unknown as Record<string, unknown>)[key] !== undefined,
    now,
  };
  return section.read(r, value, [], ctx);
}

/**
 * Stores the pending configuration without the section `key` (202), or answers 200 and stores nothing when there is
 * no such section to remove.
 */
export async function removeSection(
  d: Device,
  key: SectionKey,
  what: string,
  note: string,
): Promise<Static<typeof SectionRemoved> | Reply> {
  const base = d.editableConfig();
  if (base[key] === undefined) return new Reply(200, { pending: null, note: `no ${what}: ${NOTHING_CHANGED}` });
  const { [key]: _removed, ...rest } = base;
  await d.configure(rest);
  return { pending: null, note };
}

/** The section `key` of the pending configuration: undefined when nothing waits for a reset, null when it has none. */
export function pendingSection<K extends SectionKey>(d: Device, key: K): DeviceConfig[K] | null | undefined {
  const pending = d.pendingConfig;
  return pending === undefined ? undefined : (pending[key] ?? null);
}
