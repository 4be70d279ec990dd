import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, call, callText, get } from "../../api.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";

/** GET /api/sync (src/sync/overview.ts): the parts this page shows. */
interface SyncOverview {
  readonly systemId: number;
  readonly maxDepth: number;
  readonly regions: readonly Region[];
}

interface Region {
  readonly region: number;
  readonly activeMaster?: string;
  readonly reference?: { readonly rfpi: string; readonly name?: string; readonly locked: boolean };
  readonly stats: { readonly calculations: number; readonly configurations: number; readonly syncLost: number };
  readonly nodes: readonly SyncNode[];
}

interface SyncNode {
  readonly name: string;
  readonly rfpi: string;
  readonly role: string;
  readonly state: string;
  readonly colour: string;
  readonly level?: number;
  readonly source?: string;
  readonly rssi?: number;
  readonly fer?: number;
  readonly syncLost: number;
  readonly candidates: readonly { readonly rfpi: string; readonly rssi: number; readonly fer: number }[];
  readonly note?: string;
}

/** §4.12.1 dot colours, as words for the details. */
const COLOUR_WORDS: Readonly<Record<string, string>> = {
  green: "green",
  yellow: "yellow: poor signal, RSSI < -83 dBm or FER > 15",
  red: "red",
  grey: "grey: reference",
};

/** A radio of the tree in words: what the picture's pop-up shows, for the mouse and the keyboard alike. */
function Details({ node, region }: { readonly node: SyncNode; readonly region: number }): View {
  return html`<section class="dialog" aria-label=${`Details of ${node.name}`}>
    <h2>${node.name}</h2>
    <dl class="facts">
      <dt>Region</dt>
      <dd>${region}</dd>
      <dt>RFPI</dt>
      <dd>${node.rfpi}</dd>
      <dt>State</dt>
      <dd>${node.state} (${COLOUR_WORDS[node.colour] ?? node.colour})</dd>
      <dt>Role</dt>
      <dd>${node.role}${node.level === undefined ? "" : `, level ${node.level}`}</dd>
      <dt>Sync source</dt>
      <dd>${node.source ?? "none"}</dd>
      <dt>RSSI / FER</dt>
      <dd>${node.rssi === undefined ? "-" : `${node.rssi} dBm`} / ${node.fer === undefined ? "-" : `${node.fer}`}</dd>
      <dt>Sync lost</dt>
      <dd>${node.syncLost}</dd>
    </dl>
    <table>
      <caption>
        Sync candidates of ${node.name}
      </caption>
      <thead>
        <tr>
          <th scope="col">RFPI</th>
          <th scope="col">RSSI (dBm)</th>
          <th scope="col">FER</th>
        </tr>
      </thead>
      <tbody>
        ${node.candidates.map(
          (c) =>
            html`<tr>
              <td>${c.rfpi}</td>
              <td>${c.rssi}</td>
              <td>${c.fer}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/** Region Details (§4.12.1): the statistics, Clear, and Reference Synchronization Start. */
function RegionDetails({
  r,
  canWrite,
  onDone,
}: {
  readonly r: Region;
  readonly canWrite: boolean;
  readonly onDone: () => void;
}): View {
  const [message, setMessage] = useState<string | undefined>(undefined);
  const post = (path: string, done: string) => () =>
    call("POST", path, { json: { region: r.region } }).then(
      () => {
        setMessage(done);
        onDone();
      },
      (e: unknown) => setMessage(e instanceof ApiError ? e.message : String(e)),
    );
  return html`<section class="region" aria-labelledby=${`region-${r.region}`}>
    <h2 id=${`region-${r.region}`}>Region ${r.region}</h2>
    <dl class="facts">
      <dt>Radios</dt>
      <dd>${r.nodes.length}</dd>
      <dt>Active sync master</dt>
      <dd>${r.activeMaster ?? "none"}</dd>
      <dt>Reference</dt>
      <dd>${r.reference === undefined ? "none" : `${r.reference.rfpi}${r.reference.locked ? " (locked)" : ""}`}</dd>
      <dt>Calculations</dt>
      <dd>${r.stats.calculations}</dd>
      <dt>Configurations</dt>
      <dd>${r.stats.configurations}</dd>
      <dt>Sync Lost</dt>
      <dd>${r.stats.syncLost}</dd>
    </dl>
    ${
      canWrite
        ? html`<div class="actions">
            <button
              type="button"
              class="secondary"
              aria-label=${`Clear the statistics of region ${r.region}`}
              onClick=${post("/api/sync/clear", "Statistics cleared.")}
            >
              Clear
            </button>
            <button
              type="button"
              class="secondary"
              aria-label=${`Start reference synchronization of region ${r.region}`}
              onClick=${post("/api/sync/resync", "Reference synchronization started: calls in the region are dropped.")}
            >
              Start
            </button>
          </div>`
        : null
    }
    ${message === undefined ? null : html`<p role="status">${message}</p>`}
  </section>`;
}

/**
 * DECT Sync → Air Sync Overview (§4.12.1) of a PARI Master: the sync tree of every region as the device draws it
 * (GET /api/sync.svg), a radio's details and sync candidates when the pointer or the keyboard is on it, and Region
 * Details with the statistics.
 */
export function AirSyncPage({ canWrite }: PageProps): View {
  const overview = useLoad(() => Promise.all([get<SyncOverview>("/api/sync"), callText("/api/sync.svg")]));
  const picture = useRef<HTMLDivElement>(null);
  const [hovered, setHovered] = useState<{ region: number; rfpi: string } | undefined>(undefined);
  const svg = overview.data?.[1];
  useEffect(() => {
    const box = picture.current;
    if (box === null || svg === undefined) return;
    // The device's own drawing: its radios become focusable, so the details follow the keyboard too.
    box.innerHTML = svg;
    for (const g of box.querySelectorAll<SVGGElement>("g.node[data-rfpi]")) {
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", `${g.dataset["name"] ?? ""} ${g.dataset["rfpi"] ?? ""}`);
    }
    const pick = (e: Event) => {
      const g = (e.target as Element).closest<SVGGElement>("g.node[data-rfpi]");
      if (g !== null) setHovered({ region: Number(g.dataset["region"]), rfpi: g.dataset["rfpi"]! });
    };
    box.addEventListener("mouseover", pick);
    box.addEventListener("focusin", pick);
    return () => {
      box.removeEventListener("mouseover", pick);
      box.removeEventListener("focusin", pick);
    };
  }, [svg]);
  if (overview.error !== undefined) return html`<p class="error" role="alert">${overview.error.message}</p>`;
  if (overview.data === undefined) return html`<p role="status">Loading…</p>`;
  const [o] = overview.data;
  const region = o.regions.find((r) => r.region === hovered?.region);
  const node = region?.nodes.find((n) => n.rfpi === hovered?.rfpi);
  return html`<p>
      System ID ${o.systemId}, ${o.regions.length} region(s), at most ${o.maxDepth} hops from a sync master.
      <button type="button" class="link" onClick=${overview.reload}>Refresh</button>
    </p>
    <div class="sync">
      <figure aria-label="Sync trees" class="picture">
        <div class="scroll" ref=${picture}></div>
        <figcaption>Point at a radio, or tab to it, for its details.</figcaption>
      </figure>
      <div class="side" aria-live="polite">
        ${node === undefined || region === undefined ? null : html`<${Details} node=${node} region=${region.region} />`}
      </div>
    </div>
    ${o.regions.map((r) => html`<${RegionDetails} key=${r.region} r=${r} canWrite=${canWrite} onDone=${overview.reload} />`)}`;
}
