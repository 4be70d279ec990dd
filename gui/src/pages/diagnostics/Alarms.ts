import { useEffect, useState } from "preact/hooks";
import { call, get } from "../../api.js";
import { SortTable, type Column } from "../../components/SortTable.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import { dateText } from "../../session.js";

/** An active alarm (§4.23.3). */
interface ActiveAlarm {
  readonly code: string;
  readonly severity: string;
  readonly text: string;
  readonly source?: string;
  readonly since: number;
  readonly remote?: string;
}

/** An entry of the history (§4.23.4). */
interface HistoryEntry {
  readonly time: number;
  readonly type: string;
  readonly code: string;
  readonly severity: string;
  readonly text: string;
  readonly source?: string;
  readonly remote?: string;
}

/** The device's events as they happen (GET /api/events/stream, Server-Sent Events). */
const STREAM = "/api/events/stream";

/** Events close together (a Master's radios all raising at once) make one read, this long after the first. */
const SETTLE_MS = 200;

/** The events that change the lists: an alarm of this device, and the notifications its radios' alarms make. */
const ALARM_EVENTS = ["alarm", "alarm-cleared", "alarm-timeout", "event", "notification"];

/** A radio's forwarded alarm (§4.6.33) may come without an event of this device: read again this often anyway. */
const FALLBACK_MS = 10_000;

const ALARM_COLUMNS: readonly Column<ActiveAlarm>[] = [
  { key: "since", label: "Time", value: (a) => a.since, cell: (a) => dateText(a.since) },
  { key: "code", label: "Code", value: (a) => a.code },
  { key: "severity", label: "Severity", value: (a) => a.severity },
  { key: "text", label: "Text", value: (a) => a.text },
  { key: "source", label: "Source", value: (a) => a.source ?? "" },
  { key: "remote", label: "Remote", value: (a) => a.remote ?? "" },
];

const HISTORY_COLUMNS: readonly Column<HistoryEntry>[] = [
  { key: "time", label: "Time", value: (e) => e.time, cell: (e) => dateText(e.time) },
  { key: "type", label: "Type", value: (e) => e.type },
  { key: "code", label: "Code", value: (e) => e.code },
  { key: "severity", label: "Severity", value: (e) => e.severity },
  { key: "text", label: "Text", value: (e) => e.text },
  { key: "source", label: "Source", value: (e) => e.source ?? "" },
];

/**
 * Reads `load()` now and again whenever the device reports an event while the page is open: the event stream tells
 * the page at once, so an alarm shows as soon as it is raised (the browser's EventSource reconnects by itself).
 */
function useLive<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const loaded = useLoad(load, deps);
  const { reload } = loaded;
  useEffect(() => {
    const events = new EventSource(STREAM);
    let pending: ReturnType<typeof setTimeout> | undefined;
    const onEvent = () => {
      pending ??= setTimeout(() => {
        pending = undefined;
        reload();
      }, SETTLE_MS);
    };
    for (const kind of ALARM_EVENTS) events.addEventListener(kind, onEvent);
    // A reconnect may have missed events: read again.
    events.onopen = onEvent;
    const fallback = setInterval(reload, FALLBACK_MS);
    return () => {
      events.close();
      clearInterval(fallback);
      if (pending !== undefined) clearTimeout(pending);
    };
  }, [reload]);
  return loaded;
}

/**
 * Diagnostics → Alarms (§4.23.3): the active alarms, updated live from the event stream; on a PARI Master the whole
 * system's, with the Remote that reported each (§4.6.33).
 */
export function AlarmsPage({ status }: PageProps): View {
  const system = status.pari !== undefined;
  const alarms = useLive(() => get<ActiveAlarm[]>(`/api/alarms?system=${system}`), [system]);
  if (alarms.error !== undefined) return html`<p class="error" role="alert">${alarms.error.message}</p>`;
  const rows = [...(alarms.data ?? [])].sort((a, b) => b.since - a.since);
  const scope = system
    ? "Every active alarm of the system, with the radio that reported it (Remote)."
    : "The active alarms.";
  return html`<p class="note">${`${scope} Updated live as the device reports events.`}</p>
    <div aria-live="polite">
      <${SortTable}
        caption=${`Active alarms: ${rows.length}`}
        columns=${ALARM_COLUMNS}
        rows=${rows}
        rowKey=${(a: ActiveAlarm) => `${a.remote ?? ""} ${a.code} ${a.source ?? ""}`}
      />
    </div>`;
}

/** Diagnostics → Events (§4.23.4): alarms issued, cleared and timed out, and errors; Clear empties the history. */
export function EventsPage({ canWrite }: PageProps): View {
  const events = useLive(() => get<HistoryEntry[]>("/api/alarms/events"), []);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const clear = () =>
    call<{ count: number }>("POST", "/api/alarms/events/clear").then((r) => {
      setMessage(`Cleared ${r.count} entries; active alarms stay.`);
      events.reload();
    });
  if (events.error !== undefined) return html`<p class="error" role="alert">${events.error.message}</p>`;
  const rows = [...(events.data ?? [])].sort((a, b) => b.time - a.time);
  return html`${
      canWrite
        ? html`<div class="actions"><button type="button" class="secondary" onClick=${clear}>Clear</button></div>`
        : null
    }
    ${message === undefined ? null : html`<p class="done" role="status">${message}</p>`}
    <${SortTable}
      caption=${`Events: ${rows.length}`}
      columns=${HISTORY_COLUMNS}
      rows=${rows}
      rowKey=${(e: HistoryEntry) => `${e.time} ${e.type} ${e.code} ${e.source ?? ""}`}
    />`;
}
