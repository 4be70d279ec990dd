import { useState } from "preact/hooks";
import { call, callText } from "../../api.js";
import { Facts } from "../../components/facts.js";
import { useOutcome } from "../../components/selection.js";
import { download } from "../../download.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import { dateText } from "../../session.js";
import { CertUpload } from "./certUpload.js";
import type { CertSummary } from "./certLists.js";

/** The pending signing request as `GET /api/certs` describes it (§4.1.10.4.3). */
export interface PendingRequest {
  readonly commonName: string;
  readonly dns?: string;
  readonly bits: number;
  readonly hash: string;
  /** ms since the epoch. */
  readonly created: number;
}

const PEM = "application/x-pem-file";

interface Props {
  readonly request: PendingRequest;
  readonly canWrite: boolean;
  /** Reads the page again; `done` says what happened to a request that is now gone. */
  readonly onChange: (done?: string) => void;
}

/**
 * The Signing Request section (§4.1.10.4.3 steps 5–10) while a request is pending: what it asks for, its PEM to copy
 * or download for the CA, Delete, and the Upload of the certificate the CA signed, which becomes the device
 * certificate (the device then deletes the request).
 */
function Pending({ request, canWrite, onChange }: Props): View {
  const pem = useLoad(() => callText("/api/certs/csr.pem"), [request.created]);
  const [outcome, run] = useOutcome();
  const save = () =>
    run(async () => (download("request.pem", pem.data ?? (await callText("/api/certs/csr.pem")), PEM), "Saved."));
  const remove = () =>
    run(async () => {
      const text = "The signing request and its key are deleted.";
      await call("DELETE", "/api/certs/csr");
      onChange(text);
      return text;
    });
  const upload = async (file: File) => {
    const d = await call<{ certificate: CertSummary }>("PUT", "/api/certs/device", { file });
    const text = `The device presents its certificate signed by ${d.certificate.issuer}.`;
    onChange(text);
    return text;
  };
  return html`<${Facts}
      label="Pending signing request"
      items=${[
        ["Common Name", request.commonName],
        ["DNS Name", request.dns ?? "none"],
        ["Key", `${request.bits}-bit`],
        ["Signature", request.hash.toUpperCase()],
        ["Created", dateText(request.created)],
      ]}
    />
    <figure aria-label="Signing request PEM">
      <pre class="config" tabindex="0">${pem.data ?? (pem.error === undefined ? "Loading…" : pem.error.message)}</pre>
    </figure>
    <div class="actions">
      <button type="button" class="secondary" onClick=${save}>Download PEM</button>
      ${canWrite ? html`<button type="button" class="secondary" onClick=${remove}>Delete</button>` : null}
    </div>
    ${outcome === undefined ? null : html`<p role="status">${outcome}</p>`}
    ${
      canWrite
        ? html`<p class="note">
              When the CA sends the signed certificate back, upload it (PEM or DER, with its chain).
            </p>
            <${CertUpload}
              title="Upload the signed certificate"
              id="signed"
              fileLabel="Signed certificate"
              accept=".pem,.crt,.cer,.der"
              onUpload=${upload}
            />`
        : null
    }`;
}

/**
 * §4.1.10.4.3 Signing Request: the pending request, or how to make one; once a request is gone (uploaded, deleted),
 * what became of it.
 */
export function SigningRequest({
  request,
  canWrite,
  onChange,
}: {
  readonly request: PendingRequest | null;
  readonly canWrite: boolean;
  readonly onChange: () => void;
}): View {
  const [done, setDone] = useState<string | undefined>(undefined);
  const changed = (text?: string) => {
    setDone(text);
    onChange();
  };
  return html`<section aria-labelledby="csr-title">
    <h2 id="csr-title">Signing Request</h2>
    ${
      request === null
        ? html`${done === undefined ? null : html`<p class="done" role="status">${done}</p>`}
            <p class="note">
              No signing request is pending.${canWrite ? " Create New with Type Signing Request makes one." : ""}
            </p>`
        : html`<${Pending} request=${request} canWrite=${canWrite} onChange=${changed} />`
    }
  </section>`;
}
