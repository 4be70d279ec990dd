import { formatFields, listText, type Field } from "../core/textTable.js";
import { formatDate, formatTime } from "../core/timeText.js";
import type { CertSummary } from "./certInfo.js";
import type { CertsOverview, DeviceCertView } from "./views.js";
import type { RejectedView } from "./RejectedList.js";

/** The device certificate in a line: `CN=ipbs-1  (signed, rsa 2048, until 2027-01-31)`. */
export function deviceCertText(d: DeviceCertView): string {
  return `${d.certificate.subject}  (${d.origin}, ${d.certificate.key}, until ${formatDate(d.certificate.notAfter)})`;
}

/** `ipdect ctl certs`: the Certificates page (§4.1.10) in a few lines. */
export function certsText(o: CertsOverview): string {
  const d = o.device;
  const lines = [
    `Device certificate  ${deviceCertText(d)}`,
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
  const rows = list.map((c) => [c.subject, formatDate(c.notAfter), c.fingerprint]);
  return listText(["subject", "until", "SHA-256"], rows, "the trust list is empty");
}

/** `ipdect ctl rejected`: one row per rejected chain, newest first, with when it was last refused. */
export function rejectedText(list: readonly RejectedView[]): string {
  const rows = list.map((r) => [formatTime(r.time), r.subject, r.direction, r.reason, String(r.count), r.fingerprint]);
  return listText(["last refused", "subject", "dir", "reason", "times", "SHA-256"], rows, "no rejected certificates");
}

/** The TLS settings (§4.3.3, §4.7.2.1) as `GET /api/tls` answers them (`PUT` answers the first two alone). */
export interface TlsReport {
  readonly profile: string;
  readonly keyUsage: string;
  readonly minVersion?: string;
  /** The profile's ciphers by their App. K names. */
  readonly appendixK?: readonly string[];
}

/** `ipdect ctl tls` and `tls-set`: the profile, the key usage check, the lowest version and the App. K ciphers. */
export function tlsText(t: TlsReport): string {
  const ciphers = (t.appendixK ?? []).map((c, i): Field => [i === 0 ? "Ciphers (App. K)" : "", c]);
  return `${formatFields([
    ["TLS profile", t.profile],
    ["Key usage check", t.keyUsage],
    ...(t.minVersion === undefined ? [] : [["Minimum version", t.minVersion] as Field]),
    ...ciphers,
  ])}\n`;
}
