import { createPrivateKey, createPublicKey, randomBytes, sign } from "node:crypto";
import { isIpv4 } from "../core/config/ipv4.js";
import { DecodeError } from "../core/errors.js";
import { CertsCode } from "./errors.js";
import {
  certificationRequest,
  selfSignedCertificate,
  SIGNATURE_HASHES,
  type NameSpec,
  type SignatureHash,
} from "./forge.js";
import { RSA_BITS, type RsaBits } from "./keys.js";

/** What "Create New" asks for (§4.1.10.4.2 Self-signed, §4.1.10.4.3 Signing Request). */
export interface CertRequest {
  readonly bits: RsaBits;
  readonly hash: SignatureHash;
  /** Common Name: "the domain name or IP address for the device". */
  readonly commonName: string;
  /** DNS Name, stored as subjectAltName. */
  readonly dns?: string;
}

export interface SelfSignedRequest extends CertRequest {
  /** Validity in years (§4.1.10.4.2: mandatory). */
  readonly years: number;
}

/** Our limit on Validity (§4.1.10.4.2 gives none): 30 years outlasts any device. */
export const MAX_VALIDITY_YEARS = 30;
/** RFC 5280 upper bound ub-common-name. */
export const MAX_COMMON_NAME = 64;
/** §4.1.10.4.1: the default certificate is valid 10 years. */
export const DEFAULT_VALIDITY_YEARS = 10;
/** Our choice for the default key (§4.1.10.4.1 does not say): 2048 bits, signed with SHA-256. */
export const DEFAULT_REQUEST: Omit<CertRequest, "commonName"> = { bits: 2048, hash: "sha256" };

const bad = (message: string) => new DecodeError(CertsCode.BadRequest, message);
const DNS_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const FQDN = new RegExp(`^(?=.{1,253}$)${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const CONTROL = /\p{Cc}/u;

/** §4.1.10.4.2 Key: 1024, 2048 or 4096 bits. */
export function rsaBits(n: number, key: string): RsaBits {
  if (!(RSA_BITS as readonly number[]).includes(n))
    throw bad(`${key} must be one of ${RSA_BITS.join(", ")} (§4.1.10.4.2)`);
  return n as RsaBits;
}

/** §4.1.10.4.2 Signature: sha1, sha256, sha384 or sha512. */
export function signatureHash(t: string, key: string): SignatureHash {
  const h = t.toLowerCase().replace("-", "");
  if (!(SIGNATURE_HASHES as readonly string[]).includes(h))
    throw bad(`${key} must be one of ${SIGNATURE_HASHES.join(", ")} (§4.1.10.4.2)`);
  return h as SignatureHash;
}

export function validityYears(n: number, key: string): number {
  if (!(Number.isInteger(n) && n >= 1 && n <= MAX_VALIDITY_YEARS))
    throw bad(`${key} must be a whole number of years from 1 to ${MAX_VALIDITY_YEARS}`);
  return n;
}

export function commonName(t: string, key: string): string {
  if (t.length === 0 || t.length > MAX_COMMON_NAME || CONTROL.test(t))
    throw bad(`${key} must be 1 to ${MAX_COMMON_NAME} characters without control characters (RFC 5280)`);
  return t;
}

/** §4.1.10.4.2 DNS Name: "a FQDN (e.g. host.domain.com)". */
export function dnsName(t: string, key: string): string {
  if (!FQDN.test(t)) throw bad(`${key} must be a DNS name like host.domain.com (§4.1.10.4.2)`);
  return t;
}

/**
 * A request's parameters as the operator command (`certs-self-signed`, `certs-csr`) and the configuration's
 * certificates section give them (§4.1.10.4.2 Key, Signature, Common Name, DNS Name), each read by the functions above.
 */
export interface RequestParams {
  readonly bits?: RsaBits | undefined;
  readonly hash?: SignatureHash | undefined;
  readonly cn: string;
  readonly dns?: string | undefined;
}

/** The request the parameters ask for; an absent key size and signature are the default's (2048 bits, SHA-256). */
export const certRequest = (p: RequestParams): CertRequest => ({
  bits: p.bits ?? DEFAULT_REQUEST.bits,
  hash: p.hash ?? DEFAULT_REQUEST.hash,
  commonName: p.cn,
  ...(p.dns === undefined ? {} : { dns: p.dns }),
});

/** A self-signed request: `certRequest` with the Validity (§4.1.10.4.2: mandatory). */
export const selfSignedRequest = (p: RequestParams & { readonly years: number }): SelfSignedRequest => ({
  ...certRequest(p),
  years: p.years,
});

/** The names a request puts in the certificate: the DNS Name, and the Common Name too when it is an IPv4 address. */
function names(req: CertRequest, extraIp: string | undefined): Pick<NameSpec, "commonName" | "dns" | "ips"> {
  const ips = [
    ...new Set([...(isIpv4(req.commonName) ? [req.commonName] : []), ...(extraIp === undefined ? [] : [extraIp])]),
  ];
  return { commonName: req.commonName, dns: req.dns === undefined ? [] : [req.dns], ips };
}

/** The holder's side of NameSpec: its public key and a signer by its private key (node:crypto). */
function holder(keyPem: string, hash: SignatureHash): Pick<NameSpec, "publicKeyPem" | "sign" | "hash"> {
  const key = createPrivateKey(keyPem);
  return {
    publicKeyPem: createPublicKey(key).export({ type: "spki", format: "pem" }) as string,
    hash,
    sign: (data) => sign(hash, data, key),
  };
}

/** A random positive 128-bit serial (RFC 5280 §4.1.2.2: unique per issuer; random makes it so). */
function serialHex(): string {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f || 0x01;
  return b.toString("hex");
}

/** `now` plus `years` calendar years (UTC). */
function yearsAfter(now: number, years: number): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/**
 * A self-signed certificate for `keyPem` (§4.1.10.4.1 default, §4.1.10.4.2 on request), valid from `now` for
 * `years`. `ip`: the device's address as an extra subjectAltName (the default certificate carries it, so that a client
 * that checks the name, like curl, accepts it once trusted).
 */
export function buildSelfSigned(keyPem: string, req: SelfSignedRequest, now: number, ip?: string): string {
  return selfSignedCertificate({
    ...names(req, ip),
    ...holder(keyPem, req.hash),
    notBefore: new Date(now),
    notAfter: yearsAfter(now, req.years),
    serialHex: serialHex(),
  });
}

/** A signing request for `keyPem` (§4.1.10.4.3); the CA sets the validity. */
export function buildCsr(keyPem: string, req: CertRequest): string {
  return certificationRequest({ ...names(req, undefined), ...holder(keyPem, req.hash) });
}
