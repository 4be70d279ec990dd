import type { Path } from "../src/core/config/Locator.js";
import { Rfpi } from "../src/core/identity/Rfpi.js";
import { rfpiOf } from "../src/pari/rfpiPlan.js";
import type { AirSite, AlienRadio } from "../src/sync/air/AirField.js";
import type { Building, Wall } from "../src/sync/air/geometry.js";
import { AIR_DEFAULTS, type AirModelSettings } from "../src/sync/air/model.js";
import { mapping, type Fail } from "./fleetFields.js";
import { SimCode } from "./errors.js";
import { integer, listOf, mappingOf, numberIn, NUMBER, TEXT, type JsonSchema } from "../src/core/config/schema.js";

const MODEL_KEYS = Object.keys(AIR_DEFAULTS) as (keyof AirModelSettings)[];
const AIR_KEYS = [...MODEL_KEYS, "buildings", "walls", "aliens"];
const POINT = { ...listOf(NUMBER), minItems: 2, maxItems: 2 };

/** The `air` section's schema (sim/fleetSchema.ts), from the keys and limits readAirSection uses. */
export const AIR_SCHEMA: JsonSchema = mappingOf(AIR_KEYS, {
  ...Object.fromEntries(MODEL_KEYS.map((k) => [k, numberIn(k === "txDbm" ? -30 : 0, 100)])),
  buildings: listOf(
    mappingOf(
      ["name", "x", "y", "width", "depth"],
      { name: TEXT, x: NUMBER, y: NUMBER, width: NUMBER, depth: NUMBER },
      ["x", "y", "width", "depth"],
    ),
  ),
  walls: listOf(mappingOf(["from", "to", "lossDb"], { from: POINT, to: POINT, lossDb: numberIn(0) }, ["from", "to"])),
  aliens: listOf(
    mappingOf(
      ["name", "systemId", "rfpi", "position", "txDbm"],
      {
        name: TEXT,
        systemId: integer(1, 296),
        rfpi: TEXT,
        position: mappingOf(["x", "y", "floor"], { x: NUMBER, y: NUMBER, floor: NUMBER }, ["x", "y"]),
        txDbm: NUMBER,
      },
      ["name", "position"],
    ),
  ),
});

/**
 * A fleet file's `air` section (docs/user-guide.md "Air model"): model settings, buildings, extra walls and alien
 * radios. Every error names the field.
 */
export function readAirSection(value: unknown, fail: Fail): AirSite {
  if (value === undefined) return { model: AIR_DEFAULTS, buildings: [], walls: [], aliens: [] };
  const m = mapping(value, ["air"], AIR_KEYS, fail);
  const model = { ...AIR_DEFAULTS };
  for (const k of MODEL_KEYS) {
    if (m[k] === undefined) continue;
    const v = m[k];
    const min = k === "txDbm" ? -30 : 0;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > 100)
      fail(["air", k], SimCode.FleetAir, `must be a number from ${min} to 100`);
    model[k] = v as number;
  }
  const list = (key: string) => {
    const v = m[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) return fail(["air", key], SimCode.FleetAir, "must be a list");
    return v as unknown[];
  };
  const num = (o: Record<string, unknown>, p: Path, k: string, d?: number): number => {
    const v = o[k] ?? d;
    if (typeof v !== "number" || !Number.isFinite(v)) fail([...p, k], SimCode.FleetAir, "must be a number");
    return v as number;
  };
  const buildings = list("buildings").map((b, i): Building => {
    const p = ["air", "buildings", i];
    const o = mapping(b, p, ["name", "x", "y", "width", "depth"], fail);
    const width = num(o, p, "width");
    const depth = num(o, p, "depth");
    if (width <= 0 || depth <= 0) fail(p, SimCode.FleetAir, "a building needs a positive width and depth");
    return { name: String(o["name"] ?? `building ${i + 1}`), x: num(o, p, "x"), y: num(o, p, "y"), width, depth };
  });
  const point = (v: unknown, p: Path): [number, number] => {
    if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === "number" && Number.isFinite(x)))
      return fail(p, SimCode.FleetAir, "a point is [x, y] in metres");
    return [v[0] as number, v[1] as number];
  };
  const walls = list("walls").map((w, i): Wall => {
    const p = ["air", "walls", i];
    const o = mapping(w, p, ["from", "to", "lossDb"], fail);
    const [x1, y1] = point(o["from"], [...p, "from"]);
    const [x2, y2] = point(o["to"], [...p, "to"]);
    const lossDb = num(o, p, "lossDb", model.wallLossDb);
    if (lossDb < 0) fail([...p, "lossDb"], SimCode.FleetAir, "a wall's loss is 0 dB or more");
    return { x1, y1, x2, y2, lossDb };
  });
  const names = new Set<string>();
  const aliens = list("aliens").map((a, i): AlienRadio => {
    const p = ["air", "aliens", i];
    const o = mapping(a, p, ["name", "systemId", "rfpi", "position", "txDbm"], fail);
    const name = o["name"];
    if (typeof name !== "string" || name === "") fail([...p, "name"], SimCode.FleetAir, "an alien radio needs a name");
    if (names.has(name as string)) fail([...p, "name"], SimCode.FleetAir, `alien name "${String(name)}" is used twice`);
    names.add(name as string);
    const systemId = o["systemId"];
    if (
      systemId !== undefined &&
      !(Number.isInteger(systemId) && (systemId as number) >= 1 && (systemId as number) <= 296)
    )
      fail([...p, "systemId"], SimCode.FleetAir, "a System ID from 1 to 296 (§4.6.34)");
    let rfpi: string;
    if (o["rfpi"] !== undefined) {
      try {
        rfpi = Rfpi.parse(String(o["rfpi"])).toString();
      } catch (e) {
        return fail([...p, "rfpi"], SimCode.FleetAir, `not an RFPI: ${(e as Error).message}`);
      }
    } else if (systemId !== undefined) rfpi = rfpiOf(systemId as number, 1).toString();
    else return fail(p, SimCode.FleetAir, "an alien radio needs an rfpi or the systemId of its IP-DECT system");
    const pos = mapping(o["position"], [...p, "position"], ["x", "y", "floor"], fail);
    const pp = [...p, "position"];
    return {
      name: name as string,
      rfpi,
      systemId: (systemId as number | undefined) ?? 0,
      position: { x: num(pos, pp, "x"), y: num(pos, pp, "y"), floor: num(pos, pp, "floor", 0) },
      txDbm: num(o, p, "txDbm", model.txDbm),
    };
  });
  return { model, buildings, walls, aliens };
}
