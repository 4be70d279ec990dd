import forge from "node-forge";
import { DecodeError } from "../core/errors.js";
import { CertsCode } from "./errors.js";

/**
 * The one file that imports node-forge (docs/style.md §9). node-forge builds what node:crypto cannot: X.509
 * certificates and signing requests (§4.1.10.4.2, §4.1.10.4.3), and reads PKCS#12 files (§4.1.10.3). Keys,
 * signatures and every check of a certificate stay with node:crypto: forge only lays out the structures, and the
 * signature over them comes from `sign` (node:crypto, in C): 0.3 ms for a 2048-bit key against 27 ms for forge's RSA
 * in JavaScript (docs/design.md "Certificates").
 */

/** §4.1.10.4.2 Signature: SHA1 and the three SHA-2 variants. */
export const SIGNATURE_HASHES = ["sha1", "sha256", "sha384", "sha512"] as const;
export type SignatureHash = (typeof SIGNATURE_HASHES)[number];

const SIGNATURE_OID: { readonly [H in SignatureHash]: string } = {
  sha1: forge.pki.oids["sha1WithRSAEncryption"]!,
  sha256: forge.pki.oids["sha256WithRSAEncryption"]!,
  sha384: forge.pki.oids["sha384WithRSAEncryption"]!,
  sha512: forge.pki.oids["sha512WithRSAEncryption"]!,
};

/** What a new certificate or signing request says about its holder and how it is signed. */
export interface NameSpec {
  /** The subject's Common Name. */
  readonly commonName: string;
  /** subjectAltName dNSName entries (§4.1.10.4.2 DNS Name). */
  readonly dns: readonly string[];
  /** subjectAltName iPAddress entries (IPv4, dotted). */
  readonly ips: readonly string[];
  /** The RSA public key, SubjectPublicKeyInfo PEM. */
  readonly publicKeyPem: string;
  readonly hash: SignatureHash;
  /** RSA PKCS#1 v1.5 signature of `data` with `hash` by the holder's private key. */
  readonly sign: (data: Uint8Array) => Uint8Array;
}

export interface CertificateSpec extends NameSpec {
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Positive, as hex (RFC 5280 §4.1.2.2). */
  readonly serialHex: string;
}

/** The parts of forge that its typings leave out. */
const pki = forge.pki as typeof forge.pki & {
  getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
  getCertificationRequestInfo(csr: forge.pki.CertificateSigningRequest): forge.asn1.Asn1;
};

const bytesOf = (s: string): Uint8Array => forge.util.binary.raw.decode(s);
const binaryOf = (b: Uint8Array): string => forge.util.binary.raw.encode(b);
const derOf = (a: forge.asn1.Asn1): Uint8Array => bytesOf(forge.asn1.toDer(a).getBytes());

function altNames(spec: NameSpec): object[] {
  return [...spec.dns.map((value) => ({ type: 2, value })), ...spec.ips.map((ip) => ({ type: 7, ip }))];
}

/**
 * A self-signed device certificate (§4.1.10.4.1, §4.1.10.4.2) as PEM. It serves TLS in both directions: key usage
 * digitalSignature (ECDHE) and keyEncipherment (RSA key exchange, App. K's TLS_RSA_* ciphers), extended key usage
 * serverAuth (HTTPS, LDAPS) and clientAuth (SIP/TLS, LDAP clients); not a CA.
 */
export function selfSignedCertificate(spec: CertificateSpec): string {
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(spec.publicKeyPem);
  cert.serialNumber = spec.serialHex;
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  const name = [{ name: "commonName", value: spec.commonName }];
  cert.setSubject(name);
  cert.setIssuer(name);
  const sans = altNames(spec);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true, clientAuth: true },
    { name: "subjectKeyIdentifier" },
    ...(sans.length === 0 ? [] : [{ name: "subjectAltName", altNames: sans }]),
  ]);
  const oid = SIGNATURE_OID[spec.hash];
  cert.siginfo.algorithmOid = oid;
  cert.signatureOid = oid;
  cert.signature = binaryOf(spec.sign(derOf(pki.getTBSCertificate(cert))));
  return pki.certificateToPem(cert);
}

