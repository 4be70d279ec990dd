import type { Clock, TimerHandle } from "../core/Clock.js";
import { IpdectError, StateError } from "../core/errors.js";
import { readFlashJson } from "../core/flashJson.js";
import type { Store } from "../core/Store.js";
import { formatTime } from "../core/timeText.js";
import type { Emit } from "../role/EventLog.js";
import { parseUpdateUrl, withoutPassword } from "../update/updateUrl.js";
import { UpgradeCode } from "./errors.js";
import { HttpSiteOps, type SiteHttp, type SiteLogin } from "./HttpSiteOps.js";
import {
  prepareUpgrade,
  runUpgrade,
  type PreparedUpgrade,
  type SiteOps,
  type UpgradeOptions,
} from "./rollingUpgrade.js";
import {
  ended,
  IDLE,
  planned,
  recovered,
  siteRunShape,
  withLine,
  withStep,
  type LogLine,
  type RunFailure,
  type SiteRun,
} from "./siteRun.js";

const KEY = "upgrade/run.json";

/** What starts a run (`POST /api/site-upgrade`): `upgrade` options and the site's login, which is never kept. */
export interface SiteUpgradeRequest {
  readonly imageUrl: string;
  readonly serial: string;
  /** The image's version text; default: the serial. */
  readonly version?: string;
  readonly wave: number;
  readonly stepTimeoutMs: number;
  readonly allowGaps: boolean;
  /** The Standby Master's address; default: the peer the Master's status knows. */
  readonly standby?: string;
  readonly login: SiteLogin;
}

/** The device a run is on, read when it starts. */
export interface SiteSelf {
  readonly name: string;
  readonly ip: string;
  /** The device is the site's active PARI Master (§4.6.21). */
  readonly pariMaster: boolean;
}

export interface SiteUpgradeDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly emit: Emit;
  /** The other devices' HTTP APIs (DeviceEnv.siteHttp); absent: the world has none (the sim). */
  readonly http: SiteHttp | undefined;
  readonly self: () => SiteSelf;
}

/** The site's devices for one run: the HTTP ones (`inner`) behind the run's guard. */
type GuardedOps = SiteOps & { readonly inner: HttpSiteOps };

/** A run planned and checked, with the options its steps run with. */
interface Ready {
  readonly options: UpgradeOptions;
  readonly prepared: PreparedUpgrade;
}

/** The run of a boot that was stopped: its tasks end at their next step and write nothing more. */
class Stopped extends Error {}

/**
 * The site-wide rolling upgrade run by the PARI Master itself (§4.15.2, §4.19; docs/design.md "Rolling upgrade"): the
 * same run as `ipdect ctl upgrade` (rollingUpgrade.ts over HttpSiteOps), one at a time, its progress a record on
 * flash. The start answers once the site is planned and checked; the steps go on in the background. The Master's own
 * reset is the last step and ends this boot's run: the next boot finishes the record from flash (siteRun.ts
 * `recovered`). One per boot of a device.
 */
export class SiteUpgrade {
  readonly #deps: SiteUpgradeDeps;
  #run: SiteRun;
  #stopped = false;
  /** Writes to flash in the order they were made. */
  #saving: Promise<void> = Promise.resolve();
  /** Where the run stopped when a step did not end (progress.stuck), or a device refused its commands. */
  #stuck: { step?: number; device?: string } = {};
  /** This boot's pending waits of the run, ended by stop(). */
  readonly #waits = new Map<TimerHandle, (err: Error) => void>();

  private constructor(deps: SiteUpgradeDeps, run: SiteRun) {
    this.#deps = deps;
    this.#run = run;
  }

