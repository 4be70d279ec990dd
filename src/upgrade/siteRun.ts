import {
  flashCheck,
  flashField,
  flashObject,
  isArray,
  isNumber,
  isString,
  type FlashShape,
} from "../core/flashJson.js";
import { UpgradeCode } from "./errors.js";
import type { StepKind, UpgradePlan } from "./wavePlan.js";

/**
 * The PARI Master's site upgrade as its status shows it and its flash keeps it (`upgrade/run.json`): what was asked,
 * the plan, each step's outcome, the failure and the run's lines. The site's password is never part of it.
 */
export type RunState = "idle" | "running" | "done" | "failed";
export type StepState = "waiting" | "running" | "done" | "failed";

export interface RunStep {
  readonly kind: StepKind;
  readonly devices: readonly string[];
  readonly state: StepState;
  /** The devices the step gave the commands to (the others already ran the version). */
  readonly todo?: readonly string[];
  /** When its commands went out (the device's clock, ms). */
  readonly startedAt?: number;
  /** How long until its devices were back and the site healthy. */
  readonly ms?: number;
}

/** What the run was asked, without the password; the image URL with its password masked (App. A.1.1). */
export interface RunRequest {
  readonly image: string;
  readonly serial: string;
  readonly version: string;
  readonly wave: number;
  readonly stepTimeoutMs: number;
  readonly allowGaps: boolean;
  readonly standby?: string;
}

export interface RunFailure {
  readonly code: string;
  readonly reason: string;
  /** The step it stopped in (index into `steps`); absent before the first. */
  readonly step?: number;
  /** The device that kept the step from ending, or refused its commands. */
  readonly device?: string;
}

export interface LogLine {
  readonly t: number;
  readonly line: string;
}

export interface SiteRun {
  readonly state: RunState;
  readonly request?: RunRequest;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly gaps: readonly string[];
  readonly steps: readonly RunStep[];
  /** The step running or last run (index into `steps`). */
  readonly current?: number;
  readonly failure?: RunFailure;
  /** The run's lines, as `ipdect ctl upgrade` prints them; the last LOG_MAX. */
  readonly log: readonly LogLine[];
}

/** Lines a run keeps: a 1000-radio site says about 120 (one a step, the plan and its gaps). */
export const LOG_MAX = 500;

export const IDLE: SiteRun = { state: "idle", gaps: [], steps: [], log: [] };

/** A new run of `request`, planned as `plan`, its steps waiting. */
export function planned(request: RunRequest, plan: UpgradePlan, now: number, log: readonly LogLine[]): SiteRun {
  return {
    state: "running",
    request,
    startedAt: now,
    gaps: plan.gaps,
    steps: plan.steps.map((s) => ({ kind: s.kind, devices: s.devices, state: "waiting" as const })),
    log,
  };
}

/** `run` with step `i` changed by `change`. */
export function withStep(run: SiteRun, i: number, change: Partial<RunStep>): SiteRun {
  return { ...run, steps: run.steps.map((s, n) => (n === i ? { ...s, ...change } : s)) };
}

/** `run` with `line` at the end of its log (the oldest dropped past LOG_MAX). */
export function withLine(run: SiteRun, line: LogLine): SiteRun {
  return { ...run, log: [...run.log, line].slice(-LOG_MAX) };
}

/** `run` ended: done, or failed with `failure` (the step it stopped in marked failed). */
export function ended(run: SiteRun, now: number, failure?: RunFailure): SiteRun {
  if (failure === undefined) return { ...run, state: "done", endedAt: now };
  const step = failure.step;
  const marked = step === undefined ? run : withStep(run, step, { state: "failed" });
  return { ...marked, state: "failed", endedAt: now, failure };
}

/**
 * A run found on flash at boot, as the boot must record it. Only a running one changes: the last step resets the PARI
 * Master itself (§4.15.2 "5. Master"), so a run whose Master step had sent its commands ends here, done when this boot
 * runs the version, failed when it does not (the image did not come up, FirmwareBanks fell back). The site's password
 * was in memory only, so the radios are not read again: the Master's own version is what this boot can check. A run
 * cut in any other step (a power cut, a reset by hand) failed: it does not go on by itself.
 */
