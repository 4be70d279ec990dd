import type { X509Certificate } from "node:crypto";
import { StateError } from "../core/errors.js";
import { fingerprintKey, keyOf, pemOf, summary, type CertSummary } from "./certInfo.js";
import { CertsCode } from "./errors.js";

/** Our limit on the trust list (§4.1.10.1 gives none): 200 certificates, a few hundred KiB on flash. */
export const MAX_TRUSTED = 200;

/**
 * §4.1.10.1 Trust list: the certificates this device accepts for TLS connections (HTTPS, SIPS, LDAPS), in the order
 * they were added. A value: every change makes a new list, which the store writes to flash before it takes its place.
 */
export class TrustList {
  readonly certificates: readonly X509Certificate[];

  constructor(certs: readonly X509Certificate[] = []) {
    this.certificates = certs;
  }

  list(): CertSummary[] {
    return this.certificates.map(summary);
  }

  /** §4.1.10.1 "Download all": the whole list as one PEM text. */
  toPem(): string {
    return this.certificates.map(pemOf).join("");
  }

  find(key: string): X509Certificate | undefined {
    return this.certificates.find((c) => keyOf(c) === key);
  }

  /** The list with `certs` added (one already on it, or twice in `certs`, is added once); `added` are the new ones. */
  adding(certs: readonly X509Certificate[]): { readonly list: TrustList; readonly added: readonly X509Certificate[] } {
    const seen = new Set(this.certificates.map(keyOf));
    const added: X509Certificate[] = [];
    for (const c of certs) {
      if (seen.has(keyOf(c))) continue;
      seen.add(keyOf(c));
      added.push(c);
    }
    if (this.certificates.length + added.length > MAX_TRUSTED)
      throw new StateError(
        CertsCode.TrustListFull,
        `the trust list holds ${this.certificates.length} certificates; ${added.length} more would pass its limit of ${MAX_TRUSTED}`,
      );
    return { list: new TrustList([...this.certificates, ...added]), added };
  }

  /** The list without the certificate of SHA-256 `fingerprint` (colons optional): a StateError when it holds none. */
  removing(fingerprint: string): { readonly list: TrustList; readonly removed: X509Certificate } {
    const key = fingerprintKey(fingerprint);
    const removed = this.find(key);
    if (removed === undefined)
      throw new StateError(CertsCode.NotTrusted, `no certificate ${fingerprint} in the trust list`);
    return { list: new TrustList(this.certificates.filter((c) => c !== removed)), removed };
  }
}
