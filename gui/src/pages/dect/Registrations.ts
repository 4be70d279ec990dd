import { useState } from "preact/hooks";
import { get } from "../../api.js";
import { SortTable, type Column } from "../../components/SortTable.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";

/** GET /api/sip (src/sip/Gatekeeper.ts GatekeeperStatus): the parts shown. */
interface GatekeeperStatus {
  readonly protocol: string;
  readonly proxies: readonly string[];
  readonly domain: string;
  readonly mode: string;
  readonly state: string;
  readonly reason?: string;
  readonly users: {
    readonly total: number;
    readonly registered: number;
    readonly registering: number;
    readonly waiting: number;
    readonly failed: number;
  };
  readonly downProxies: readonly string[];
}

/** GET /api/sip/registrations: one user's registration with the gatekeeper. */
interface Registration {
  readonly number: string;
  readonly aor: string;
  readonly authUser: string;
  readonly state: string;
  readonly target?: string;
  readonly expiresInS?: number;
  readonly lastStatus?: number;
  readonly reason?: string;
}

const COLUMNS: readonly Column<Registration>[] = [
  { key: "number", label: "Number", value: (r) => r.number },
  { key: "aor", label: "Address of record", value: (r) => r.aor },
  { key: "state", label: "State", value: (r) => r.state },
  { key: "target", label: "Registered at", value: (r) => r.target ?? "" },
  { key: "expires", label: "Expires in (s)", value: (r) => r.expiresInS ?? -1, cell: (r) => r.expiresInS ?? "" },
  { key: "status", label: "Last answer", value: (r) => r.lastStatus ?? 0, cell: (r) => r.lastStatus ?? "" },
  { key: "reason", label: "Reason", value: (r) => r.reason ?? "" },
];

/** How many registrations the list shows at once. */
const LIST_LIMIT = 1000;

/**
 * The gatekeeper's registration of every user (§4.6.23): counts by state, proxies down, and each user's state,
 * filtered by Number or state.
 */
export function RegistrationsPage(): View {
  const gk = useLoad(() =>
    Promise.all([get<GatekeeperStatus>("/api/sip"), get<Registration[]>("/api/sip/registrations")]),
  );
  const [filter, setFilter] = useState("");
  if (gk.error !== undefined) return html`<p class="error" role="alert">${gk.error.message}</p>`;
  if (gk.data === undefined) return html`<p role="status">Loading…</p>`;
  const [s, regs] = gk.data;
  const u = s.users;
  const t = filter.trim().toLowerCase();
  const shown = t === "" ? regs : regs.filter((r) => r.number.startsWith(t) || r.state.startsWith(t));
  return html`<dl class="facts">
      <dt>Gatekeeper</dt>
      <dd>${s.state}${s.reason === undefined ? "" : `: ${s.reason}`} (${s.mode})</dd>
      <dt>Protocol</dt>
      <dd>${s.protocol}</dd>
      <dt>Proxies</dt>
      <dd>${s.proxies.join(", ")}${s.downProxies.length === 0 ? "" : ` (down: ${s.downProxies.join(", ")})`}</dd>
      <dt>Users</dt>
      <dd>
        ${`${u.total}: ${u.registered} registered, ${u.registering} registering, ${u.waiting} waiting, ${u.failed} failed`}
      </dd>
    </dl>
    <form class="inline" aria-label="Filter registrations" onSubmit=${(e: Event) => e.preventDefault()}>
      <label for="registrations-filter">Number or state</label>
      <input
        id="registrations-filter"
        type="search"
        value=${filter}
        onInput=${(e: Event) => setFilter((e.target as HTMLInputElement).value)}
      />
      <button type="button" class="secondary" onClick=${gk.reload}>Refresh</button>
    </form>
    <${SortTable}
      caption=${`Registrations: ${shown.length}`}
      columns=${COLUMNS}
      rows=${shown}
      rowKey=${(r: Registration) => r.number}
      limit=${LIST_LIMIT}
    />`;
}
