import { call, callText } from "../../api.js";
import { useOutcome, useSelection } from "../../components/selection.js";
import { SortTable, type Column } from "../../components/SortTable.js";
import { download } from "../../download.js";
import { html, type View } from "../../html.js";
import { dateText } from "../../session.js";
import { CertUpload } from "./certUpload.js";

/** A certificate as the device describes it (src/certs/certInfo.ts). */
export interface CertSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly fingerprint: string;
  readonly ca: boolean;
  readonly key: string;
  readonly altNames?: string;
}

/** A chain refused in a TLS handshake (§4.1.10.2). */
export interface RejectedEntry {
  readonly subject: string;
  readonly issuer: string;
  readonly fingerprint: string;
  readonly reason: string;
  readonly direction: string;
  readonly peer?: string;
  readonly time: number;
  readonly count: number;
}

const TRUST_COLUMNS: readonly Column<CertSummary>[] = [
  { key: "subject", label: "Subject", value: (c) => c.subject },
  { key: "issuer", label: "Issuer", value: (c) => c.issuer },
  { key: "notAfter", label: "Valid until", value: (c) => c.notAfter, cell: (c) => dateText(c.notAfter) },
  {
    key: "fingerprint",
    label: "SHA-256",
    value: (c) => c.fingerprint,
    cell: (c) => html`<code>${c.fingerprint}</code>`,
  },
];

interface ListProps<T> {
  readonly rows: readonly T[];
  readonly canWrite: boolean;
  readonly onChange: () => void;
}

/**
 * §4.1.10.1 Trust List: Remove the ticked certificates, Clear all, Download all as one PEM, and Upload a PEM, DER or
 * PKCS#12 file (with its Password, §4.1.10.3).
 */
export function TrustList({ rows, canWrite, onChange }: ListProps<CertSummary>): View {
  const sel = useSelection();
  const [outcome, run] = useOutcome();
  const remove = () =>
    run(async () => {
      for (const fp of sel.selected) await call("DELETE", `/api/certs/trust/${fp}`);
      sel.clear();
      onChange();
      return "Removed.";
    });
  const clear = () =>
    run(async () => {
      await call("DELETE", "/api/certs/trust");
      onChange();
      return "The trust list is empty.";
    });
  const upload = async (file: File, password: string) => {
    const query = password === "" ? "" : `?password=${encodeURIComponent(password)}`;
    const r = await call<{ added: readonly CertSummary[] }>("POST", `/api/certs/trust${query}`, { file });
    onChange();
    return `Added ${r.added.length} certificate(s).`;
  };
  const all = () =>
    run(
      async () => (download("trust.pem", await callText("/api/certs/trust.pem"), "application/x-pem-file"), "Saved."),
    );
  return html`<section aria-labelledby="trust-title">
    <h2 id="trust-title">Trust List</h2>
    <${SortTable}
      caption=${`Trusted certificates: ${rows.length}`}
      columns=${TRUST_COLUMNS}
      rows=${rows}
      rowKey=${(c: CertSummary) => c.fingerprint}
      selection=${canWrite ? sel : undefined}
    />
    <div class="actions">
      ${
        canWrite
          ? html`<button type="button" class="secondary" disabled=${sel.selected.size === 0} onClick=${remove}>
                Remove
              </button>
              <button type="button" class="secondary" onClick=${clear}>Clear</button>`
          : null
      }
      <button type="button" class="secondary" onClick=${all}>Download all</button>
    </div>
    ${
      canWrite
        ? html`<${CertUpload}
            title="Upload to the trust list"
            id="trust"
            fileLabel="Certificate file"
            password=${true}
            onUpload=${upload}
          />`
        : null
    }
    ${outcome === undefined ? null : html`<p role="status">${outcome}</p>`}
  </section>`;
}

const REJECTED_COLUMNS: readonly Column<RejectedEntry>[] = [
  { key: "subject", label: "Subject", value: (r) => r.subject },
  { key: "issuer", label: "Issuer", value: (r) => r.issuer },
  { key: "reason", label: "Reason", value: (r) => r.reason },
  { key: "peer", label: "Connection", value: (r) => `${r.direction} ${r.peer ?? ""}` },
  { key: "time", label: "Last refused", value: (r) => r.time, cell: (r) => `${dateText(r.time)} (${r.count}×)` },
];

/** §4.1.10.2 Rejected Certificates: Trust the ticked chains (they move to the trust list), Clear all. */
export function RejectedList({ rows, canWrite, onChange }: ListProps<RejectedEntry>): View {
  const sel = useSelection();
  const [outcome, run] = useOutcome();
  const trust = () =>
    run(async () => {
      for (const fp of sel.selected) await call("POST", `/api/certs/rejected/${fp}/trust`);
      sel.clear();
      onChange();
      return "Moved to the trust list.";
    });
  const clear = () =>
    run(async () => {
      await call("DELETE", "/api/certs/rejected");
      onChange();
      return "Discarded.";
    });
  return html`<section aria-labelledby="rejected-title">
    <h2 id="rejected-title">Rejected Certificates</h2>
    <${SortTable}
      caption=${`Rejected certificate chains: ${rows.length}`}
      columns=${REJECTED_COLUMNS}
      rows=${rows}
      rowKey=${(r: RejectedEntry) => r.fingerprint}
      selection=${canWrite ? sel : undefined}
    />
    ${
      canWrite
        ? html`<div class="actions">
            <button type="button" class="secondary" disabled=${sel.selected.size === 0} onClick=${trust}>Trust</button>
            <button type="button" class="secondary" onClick=${clear}>Clear</button>
          </div>`
        : null
    }
    ${outcome === undefined ? null : html`<p role="status">${outcome}</p>`}
  </section>`;
}
