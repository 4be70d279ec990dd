import { useState } from "preact/hooks";
import { ApiError, call, callText, get } from "../../api.js";
import { all, chars, required, wholeNumber } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { download } from "../../download.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import { dateText } from "../../session.js";
import { RejectedList, TrustList, type CertSummary, type RejectedEntry } from "./certLists.js";

interface CertsOverview {
  readonly device: {
    readonly origin: string;
    readonly certificate: CertSummary;
    readonly chain: readonly CertSummary[];
  };
  readonly signingRequest: { readonly commonName: string } | null;
}

/** §4.1.10.4 origins in the manual's words. */
const ORIGINS: Readonly<Record<string, string>> = {
  default: "Default device certificate (§4.1.10.4.1)",
  "self-signed": "Self-signed (§4.1.10.4.2)",
  signed: "Signed by a CA (§4.1.10.4.3)",
  pkcs12: "Imported with its private key (§4.1.10.3)",
};

/** §4.1.10.4.2 Self-signed certificates: key size, hash, validity, names. */
const SELF_SIGNED: readonly FieldSpec[] = [
  {
    key: "bits",
    label: "Key Length",
    kind: "select",
    options: [
      ["2048", "2048"],
      ["4096", "4096"],
      ["1024", "1024"],
    ],
  },
  {
    key: "hash",
    label: "Signature Hash",
    kind: "select",
    options: [
      ["sha256", "SHA-256"],
      ["sha384", "SHA-384"],
      ["sha512", "SHA-512"],
      ["sha1", "SHA-1"],
    ],
  },
  { key: "years", label: "Validity (years)", kind: "number", check: all(required, wholeNumber(1, 30)) },
  { key: "cn", label: "Common Name", kind: "text", check: all(required, chars(64, /^[^\n\r]+$/, "one line")) },
  {
    key: "dns",
    label: "DNS Name",
    kind: "text",
    check: chars(253, /^[A-Za-z0-9.-]+$/, "letters, digits, dots and dashes", true),
  },
];

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
 * General → Certificates (§4.1.10): the device certificate with its PEM, Trust and Clear and a new self-signed one,
 * the trust list and the rejected certificates. Signing requests and PKCS#12 files for the device itself are
 * `ipdect ctl certs-csr` and `certs-import` (docs/gui.md).
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
  if (certs.error !== undefined) return html`<p class="error" role="alert">${certs.error.message}</p>`;
  if (certs.data === undefined) return html`<p role="status">Loading…</p>`;
  const [o, trusted, rejected] = certs.data;
  const pem = async () => download("device.pem", await callText("/api/certs/device.pem"), "application/x-pem-file");
  const selfSigned = async (v: Values) => {
    const dns = String(v["dns"]).trim();
    await call("POST", "/api/certs/device/self-signed", {
      json: {
        bits: Number(v["bits"]),
        hash: v["hash"],
        years: Number(v["years"]),
        cn: v["cn"],
        ...(dns === "" ? {} : { dns }),
      },
    });
    certs.reload();
    return "The device presents its new self-signed certificate.";
  };
  const trust = () =>
    call("POST", "/api/certs/device/trust").then(
      () => {
        setOutcome("The device certificate and its chain are on the trust list.");
        certs.reload();
      },
      (e: unknown) => setOutcome(e instanceof ApiError ? `Not done: ${e.message}` : String(e)),
    );
  return html`<section aria-labelledby="device-cert-title">
      <h2 id="device-cert-title">Device Certificate</h2>
      <${DeviceCertificate} o=${o} />
      <div class="actions">
        <button type="button" class="secondary" onClick=${pem}>Download PEM</button>
        ${canWrite ? html`<button type="button" class="secondary" onClick=${trust}>Trust</button>` : null}
      </div>
      ${outcome === undefined ? null : html`<p role="status">${outcome}</p>`}
      ${
        canWrite
          ? html`<details>
              <summary>New self-signed certificate</summary>
              <${SettingsForm}
                title="Self-signed certificate"
                specs=${SELF_SIGNED}
                initial=${{ bits: "2048", hash: "sha256", years: "10", cn: o.device.certificate.subject.replace(/^CN=/, ""), dns: "" }}
                onSubmit=${selfSigned}
              />
            </details>`
          : null
      }
    </section>
    <${TrustList} rows=${trusted} canWrite=${canWrite} onChange=${certs.reload} />
    <${RejectedList} rows=${rejected} canWrite=${canWrite} onChange=${certs.reload} />`;
}
