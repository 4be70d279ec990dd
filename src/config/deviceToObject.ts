import type { DeviceConfig } from "./DeviceConfig.js";
import { compact } from "../core/config/plainObject.js";

/** A DeviceConfig as plain JSON-able data: the MAC as text (`00:90:33:0a:0b:0c`), every default written out. */
export type DeviceObject = Omit<DeviceConfig, "mac"> & { readonly mac: string };

/** Plain data that deviceFromObject reads back to an equal DeviceConfig. */
export function deviceToObject(cfg: DeviceConfig): DeviceObject {
  return compact({
    name: cfg.name,
    kind: cfg.kind,
    mac: cfg.mac.toString(),
    ip: cfg.ip,
    mask: cfg.mask,
    gateway: cfg.gateway,
    dns: cfg.dns,
    dns2: cfg.dns2,
    system: { name: cfg.system.name, password: cfg.system.password },
    master: cfg.master === undefined ? undefined : compact({ ...cfg.master }),
    radio: cfg.radio === undefined ? undefined : compact({ ...cfg.radio }),
    position: cfg.position === undefined ? undefined : { ...cfg.position },
    ldap: cfg.ldap,
    gatekeeper:
      cfg.gatekeeper === undefined
        ? undefined
        : compact({
            ...cfg.gatekeeper,
            altProxies: [...cfg.gatekeeper.altProxies],
            anonymous: cfg.gatekeeper.anonymous === undefined ? undefined : { ...cfg.gatekeeper.anonymous },
          }),
    users: cfg.users?.map((u) => ({ ...u })),
    extra: [...cfg.extra],
  });
}
