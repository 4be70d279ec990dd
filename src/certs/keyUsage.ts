import type { X509Certificate } from "node:crypto";
import { isSelfSigned } from "./certInfo.js";
import type { KeyUsageCheck } from "./settings.js";

/** What a peer's certificate is used for in a TLS connection (RFC 5280 §4.2.1.12). */
export type KeyPurpose = "serverAuth" | "clientAuth";

const PURPOSE_OID: { readonly [P in KeyPurpose]: string } = {
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
};
/** anyExtendedKeyUsage (RFC 5280 §4.2.1.12). */
const ANY = "2.5.29.37.0";

/**
 * Why `cert` may not serve `purpose`, or undefined when it may. RFC 5280: an extended key usage that is present must
 * name the purpose. §4.7.2.1 "Extended validation of certificate key usage" (`"extended"`): a CA-signed one must
 * carry the extension and name the purpose; self-signed certificates are exempt, "as these need to be explicitly added
 * to the trust list by an administrator". The TLS services call this for the peer's leaf certificate with
 * `settings().keyUsage`.
 */
export function keyUsageProblem(cert: X509Certificate, purpose: KeyPurpose, check: KeyUsageCheck): string | undefined {
  const usages = cert.keyUsage;
  if (usages === undefined || usages.length === 0)
    return check === "extended" && !isSelfSigned(cert)
      ? `no extended key usage, and §4.7.2.1 requires one naming ${purpose}`
      : undefined;
  if (usages.includes(PURPOSE_OID[purpose]) || usages.includes(ANY)) return undefined;
  return `its extended key usage (${usages.join(", ")}) does not include ${purpose}`;
}