export function recovered(run: SiteRun, self: string, version: string, now: number): SiteRun {
  if (run.state !== "running") return run;
  const i = run.current;
  const step = i === undefined ? undefined : run.steps[i];
  const want = run.request?.version ?? "?";
  if (i === undefined || step?.kind !== "master" || step.state !== "running") {
    const where = step === undefined ? "before its first step" : `in step ${i! + 1} (${step.kind})`;
    const reason = `the PARI Master reset ${where}; the run stopped there (start it again: devices on ${want} are skipped)`;
    return ended(withLine(run, { t: now, line: `failed: ${reason}` }), now, {
      code: UpgradeCode.Interrupted,
      reason,
      ...(i === undefined ? {} : { step: i }),
    });
  }
  if (version !== want) {
    const reason = `step ${i + 1} (master) not done: ${self} runs ${version}, not ${want}, after its reset`;
    return ended(withLine(run, { t: now, line: `failed: ${reason}` }), now, {
      code: UpgradeCode.StepFailed,
      reason,
      step: i,
      device: self,
    });
  }
  const done = withStep(run, i, { state: "done", ms: now - (step.startedAt ?? now) });
  return ended(withLine(done, { t: now, line: `done: ${run.steps.length} steps; ${self} runs ${want}` }), now);
}

const STEP_KINDS: readonly string[] = [
  "standby-mobility-master",
  "mobility-master",
  "radios",
  "standby-master",
  "master",
];
const RUN_STATES: readonly string[] = ["idle", "running", "done", "failed"];
const STEP_STATES: readonly string[] = ["waiting", "running", "done", "failed"];

const texts = (o: Record<string, unknown>, field: string, what: string): string[] => {
  const list = flashField(o, field, isArray, "a list");
  flashCheck(list.every(isString), `${what}.${field}: not text`);
  return list as string[];
};

const optional = <T>(o: Record<string, unknown>, field: string, is: (x: unknown) => x is T, kind: string) =>
  o[field] === undefined ? undefined : flashField(o, field, is, kind);

/** The shape of `upgrade/run.json` (readFlashJson): a damaged file is FLASH_CORRUPT naming what is wrong. */
export const siteRunShape: FlashShape<SiteRun> = (v) => {
  const o = flashObject(v);
  flashCheck(RUN_STATES.includes(flashField(o, "state", isString, "text")), "state: not a run state");
  texts(o, "gaps", "run");
  flashField(o, "steps", isArray, "a list").forEach((s, i) => {
    const step = flashObject(s, `steps[${i}]`);
    flashCheck(STEP_KINDS.includes(flashField(step, "kind", isString, "text")), `steps[${i}].kind: not a step kind`);
    flashCheck(STEP_STATES.includes(flashField(step, "state", isString, "text")), `steps[${i}].state: not a state`);
    texts(step, "devices", `steps[${i}]`);
    if (step["todo"] !== undefined) texts(step, "todo", `steps[${i}]`);
    optional(step, "startedAt", isNumber, "a number");
    optional(step, "ms", isNumber, "a number");
  });
  flashField(o, "log", isArray, "a list").forEach((l, i) => {
    const line = flashObject(l, `log[${i}]`);
    flashField(line, "t", isNumber, "a number");
    flashField(line, "line", isString, "text");
  });
  optional(o, "current", isNumber, "a number");
  optional(o, "startedAt", isNumber, "a number");
  optional(o, "endedAt", isNumber, "a number");
  if (o["request"] !== undefined) {
    const r = flashObject(o["request"], "request");
    for (const f of ["image", "serial", "version"]) flashField(r, f, isString, "text");
    flashField(r, "wave", isNumber, "a number");
    flashField(r, "stepTimeoutMs", isNumber, "a number");
    flashField(r, "allowGaps", (x): x is boolean => typeof x === "boolean", "true or false");
    optional(r, "standby", isString, "text");
  }
  if (o["failure"] !== undefined) {
    const f = flashObject(o["failure"], "failure");
    flashField(f, "code", isString, "text");
    flashField(f, "reason", isString, "text");
    optional(f, "step", isNumber, "a number");
    optional(f, "device", isString, "text");
  }
  flashCheck(o["state"] === "idle" || o["request"] !== undefined, "request: missing for a run");
  return o as unknown as SiteRun;
};
