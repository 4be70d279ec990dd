import { StateError } from "../src/core/errors.js";
import { SimCode } from "./errors.js";
import type { Clock } from "../src/core/Clock.js";
import { every } from "../src/core/Clock.js";
import type { DeviceConfig } from "../src/config/DeviceConfig.js";
import type { Position } from "../src/sync/settings.js";
import { randomHex, type Rng } from "../src/core/Rng.js";
import { HANDSET_SESSION_DIGITS } from "../src/users/handsets/events.js";
import type { Device } from "../src/device/Device.js";
import { Handset } from "../src/handset/Handset.js";
import type { AirField } from "../src/sync/air/AirField.js";
import type { MemoryNetwork } from "./MemoryNetwork.js";
import {
  addHandsetUsers,
  handsetIdentities,
  handsetsMaster,
  MAINTAIN_MS,
  RESUBSCRIBE_MS,
  SUBSCRIBE_TRIES,
} from "./handsetUsers.js";
import { type HandsetArea, type HandsetGroup, type HandsetSection } from "./handsetSection.js";

/** What the handsets need of their fleet (a view, so Fleet and this file do not import each other). */
export interface HandsetWorld {
  readonly clock: Clock;
  readonly net: MemoryNetwork;
  readonly air: AirField;
  readonly devices: readonly DeviceConfig[];
  running(name: string): Device | undefined;
}

/** The fleet's handsets at the end of a run (or now): what the acceptance checks look at. */
export interface HandsetSummary {
  readonly total: number;
  /** Subscribed at the serving Master with the key the handset holds. */
  readonly subscribed: number;
  /** Located at the serving Master, at the radio the handset is locked to. */
  readonly located: number;
  readonly servingMaster?: string;
  /** Up to 10 IPEIs that are not both, with why. */
  readonly missing: readonly { readonly ipei: string; readonly why: string }[];
}

interface SimHandset {
  readonly handset: Handset;
  readonly number: string;
  readonly group: HandsetGroup;
  position: Position | undefined;
  /** Radios audible at `position`, strongest first (recomputed when it moves). */
  candidates: readonly string[];
}

/**
 * The lab handsets of a fleet file (docs/user-guide.md "Handsets in a fleet"): their users are created on the Master
 * (Easy Registration, §3.14.3), each handset subscribes at its seeded time through the radio it hears best (only
 * radios that carry traffic, §4.11.5), keeps its location current, and the `roam` ones move to new places.
 */
export class SimHandsets {
  readonly #world: HandsetWorld;
  readonly #section: HandsetSection;
  readonly #rng: Rng;
  readonly #all: SimHandset[] = [];
  readonly #radios: DeviceConfig[];
  /** The radios by name: every handset asks for its radio every MAINTAIN_MS (4000 handsets, 200 radios). */
  readonly #radioNamed: ReadonlyMap<string, DeviceConfig>;
  readonly #radioBox: HandsetArea | undefined;
  /** During a maintenance round: the radios that carry traffic (§4.11.5). */
  #usableNow: ReadonlySet<string> | undefined;
  readonly #master: string;
  #stop: () => void = () => undefined;

  private constructor(world: HandsetWorld, section: HandsetSection, rng: Rng) {
    this.#world = world;
    this.#section = section;
    this.#rng = rng;
    this.#radios = world.devices.filter((d) => d.radio !== undefined);
    this.#radioNamed = new Map(this.#radios.map((r) => [r.name, r]));
    this.#radioBox = this.#boxOfRadios();
    this.#master = handsetsMaster(world.devices, section);
  }

  static async start(world: HandsetWorld, section: HandsetSection, rng: Rng): Promise<SimHandsets> {
    const h = new SimHandsets(world, section, rng);
    await h.#setUp();
    return h;
  }

  get handsets(): readonly Handset[] {
    return this.#all.map((s) => s.handset);
  }

