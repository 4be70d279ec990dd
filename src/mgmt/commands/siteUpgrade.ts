import { isIpv4 } from "../../core/config/ipv4.js";
import { DecodeError } from "../../core/errors.js";
import { parseDuration } from "../../core/duration.js";
import { DEFAULT_STEP_TIMEOUT_MS, DEFAULT_WAVE } from "../../upgrade/rollingUpgrade.js";
import type { SiteUpgradeRequest } from "../../upgrade/SiteUpgrade.js";
import type { SiteRun } from "../../upgrade/siteRun.js";
import { siteRunText } from "../../upgrade/siteRunText.js";
import { command, type Command } from "../command.js";
import { said, shown } from "../ctlText.js";
import { MgmtCode } from "../errors.js";
import { body } from "../params.js";
import { ClockMs, List, OneOf, S } from "../schema.js";
import { jsonValue } from "../sectionEdit.js";

/** The most radios of one wave: a PARI Master's radios (§4.6.21, 2047 RFPs is the largest system, §4.6.34). */
const WAVE_MAX = 2047;

const Step = S.Object({
  kind: OneOf(["standby-mobility-master", "mobility-master", "radios", "standby-master", "master"]),
  devices: List(S.String()),
  state: OneOf(["waiting", "running", "done", "failed"]),
  todo: S.Optional(List(S.String(), { description: "the devices the step gave its commands to" })),
  startedAt: S.Optional(ClockMs("when its commands went out")),
  ms: S.Optional(S.Number({ description: "how long until its devices were back and the site healthy" })),
});

/** GET /api/site-upgrade (src/upgrade/siteRun.ts SiteRun). */
const SiteRunSchema = S.Object(
  {
    state: OneOf(["idle", "running", "done", "failed"]),
    request: S.Optional(
      S.Object({
        image: S.String({ description: "the image URL, its password masked" }),
        serial: S.String(),
        version: S.String(),
        wave: S.Number(),
        stepTimeoutMs: S.Number(),
        allowGaps: S.Boolean(),
        standby: S.Optional(S.String()),
      }),
    ),
    startedAt: S.Optional(ClockMs("the run's start")),
    endedAt: S.Optional(ClockMs("the run's end")),
    gaps: List(S.String(), { description: "what the plan cannot keep covered (allowed by allowGaps)" }),
    steps: List(Step, { description: "§4.15.2's sequence: the Masters and the waves of radios" }),
    current: S.Optional(S.Number({ description: "the step running or last run (index into steps)" })),
    failure: S.Optional(
      S.Object({
        code: S.String({ description: "docs/errors.md" }),
        reason: S.String(),
        step: S.Optional(S.Number()),
        device: S.Optional(S.String()),
      }),
    ),
    log: List(S.Object({ t: ClockMs("when"), line: S.String() }), { description: "the run's lines, as ctl upgrade's" }),
  },
  { description: "the PARI Master's site upgrade (§4.15.2)" },
);

/** The start's body (what the API checks before `read`). */
const StartSchema = S.Object(
  {
    image: S.String({ minLength: 1, maxLength: 1024, description: "the firmware URL for prot (App. A.1.4)" }),
    serial: S.String({ minLength: 1, maxLength: 32, description: "the image's build serial" }),
    version: S.Optional(S.String({ minLength: 1, maxLength: 32, description: "its version text; default: serial" })),
    wave: S.Optional(S.Integer({ minimum: 1, maximum: WAVE_MAX, description: `default ${DEFAULT_WAVE}` })),
    stepTimeout: S.Optional(S.String({ description: "a duration, e.g. 10m (default)" })),
    allowGaps: S.Optional(S.Boolean()),
    standby: S.Optional(S.String({ description: "the Standby Master's IPv4 address; default: the Master's peer" })),
    password: S.String({
      minLength: 1,
      maxLength: 64,
      description: "the site's admin password (§3.4.2): used for this run only, never stored or shown",
    }),
  },
  { additionalProperties: false },
);

type Start = Omit<SiteUpgradeRequest, "login"> & { readonly password: string };

const bad = (field: string, why: string) => new DecodeError(MgmtCode.BadField, `${field}: ${why}`, { field });

/** The start's body, checked field by field (ctl and in-process callers reach here without the API's schema). */
function startRequest(text: string): Start {
  const v = jsonValue(text);
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw bad("request body", "not a JSON object");
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!(k in StartSchema.properties)) throw bad(k, "not a field of the start");
  const textOf = (k: string, required: boolean, max: number): string | undefined => {
    const x = o[k];
    if (x === undefined && !required) return undefined;
    if (typeof x !== "string" || x.length === 0 || x.length > max) throw bad(k, `must be a text of 1 to ${max}`);
    return x;
  };
  const wave = o["wave"] ?? DEFAULT_WAVE;
  if (typeof wave !== "number" || !Number.isInteger(wave) || wave < 1 || wave > WAVE_MAX)
    throw bad("wave", `must be a whole number from 1 to ${WAVE_MAX}`);
  const allowGaps = o["allowGaps"] ?? false;
  if (typeof allowGaps !== "boolean") throw bad("allowGaps", "must be true or false");
  const standby = textOf("standby", false, 15);
  if (standby !== undefined && !isIpv4(standby)) throw bad("standby", "must be an IPv4 address");
  const version = textOf("version", false, 32);
  const stepTimeout = textOf("stepTimeout", false, 32);
  return {
    imageUrl: textOf("image", true, 1024)!,
    serial: textOf("serial", true, 32)!,
    ...(version === undefined ? {} : { version }),
    wave,
    stepTimeoutMs: stepTimeout === undefined ? DEFAULT_STEP_TIMEOUT_MS : parseDuration(stepTimeout, "stepTimeout"),
    allowGaps,
    ...(standby === undefined ? {} : { standby }),
    password: textOf("password", true, 64)!,
  };
}

/** The site-wide rolling upgrade run by the PARI Master itself (§4.15.2, §4.19; docs/user-guide.md "Rolling upgrade"). */
export const SITE_UPGRADE_COMMANDS: readonly Command[] = [
  command({
    name: "site-upgrade",
    summary: "the site upgrade this PARI Master runs or ran (§4.15.2): state, plan, steps, failure and the run's lines",
    need: "auditor",
    method: "GET",
    path: "/api/site-upgrade",
    params: {},
    response: SiteRunSchema,
    run: (on) => on.device.siteUpgrade().status(),
    ctl: { text: shown(siteRunText) },
  }),
  command({
    name: "site-upgrade-start",
    summary:
      "start the site-wide rolling upgrade on the PARI Master (§4.15.2): answers once planned and checked, then runs; 409 while one runs",
    need: "system-admin",
    method: "POST",
    path: "/api/site-upgrade",
    params: {
      start: {
        ...body(startRequest),
        media: "application/json",
        schema: StartSchema,
        ctl: { positional: "<start.json>", file: true },
      },
    },
    status: 202,
    response: SiteRunSchema,
    run: (on, a) => {
      const { password, ...rest } = a.start;
      return on.device.siteUpgrade().start({ ...rest, login: { user: on.device.admin().account.user, password } });
    },
    ctl: {
      text: said<SiteRun>(
        (a) => `site upgrade started: ${a.steps.length} steps${a.gaps.length === 0 ? "" : `, ${a.gaps.length} gaps`}`,
      ),
    },
  }),
];
