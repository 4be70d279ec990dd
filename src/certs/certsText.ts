import { formatTable } from "../core/textTable.js";
import type { CertSummary } from "./certInfo.js";
import type { CertsOverview } from "./views.js";
import type { RejectedView } from "./RejectedList.js";

/** `ipdect ctl certs`: the Certificates page (§4.1.10) in a few lines. */
export function certsText(o: CertsOverview): string {
  const d = o.device;
  const lines = [
    `Device certificate  ${d.certificate.subject}  (${d.origin}, ${d.certificate.key}, until ${d.certificate.notAfter.slice(0, 10)})`,
    `  SHA-256           ${d.certificate.fingerprint}`,
    ...d.chain.map((c) => `  chain             ${c.subject}  (issuer ${c.issuer})`),
    `Signing request     ${o.signingRequest === null ? "none" : `CN=${o.signingRequest.commonName} (${o.signingRequest.bits} bits, ${o.signingRequest.hash})`}`,
    `Trust list          ${o.trusted} certificate(s)`,
    `Rejected            ${o.rejected} chain(s)`,
    `TLS                 profile ${o.tls.profile}, key usage check ${o.tls.keyUsage}`,
  ];
  return lines.join("\n") + "\n";
}

/** `ipdect ctl trust`: one row per trusted certificate. */
export function trustText(list: readonly CertSummary[]): string {
  if (list.length === 0) return "the trust list is empty\n";
  const rows = list.map((c) => [c.subject, c.notAfter.slice(0, 10), c.fingerprint]);
  return formatTable([["subject", "until", "SHA-256"], ...rows]) + "\n";
}

/** `ipdect ctl rejected`: one row per rejected chain, newest first. */
export function rejectedText(list: readonly RejectedView[]): string {
  if (list.length === 0) return "no rejected certificates\n";
  const rows = list.map((r) => [r.subject, r.direction, r.reason, String(r.count), r.fingerprint]);
  return formatTable([["subject", "dir", "reason", "times", "SHA-256"], ...rows]) + "\n";
}
