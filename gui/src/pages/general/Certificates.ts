import { useState } from "preact/hooks";
import { ApiError, call, callText, get } from "../../api.js";
import { download } from "../../download.js";
import { html, type View } from "../../html.js";
import { useLoad, waiting } from "../../load.js";
import type { PageProps } from "../../page.js";
import { dateText } from "../../session.js";
import { RejectedList, TrustList, type CertSummary, type RejectedEntry } from "./certLists.js";
import { CertUpload } from "./certUpload.js";
import { NewCertificate } from "./newCertificate.js";
import { SigningRequest, type PendingRequest } from "./SigningRequest.js";

interface CertsOverview {
  readonly device: {
    readonly origin: string;
    readonly certificate: CertSummary;
    readonly chain: readonly CertSummary[];
  };
  readonly signingRequest: PendingRequest | null;
}

/** §4.1.10.4 origins in the manual's words. */
const ORIGINS: Readonly<Record<string, string>> = {
  default: "Default device certificate (§4.1.10.4.1)",
  "self-signed": "Self-signed (§4.1.10.4.2)",
  signed: "Signed by a CA (§4.1.10.4.3)",
  pkcs12: "Imported with its private key (§4.1.10.4.4)",
  configured: "From the configuration's certificates section",
};

/** The device certificate in words (§4.1.10.4). */
function DeviceCertificate({ o }: { readonly o: CertsOverview }): View {
  const c = o.device.certificate;
  return html`<dl class="facts">
    <dt>Certificate</dt>
    <dd>${ORIGINS[o.device.origin] ?? o.device.origin}</dd>
    <dt>Subject</dt>
    <dd>${c.subject}</dd>
    <dt>Issuer</dt>
    <dd>${c.issuer}</dd>
    <dt>Alternative names</dt>
    <dd>${c.altNames ?? "none"}</dd>
    <dt>Valid</dt>
    <dd>${dateText(c.notBefore)} to ${dateText(c.notAfter)}</dd>
    <dt>Key</dt>
    <dd>${c.key}</dd>
    <dt>SHA-256</dt>
    <dd><code>${c.fingerprint}</code></dd>
    <dt>Chain</dt>
    <dd>${o.device.chain.length === 0 ? "none" : o.device.chain.map((x) => x.subject).join(", ")}</dd>
  </dl>`;
}

/**
 * General → Certificates (§4.1.10): the device certificate with its PEM, Trust, Clear, Create New (self-signed or a
 * signing request) and a PKCS#12 import; the pending signing request with the upload of the CA's answer; the trust
 * list and the rejected certificates.
 */
export function CertificatesPage({ canWrite }: PageProps): View {
  const certs = useLoad(() =>
    Promise.all([
      get<CertsOverview>("/api/certs"),
      get<CertSummary[]>("/api/certs/trust"),
      get<RejectedEntry[]>("/api/certs/rejected"),
    ]),
  );
  const [outcome, setOutcome] = useState<string | undefined>(undefined);
  const wait = waiting(certs);
  if (wait !== undefined || certs.data === undefined) return wait;
  const [o, trusted, rejected] = certs.data;
  const pem = async () => download("device.pem", await callText("/api/certs/device.pem"), "application/x-pem-file");
  const act = (method: string, path: string, done: string) => () =>
    call(method, path).then(
      () => {
        setOutcome(done);
        certs.reload();
      },
      (e: unknown) => setOutcome(e instanceof ApiError ? `Not done: ${e.message}` : String(e)),
    );
  const pkcs12 = async (file: File, password: string) => {
    const query = password === "" ? "" : `?password=${encodeURIComponent(password)}`;
    const d = await call<{ certificate: CertSummary }>("PUT", `/api/certs/device/pkcs12${query}`, { file });
    certs.reload();
    return `The device presents ${d.certificate.subject} from the PKCS#12 file.`;
  };
  return html`<section aria-labelledby="device-cert-title">
      <h2 id="device-cert-title">Device Certificate</h2>
      <${DeviceCertificate} o=${o} />
      <div class="actions">
        <button type="button" class="secondary" onClick=${pem}>Download PEM</button>
        ${
          canWrite
            ? html`<button
                  type="button"
                  class="secondary"
                  onClick=${act("POST", "/api/certs/device/trust", "The device certificate and its chain are on the trust list.")}
                >
                  Trust
                </button>
                ${
                  o.device.origin === "default"
                    ? null
                    : html`<button
                        type="button"
                        class="secondary"
                        onClick=${act("DELETE", "/api/certs/device", "The default device certificate serves again.")}
                      >
                        Clear
                      </button>`
                }`
            : null
        }
      </div>
      ${outcome === undefined ? null : html`<p role="status">${outcome}</p>`}
      ${
        canWrite
          ? html`<${NewCertificate}
                commonName=${o.device.certificate.subject.replace(/^CN=/, "")}
                onDone=${certs.reload}
              />
              <p class="note">
                Or a device certificate with its private key and chain from a PKCS#12 file (§4.1.10.4.4):
              </p>
              <${CertUpload}
                title="Device certificate from a PKCS#12 file"
                id="pkcs12"
                fileLabel="PKCS#12 file"
                accept=".p12,.pfx"
                password=${true}
                onUpload=${pkcs12}
              />`
          : null
      }
    </section>
    <${SigningRequest} request=${o.signingRequest} canWrite=${canWrite} onChange=${certs.reload} />
    <${TrustList} rows=${trusted} canWrite=${canWrite} onChange=${certs.reload} />
    <${RejectedList} rows=${rejected} canWrite=${canWrite} onChange=${certs.reload} />`;
}