/** A PKCS#10 signing request (§4.1.10.4.3) as PEM; the DNS name rides in an extensionRequest as subjectAltName. */
export function certificationRequest(spec: NameSpec): string {
  const csr = pki.createCertificationRequest();
  csr.publicKey = pki.publicKeyFromPem(spec.publicKeyPem);
  csr.setSubject([{ name: "commonName", value: spec.commonName }]);
  const sans = altNames(spec);
  if (sans.length > 0)
    csr.setAttributes([{ name: "extensionRequest", extensions: [{ name: "subjectAltName", altNames: sans }] }]);
  const oid = SIGNATURE_OID[spec.hash];
  csr.siginfo.algorithmOid = oid;
  csr.signatureOid = oid;
  csr.signature = binaryOf(spec.sign(derOf(pki.getCertificationRequestInfo(csr))));
  return pki.certificationRequestToPem(csr);
}

/** What a PKCS#12 file holds: private keys (PKCS#8 DER, any algorithm) and certificates (DER), in file order. */
export interface Pkcs12Contents {
  readonly keys: readonly Uint8Array[];
  readonly certs: readonly Uint8Array[];
}

/**
 * Our limit on the MAC's iteration count: forge derives the MAC key in JavaScript, and a file with 2^31 iterations
 * would hold the device for hours. OpenSSL 3 writes 2048; Java's keytool 10 000 (older) or 100 000.
 */
export const PKCS12_MAX_ITERATIONS = 200_000;

const WRONG_PASSWORD = [
  "PKCS#12 MAC could not be verified. Invalid password?",
  "Unable to decrypt PKCS#8 ShroudedKeyBag, wrong password?",
  "Failed to decrypt PKCS#12 SafeContents.",
];

/**
 * Reads a PKCS#12 file (§4.1.10.3) with its password: OpenSSL 3's default (PBES2 with PBKDF2 and AES-256-CBC, a
 * SHA-256 MAC) and its `-legacy` form (RC2-40 and 3DES, a SHA-1 MAC) alike. A MAC or decryption that fails with the
 * password is CERTS_WRONG_PASSWORD; anything else that does not read is CERTS_BAD_PKCS12 with forge's reason.
 */
export function readPkcs12(der: Uint8Array, password: string): Pkcs12Contents {
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(binaryOf(der), true);
    checkIterations(asn1);
    pfx = forge.pkcs12.pkcs12FromAsn1(asn1, true, password);
  } catch (cause) {
    if (cause instanceof DecodeError) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    if (WRONG_PASSWORD.includes(reason))
      throw new DecodeError(CertsCode.WrongPassword, "the PKCS#12 file does not open with this password", { cause });
    throw new DecodeError(CertsCode.BadPkcs12, `not a PKCS#12 file we can read: ${reason}`, { cause });
  }
  const bags = pfx.safeContents.flatMap((c) => c.safeBags);
  const keys = bags
    .filter((b) => b.type === pki.oids["keyBag"] || b.type === pki.oids["pkcs8ShroudedKeyBag"])
    .map((b) =>
      derOf(b.key === undefined || b.key === null ? b.asn1 : pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(b.key))),
    );
  const certs = bags
    .filter((b) => b.type === pki.oids["certBag"])
    .map((b) => derOf(b.cert === undefined || b.cert === null ? b.asn1 : pki.certificateToAsn1(b.cert)));
  return { keys, certs };
}

/** PFX ::= SEQUENCE { version, authSafe, macData SEQUENCE { mac, macSalt, iterations INTEGER DEFAULT 1 } OPTIONAL } */
function checkIterations(pfx: forge.asn1.Asn1): void {
  const macData = Array.isArray(pfx.value) ? pfx.value[2] : undefined;
  const iterations = macData !== undefined && Array.isArray(macData.value) ? macData.value[2] : undefined;
  if (iterations === undefined || typeof iterations.value !== "string") return;
  const n = iterations.value.length > 4 ? Infinity : parseInt(forge.util.bytesToHex(iterations.value) || "0", 16);
  if (n > PKCS12_MAX_ITERATIONS)
    throw new DecodeError(
      CertsCode.BadPkcs12,
      `the PKCS#12 MAC asks for ${n === Infinity ? "over 2^32" : n} iterations; we take at most ${PKCS12_MAX_ITERATIONS}`,
    );
}
