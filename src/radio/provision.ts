import type { RadioSettings } from "../core/config/DeviceConfig.js";
import type { Store } from "../core/Store.js";
import type { Provision } from "./pariEvents.js";

const KEY = "radio/provision.json";

/** Plug and play settings kept on flash (§4.11.1 Add Radios), applied at every start. */
export interface StoredProvision {
  readonly deviceName: string;
  readonly pariMaster: string;
  readonly altPariMaster?: string;
  readonly region: number;
}

export function saveProvision(store: Store, p: Provision): Promise<void> {
  const stored: StoredProvision = {
    deviceName: p.deviceName,
    pariMaster: p.pariMaster,
    ...(p.altPariMaster === undefined ? {} : { altPariMaster: p.altPariMaster }),
    region: p.region,
  };
  return store.put(KEY, new TextEncoder().encode(JSON.stringify(stored)));
}

export async function loadProvision(store: Store): Promise<StoredProvision | undefined> {
  const bytes = await store.get(KEY);
  return bytes === undefined ? undefined : (JSON.parse(new TextDecoder().decode(bytes)) as StoredProvision);
}

/**
 * A radio without a configured Master or PARI Master takes the provisioned ones: it connects to that PARI Master
 * (and its Master) only, with the Standby as the alternative. A configured radio ignores old provisioning.
 */
export function applyProvision(radio: RadioSettings, p: StoredProvision | undefined): RadioSettings {
  if (p === undefined || radio.master !== undefined || radio.pariMaster !== undefined) return radio;
  return {
    ...radio,
    pariMaster: p.pariMaster,
    master: p.pariMaster,
    region: p.region,
    ...(p.altPariMaster === undefined ? {} : { altPariMaster: p.altPariMaster, alternateMaster: p.altPariMaster }),
  };
}
