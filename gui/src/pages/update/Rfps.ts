import { useEffect, useState } from "preact/hooks";
import { ApiError, call, get } from "../../api.js";
import { html, type View } from "../../html.js";
import { useLoad, waiting } from "../../load.js";
import type { PageProps } from "../../page.js";
import { CertUpload } from "../general/certUpload.js";

/** One RFP on a port (GET /api/status radio.pari.rfps; §4.11.2). */
interface Rfp {
  readonly port: number;
  readonly rfpi: string;
  readonly status: string;
  readonly version: string;
}

/** One selected RFP's progress (src/radio/rfpUpdateFlash.ts RfpProgress). */
interface Progress {
  readonly port: number;
  readonly state: string;
  readonly from: string;
  readonly version?: string;
  readonly reason?: string;
}

/** GET /api/rfp-update (src/radio/rfpUpdateStatus.ts). */
interface RfpUpdate {
  readonly state: "idle" | "scheduled" | "running";
  readonly file?: { readonly name: string; readonly version: string; readonly size: number; readonly source: string };
  readonly order?: {
    readonly version: string;
    readonly file: string;
    readonly at?: string;
    readonly idle: boolean;
    readonly sequence: boolean;
    readonly ports: readonly Progress[];
  };
}

/** While an update is under way its progress is read again this often. */
const REFRESH_MS = 1000;
/** A.1.7's schedule: DD.MM.YYYY-HH:MM. */
const SCHEDULE = /^\d{2}\.\d{2}\.\d{4}-\d{2}:\d{2}$/;

/** The marked ports as A.1.7's hex mask: port 1 at the LSB (0x0001) up to port 16 (0x8000). */
const maskOf = (ports: ReadonlySet<number>): string =>
  `0x${[...ports]
    .reduce((m, p) => m | (1 << (p - 1)), 0)
    .toString(16)
    .padStart(4, "0")}`;

const progressText = (p: Progress | undefined): string =>
  p === undefined
    ? ""
    : `${p.state}${p.version === undefined ? "" : ` (${p.version})`}${p.reason === undefined ? "" : `: ${p.reason}`}`;

/**
 * Update → RFPs (§4.18.4, IPBL only): the RFP status list, Upload of the RFP file, Immediate or Scheduled, In sequence,
 * When idle, the marked RFPs and Start; each selected RFP's progress (waiting, loading, restarting, done) follows,
 * read again every second while the update runs. "The RFP restarts after the upload is finished."
 */
