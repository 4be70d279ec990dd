import { flashField, flashObject, isNumber, isString, readFlashJson, type FlashShape } from "../core/flashJson.js";
import type { Store } from "../core/Store.js";

/**
 * The update client's variables on flash (App. A.1.3–A.1.5): UPDATE/CHECK, UPDATE/PROT, UPDATE/BOOT and the serials
 * of `cfg` and `scfg` ("Current Update Serials", §4.9.1). All are empty on a new device, or one reset to factory
 * settings (its flash is wiped), which is also what makes it *fresh*: it has never had a successful download of a
 * command file, so it polls every minute for its first 30 minutes (App. A.1.3).
 */
export interface UpdateVars {
  readonly check?: string;
  readonly prot?: string;
  readonly boot?: string;
  readonly cfg?: string;
  readonly scfg?: string;
  /** When the last `scfg` upload was made (device clock ms), for `/force <hours>`. */
  readonly scfgAt?: number;
  /** How many `scfg` uploads were made: the rolling backup index `#b` counts them (App. A.1.4). */
  readonly saves: number;
  /** Whether a command file was ever downloaded (App. A.1.3 "never had a successful download of a command file"). */
  readonly downloaded: boolean;
}

export const NEW_DEVICE_VARS: UpdateVars = { saves: 0, downloaded: false };

const KEY = "update/vars.json";
const SERIALS = ["check", "prot", "boot", "cfg", "scfg"] as const;

const shape: FlashShape<UpdateVars> = (v) => {
  const o = flashObject(v);
  const serials: Record<string, string> = {};
  for (const k of SERIALS) if (o[k] !== undefined) serials[k] = flashField(o, k, isString, "a text");
  return {
    ...serials,
    ...(o["scfgAt"] === undefined ? {} : { scfgAt: flashField(o, "scfgAt", isNumber, "a number") }),
    saves: flashField(o, "saves", isNumber, "a number"),
    downloaded: flashField(o, "downloaded", (x): x is boolean => typeof x === "boolean", "true or false"),
  };
};

export async function loadUpdateVars(store: Store): Promise<UpdateVars> {
  return (await readFlashJson(store, KEY, shape)) ?? NEW_DEVICE_VARS;
}

export async function keepUpdateVars(store: Store, vars: UpdateVars): Promise<void> {
  await store.put(KEY, new TextEncoder().encode(JSON.stringify(vars)));
}
