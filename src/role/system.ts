import { ConfigCode } from "../core/config/configCodes.js";
import type { FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { text, type NativeModule } from "../core/config/nativeModule.js";
import type { Secret } from "../core/config/secrets.js";
import { mappingOf, TEXT } from "../core/config/schema.js";

/**
 * DECT system name and password (§4.6.1); the same on every Master and radio of one system. Every role that talks to
 * another device proves it knows them (its frames are sealed with a key derived from them, linkKey.ts), so they belong
 * to the role kernel, not to one role.
 */
export interface DectSystem {
  readonly name: string;
  readonly password: string;
}

export const DEFAULT_SYSTEM: DectSystem = { name: "ipdect", password: "ip-dect" };

/** §4.6.1: the DECT system password has at most 15 characters. */
export const SYSTEM_PASSWORD_MAX = 15;
/** §4.6.1: allowed characters of the DECT system password: a-z/A-Z, 0-9, !#$%&'()*+,-.:;<=>?@[]^_`{|}~ */
export const SYSTEM_PASSWORD_CHARS = /^[A-Za-z0-9!#$%&'()*+,\-.:;<=>?@[\]^_`{|}~]+$/;

const SYSTEM_KEYS = ["name", "password"] as const;

/** The `system` section's schema (the fleet file's schema). */
export const SYSTEM_SCHEMA = mappingOf(SYSTEM_KEYS, {
  name: TEXT,
  password: { type: "string", maxLength: SYSTEM_PASSWORD_MAX, pattern: SYSTEM_PASSWORD_CHARS.source },
});

/** The `system` section; absent: the factory default system. */
export function readSystem(r: FieldReader, value: unknown): DectSystem {
  if (value === undefined) return { ...DEFAULT_SYSTEM };
  const s = r.mapping(value, ["system"], SYSTEM_KEYS);
  const name = r.optional(s, ["system", "name"], (v, p) => r.text(v, p)) ?? DEFAULT_SYSTEM.name;
  const password = r.optional(s, ["system", "password"], (v, p) => systemPassword(r, v, p)) ?? DEFAULT_SYSTEM.password;
  return { name, password };
}

function systemPassword(r: FieldReader, value: unknown, path: Path): string {
  const text = r.text(value, path);
  if (text.length > SYSTEM_PASSWORD_MAX || !SYSTEM_PASSWORD_CHARS.test(text)) {
    r.fail(
      path,
      ConfigCode.SystemPassword,
      `must have 1 to ${SYSTEM_PASSWORD_MAX} characters of a-z A-Z 0-9 !#$%&'()*+,-.:;<=>?@[]^_\`{|}~ (§4.6.1)`,
    );
  }
  return text;
}

/** The secret of the `system` part: its password (§4.6.1), which the keys of every device link derive from. */
export const SYSTEM_SECRETS: readonly Secret[] = [{ path: ["password"] }];

/** DECT0: the system name and password in the native text form. */
export const SYSTEM_NATIVE: NativeModule = {
  module: "DECT0",
  label: "DECT0",
  section: "system",
  formatVerb: "change",
  always: true,
  options: [text("/sysname", "name", DEFAULT_SYSTEM.name), text("/syspwd", "password", DEFAULT_SYSTEM.password)],
};
