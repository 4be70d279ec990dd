import { useEffect } from "preact/hooks";
import { call, expectSessionEnd, get } from "../../api.js";
import { ipv4, required, wholeNumber } from "../../checks.js";
import { Facts } from "../../components/facts.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import { optText } from "../../settings.js";

/** GET /api/site-upgrade (src/upgrade/siteRun.ts SiteRun): the parts the page shows. */
interface Step {
  readonly kind: string;
  readonly devices: readonly string[];
  readonly state: "waiting" | "running" | "done" | "failed";
  readonly ms?: number;
}

interface Run {
  readonly state: "idle" | "running" | "done" | "failed";
  readonly request?: { readonly image: string; readonly serial: string; readonly version: string };
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly gaps: readonly string[];
  readonly steps: readonly Step[];
  readonly current?: number;
  readonly failure?: { readonly code: string; readonly reason: string; readonly device?: string };
  readonly log: readonly { readonly t: number; readonly line: string }[];
}

/** What the login page says when the session ends during a run: most likely the Master's own reset, its last step. */
const RESET_NOTICE =
  "The session ended while the site upgrade runs: the PARI Master resets itself in its last step. Log in again to follow the run.";

/** How often the run is read again while the page is open. */
const POLL_MS = 2000;
/** The most radios of one wave (the device's limit). */
const WAVE_MAX = 2047;