  /**
   * The run on flash, finished as this boot must record it (`recovered`: the Master's own reset ends a run). A damaged
   * file is set aside with a warning: it holds no state a device needs (docs/design.md "Flash you can trust").
   */
  static async load(deps: SiteUpgradeDeps, version: string): Promise<SiteUpgrade> {
    let stored: SiteRun | undefined;
    try {
      stored = await readFlashJson(deps.store, KEY, siteRunShape);
    } catch (err) {
      if (!(err instanceof IpdectError)) throw err;
      deps.emit("warning", { code: err.code, text: `${err.message}; the site upgrade's record is set aside` });
    }
    const run = stored ?? IDLE;
    const u = new SiteUpgrade(deps, run);
    const now = recovered(run, deps.self().name, version, deps.clock.now());
    if (now !== run) {
      u.#run = now;
      u.#save();
      u.#said(now.state, now.log.at(-1)?.line ?? now.state);
      await u.#saving;
    }
    return u;
  }

  /** The run: idle, running, done or failed, with its plan, steps, failure and lines. */
  status(): SiteRun {
    return this.#run;
  }

  /**
   * Starts a run: refused on a device that is not the active PARI Master, while a run is on, or where the world
   * cannot reach the site. Resolves once the site is planned and checked (a wrong password, gaps not allowed, an
   * unhealthy site are the start's errors and leave the last run's record as it was); the steps run on.
   */
  async start(r: SiteUpgradeRequest): Promise<SiteRun> {
    const { http, clock, self } = this.#deps;
    // The request's own mistakes first (400), whatever the device's state.
    parseUpdateUrl(r.imageUrl, "image");
    if (http === undefined)
      throw new StateError(UpgradeCode.NoSiteHttp, "this device cannot reach the site's HTTP APIs here");
    // The site's APIs are on the port this device serves HTTP on; port 0 turns HTTP off (§4.9.3).
    if (http.port === 0)
      throw new StateError(UpgradeCode.NoSiteHttp, "this device serves no HTTP (port 0, §4.9.3): no port for the site");
    const me = self();
    if (!me.pariMaster)
      throw new StateError(
        UpgradeCode.NotPariMaster,
        `${me.name} is not the site's active PARI Master (§4.6.21): start the upgrade there`,
      );
    if (this.#run.state === "running")
      throw new StateError(
        UpgradeCode.Running,
        `a site upgrade runs on ${me.name} since ${formatTime(this.#run.startedAt ?? Number.NaN)}`,
      );
    const request = {
      image: withoutPassword(r.imageUrl),
      serial: r.serial,
      version: r.version ?? r.serial,
      wave: r.wave,
      stepTimeoutMs: r.stepTimeoutMs,
      allowGaps: r.allowGaps,
      ...(r.standby === undefined ? {} : { standby: r.standby }),
    };
    const last = this.#run;
    // Running from here on: a second start while this one plans is refused too.
    this.#run = { ...IDLE, state: "running", request, startedAt: clock.now() };
    this.#stuck = {};
    const ops = this.#guarded(new HttpSiteOps(http, r.login, (ms) => this.#sleep(ms)));
    const lines: LogLine[] = [];
    let ready: Ready;
    try {
      ready = await this.#prepare(ops, r, request.version, me, (line) => lines.push({ t: clock.now(), line }));
      this.#live();
    } catch (err) {
      this.#run = last;
      // A reset while the site was read: this boot's run is over before it began.
      if (err instanceof Stopped)
        throw new StateError(UpgradeCode.Interrupted, `${me.name} reset while the site upgrade was planned`);
      throw err;
    }
    this.#run = planned(request, ready.prepared.plan, this.#run.startedAt!, lines);
    this.#said("started", `${request.image} (${request.version}): ${ready.prepared.plan.steps.length} steps`);
    for (const l of lines) this.#said("step", l.line);
    this.#save();
    await this.#saving;
    runUpgrade(ops, ready.prepared, ready.options).then(
      () => this.#end(),
      (err: unknown) => this.#end(err),
    );
    return this.#run;
  }

  /** The site's Masters from the PARI Master's own API (the login checked there first), the plan and its checks. */
  async #prepare(
    ops: GuardedOps,
    r: SiteUpgradeRequest,
    version: string,
    me: SiteSelf,
    say: (line: string) => void,
  ): Promise<Ready> {
    const name = await ops.inner.learn(me.ip);
    const masters = await ops.inner.masters(me.ip, name, r.standby);
    const options: UpgradeOptions = {
      imageUrl: r.imageUrl,
      serial: r.serial,
      version,
      masters,
      maxWave: r.wave,
      stepTimeoutMs: r.stepTimeoutMs,
      allowGaps: r.allowGaps,
      say: (line) => this.#line(line),
      progress: this.#progress(),
    };
    return { options, prepared: await prepareUpgrade(ops, { ...options, say }) };
  }

