import type { PariOverview } from "../src/pari/overview.js";
import type { SyncOverview } from "../src/sync/overview.js";
import type { DeviceView, SiteOps } from "../src/upgrade/rollingUpgrade.js";
import type { SiteMasters } from "../src/upgrade/wavePlan.js";
import type { Clock } from "../src/core/Clock.js";
import type { DeviceConfig } from "../src/config/DeviceConfig.js";
import type { Device } from "../src/device/Device.js";

/** What the upgrade needs of its fleet (a view, so Fleet and this file do not import each other). */
export interface SiteWorld {
  readonly file: { readonly devices: readonly DeviceConfig[] };
  readonly clock: Clock;
  isUp(name: string): boolean;
  device(name: string): Device;
}

/**
 * The rolling upgrade (src/upgrade) over a simulated site, in virtual time: the PARI Master's overviews and each
 * device's status and update client straight from the fleet. A radio is the fleet's device at the address the PARI
 * Master's overview gives (its Device Name may be one the administrator gave, §4.11.1). `run` only starts the command lines (they take
 * virtual time, which moves only while the fleet runs); the upgrade sees their end in the status, as on a real site.
 */
export class FleetSiteOps implements SiteOps {
  readonly #fleet: SiteWorld;
  readonly #pari: string;
  /** PARI Master's radio names → the fleet's device names. */
  readonly #names = new Map<string, string>();
  /** Command lines a device refused: reported by the step that waits for it. */
  readonly refused: string[] = [];

  constructor(fleet: SiteWorld, pari: string) {
    this.#fleet = fleet;
    this.#pari = pari;
  }

  /** §4.15.2's Masters of the site: the PARI Master, and a Standby whose primary it is. */
  masters(): SiteMasters {
    const file = this.#fleet.file.devices;
    const master = file.find((d) => d.name === this.#pari)!;
    const standby = file.find((d) => d.master?.mode === "standby" && d.master.primary === master.ip);
    return { master: master.name, ...(standby === undefined ? {} : { standbyMaster: standby.name }) };
  }

  async overviews(): Promise<{ pari: PariOverview; sync: SyncOverview | undefined }> {
    const d = this.#fleet.device(this.#pari);
    const pari = d.status().pari!;
    const byIp = new Map(this.#fleet.file.devices.map((x) => [x.ip, x.name]));
    for (const r of pari.radios) this.#names.set(r.deviceName, byIp.get(r.ip) ?? r.deviceName);
    return { pari, sync: d.syncOverview() };
  }

  async status(device: string): Promise<DeviceView | undefined> {
    const name = this.#names.get(device) ?? device;
    return this.#fleet.isUp(name) ? this.#fleet.device(name).status() : undefined;
  }

  async run(device: string, lines: string): Promise<void> {
    const name = this.#names.get(device) ?? device;
    this.#fleet
      .device(name)
      .updateRun(lines, "rolling upgrade")
      .catch((err: unknown) => this.refused.push(`${name}: ${String(err)}`));
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#fleet.clock.setTimeout(resolve, ms));
  }
}
