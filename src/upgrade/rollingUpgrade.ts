import type { PariOverview } from "../pari/overview.js";
import type { SyncOverview } from "../sync/overview.js";
import { UpgradeCode } from "./errors.js";
import { StateError } from "../core/errors.js";
import { planUpgrade, siteRadios, type SiteMasters, type UpgradePlan, type UpgradeStep } from "./wavePlan.js";

/** What the upgrade reads of a device's status (GET /api/status, device/status.ts DeviceStatus). */
export interface DeviceView {
  readonly up: boolean;
  readonly firmware?: { readonly version: string };
  readonly radio?: { readonly state: string; readonly sync?: { readonly state: string } };
}

/**
 * How the rolling upgrade reaches a site: the PARI Master's overviews, each device's status and update client. Real
 * sites go over each device's HTTP API (`ipdect ctl upgrade`); the sim over its fleet, in virtual time.
 */
export interface SiteOps {
  overviews(): Promise<{ readonly pari: PariOverview; readonly sync: SyncOverview | undefined }>;
  /** A device's status (GET /api/status); undefined while it does not answer (it is resetting). */
  status(device: string): Promise<DeviceView | undefined>;
  /**
   * Gives a device UP0 command lines (`update-run`, App. A.1 "Update clients"). It may resolve before they ran (the
   * sim's world moves only while the upgrade waits); their end shows in the device's status.
   */
  run(device: string, lines: string): Promise<void>;
  /** Waits this long: wall time on a real site, virtual time in the sim. */
  sleep(ms: number): Promise<void>;
}

export interface UpgradeOptions {
  /** The firmware for `prot` (App. A.1.4): a URL ending in `/` gets each product's default file name. */
  readonly imageUrl: string;
  /** The image's build serial (UPDATE/PROT) and version, as its header says them. */
  readonly serial: string;
  readonly version: string;
  readonly masters: SiteMasters;
  readonly maxWave: number;
  /** How long a step may take, from its commands until every device in it is back and healthy. */
  readonly stepTimeoutMs: number;
  /** Go on although the plan has gaps (radios without a neighbour, regions with one sync master candidate). */
  readonly allowGaps: boolean;
  /** Progress lines for the operator. */
  readonly say: (line: string) => void;
  /** Told of each step as it starts and ends, and of the step that does not end (the PARI Master's own run). */
  readonly progress?: UpgradeProgress;
}

/** What a run tells of its steps beyond its lines: what the PARI Master's run keeps (src/upgrade/SiteUpgrade.ts). */
export interface UpgradeProgress {
  /**
   * Step `index` sends its commands to `todo` once this resolves: the last step resets the PARI Master itself, so what
   * the run knows must be on flash before.
   */
  starting(index: number, todo: readonly string[]): Promise<void>;
  /** Step `index` ended: its devices back on the version and the site healthy, after `ms`. */
  ended(index: number, ms: number): void;
  /** Step `index` did not end in time: the device that kept it, and why; the run stops. */
  stuck(index: number, device: string, why: string): void;
}

export interface UpgradeReport {
  readonly plan: UpgradePlan;
  /** Per step: its devices, and how long it took until they were back and the site healthy (ms). */
  readonly steps: readonly (UpgradeStep & { readonly ms: number })[];
}

/** A site's upgrade checked and planned, before any device got a command (prepareUpgrade). */
export interface PreparedUpgrade {
  readonly plan: UpgradePlan;
  readonly radios: readonly string[];
  /** Radios in regions with air sync (the others are judged on registration only). */
  readonly synced: ReadonlySet<string>;
}

const POLL_MS = 1000;

/** Radios reset at once at most, unless the operator says otherwise (`--wave`, the run's `wave`). */
export const DEFAULT_WAVE = 10;
/** How long a step may take unless the operator says otherwise (`--step-timeout`, the run's `stepTimeout`). */
export const DEFAULT_STEP_TIMEOUT_MS = 10 * 60_000;

/**
 * §4.15.2's upgrading sequence for a whole site, beyond what the manual automates: the plan (wavePlan.ts), then for
 * each step `prot <image> reset <serial>` to its devices, and the next step only once each of them runs the new
 * version and the whole site is healthy again: every radio registered to a Master and, where air sync runs,
 * synchronized (§4.12.3; holdover counts, it still carries traffic). A step that does not get there within its time
 * stops the run, naming the device and why. Devices that already run the version are left alone.
 */
export async function rollingUpgrade(ops: SiteOps, o: UpgradeOptions): Promise<UpgradeReport> {
  return runUpgrade(ops, await prepareUpgrade(ops, o), o);
}

/**
 * The part of the upgrade before any command: the site's radios and the plan, refused with gaps (unless allowed) or
 * when the site is not healthy now. The PARI Master's run answers its start after this (src/upgrade/SiteUpgrade.ts).
 */
