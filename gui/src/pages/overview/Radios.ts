import { useEffect, useState } from "preact/hooks";
import { ApiError, call, get } from "../../api.js";
import { SortTable, type Column } from "../../components/SortTable.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import { AddRadio, MoveRfpi } from "./dialogs.js";

/** GET /api/radios: the device overview of a PARI Master (src/pari/overview.ts). */
export interface Overview {
  readonly systemId: number;
  readonly pari: string;
  readonly capacity: { readonly IPBS: number; readonly IPBL: number };
  readonly radios: readonly Radio[];
  readonly static: readonly StaticRadio[];
  readonly uninitialized: readonly Uninitialized[];
  readonly collisions: readonly { readonly rfpi: string; readonly macs: readonly string[] }[];
}

export interface Radio {
  readonly name: string;
  readonly deviceName: string;
  readonly mac: string;
  readonly kind: string;
  readonly rfpis: readonly string[];
  readonly ip: string;
  readonly sync: string;
  readonly region: number;
  readonly version: string;
  readonly connectedMs: number;
}

export type StaticRadio = Pick<Radio, "name" | "deviceName" | "mac" | "kind" | "rfpis" | "region">;
export type Uninitialized = Pick<Radio, "name" | "mac" | "kind" | "ip" | "version">;

/** How often the overview is read again: radios connect and announce themselves while it is open. */
const REFRESH_MS = 5000;

/** §4.11.1 Connected Time: the elapsed time since connected to the Master, as d h m s. */
export function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), "d"],
    [Math.floor(s / 3600) % 24, "h"],
    [Math.floor(s / 60) % 60, "m"],
    [s % 60, "s"],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return first === -1
    ? "0s"
    : parts
        .slice(first)
        .map(([n, u]) => `${n}${u}`)
        .join(" ");
}

/** The radios whose name, Device Name, MAC, IP address, RFPI, sync state or region contain `text` (letter case aside). */
export function filterRadios(radios: readonly Radio[], text: string): readonly Radio[] {
  const t = text.trim().toLowerCase();
  if (t === "") return radios;
  return radios.filter((r) =>
    [r.name, r.deviceName, r.mac, r.ip, r.sync, String(r.region), r.version, ...r.rfpis].some((v) =>
      v.toLowerCase().includes(t),
    ),
  );
}

/** The address of a radio's own GUI: the same scheme and port as this device's (§4.11.1 "click on the IP address"). */
const guiOf = (ip: string) => `${location.protocol}//${ip}${location.port === "" ? "" : `:${location.port}`}/`;

const RADIO_COLUMNS: readonly Column<Radio>[] = [
  { key: "name", label: "Name", value: (r) => r.name },
  { key: "rfpi", label: "RFPI", value: (r) => r.rfpis.join(" ") },
  { key: "ip", label: "IP Address", value: (r) => r.ip, cell: (r) => html`<a href=${guiOf(r.ip)}>${r.ip}</a>` },
  { key: "sync", label: "Sync", value: (r) => r.sync },
  { key: "region", label: "Region", value: (r) => r.region },
  { key: "deviceName", label: "Device Name", value: (r) => r.deviceName },
  { key: "version", label: "Version", value: (r) => r.version },
  { key: "connected", label: "Connected Time", value: (r) => r.connectedMs, cell: (r) => elapsed(r.connectedMs) },
];

/**
 * Device Overview → Radios (§4.11.1) of a PARI Master: the connected radios, sortable by every heading and filtered by
 * any text, the Static Registrations with Delete and Move, the Uninitialized Registrations with Add (plug and play,
 * §3.11), and RFPI collisions.
 */
