import type { FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { compact } from "../core/config/plainObject.js";
import { BOOLEAN, integer, mappingOf, oneOf, TEXT } from "../core/config/schema.js";
import type { ConfigSection } from "../role/configSection.js";
import { ProvisioningCode } from "./errors.js";
import { parseProvisioningUrl } from "./provisioningUrl.js";

/** Seed 002 "server → method": how the device learns its provisioning server. */
export const PROVISIONING_METHODS = ["disabled", "static", "dhcp"] as const;
export type ProvisioningMethod = (typeof PROVISIONING_METHODS)[number];
/**
 * Seed 002 "check → check_sync": "disabled - do not react. reboot - reboot and check for updates. update - check for
 * updates and reboot if necessary."
 */
export const CHECK_SYNC_MODES = ["disabled", "update", "reboot"] as const;
export type CheckSyncMode = (typeof CHECK_SYNC_MODES)[number];
/** Seed 002 gives no upper bound for "check → interval"; ours is a week, in minutes. */
export const MAX_CHECK_INTERVAL_MINUTES = 7 * 24 * 60;
/** Seed 002 "check → time": "The format is HH:MM." */
const TIME_OF_DAY = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
/** A firmware file name (seed 002 "firmware → kws"): the device fetches `<name>.ver` and `<name>`; no path parts. */
const FILE_NAME = /^[A-Za-z0-9._+-]{1,128}$/;

/**
 * The second provisioning dialect (seed 002, "Setting Up Provisioning"): a provisioning server with
 * `<MAC>-config.xml`, `<MAC>-users.xml` and firmware with its `.ver` file. A device uses it when `method` is not
 * `disabled`; it then polls this server instead of the App. A update server (docs/user-guide.md "The second
 * provisioning dialect").
 */
export interface ProvisioningSettings {
  /**
   * "server → method". Seed 002's default is dhcp; ours is disabled, because the App. A update client (§4.9.1) is
   * this device's own dialect and one device polls one server (docs/design.md "The second provisioning dialect").
   */
  readonly method: ProvisioningMethod;
  /** "server → url" for the static method: [<protocol>://[<user>:<password>@]]<host>[:<port>][/<path>]. */
  readonly url?: string;
  /** "check → interval": minutes between polls; 0 (the default) disables periodic polling. */
  readonly intervalMinutes: number;
  /** "check → time": a check at this local time every day, "HH:MM"; absent: none. */
  readonly time?: string;
  /** "check → check_sync": what a SIP NOTIFY with `Event: check-sync` does (default disabled). */
  readonly checkSync: CheckSyncMode;
  /** "config → check": download and import `<MAC>-config.xml` (default true). */
  readonly importConfig: boolean;
  /** "users → check": download and import `<MAC>-users.xml` (default false). */
  readonly importUsers: boolean;
  /** "firmware → kws": the firmware file name on the server; absent: no firmware download. */
  readonly firmware?: string;
}

export const PROVISIONING_KEYS = [
  "method",
  "url",
  "intervalMinutes",
  "time",
  "checkSync",
  "importConfig",
  "importUsers",
  "firmware",
] as const;

function readProvisioning(r: FieldReader, value: unknown, path: Path): ProvisioningSettings {
  const o = r.mapping(value ?? {}, path, PROVISIONING_KEYS);
  const at = (key: string): Path => [...path, key];
  const method =
    r.optional(o, at("method"), (v, p) => r.oneOf(v, p, PROVISIONING_METHODS, ProvisioningCode.Settings)) ?? "disabled";
  const url = r.optional(o, at("url"), (v, p) => {
    const t = r.text(v, p);
    try {
      parseProvisioningUrl(t, "url");
    } catch (e) {
      r.fail(p, ProvisioningCode.Settings, (e as Error).message, e);
    }
    return t;
  });
  if (method === "static" && url === undefined)
    r.fail(at("url"), ProvisioningCode.Settings, "the static method needs a URL (seed 002 server → url)");
  const intervalMinutes =
    r.optional(o, at("intervalMinutes"), (v, p) =>
      r.integer(
        v,
        p,
        0,
        MAX_CHECK_INTERVAL_MINUTES,
        ProvisioningCode.Settings,
        `minutes from 0 (no periodic polling) to ${MAX_CHECK_INTERVAL_MINUTES} (seed 002 check → interval)`,
      ),
    ) ?? 0;
  const time = r.optional(o, at("time"), (v, p) => {
    const t = r.text(v, p);
    if (!TIME_OF_DAY.test(t))
      r.fail(p, ProvisioningCode.Settings, `${JSON.stringify(t)} is not a time of day HH:MM (seed 002 check → time)`);
    return t;
  });
  const checkSync =
    r.optional(o, at("checkSync"), (v, p) => r.oneOf(v, p, CHECK_SYNC_MODES, ProvisioningCode.Settings)) ?? "disabled";
  const importConfig = r.optional(o, at("importConfig"), (v, p) => r.boolean(v, p)) ?? true;
  const importUsers = r.optional(o, at("importUsers"), (v, p) => r.boolean(v, p)) ?? false;
  const firmware = r.optional(o, at("firmware"), (v, p) => {
    const t = r.text(v, p);
    if (!FILE_NAME.test(t) || t === "." || t === "..")
      r.fail(p, ProvisioningCode.Settings, `${JSON.stringify(t)} is not a file name (letters, digits, . _ + -)`);
    return t;
  });
  return compact({ method, url, intervalMinutes, time, checkSync, importConfig, importUsers, firmware });
}

/** The `provisioning` section: the second dialect's server and when to check it (seed 002). */
export const PROVISIONING_SECTION: ConfigSection<"provisioning", ProvisioningSettings> = {
  key: "provisioning",
  schema: mappingOf(PROVISIONING_KEYS, {
    method: oneOf(PROVISIONING_METHODS),
    url: TEXT,
    intervalMinutes: integer(0, MAX_CHECK_INTERVAL_MINUTES),
    time: { type: "string", pattern: TIME_OF_DAY.source },
    checkSync: oneOf(CHECK_SYNC_MODES),
    importConfig: BOOLEAN,
    importUsers: BOOLEAN,
    firmware: { type: "string", pattern: FILE_NAME.source },
  }),
  read: (r, value, path) => readProvisioning(r, value, path),
  native: [],
  // "ftp://user:password@provisioning.example.com" (seed 002 URL examples): the password is a secret.
  secrets: [{ path: ["url"], url: true }],
};
