import type { DeviceConfig } from "./DeviceConfig.js";
import { plainCopy } from "../core/config/plainObject.js";

/** A DeviceConfig as plain JSON-able data: the MAC as text (`00:90:33:0a:0b:0c`), every default written out. */
export type DeviceObject = Omit<DeviceConfig, "mac"> & { readonly mac: string };

/** Plain data that deviceFromObject reads back to an equal DeviceConfig: every field and every section. */
export function deviceToObject(cfg: DeviceConfig): DeviceObject {
  return plainCopy({ ...cfg, mac: cfg.mac.toString() }) as DeviceObject;
}
