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

/** How often the lists are read again while the page is open: an alarm shows within this time. */
const LIVE_MS = 2000;

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

/** Reads `load()` now and every LIVE_MS while the page is open. */
function useLive<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const loaded = useLoad(load, deps);
  const { reload } = loaded;
  useEffect(() => {
    const timer = setInterval(reload, LIVE_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return loaded;
}

/**
 * Diagnostics → Alarms (§4.23.3): the active alarms, read again every 2 s; on a PARI Master the whole system's, with
 * the Remote that reported each (§4.6.33).
 */
export function AlarmsPage({ status }: PageProps): View {
  const system = status.pari !== undefined;
  const alarms = useLive(() => get<ActiveAlarm[]>(`/api/alarms?system=${system}`), [system]);
  if (alarms.error !== undefined) return html`<p class="error" role="alert">${alarms.error.message}</p>`;
  const rows = [...(alarms.data ?? [])].sort((a, b) => b.since - a.since);
  const scope = system
    ? "Every active alarm of the system, with the radio that reported it (Remote)."
    : "The active alarms.";
  return html`<p class="note">${`${scope} Read again every ${LIVE_MS / 1000} s.`}</p>
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
