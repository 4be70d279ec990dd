import { X509Certificate } from "node:crypto";
import { DecodeError } from "../core/errors.js";
import { CertsCode } from "./errors.js";

/** What the Certificates page shows of a certificate (§4.1.10): who, by whom, how long, and its fingerprint. */
export interface CertSummary {
  /** One line: `CN=ipbs-1, O=Example`. */
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  /** ISO 8601. */
  readonly notBefore: string;
  readonly notAfter: string;
  /** SHA-256 of the DER, colon hex (as `openssl x509 -fingerprint -sha256` prints it): the certificate's id here. */
  readonly fingerprint: string;
  readonly selfSigned: boolean;
  readonly ca: boolean;
  /** `rsa 2048`, `ec`… */
  readonly key: string;
  readonly altNames?: string;
}

/** An X.509 name as node:crypto gives it (one attribute a line) on one line. */
export const oneLine = (name: string): string => name.split("\n").join(", ");

export const notBeforeOf = (c: X509Certificate): number => Date.parse(c.validFrom);
export const notAfterOf = (c: X509Certificate): number => Date.parse(c.validTo);

/**
 * Why a certificate that parsed still cannot be used, or undefined: OpenSSL parses lazily, so a damaged date (printed
 * "Bad time value") or public key only shows when read. Everything summary and the checks read is read here once.
 */
export function unreadablePart(c: X509Certificate): string | undefined {
  if (!Number.isFinite(notBeforeOf(c)) || !Number.isFinite(notAfterOf(c)))
    return "its validity dates do not read as times";
  try {
    summary(c);
    void c.keyUsage;
    return undefined;
  } catch (err) {
    return `a part of it does not read (${(err as Error).message})`;
  }
}

/** Whether `c` signed itself: its issuer is its subject and its own key verifies it. */
export const isSelfSigned = (c: X509Certificate): boolean => c.checkIssued(c) && c.verify(c.publicKey);

export function summary(c: X509Certificate): CertSummary {
  const details = c.publicKey.asymmetricKeyDetails;
  const bits = details?.modulusLength;
  return {
    subject: oneLine(c.subject),
    issuer: oneLine(c.issuer),
    serial: c.serialNumber,
    notBefore: new Date(notBeforeOf(c)).toISOString(),
    notAfter: new Date(notAfterOf(c)).toISOString(),
    fingerprint: c.fingerprint256,
    selfSigned: isSelfSigned(c),
    ca: c.ca,
    key: `${c.publicKey.asymmetricKeyType ?? "unknown"}${bits === undefined ? "" : ` ${bits}`}`,
    ...(c.subjectAltName === undefined ? {} : { altNames: c.subjectAltName }),
  };
}

/** A SHA-256 fingerprint as the API takes it: 64 hex digits, with or without colons, either case. */
export function fingerprintKey(text: string): string {
  const hex = text.replaceAll(":", "").toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex))
    throw new DecodeError(CertsCode.BadFingerprint, "a fingerprint is 32 bytes of hex (SHA-256), colons optional");
  return hex;
}

/** The key fingerprintKey gives for a certificate. */
export const keyOf = (c: X509Certificate): string => c.fingerprint256.replaceAll(":", "");

/** The PEM of a certificate, one trailing newline. */
export const pemOf = (c: X509Certificate): string => (c.toString().endsWith("\n") ? c.toString() : `${c.toString()}\n`);

/** A name for a certificate in messages and alarm sources: its subject and the start of its fingerprint. */
export const nameOf = (c: X509Certificate): string => `${oneLine(c.subject)} (${c.fingerprint256.slice(0, 11)})`;

/** A certificate of a chain a TLS peer presented, or none when it does not parse or a part of it does not read. */
export function presented(c: X509Certificate | Uint8Array): X509Certificate[] {
  try {
    const cert = c instanceof X509Certificate ? c : new X509Certificate(c);
    return unreadablePart(cert) === undefined ? [cert] : [];
  } catch {
    return [];
  }
}
