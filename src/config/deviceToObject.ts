import type { DeviceConfig } from "./DeviceConfig.js";
import { plainCopy } from "../core/config/plainObject.js";
import { SECTIONS } from "./sections.js";

/** A DeviceConfig as plain JSON-able data: the MAC as text (`00:90:33:0a:0b:0c`), every default written out. */
export type DeviceObject = Omit<DeviceConfig, "mac" | "kerberosJoin"> & { readonly mac: string };

/**
 * Plain data that deviceFromObject reads back to an equal DeviceConfig: every field and every section, as each section
 * exports itself, without App. E's pending join (`kerberosJoin`). The one exception is a secret that never leaves the device: a private key of the certificates
 * section is left out (so such an export does not read back until the key is put in again).
 */
export function deviceToObject(cfg: DeviceConfig): DeviceObject {
  const sections: Record<string, unknown> = {};
  for (const s of SECTIONS) {
    const value = cfg[s.key];
    if (value !== undefined && s.exported !== undefined)
      sections[s.key] = (s.exported as (v: unknown) => unknown)(value);
  }
  // App. E's pending join holds a password and is carried out, not configured: never exported.
  const { kerberosJoin: _join, ...rest } = cfg;
  return plainCopy({ ...rest, mac: cfg.mac.toString(), ...sections }) as DeviceObject;
}