  async #setUp(): Promise<void> {
    const dir = this.#world.running(this.#master)?.directory();
    if (dir === undefined) throw new StateError(SimCode.NoDevice, `handsets: Master ${this.#master} is not running`);
    await addHandsetUsers(dir, this.#section);
    const identities = handsetIdentities(this.#section);
    for (const [n, { ipei, number, group }] of identities.entries()) {
      const g = this.#section.groups[group]!;
      const ip = `10.${250 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
      const s: SimHandset = { handset: undefined!, number, group: g, position: undefined, candidates: [] };
      (s as { handset: Handset }).handset = new Handset(
        ipei,
        randomHex(this.#rng.fork(`session:${ipei}`), HANDSET_SESSION_DIGITS),
        this.#world.clock,
        this.#world.net.attach(ip),
        () => this.#lockTo(s),
        g.locateInterval,
      );
      this.#place(s, g.area);
      await s.handset.open();
      this.#all.push(s);
      this.#world.clock.setTimeout(() => this.#subscribe(s, 1), g.subscribeAt + this.#rng.next() * g.spread);
    }
    for (const g of this.#section.groups) if (g.roam !== undefined) this.#scheduleRoam(g);
    this.#stop = every(this.#world.clock, MAINTAIN_MS, () => {
      // No time passes in the round, so which radios carry traffic is asked once, not once per handset.
      this.#usableNow = new Set(this.#radios.filter((r) => this.#carries(r.name)).map((r) => r.name));
      for (const s of this.#all) s.handset.maintain();
      this.#usableNow = undefined;
    });
  }

  /** The strongest audible radio that carries traffic; without positions, any such radio (spread by IPEI). */
  #lockTo(s: SimHandset): { ip: string; name: string } | undefined {
    const now = this.#usableNow;
    const usable = now === undefined ? (name: string) => this.#carries(name) : (name: string) => now.has(name);
    const name =
      s.position === undefined
        ? rotate(
            this.#radios.map((r) => r.name),
            Number(s.handset.ipei.slice(5, 12)),
          ).find(usable)
        : s.candidates.find(usable);
    const cfg = name === undefined ? undefined : this.#radioNamed.get(name);
    return cfg === undefined ? undefined : { ip: cfg.ip, name: cfg.name };
  }

  #carries(radio: string): boolean {
    return this.#world.running(radio)?.carriesHandsets() === true;
  }

  #place(s: SimHandset, area: HandsetArea | undefined): void {
    const box = area ?? this.#radioBox;
    if (box === undefined) return;
    const pick = ([a, b]: readonly [number, number]) => a + this.#rng.next() * (b - a);
    s.position = { x: pick(box.x), y: pick(box.y), floor: Math.round(pick(box.floors)) };
    s.candidates = this.#world.air.audibleAt(s.position).map((r) => r.name);
  }

  /** The box around every placed radio: where handsets go when the group names no area (radios do not move). */
  #boxOfRadios(): HandsetArea | undefined {
    const ps = this.#radios.flatMap((r) => (r.position === undefined ? [] : [r.position]));
    if (ps.length === 0) return undefined;
    const span = (f: (p: Position) => number): [number, number] => [Math.min(...ps.map(f)), Math.max(...ps.map(f))];
    return { x: span((p) => p.x), y: span((p) => p.y), floors: span((p) => p.floor) };
  }

  #subscribe(s: SimHandset, attempt: number): void {
    const master = this.#servingMaster() ?? this.#world.running(this.#master);
    if (master === undefined) return this.#retry(s, attempt);
    const dir = master.directory();
    let ac = dir.system.systemAc;
    if (s.group.ac === "user") {
      ac = dir.findUser("number", s.number)?.user.authCode ?? "";
      // The administrator clicks "allow subscription" for the user first (§3.14.2 step 7).
      if (!dir.replica) master.allowSubscription(s.number);
    }
    void s.handset
      .subscribe(ac)
      .then((a) => (a.accepted ? undefined : this.#retry(s, attempt)))
      .catch(() => this.#retry(s, attempt));
  }

  #retry(s: SimHandset, attempt: number): void {
    if (attempt < SUBSCRIBE_TRIES) this.#world.clock.setTimeout(() => this.#subscribe(s, attempt + 1), RESUBSCRIBE_MS);
  }

  #scheduleRoam(g: HandsetGroup): void {
    const roam = g.roam!;
    const members = this.#all.filter((s) => s.group === g);
    // A seeded choice of which handsets move (Fisher–Yates on a copy).
    for (let i = members.length - 1; i > 0; i--) {
      const j = this.#rng.int(i + 1);
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    for (const s of members.slice(0, roam.count))
      this.#world.clock.setTimeout(() => this.#place(s, roam.area), roam.at + this.#rng.next() * roam.spread);
  }

  #servingMaster(): Device | undefined {
    for (const d of this.#world.devices) {
      const dev = d.master === undefined ? undefined : this.#world.running(d.name);
      if (dev?.serving === true) return dev;
    }
    return undefined;
  }

  summary(): HandsetSummary {
    const master = this.#servingMaster();
    const missing: { ipei: string; why: string }[] = [];
    let subscribed = 0;
    let located = 0;
    for (const { handset } of this.#all) {
      const key = master?.directory().subscriptionKey(handset.ipei);
      const isSubscribed = key !== undefined && key === handset.subscriptionKey;
      const at = master?.handsetLocation(handset.ipei)?.radio;
      const isLocated = at !== undefined && at === handset.status().locatedAt;
      if (isSubscribed) subscribed++;
      if (isLocated) located++;
      if ((!isSubscribed || !isLocated) && missing.length < 10)
        missing.push({
          ipei: handset.ipei,
          why: !isSubscribed
            ? `not subscribed (${handset.status().lastReason ?? "no try yet"})`
            : `located at ${at ?? "no radio"}, handset at ${handset.status().locatedAt ?? "none"}`,
        });
    }
    return {
      total: this.#all.length,
      subscribed,
      located,
      ...(master === undefined ? {} : { servingMaster: master.name }),
      missing,
    };
  }

  async close(): Promise<void> {
    this.#stop();
    for (const s of this.#all) await s.handset.close();
  }
}

function rotate<T>(xs: readonly T[], by: number): T[] {
  const k = xs.length === 0 ? 0 : by % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}