const SPECS: readonly FieldSpec[] = [
  {
    key: "image",
    label: "Image URL",
    kind: "text",
    check: (v) =>
      required(v) ??
      (/^(https?|tftp):\/\//i.test(v.trim()) ? undefined : "must start with http://, https:// or tftp://"),
    hint: "The firmware for prot (App. A.1.4); a folder ending in / takes each product's file name (ipbs2.bin, ipvm.bin …).",
  },
  {
    key: "serial",
    label: "Build serial",
    kind: "text",
    check: (v) =>
      required(v) ?? (/^\S{1,32}$/.test(v.trim()) ? undefined : "must be one word of at most 32 characters"),
  },
  { key: "version", label: "Version", kind: "text", hint: "The image's version text; empty: the build serial." },
  {
    key: "wave",
    label: "Wave",
    kind: "number",
    check: wholeNumber(1, WAVE_MAX),
    hint: "Radios reset at once at most.",
  },
  { key: "stepTimeout", label: "Step timeout", kind: "text", check: required, hint: "e.g. 10m, 90s." },
  {
    key: "standby",
    label: "Standby Master",
    kind: "text",
    check: ipv4(true),
    hint: "Its IP address; empty: the peer this Master knows (§4.6.19).",
  },
  {
    key: "allowGaps",
    label: "Allow gaps",
    kind: "checkbox",
    hint: "Go on although a radio has no neighbour, a region one sync master candidate, or the Master no Standby.",
  },
  {
    key: "password",
    label: "Admin password of the site",
    kind: "password",
    check: required,
    hint: "Every device of the site takes the same login (§3.4.2); used for this run only, never stored.",
  },
];

const INITIAL: Values = {
  image: "",
  serial: "",
  version: "",
  wave: "10",
  stepTimeout: "10m",
  standby: "",
  allowGaps: false,
  password: "",
};

const time = (t: number | undefined) =>
  t === undefined ? undefined : new Date(t).toISOString().replace("T", " ").slice(0, 19) + "Z";
const seconds = (ms: number | undefined) => (ms === undefined ? "" : `${Math.round(ms / 1000)} s`);

/** The run: its facts, its steps and their outcomes, and its lines. */
function Progress({ run }: { readonly run: Run }): View {
  if (run.state === "idle") return html`<p>No site upgrade has run on this device.</p>`;
  const step = run.current === undefined ? undefined : run.steps[run.current];
  return html`<${Facts}
      label="Site upgrade"
      items=${[
        ["State", run.state],
        [
          "Image",
          run.request === undefined
            ? undefined
            : `${run.request.image} (${run.request.version}, build serial ${run.request.serial})`,
        ],
        ["Started", time(run.startedAt)],
        ["Ended", time(run.endedAt)],
        ["Step", step === undefined ? undefined : `${run.current! + 1} of ${run.steps.length}: ${step.kind}`],
        ["Failure", run.failure === undefined ? undefined : `${run.failure.reason} (${run.failure.code})`],
        ["Failed device", run.failure?.device],
        ["Gaps", run.gaps.length === 0 ? undefined : run.gaps.join("; ")],
      ]}
    />
    <table class="list">
      <caption>
        Steps (§4.15.2)
      </caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Kind</th>
          <th scope="col">Devices</th>
          <th scope="col">State</th>
          <th scope="col">Took</th>
        </tr>
      </thead>
      <tbody>
        ${run.steps.map(
          (s, i) =>
            html`<tr key=${i}>
              <td>${i + 1}</td>
              <td>${s.kind}</td>
              <td>${s.devices.join(", ")}</td>
              <td>${s.state}</td>
              <td>${seconds(s.ms)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Log</h2>
    <pre class="log" aria-label="Run log">${run.log.map((l) => `${time(l.t)}  ${l.line}`).join("\n")}</pre>`;
}

/**
 * Update → Site Upgrade, on the site's PARI Master: the site-wide rolling upgrade beyond what the manual automates
 * (§4.15.2, §4.19; docs/user-guide.md "Rolling upgrade"). The Master plans the waves, upgrades every device in order
 * and resets itself last; the page follows the run, and after that reset (which ends the session) shows how it ended.
 */
export function SiteUpgradePage({ status, canWrite }: PageProps): View {
  const run = useLoad(() => get<Run>("/api/site-upgrade"));
  const { reload } = run;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  // The run as last read (a failed read keeps it): while it runs, the Master resets itself in its last step.
  const r = run.data;
  const running = r?.state === "running";
  // Whichever call of the GUI finds the session gone then (this page's, the header's), the login page says why.
  useEffect(() => {
    expectSessionEnd(running ? RESET_NOTICE : undefined);
    return () => expectSessionEnd(undefined);
  }, [running]);
  if (status.pari?.active !== true)
    return html`<p class="note">
      Only the site's active PARI Master runs the site upgrade: it knows the site's radios (§4.6.21). This device is
      not; open this page on the PARI Master.
    </p>`;
  const start = async (v: Values) => {
    const version = optText(v["version"]);
    const standby = optText(v["standby"]);
    const a = await call<Run>("POST", "/api/site-upgrade", {
      json: {
        image: String(v["image"]).trim(),
        serial: String(v["serial"]).trim(),
        ...(version === undefined ? {} : { version }),
        wave: Number(v["wave"]),
        stepTimeout: String(v["stepTimeout"]).trim(),
        allowGaps: v["allowGaps"] === true,
        ...(standby === undefined ? {} : { standby }),
        password: String(v["password"]),
      },
    });
    reload();
    return `Started: ${a.steps.length} steps. The Master resets itself last.`;
  };
  const wait =
    r === undefined
      ? run.error === undefined
        ? html`<p role="status">Loading…</p>`
        : html`<p class="error" role="alert">${run.error.message}</p>`
      : null;
  return html`<p>
      Upgrades every device of the site in §4.15.2's order: the radios in waves that keep every area covered and every
      sync region with a source, then the Standby Master, then this Master, which resets itself last.
    </p>
    <${SettingsForm}
      title="Start site upgrade"
      specs=${SPECS}
      initial=${INITIAL}
      submitLabel="Start"
      onSubmit=${canWrite ? start : undefined}
    />
    <h2>Progress</h2>
    ${wait ?? html`<${Progress} run=${r} />`}
    ${r !== undefined && run.error !== undefined && run.error.status !== 401 ? html`<p class="note">The device does not answer now: ${run.error.message}</p>` : null}`;
}
