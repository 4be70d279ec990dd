import { ConfigCode } from "../core/config/configCodes.js";
import type { FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { number, type NativeModule } from "../core/config/nativeModule.js";
import type { ConfigSection } from "../role/configSection.js";
import { integer, mappingOf, NUMBER } from "../core/config/schema.js";

/** §4.6.36 Sync Mode of a radio. */
export const SYNC_MODES = ["master", "slave", "restricted"] as const;
export type SyncModeSetting = (typeof SYNC_MODES)[number];
/** §4.6.36 resynchronisation to the reference at reference sync failure: manual or scheduled. */
export const RESYNC_MODES = ["manual", "scheduled"] as const;
export const DEFAULT_RESYNC_AT = "03:00";
/** §4.6.6: 10 carriers in Europe; the PARI Master can enable fewer. */
export const MAX_CARRIERS = 10;
/** Default maximum sync tree depth (hops from the sync master); other vendors allow 5 to 15. */
export const DEFAULT_SYNC_DEPTH = 10;
export const MAX_SYNC_DEPTH = 32;
/** §3.3.5: sync regions are 0..249. */
export const SYNC_REGION_MAX = 249;
/** Floor of a position that does not set one. */
export const DEFAULT_FLOOR = 0;

/** Where a device stands, for the RF model of the air (docs/design.md "Air"): metres and a floor. */
export interface Position {
  readonly x: number;
  readonly y: number;
  readonly floor: number;
}

const POSITION_KEYS = ["x", "y", "floor"] as const;

/** The `position` section. */
function readPosition(r: FieldReader, value: unknown, path: Path): Position {
  const o = r.mapping(value, path, POSITION_KEYS);
  const at = (key: string): Path => [...path, key];
  const floorRule = "a whole number (negative below ground)";
  const max = Number.MAX_SAFE_INTEGER;
  return {
    x: r.finite(r.required(o, at("x")), at("x"), ConfigCode.Position),
    y: r.finite(r.required(o, at("y")), at("y"), ConfigCode.Position),
    floor:
      r.optional(o, at("floor"), (v, p) => r.integer(v, p, -max, max, ConfigCode.Position, floorRule)) ?? DEFAULT_FLOOR,
  };
}

/** POS0: the `position` section in the native text form. */
const POSITION_NATIVE: NativeModule = {
  module: "POS0",
  label: "POS0",
  section: "position",
  formatVerb: "change",
  always: false,
  options: [number("/x", "x"), number("/y", "y"), number("/floor", "floor", DEFAULT_FLOOR)],
};

/** The `position` section of the device configuration: where the radio stands, for the air model. */
export const POSITION_SECTION: ConfigSection<"position", Position> = {
  key: "position",
  schema: mappingOf(
    POSITION_KEYS,
    { x: NUMBER, y: NUMBER, floor: integer(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) },
    ["x", "y"],
  ),
  read: (r, value, path) => readPosition(r, value, path),
  native: [POSITION_NATIVE],
};
