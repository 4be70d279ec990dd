import {
  flashCheck,
  flashField,
  flashObject,
  isArray,
  isString,
  readFlashJson,
  type FlashShape,
} from "../core/flashJson.js";
import type { Store } from "../core/Store.js";

/**
 * What the second dialect's client keeps on flash between checks and resets (docs/design.md "The second provisioning
 * dialect"): a fingerprint of the last `<MAC>-config.xml` and `<MAC>-users.xml` imported, so the same file on the
 * server does nothing at the next check; the element paths of the last configuration file that this device does not
 * model (Provisioning status); and the `.ver` text of the last firmware written, so a device that did not come up on
 * that firmware (its bank fell back, FirmwareBanks.boot) does not write it again at every check.
 */
export interface ProvisioningVars {
  /** SHA-256 (hex) of the last configuration file imported. */
  readonly config?: string;
  readonly users?: string;
  readonly firmware?: string;
  readonly notModelled: readonly string[];
}

export const NO_PROVISIONING_VARS: ProvisioningVars = { notModelled: [] };

const KEY = "provisioning/vars.json";

const shape: FlashShape<ProvisioningVars> = (v) => {
  const o = flashObject(v);
  const text = (k: "config" | "users" | "firmware") =>
    o[k] === undefined ? {} : { [k]: flashField(o, k, isString, "a text") };
  const paths = flashField(o, "notModelled", isArray, "a list");
  flashCheck(paths.every(isString), "notModelled: not a list of texts");
  return {
    ...text("config"),
    ...text("users"),
    ...text("firmware"),
    notModelled: paths as string[],
  };
};

export async function loadProvisioningVars(store: Store): Promise<ProvisioningVars> {
  return (await readFlashJson(store, KEY, shape)) ?? NO_PROVISIONING_VARS;
}

export async function keepProvisioningVars(store: Store, vars: ProvisioningVars): Promise<void> {
  await store.put(KEY, new TextEncoder().encode(JSON.stringify(vars)));
}
