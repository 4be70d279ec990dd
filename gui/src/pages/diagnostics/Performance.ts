import { useEffect, useState } from "preact/hooks";
import { get } from "../../api.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import { dateText } from "../../session.js";
import { PerformanceGraph, type Frame, type Series } from "./PerformanceGraph.js";

/** GET /api/performance (src/device/PerformanceHistory.ts PerformanceView). */
interface PerformanceAnswer {
  readonly now: number;
  readonly intervalMs: number;
  readonly windowMs: number;
  readonly times: readonly number[];
  readonly series: readonly Series[];
}

const HOUR_MS = 3_600_000;

/**
 * How long a time frame of the 24 hours is (§4.23.5: the arrows "see different time frames"): an hour shows a device
 * that booted minutes ago, 6 hours a shift, 24 the whole window.
 */
const FRAME_FIELD: FieldSpec = {
  key: "frameHours",
  label: "Time frame",
  kind: "select",
  options: [
    ["1", "1 hour"],
    ["6", "6 hours"],
    ["24", "24 hours"],
  ],
};

/** Frame `back` (0: the newest, ending now) of `ms` in the window ending `now`. */
function frameOf(now: number, ms: number, back: number): Frame {
  const end = now - back * ms;
  const start = end - ms;
  return { start, end, text: `${dateText(start)} to ${dateText(end)}` };
}

/**
 * Diagnostics → Performance (§4.23.5): "Select the check box(es) for the desired performance statistics. Click OK.
 * One window shows statistics for the last 24 hours. The maximum possible value is displayed in the top-left corner.
 * Click the left or right arrow buttons to see different time frames." The device samples once a minute; the page
 * reads the samples again as often, so the newest frame follows the device's clock.
 */
export function PerformancePage(): View {
  const perf = useLoad(() => get<PerformanceAnswer>("/api/performance"));
  const { reload, data } = perf;
  const intervalMs = data?.intervalMs;
  useEffect(() => {
    if (intervalMs === undefined) return;
    const timer = setInterval(reload, intervalMs);
    return () => clearInterval(timer);
  }, [reload, intervalMs]);
  const [shown, setShown] = useState<readonly string[]>([]);
  const [frameMs, setFrameMs] = useState(6 * HOUR_MS);
  const [back, setBack] = useState(0);
  if (perf.error !== undefined) return html`<p class="error" role="alert">${perf.error.message}</p>`;
  if (data === undefined) return html`<p role="status">Loading…</p>`;
  const specs: FieldSpec[] = data.series.map((s) => ({
    key: s.parameter,
    label: s.label,
    kind: "checkbox",
    ...(s.note === undefined ? {} : { hint: s.note }),
  }));
  const show = (values: Values) => {
    const ticked = data.series.filter((s) => values[s.parameter] === true);
    setShown(ticked.map((s) => s.parameter));
    setFrameMs(Number(values[FRAME_FIELD.key]) * HOUR_MS);
    setBack(0);
    return Promise.resolve(
      ticked.length === 0 ? "No parameter ticked." : `Showing ${ticked.map((s) => s.label).join(", ")}.`,
    );
  };
  const frames = Math.ceil(data.windowMs / frameMs);
  const frame = frameOf(data.now, frameMs, back);
  const graphs = data.series.filter((s) => shown.includes(s.parameter));
  return html`<${SettingsForm}
      title="Performance parameters"
      specs=${[...specs, FRAME_FIELD]}
      initial=${{ ...Object.fromEntries(specs.map((s) => [s.key, false])), [FRAME_FIELD.key]: String(frameMs / HOUR_MS) }}
      onSubmit=${show}
    />
    ${
      graphs.length === 0
        ? null
        : html`<section aria-label="Performance graphs">
            <div class="actions">
              <button
                type="button"
                class="secondary"
                aria-label="Earlier time frame"
                title="Earlier time frame"
                disabled=${back >= frames - 1}
                onClick=${() => setBack(back + 1)}
              >
                ◀
              </button>
              <button
                type="button"
                class="secondary"
                aria-label="Later time frame"
                title="Later time frame"
                disabled=${back === 0}
                onClick=${() => setBack(back - 1)}
              >
                ▶
              </button>
              <p aria-live="polite">
                Time frame: ${frame.text} (${data.times.length === 1 ? "1 sample" : `${data.times.length} samples`} in
                the last 24 hours)
              </p>
            </div>
            ${graphs.map(
              (s) =>
                html`<${PerformanceGraph}
                  key=${s.parameter}
                  series=${s}
                  times=${data.times}
                  frame=${frame}
                  intervalMs=${data.intervalMs}
                />`,
            )}
          </section>`
    }`;
}
