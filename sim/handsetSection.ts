import type { Path } from "../src/core/config/Locator.js";
import { SUBSCRIPTION_METHODS, type SubscriptionMethod } from "../src/users/entry.js";
import { duration, mapping, type Fail } from "./fleetFields.js";
import { SimCode } from "./errors.js";
import { DURATION, integer, listOf, mappingOf, NUMBER, oneOf, type JsonSchema } from "../src/core/config/schema.js";

/** A box handsets are placed in (seeded uniform), metres and floors. */
export interface HandsetArea {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly floors: readonly [number, number];
}

/** A group of identical lab handsets (docs/user-guide.md "Handsets in a fleet"). */
export interface HandsetGroup {
  readonly count: number;
  /** Users firstNumber, firstNumber+1, … are created on the Master with the handsets' IPEIs (Easy Registration). */
  readonly firstNumber: number;
  /** IPEI of handset i: EMC `emc`, PSN `firstPsn + i`. */
  readonly emc: number;
  readonly firstPsn: number;
  /** Which AC the handsets key in: the system AC, or each user's own (then the window is opened for them). */
  readonly ac: "system" | "user";
  readonly subscribeAt: number;
  readonly spread: number;
  readonly area?: HandsetArea;
  /** How often a handset registers its location again without moving. */
  readonly locateInterval: number;
  /**
   * The SIP password of the group's users (§3.14 Password): `passwordPrefix` + the user's Number, or `password` for
   * all, the same rules as a fleet PBX's (docs/user-guide.md "Handsets in a fleet"). A handset user has no Name, so
   * its Auth Name is its Number (§4.6.23). Absent: the users have no password.
   */
  readonly password?: { readonly prefix: string } | { readonly all: string };
  /** `count` handsets move to random places in `area` (default: the box around every radio) from `at` over `spread`. */
  readonly roam?: { readonly count: number; readonly at: number; readonly spread: number; readonly area?: HandsetArea };
}

export interface HandsetSection {
  /** The device whose directory gets the users: the fleet's first Master in mode active by default. */
  readonly master?: string;
  /** DECT → System subscription method set on the Master before the handsets start (§4.6.2). */
  readonly subscription?: SubscriptionMethod;
  readonly groups: readonly HandsetGroup[];
}

const TOP = ["master", "subscription", "groups"];
const GROUP = [
  "count",
  "firstNumber",
  "emc",
  "firstPsn",
  "ac",
  "subscribeAt",
  "spread",
  "area",
  "locateInterval",
  "roam",
  "password",
  "passwordPrefix",
];
/** A fleet is for lab scale, not for a city: 4 groups × this many at most. */
const MAX_GROUP = 20_000;

const RANGE = { ...listOf(NUMBER), minItems: 2, maxItems: 2 };
const AREA = mappingOf(["x", "y", "floors"], { x: RANGE, y: RANGE, floors: RANGE }, ["x", "y"]);
/** The `handsets` section's schema (sim/fleetSchema.ts), from the keys and limits readHandsetSection uses. */
export const HANDSETS_SCHEMA: JsonSchema = mappingOf(
  TOP,
  {
    master: { type: "string" },
    subscription: oneOf(SUBSCRIPTION_METHODS),
    groups: listOf(
      mappingOf(
        GROUP,
        {
          count: integer(1, MAX_GROUP),
          firstNumber: integer(0, 1e9),
          emc: integer(0, 0xffff),
          firstPsn: integer(0, 0xfffff),
          ac: oneOf(["system", "user"]),
          subscribeAt: DURATION,
          spread: DURATION,
          area: AREA,
          locateInterval: DURATION,
          roam: mappingOf(
            ["count", "at", "spread", "area"],
            { count: integer(1, MAX_GROUP), at: DURATION, spread: DURATION, area: AREA },
            ["count", "at"],
          ),
        },
        ["count"],
      ),
      1,
    ),
  },
  ["groups"],
);

export function readHandsetSection(value: unknown, fail: Fail): HandsetSection | undefined {
  if (value === undefined) return undefined;
  const top = mapping(value, ["handsets"], TOP, fail);
  const sub = top["subscription"];
  if (sub !== undefined && !SUBSCRIPTION_METHODS.includes(sub as SubscriptionMethod))
    fail(["handsets", "subscription"], SimCode.FleetHandsets, `one of ${SUBSCRIPTION_METHODS.join(", ")}`);
  if (!Array.isArray(top["groups"]) || top["groups"].length === 0)
    fail(["handsets", "groups"], SimCode.FleetHandsets, "a non-empty list of handset groups");
  const groups = (top["groups"] as unknown[]).map((g, i) => readGroup(g, ["handsets", "groups", i], fail));
  return {
    ...(typeof top["master"] === "string" ? { master: top["master"] } : {}),
    ...(sub === undefined ? {} : { subscription: sub as SubscriptionMethod }),
    groups,
  };
}