  /** This boot's run ends (a reset, a stop): no command, wait or write after this; waits for writes under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const [handle, reject] of this.#waits) {
      this.#deps.clock.clearTimeout(handle);
      reject(new Stopped());
    }
    this.#waits.clear();
    await this.#saving;
  }

  #progress(): NonNullable<UpgradeOptions["progress"]> {
    return {
      starting: async (i, todo) => {
        this.#live();
        this.#run = withStep({ ...this.#run, current: i }, i, {
          state: "running",
          todo,
          startedAt: this.#deps.clock.now(),
        });
        this.#save();
        await this.#saving;
      },
      ended: (i, ms) => {
        this.#live();
        this.#run = withStep(this.#run, i, { state: "done", ms });
        this.#save();
      },
      stuck: (i, device) => {
        this.#stuck = { step: i, device };
      },
    };
  }

  #end(err?: unknown): void {
    if (this.#stopped || err instanceof Stopped) return;
    const now = this.#deps.clock.now();
    if (err === undefined) {
      this.#run = ended(this.#run, now);
      this.#said("done", this.#run.log.at(-1)?.line ?? "done");
    } else {
      const failure: RunFailure = {
        code: err instanceof IpdectError ? err.code : "INTERNAL",
        reason: err instanceof Error ? err.message : String(err),
        ...(this.#run.current === undefined ? {} : { step: this.#run.current }),
        ...this.#stuck,
      };
      this.#run = ended(withLine(this.#run, { t: now, line: `failed: ${failure.reason}` }), now, failure);
      this.#said("failed", failure.reason);
    }
    this.#save();
  }

  /** A line of the run: in its log and as a `command` event (as the sim's upgrade fault says its steps). */
  #line(line: string): void {
    this.#live();
    this.#run = withLine(this.#run, { t: this.#deps.clock.now(), line });
    this.#said("step", line);
    this.#save();
  }

  #said(result: string, reason: string): void {
    this.#deps.emit("command", { command: "upgrade", result, reason });
  }

  #save(): void {
    const bytes = new TextEncoder().encode(JSON.stringify(this.#run));
    this.#saving = this.#saving
      .then(() => this.#deps.store.put(KEY, bytes))
      .catch((err: unknown) =>
        this.#deps.emit("warning", {
          code: err instanceof IpdectError ? err.code : "INTERNAL",
          text: `the site upgrade's record: ${String(err)}`,
        }),
      );
  }

  #live(): void {
    if (this.#stopped) throw new Stopped();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#stopped) return reject(new Stopped());
      const handle = this.#deps.clock.setTimeout(() => {
        this.#waits.delete(handle);
        resolve();
      }, ms);
      this.#waits.set(handle, reject);
    });
  }

  /**
   * The site's devices as the run reaches them, each call refused once the boot's run is stopped (an abandoned poll
   * must not start the next step), and a device that refuses its commands named as the failure's device.
   */
  #guarded(inner: HttpSiteOps): GuardedOps {
    const live = <T>(f: () => Promise<T>): Promise<T> => {
      this.#live();
      return f();
    };
    return {
      inner,
      overviews: () => live(() => inner.overviews()),
      status: (d) => live(() => inner.status(d)),
      run: (d, lines) =>
        live(() =>
          inner.run(d, lines).catch((err: unknown) => {
            this.#stuck = { ...(this.#run.current === undefined ? {} : { step: this.#run.current }), device: d };
            throw err;
          }),
        ),
      sleep: (ms) => live(() => inner.sleep(ms)),
    };
  }
}
