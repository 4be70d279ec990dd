import type { FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import type { NativeModule } from "../core/config/nativeModule.js";
import type { JsonSchema } from "../core/config/schema.js";
import type { Secret } from "../core/config/secrets.js";
import type { DeviceKind } from "../core/identity/DeviceKind.js";
import type { MasterMode } from "./redundancy.js";

/**
 * What a section's reader may know of the rest of the device configuration. Sections are read in the order of
 * src/config/sections.ts, so `master` and `has` see only sections read before this one; the Master section comes
 * first because most roles hang on the Master mode (§4.6.19).
 */
export interface SectionContext {
  readonly kind: DeviceKind;
  /** The Master section, when the configuration holds one. */
  readonly master: { readonly mode: MasterMode } | undefined;
  /**
   * The device's Time Server (§4.1.9, the `ntp` field), read before every section; undefined: none. A Mirror needs
   * one (§4.6.19 step 4).
   */
  readonly ntp: string | undefined;
  /** Whether a section read before this one is present (Radio Config needs the PARI function, §4.6.33). */
  has(key: string): boolean;
  /**
   * The wall-clock time the configuration is read at (ms since the epoch), for checks of dates (an expired
   * certificate); undefined: dates are not judged. The command line hands it in (`ipdect node`, `sim`, `air`).
   */
  readonly now: number | undefined;
}

/**
 * One role's part of the device configuration: its key in YAML/JSON, its reader and its modules in the native text
 * form. The role declares it beside its settings (`<role>/settings.ts`); src/config/sections.ts lists the sections,
 * one line each, and the device configuration's type, reader, writer and native text follow from that list.
 */
export interface ConfigSection<K extends string, T> {
  readonly key: K;
  /** Reads a present section; undefined: the section says nothing and counts as absent (an empty `ldap`). */
  readonly read: (r: FieldReader, value: unknown, path: Path, ctx: SectionContext) => T | undefined;
  /** The section's modules in the native text form, in the order formatNativeText writes them. */
  readonly native: readonly NativeModule[];
  /**
   * The section's JSON Schema, built from the key list and limits `read` uses (core/config/schema.ts): the fleet
   * file's schema (scripts/fleet-schema.mjs) is made of these.
   */
  readonly schema: JsonSchema;
  /**
   * The section as exports write it (deviceToObject); absent: the value itself. A section holding a secret that must
   * never leave the device (a private key) leaves it out here.
   */
  readonly exported?: (value: T) => unknown;
  /**
   * The section's secrets, by their place in its exported value: answers that show settings mask them and a change
   * giving the mask keeps them (core/config/secrets.ts, src/config/secrets.ts). Absent: the section holds none.
   */
  readonly secrets?: readonly Secret[];
}

/** The value type a section reads. */
export type SectionValue<S> = S extends ConfigSection<string, infer T> ? T : never;