function readGroup(v: unknown, p: Path, fail: Fail): HandsetGroup {
  const o = mapping(v, p, GROUP, fail);
  const int = (k: string, min: number, max: number, d?: number): number => {
    const x = o[k] ?? d;
    if (typeof x !== "number" || !Number.isInteger(x) || x < min || x > max)
      fail([...p, k], SimCode.FleetHandsets, `an integer from ${min} to ${max}`);
    return x as number;
  };
  const count = int("count", 1, MAX_GROUP);
  const emc = int("emc", 0, 0xffff, 0x4d);
  const firstPsn = int("firstPsn", 0, 0xfffff - count, 1);
  const ac = o["ac"] ?? "system";
  if (ac !== "system" && ac !== "user") fail([...p, "ac"], SimCode.FleetHandsets, "system or user");
  const roam =
    o["roam"] === undefined
      ? undefined
      : (() => {
          const r = mapping(o["roam"], [...p, "roam"], ["count", "at", "spread", "area"], fail);
          const n = r["count"];
          if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > count)
            fail([...p, "roam", "count"], SimCode.FleetHandsets, `an integer from 1 to ${count}`);
          return {
            count: n as number,
            at: duration(r["at"], [...p, "roam", "at"], fail),
            spread: r["spread"] === undefined ? 0 : duration(r["spread"], [...p, "roam", "spread"], fail),
            ...(r["area"] === undefined ? {} : { area: readArea(r["area"], [...p, "roam", "area"], fail) }),
          };
        })();
  return {
    count,
    ...readPassword(o, p, fail),
    firstNumber: int("firstNumber", 0, 1e9, 1000),
    emc,
    firstPsn,
    ac: ac as "system" | "user",
    subscribeAt: o["subscribeAt"] === undefined ? 5000 : duration(o["subscribeAt"], [...p, "subscribeAt"], fail),
    spread: o["spread"] === undefined ? 0 : duration(o["spread"], [...p, "spread"], fail),
    ...(o["area"] === undefined ? {} : { area: readArea(o["area"], [...p, "area"], fail) }),
    locateInterval:
      o["locateInterval"] === undefined ? 5 * 60_000 : duration(o["locateInterval"], [...p, "locateInterval"], fail),
    ...(roam === undefined ? {} : { roam }),
  };
}

/** `password` or `passwordPrefix` (not both), each a non-empty text: the group's SIP passwords. */
function readPassword(o: Record<string, unknown>, p: Path, fail: Fail): Pick<HandsetGroup, "password"> {
  const all = o["password"];
  const prefix = o["passwordPrefix"];
  if (all !== undefined && prefix !== undefined)
    fail([...p, "password"], SimCode.FleetHandsets, "give password or passwordPrefix, not both");
  for (const [k, v] of [
    ["password", all],
    ["passwordPrefix", prefix],
  ] as const)
    if (v !== undefined && (typeof v !== "string" || v === "")) fail([...p, k], SimCode.FleetHandsets, "a text");
  if (typeof all === "string") return { password: { all } };
  if (typeof prefix === "string") return { password: { prefix } };
  return {};
}

/** The SIP password of a group's user with Number `number` (undefined: none). */
export function groupPassword(g: HandsetGroup, number: string): string | undefined {
  const pw = g.password;
  if (pw === undefined) return undefined;
  return "all" in pw ? pw.all : `${pw.prefix}${number}`;
}

function readArea(v: unknown, p: Path, fail: Fail): HandsetArea {
  const o = mapping(v, p, ["x", "y", "floors"], fail);
  const range = (k: string, d?: [number, number]): [number, number] => {
    const r = o[k] ?? d;
    if (
      !Array.isArray(r) ||
      r.length !== 2 ||
      !r.every((x) => typeof x === "number" && Number.isFinite(x)) ||
      r[0] > r[1]
    )
      return fail([...p, k], SimCode.FleetHandsets, "[from, to] with from ≤ to");
    return [r[0] as number, r[1] as number];
  };
  return { x: range("x"), y: range("y"), floors: range("floors", [0, 0]) };
}
