import type { DeviceConfig } from "../core/config/DeviceConfig.js";
import type { Air, Beacon } from "../device/Air.js";

/**
 * How far a radio hears another in this version's air: 60 m on the same floor or the floor above/below. A stand-in
 * until the path-loss model of the air synchronisation issue; documented in docs/user-guide.md.
 */
export const AIR_RANGE_M = 60;

/**
 * The sim world's radio air: which radios hear which (from their positions) and what each broadcasts. Radios without
 * a position hear nothing and are heard by none.
 */
export class AirView {
  readonly #neighbours = new Map<string, string[]>();
  readonly #beacons = new Map<string, Beacon>();

  constructor(devices: readonly DeviceConfig[]) {
    const placed = devices.filter((d) => d.radio !== undefined && d.position !== undefined);
    // A grid of AIR_RANGE_M cells keeps this linear in the number of radios.
    const cells = new Map<string, DeviceConfig[]>();
    const cellOf = (d: DeviceConfig) =>
      [Math.floor(d.position!.x / AIR_RANGE_M), Math.floor(d.position!.y / AIR_RANGE_M)] as const;
    for (const d of placed) {
      const [cx, cy] = cellOf(d);
      const k = `${cx},${cy}`;
      cells.set(k, [...(cells.get(k) ?? []), d]);
    }
    for (const d of placed) {
      const [cx, cy] = cellOf(d);
      const near: string[] = [];
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (const o of cells.get(`${cx + dx},${cy + dy}`) ?? []) {
            if (o === d) continue;
            const p = d.position!;
            const q = o.position!;
            if (Math.abs(p.floor - q.floor) <= 1 && Math.hypot(p.x - q.x, p.y - q.y) <= AIR_RANGE_M) near.push(o.name);
          }
      this.#neighbours.set(d.name, near);
    }
  }

  /** The Air handle of one device (undefined for devices without radio or position). */
  attach(cfg: DeviceConfig): Air | undefined {
    const near = this.#neighbours.get(cfg.name);
    if (near === undefined) return undefined;
    return {
      publish: (b) => {
        if (b === undefined) this.#beacons.delete(cfg.name);
        else this.#beacons.set(cfg.name, b);
      },
      heard: () => near.map((n) => this.#beacons.get(n)).filter((b): b is Beacon => b !== undefined),
    };
  }
}