export function RfpsPage({ canWrite }: PageProps): View {
  const update = useLoad(() => get<RfpUpdate>("/api/rfp-update"));
  const rfps = useLoad(() => get<{ radio?: { pari?: { rfps?: readonly Rfp[] } } }>("/api/status"));
  const [marked, setMarked] = useState<ReadonlySet<number>>(new Set());
  const [scheduled, setScheduled] = useState(false);
  const [at, setAt] = useState("");
  const [sequence, setSequence] = useState(false);
  const [idle, setIdle] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const running = update.data !== undefined && update.data.state !== "idle";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => (update.reload(), rfps.reload()), REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, update.reload, rfps.reload]);
  const wait = waiting(update, rfps);
  if (wait !== undefined || update.data === undefined) return wait;
  const u = update.data;
  const ports = rfps.data?.radio?.pari?.rfps ?? [];
  const upload = async (file: File) => {
    const a = await call<{ file: { name: string; version: string } }>(
      "PUT",
      `/api/rfp-update/firmware?name=${encodeURIComponent(file.name)}`,
      { file: new Blob([file], { type: "application/octet-stream" }) },
    );
    update.reload();
    return `Uploaded: ${a.file.name}, version ${a.file.version}. Mark the RFPs and click Start.`;
  };
  const mark = (port: number, on: boolean) =>
    setMarked((m) => {
      const next = new Set(m);
      if (on) next.add(port);
      else next.delete(port);
      return next;
    });
  const start = async (e: Event) => {
    e.preventDefault();
    if (marked.size === 0) return setOutcome({ ok: false, text: "Mark the RFPs to update." });
    if (scheduled && !SCHEDULE.test(at))
      return setOutcome({ ok: false, text: "Scheduled: give the time as DD.MM.YYYY-HH:MM." });
    const query = new URLSearchParams({ select: maskOf(marked), idle: String(idle), sequence: String(sequence) });
    if (scheduled) query.set("schedule", at);
    setBusy(true);
    try {
      const s = await call<RfpUpdate>("POST", `/api/rfp-update/start?${query.toString()}`);
      setOutcome({
        ok: true,
        text: s.state === "scheduled" ? `Scheduled for ${s.order?.at ?? at}.` : `Started: ${s.order?.file ?? ""}.`,
      });
      update.reload();
      rfps.reload();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setOutcome({ ok: false, text: `Not started: ${err.message}` });
    } finally {
      setBusy(false);
    }
  };
  const progress = (port: number) => u.order?.ports.find((p) => p.port === port);
  return html`${
      canWrite ? html`<${CertUpload} title="Upload RFP file" id="rfp" fileLabel="RFP file" onUpload=${upload} />` : null
    }
    <p>
      ${
        u.file === undefined
          ? "No RFP file yet: upload one, or give RFP_UPDATE0 a firmware URL (App. A.1.7)."
          : `RFP file: ${u.file.name}, version ${u.file.version}, ${u.file.size} bytes (${u.file.source}).`
      }
      ${
        u.order === undefined
          ? ""
          : ` Update ${u.state === "idle" ? "ended" : u.state}: ${u.order.file}${u.order.at === undefined ? "" : ` at ${u.order.at}`}.`
      }
    </p>
    <form aria-label="Update the RFPs" onSubmit=${start} novalidate>
      <fieldset disabled=${!canWrite || busy}>
        <legend>Update the RFPs</legend>
        <table>
          <caption>
            RFP status
          </caption>
          <thead>
            <tr>
              <th scope="col">Update</th>
              <th scope="col">Port</th>
              <th scope="col">RFPI</th>
              <th scope="col">Status</th>
              <th scope="col">Version</th>
              <th scope="col">Progress</th>
            </tr>
          </thead>
          <tbody>
            ${ports.map(
              (r) =>
                html`<tr key=${r.port}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label=${`Update RFP ${r.port}`}
                      checked=${marked.has(r.port)}
                      onChange=${(e: Event) => mark(r.port, (e.target as HTMLInputElement).checked)}
                    />
                  </td>
                  <td>${r.port}</td>
                  <td>${r.rfpi === "" ? "none" : r.rfpi}</td>
                  <td>${r.status}</td>
                  <td>${r.version}</td>
                  <td aria-label=${`Progress of RFP ${r.port}`}>${progressText(progress(r.port))}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <div class="field check">
          <input
            type="radio"
            id="rfp-immediate"
            name="when"
            checked=${!scheduled}
            onChange=${() => setScheduled(false)}
          />
          <label for="rfp-immediate">Immediate</label>
        </div>
        <div class="field check">
          <input
            type="radio"
            id="rfp-scheduled"
            name="when"
            checked=${scheduled}
            onChange=${() => setScheduled(true)}
          />
          <label for="rfp-scheduled">Scheduled</label>
        </div>
        ${
          scheduled
            ? html`<div class="field">
                <label for="rfp-at">Start at</label>
                <input
                  id="rfp-at"
                  type="text"
                  placeholder="DD.MM.YYYY-HH:MM"
                  value=${at}
                  onInput=${(e: Event) => setAt((e.target as HTMLInputElement).value)}
                />
                <small>the device's local time</small>
              </div>`
            : null
        }
        <div class="field check">
          <input
            type="checkbox"
            id="rfp-sequence"
            checked=${sequence}
            onChange=${(e: Event) => setSequence((e.target as HTMLInputElement).checked)}
          />
          <label for="rfp-sequence">In sequence: the selected RFPs one by one</label>
        </div>
        <div class="field check">
          <input
            type="checkbox"
            id="rfp-idle"
            checked=${idle}
            onChange=${(e: Event) => setIdle((e.target as HTMLInputElement).checked)}
          />
          <label for="rfp-idle">When idle: an RFP is updated only while it carries no call</label>
        </div>
        <div class="actions"><button type="submit">Start</button></div>
      </fieldset>
      ${canWrite ? null : html`<p class="note">Only a System Administrator may update the RFPs.</p>`}
      ${
        outcome === undefined
          ? null
          : html`<p class=${outcome.ok ? "done" : "error"} role=${outcome.ok ? "status" : "alert"}>${outcome.text}</p>`
      }
    </form>`;
}