export async function prepareUpgrade(
  ops: SiteOps,
  o: Pick<UpgradeOptions, "masters" | "maxWave" | "allowGaps" | "say">,
): Promise<PreparedUpgrade> {
  const { pari, sync } = await ops.overviews();
  const sited = siteRadios(pari, sync);
  const plan = planUpgrade(sited, o.masters, o.maxWave);
  const radios = sited.map((r) => r.name);
  // Air sync is judged only in regions that have it: a site without an air model (real nodes without `ipdect air`)
  // has no sync master, and its radios stay "searching" while they carry traffic.
  const synced = new Set(
    (sync?.regions ?? []).filter((g) => g.activeMaster !== undefined).flatMap((g) => g.nodes.map((n) => n.name)),
  );
  o.say(`plan: ${plan.steps.length} steps, ${plan.steps.filter((s) => s.kind === "radios").length} waves of radios`);
  if (plan.gaps.length > 0 && !o.allowGaps)
    throw new StateError(UpgradeCode.Gaps, `the plan leaves gaps (--allow-gaps to go on): ${plan.gaps.join("; ")}`);
  for (const gap of plan.gaps) o.say(`gap, allowed: ${gap}`);
  const unhealthy = await firstUnhealthy(ops, radios, synced, undefined);
  if (unhealthy !== undefined)
    throw new StateError(UpgradeCode.Unhealthy, `the site is not healthy before the upgrade: ${unhealthy.why}`);
  return { plan, radios, synced };
}

/** The steps of a prepared upgrade, each checked before the next. */
export async function runUpgrade(ops: SiteOps, p: PreparedUpgrade, o: UpgradeOptions): Promise<UpgradeReport> {
  const { plan, radios, synced } = p;
  const steps: (UpgradeStep & { ms: number })[] = [];
  let elapsed = 0;
  for (const [i, step] of plan.steps.entries()) {
    const todo: string[] = [];
    for (const d of step.devices) if ((await ops.status(d))?.firmware?.version !== o.version) todo.push(d);
    o.say(`step ${i + 1}/${plan.steps.length} ${step.kind}: ${todo.length === 0 ? "already on" : todo.join(", ")}`);
    await o.progress?.starting(i, todo);
    const lines = `mod cmd UP0 prot ${o.imageUrl} reset ${o.serial}\n`;
    await Promise.all(todo.map((d) => ops.run(d, lines)));
    let waited = 0;
    for (;;) {
      const behind = (await firstBehind(ops, todo, o.version)) ?? (await firstUnhealthy(ops, radios, synced, todo));
      if (behind === undefined) break;
      if (waited >= o.stepTimeoutMs) {
        o.progress?.stuck(i, behind.device, behind.why);
        throw new StateError(
          UpgradeCode.StepFailed,
          `step ${i + 1} (${step.kind}) not done after ${o.stepTimeoutMs / 1000} s: ${behind.why}`,
        );
      }
      await ops.sleep(POLL_MS);
      waited += POLL_MS;
    }
    elapsed += waited;
    steps.push({ ...step, ms: waited });
    o.progress?.ended(i, waited);
  }
  o.say(`done: ${plan.steps.length} steps in ${Math.round(elapsed / 1000)} s`);
  return { plan, steps };
}

/** A device that keeps a step from ending, and why. */
interface Behind {
  readonly device: string;
  readonly why: string;
}

/** The first of `devices` that does not run `version` yet, and why; undefined when all do. */
async function firstBehind(ops: SiteOps, devices: readonly string[], version: string): Promise<Behind | undefined> {
  for (const device of devices) {
    const s = await ops.status(device);
    if (s === undefined || !s.up) return { device, why: `${device} is not up` };
    if (s.firmware?.version !== version)
      return { device, why: `${device} runs ${s.firmware?.version ?? "?"}, not ${version}` };
  }
  return undefined;
}

/**
 * The first radio that is not registered to a Master or, in a region with air sync, not synchronized, and why;
 * undefined: all are healthy.
 */
async function firstUnhealthy(
  ops: SiteOps,
  radios: readonly string[],
  synced: ReadonlySet<string>,
  resetting: readonly string[] | undefined,
): Promise<Behind | undefined> {
  for (const device of radios) {
    const s = await ops.status(device);
    if (s === undefined || !s.up)
      return { device, why: `${device} is not up${resetting?.includes(device) === true ? " (resetting)" : ""}` };
    // The radio chart's state, e.g. "running.registered" (device/status.ts stateName).
    if (s.radio !== undefined && s.radio.state.split(".").at(-1) !== "registered")
      return { device, why: `${device} is ${s.radio.state}, not registered` };
    const sync = synced.has(device) ? s.radio?.sync?.state : undefined;
    if (sync !== undefined && sync !== "synchronized" && sync !== "holdover")
      return { device, why: `${device} is ${sync}, not synchronized` };
  }
  return undefined;
}
