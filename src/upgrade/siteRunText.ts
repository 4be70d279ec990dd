import { formatFields, listText, type Field } from "../core/textTable.js";
import { formatElapsed, formatTime } from "../core/timeText.js";
import type { SiteRun } from "./siteRun.js";

/** Lines of the run's log `ipdect ctl site-upgrade` shows (the JSON has them all). */
const LINES_SHOWN = 20;

/** A PARI Master's site upgrade for people (`ipdect ctl site-upgrade`): the run, its steps, its last lines. */
export function siteRunText(run: SiteRun): string {
  if (run.state === "idle") return "no site upgrade has run on this device\n";
  const r = run.request!;
  const f = run.failure;
  const rows: Field[] = [
    ["state", run.state],
    ["image", `${r.image} (build serial ${r.serial}, version ${r.version})`],
    ["wave", r.wave],
    ["step timeout", formatElapsed(r.stepTimeoutMs)],
    ["allow gaps", r.allowGaps ? "yes" : "no"],
    ...(r.standby === undefined ? [] : [["standby", r.standby] as const]),
    ["started", formatTime(run.startedAt ?? Number.NaN)],
    ...(run.endedAt === undefined ? [] : [["ended", formatTime(run.endedAt)] as const]),
    ...(run.current === undefined ? [] : [["step", `${run.current + 1} of ${run.steps.length}`] as const]),
    ...(f === undefined ? [] : [["failure", `${f.code}: ${f.reason}`] as const]),
    ...(f?.device === undefined ? [] : [["device", f.device] as const]),
  ];
  const steps = run.steps.map((s, i) => [
    String(i + 1),
    s.kind,
    s.state,
    s.ms === undefined ? "" : formatElapsed(s.ms),
    s.devices.join(" "),
  ]);
  const log = run.log.slice(-LINES_SHOWN).map((l) => `${formatTime(l.t)}  ${l.line}`);
  return [
    `${formatFields(rows)}\n`,
    listText(["step", "kind", "state", "took", "devices"], steps, "no steps planned"),
    log.length === 0 ? "" : `${log.join("\n")}\n`,
  ].join("\n");
}
