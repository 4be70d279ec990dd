import { FREQUENCY_BANDS } from "../role/bands.js";
import { DecodeError } from "../core/errors.js";
import type { SyncColour, SyncMode, SyncOverview, SyncRole, SyncState } from "./overview.js";
import { SyncCode } from "./errors.js";

/** What a file handed to `ipdect sync-tree` held: the overview, and the device it came from in a fleet report. */
export interface SyncInput {
  readonly overview: SyncOverview;
  readonly device?: string;
}

// Records rather than arrays, so that a new member of a union in overview.ts does not compile until it is here.
const COLOURS: Record<SyncColour, true> = { green: true, yellow: true, red: true, grey: true };
const STATES: Record<SyncState, true> = {
  unsynchronized: true,
  searching: true,
  listening: true,
  synchronized: true,
  holdover: true,
};
const MODES: Record<SyncMode, true> = { master: true, slave: true, restricted: true };
const ROLES: Record<SyncRole, true> = { "active-master": true, "standby-candidate": true, slave: true };

type Json = Record<string, unknown>;

/** "regions[1].nodes[3]" + "rfpi"; the top level has no path. */
const path = (at: string, key: string): string => (at === "" ? key : `${at}.${key}`);

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks one JSON value field by field; every complaint names the file and the path of the field. */
class Checker {
  readonly #source: string;

  constructor(source: string) {
    this.#source = source;
  }

  fail(field: string, why: string): never {
    throw new DecodeError(SyncCode.SyncOverviewInput, why, { source: this.#source, field });
  }

  object(v: unknown, field: string): Json {
    return isObject(v) ? v : this.fail(field, `expected an object, got ${describe(v)}`);
  }

  array(v: unknown, field: string): readonly unknown[] {
    return Array.isArray(v) ? v : this.fail(field, `expected an array, got ${describe(v)}`);
  }

  string(o: Json, key: string, at: string, optional = false): void {
    if (optional && o[key] === undefined) return;
    if (typeof o[key] !== "string") this.fail(path(at, key), `expected a string, got ${describe(o[key])}`);
  }

  number(o: Json, key: string, at: string, { integer = false, optional = false } = {}): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (typeof v !== "number" || !Number.isFinite(v) || (integer && !Number.isInteger(v)))
      this.fail(path(at, key), `expected ${integer ? "an integer" : "a number"}, got ${describe(v)}`);
  }

  oneOf(o: Json, key: string, at: string, allowed: Record<string, true>): void {
    const v = o[key];
    if (typeof v !== "string" || !Object.hasOwn(allowed, v))
      this.fail(path(at, key), `expected one of ${Object.keys(allowed).join(", ")}, got ${describe(v)}`);
  }

  boolean(o: Json, key: string, at: string): void {
    if (typeof o[key] !== "boolean") this.fail(path(at, key), `expected true or false, got ${describe(o[key])}`);
  }
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return "an array";
  if (v === null) return "null";
  return typeof v === "object" ? "an object" : JSON.stringify(v);
}

const BAND_NAMES: Record<string, true> = Object.fromEntries(FREQUENCY_BANDS.map((b) => [b, true]));

/** Every field the renderers read, by the contract in overview.ts. */
function checkOverview(v: unknown, at: string, c: Checker): SyncOverview {
  const o = c.object(v, at === "" ? "top level" : at);
  c.number(o, "systemId", at, { integer: true });
  c.number(o, "maxDepth", at, { integer: true });
  c.oneOf(o, "band", at, BAND_NAMES);
  c.array(o["carriers"], path(at, "carriers")).forEach((v, i) => {
    if (!Number.isInteger(v)) c.fail(`${path(at, "carriers")}[${i}]`, `expected an integer, got ${describe(v)}`);
  });
  c.array(o["regions"], path(at, "regions")).forEach((rv, i) => {
    const ra = `${path(at, "regions")}[${i}]`;
    const r = c.object(rv, ra);
    c.number(r, "region", ra, { integer: true });
    c.string(r, "activeMaster", ra, true);
    if (r["reference"] !== undefined) {
      const fa = `${ra}.reference`;
      const f = c.object(r["reference"], fa);
      c.string(f, "rfpi", fa);
      c.string(f, "name", fa, true);
      c.number(f, "region", fa, { integer: true, optional: true });
      c.boolean(f, "locked", fa);
    }
    const s = c.object(r["stats"], `${ra}.stats`);
    for (const k of ["calculations", "configurations", "syncLost"]) c.number(s, k, `${ra}.stats`, { integer: true });
    c.array(r["nodes"], `${ra}.nodes`).forEach((nv, j) => checkNode(nv, `${ra}.nodes[${j}]`, c));
  });
  return o as unknown as SyncOverview;
}

function checkNode(v: unknown, at: string, c: Checker): void {
  const n = c.object(v, at);
  for (const k of ["name", "mac", "rfpi"]) c.string(n, k, at);
  for (const k of ["source", "alternative", "note"]) c.string(n, k, at, true);
  c.oneOf(n, "mode", at, MODES);
  c.oneOf(n, "role", at, ROLES);
  c.oneOf(n, "state", at, STATES);
  c.oneOf(n, "colour", at, COLOURS);
  c.number(n, "level", at, { integer: true, optional: true });
  c.number(n, "rssi", at, { optional: true });
  c.number(n, "fer", at, { optional: true });
  c.number(n, "syncLost", at, { integer: true });
  c.array(n["candidates"], `${at}.candidates`).forEach((cv, k) => {
    const ca = `${at}.candidates[${k}]`;
    const cand = c.object(cv, ca);
    c.string(cand, "rfpi", ca);
    c.number(cand, "rssi", ca);
    c.number(cand, "fer", ca);
  });
}

/**
 * The JSON of an Air Sync Overview (§4.12.1): either the overview itself (`GET /api/sync`) or an `ipdect sim
 * --report` fleet report, whose first device with a `sync` overview in its status is taken.
 */
export function parseSyncInput(text: string, source: string): SyncInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DecodeError(SyncCode.SyncOverviewInput, `not JSON (${(cause as Error).message})`, { source, cause });
  }
  const c: Checker = new Checker(source);
  if (isObject(json) && "regions" in json) return { overview: checkOverview(json, "", c) };
  if (isObject(json) && isObject(json["devices"])) {
    const found = Object.entries(json["devices"]).find(
      ([, d]) => isObject(d) && isObject(d["sync"]) && Array.isArray(d["sync"]["regions"]),
    );
    if (found === undefined)
      c.fail("devices", "a fleet report, but no device status has an Air Sync Overview (devices.<name>.sync.regions)");
    const [device, status] = found;
    return { overview: checkOverview((status as Json)["sync"], `devices.${device}.sync`, c), device };
  }
  return c.fail(
    "top level",
    "neither an Air Sync Overview (an object with regions) nor an `ipdect sim --report` report (an object with devices)",
  );
}
