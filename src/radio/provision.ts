import type { RadioSettings } from "./settings.js";
import { flashCheck, flashField, flashObject, isNumber, isString, readFlashJson } from "../core/flashJson.js";
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

/** A damaged file refuses the start (FLASH_CORRUPT): the radio would otherwise join another PARI Master by guess. */
export function loadProvision(store: Store): Promise<StoredProvision | undefined> {
  return readFlashJson(store, KEY, (v) => {
    const o = flashObject(v);
    flashField(o, "deviceName", isString, "text");
    flashField(o, "pariMaster", isString, "text");
    flashCheck(o["altPariMaster"] === undefined || isString(o["altPariMaster"]), "altPariMaster: not text");
    flashField(o, "region", isNumber, "a number");
    return o as unknown as StoredProvision;
  });
}

/**
 * The radio settings in force. A radio without a configured Master or PARI Master takes the provisioned ones: it
 * connects to that PARI Master only, with the Standby as the alternative (a configured radio ignores old
 * provisioning). Then the Master defaults to the PARI Master and back (§4.6.32: in a single-Master system they are
 * one device), and likewise the alternates.
 */
export function resolveRadio(radio: RadioSettings, p: StoredProvision | undefined): RadioSettings {
  const provisioned =
    p === undefined || radio.master !== undefined || radio.pariMaster !== undefined
      ? radio
      : {
          ...radio,
          pariMaster: p.pariMaster,
          region: p.region,
          ...(p.altPariMaster === undefined ? {} : { altPariMaster: p.altPariMaster }),
        };
  const master = provisioned.master ?? provisioned.pariMaster;
  const pariMaster = provisioned.pariMaster ?? provisioned.master;
  const alternateMaster = provisioned.alternateMaster ?? provisioned.altPariMaster;
  const altPariMaster = provisioned.altPariMaster ?? provisioned.alternateMaster;
  return {
    ...provisioned,
    ...(master === undefined ? {} : { master }),
    ...(pariMaster === undefined ? {} : { pariMaster }),
    ...(alternateMaster === undefined ? {} : { alternateMaster }),
    ...(altPariMaster === undefined ? {} : { altPariMaster }),
  };
}