export function RadiosPage({ canWrite }: PageProps): View {
  const overview = useLoad(() => get<Overview>("/api/radios"));
  const { reload } = overview;
  const [filter, setFilter] = useState("");
  const [adding, setAdding] = useState<Uninitialized | undefined>(undefined);
  const [moving, setMoving] = useState<StaticRadio | undefined>(undefined);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const o = overview.data;
  if (overview.error !== undefined) return html`<p class="error" role="alert">${overview.error.message}</p>`;
  if (o === undefined) return html`<p role="status">Loading…</p>`;
  const done = (text: string) => {
    setAdding(undefined);
    setMoving(undefined);
    setMessage({ ok: true, text });
    reload();
  };
  const remove = (r: StaticRadio) => () =>
    call("DELETE", `/api/radios/${r.mac}`).then(
      () => done(`Deleted ${r.name}: its RFPI is released.`),
      (e: unknown) => setMessage({ ok: false, text: e instanceof ApiError ? e.message : String(e) }),
    );
  const shown = filterRadios(o.radios, filter);
  return html`<dl class="facts">
      <dt>System ID</dt>
      <dd>${o.systemId}</dd>
      <dt>PARI</dt>
      <dd>${o.pari}</dd>
      <dt>Capacity</dt>
      <dd>${o.capacity.IPBS} IPBS or ${o.capacity.IPBL} IPBL (§4.6.34)</dd>
    </dl>
    ${
      message === undefined
        ? null
        : html`<p class=${message.ok ? "done" : "error"} role=${message.ok ? "status" : "alert"}>${message.text}</p>`
    }
    ${adding === undefined ? null : html`<${AddRadio} radio=${adding} onDone=${done} onCancel=${() => setAdding(undefined)} />`}
    ${
      moving === undefined
        ? null
        : html`<${MoveRfpi}
            broken=${moving}
            radios=${o.radios}
            onDone=${done}
            onCancel=${() => setMoving(undefined)}
          />`
    }
    <section aria-labelledby="radios-title">
      <h2 id="radios-title">Radios</h2>
      <form class="inline" aria-label="Filter radios" onSubmit=${(e: Event) => e.preventDefault()}>
        <label for="radios-filter">Filter</label>
        <input
          id="radios-filter"
          type="search"
          value=${filter}
          onInput=${(e: Event) => setFilter((e.target as HTMLInputElement).value)}
        />
        <span role="status">${shown.length} of ${o.radios.length} radios</span>
      </form>
      <${SortTable} caption="Connected radios" columns=${RADIO_COLUMNS} rows=${shown} rowKey=${(r: Radio) => r.mac} />
    </section>
    <section aria-labelledby="static-title">
      <h2 id="static-title">Static Registrations</h2>
      <${SortTable}
        caption="Static registrations: radios no longer connected"
        columns=${[
          { key: "name", label: "Name", value: (r: StaticRadio) => r.name },
          { key: "rfpi", label: "RFPI", value: (r: StaticRadio) => r.rfpis.join(" ") },
          { key: "region", label: "Region", value: (r: StaticRadio) => r.region },
          { key: "deviceName", label: "Device Name", value: (r: StaticRadio) => r.deviceName },
          {
            key: "actions",
            label: "Actions",
            value: () => "",
            cell: (r: StaticRadio) =>
              canWrite
                ? html`<button type="button" class="link" aria-label=${`Delete ${r.name}`} onClick=${remove(r)}>
                      Delete
                    </button>
                    <button type="button" class="link" aria-label=${`Move ${r.name}`} onClick=${() => setMoving(r)}>
                      Move
                    </button>`
                : null,
          },
        ]}
        rows=${o.static}
        rowKey=${(r: StaticRadio) => r.mac}
      />
    </section>
    <section aria-labelledby="uninitialized-title">
      <h2 id="uninitialized-title">Uninitialized Registrations</h2>
      <${SortTable}
        caption="Uninitialized registrations: radios asking for a PARI Master (§3.11)"
        columns=${[
          { key: "name", label: "Name", value: (r: Uninitialized) => r.name },
          { key: "mac", label: "MAC", value: (r: Uninitialized) => r.mac },
          { key: "ip", label: "IP Address", value: (r: Uninitialized) => r.ip },
          { key: "version", label: "Version", value: (r: Uninitialized) => r.version },
          {
            key: "actions",
            label: "Actions",
            value: () => "",
            cell: (r: Uninitialized) =>
              canWrite
                ? html`<button type="button" class="link" aria-label=${`Add ${r.name}`} onClick=${() => setAdding(r)}>
                    Add
                  </button>`
                : null,
          },
        ]}
        rows=${o.uninitialized}
        rowKey=${(r: Uninitialized) => r.mac}
      />
    </section>
    ${
      o.collisions.length === 0
        ? null
        : html`<section aria-labelledby="collisions-title">
            <h2 id="collisions-title">RFPI collisions</h2>
            <ul>
              ${o.collisions.map((c) => html`<li>${c.rfpi}: ${c.macs.join(", ")}</li>`)}
            </ul>
          </section>`
    }`;
}
