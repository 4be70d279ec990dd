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
}

export interface UpgradeReport {
  readonly plan: UpgradePlan;
  /** Per step: its devices, and how long it took until they were back and the site healthy (ms). */
  readonly steps: readonly (UpgradeStep & { readonly ms: number })[];
}

const POLL_MS = 1000;

/**
 * §4.15.2's upgrading sequence for a whole site, beyond what the manual automates: the plan (wavePlan.ts), then for
 * each step `prot <image> reset <serial>` to its devices, and the next step only once each of them runs the new
 * version and the whole site is healthy again: every radio registered to a Master and, where air sync runs,
 * synchronized (§4.12.3; holdover counts, it still carries traffic). A step that does not get there within its time
 * stops the run, naming the device and why. Devices that already run the version are left alone.
 */
export async function rollingUpgrade(ops: SiteOps, o: UpgradeOptions): Promise<UpgradeReport> {
  const { pari, sync } = await ops.overviews();
  const radios = siteRadios(pari, sync);
  const plan = planUpgrade(radios, o.masters, o.maxWave);
  const radioNames = radios.map((r) => r.name);
  // Air sync is judged only in regions that have it: a site without an air model (real nodes without `ipdect air`)
  // has no sync master, and its radios stay "searching" while they carry traffic.
  const synced = new Set(
    (sync?.regions ?? []).filter((g) => g.activeMaster !== undefined).flatMap((g) => g.nodes.map((n) => n.name)),
  );
  o.say(`plan: ${plan.steps.length} steps, ${plan.steps.filter((s) => s.kind === "radios").length} waves of radios`);
  if (plan.gaps.length > 0 && !o.allowGaps)
    throw new StateError(UpgradeCode.Gaps, `the plan leaves gaps (--allow-gaps to go on): ${plan.gaps.join("; ")}`);
  for (const gap of plan.gaps) o.say(`gap, allowed: ${gap}`);
  const unhealthy = await firstUnhealthy(ops, radioNames, synced, undefined);
  if (unhealthy !== undefined)
    throw new StateError(UpgradeCode.Unhealthy, `the site is not healthy before the upgrade: ${unhealthy}`);
  const steps: (UpgradeStep & { ms: number })[] = [];
  let elapsed = 0;
  for (const [i, step] of plan.steps.entries()) {
    const todo: string[] = [];
    for (const d of step.devices) if ((await ops.status(d))?.firmware?.version !== o.version) todo.push(d);
    o.say(`step ${i + 1}/${plan.steps.length} ${step.kind}: ${todo.length === 0 ? "already on" : todo.join(", ")}`);
    const lines = `mod cmd UP0 prot ${o.imageUrl} reset ${o.serial}\n`;
    await Promise.all(todo.map((d) => ops.run(d, lines)));
    let waited = 0;
    for (;;) {
      const why = (await firstBehind(ops, todo, o.version)) ?? (await firstUnhealthy(ops, radioNames, synced, todo));
      if (why === undefined) break;
      if (waited >= o.stepTimeoutMs)
        throw new StateError(
          UpgradeCode.StepFailed,
          `step ${i + 1} (${step.kind}) not done after ${o.stepTimeoutMs / 1000} s: ${why}`,
        );
      await ops.sleep(POLL_MS);
      waited += POLL_MS;
    }
    elapsed += waited;
    steps.push({ ...step, ms: waited });
  }
  o.say(`done: ${plan.steps.length} steps in ${Math.round(elapsed / 1000)} s`);
  return { plan, steps };
}

/** The first of `devices` that does not run `version` yet, and why; undefined when all do. */
async function firstBehind(ops: SiteOps, devices: readonly string[], version: string): Promise<string | undefined> {
  for (const d of devices) {
    const s = await ops.status(d);
    if (s === undefined || !s.up) return `${d} is not up`;
    if (s.firmware?.version !== version) return `${d} runs ${s.firmware?.version ?? "?"}, not ${version}`;
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
): Promise<string | undefined> {
  for (const r of radios) {
    const s = await ops.status(r);
    if (s === undefined || !s.up) return `${r} is not up${resetting?.includes(r) === true ? " (resetting)" : ""}`;
    // The radio chart's state, e.g. "running.registered" (device/status.ts stateName).
    if (s.radio !== undefined && s.radio.state.split(".").at(-1) !== "registered")
      return `${r} is ${s.radio.state}, not registered`;
    const sync = synced.has(r) ? s.radio?.sync?.state : undefined;
    if (sync !== undefined && sync !== "synchronized" && sync !== "holdover")
      return `${r} is ${sync}, not synchronized`;
  }
  return undefined;
}
