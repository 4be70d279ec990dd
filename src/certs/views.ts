import type { X509Certificate } from "node:crypto";
import { notAfterOf, oneLine, summary, type CertSummary } from "./certInfo.js";
import type { DeviceIdentity, PendingCsr } from "./identity.js";
import type { TlsSettings } from "./settings.js";

/** The Device Certificate section of the Certificates page (§4.1.10.4). */
export interface DeviceCertView {
  readonly origin: DeviceIdentity["origin"];
  readonly certificate: CertSummary;
  /** The certificates sent with it (the CA's chain), leaf excluded. */
  readonly chain: readonly CertSummary[];
}

/** The Signing Request section (§4.1.10.4.3). */
export interface CsrView {
  readonly commonName: string;
  readonly dns?: string;
  readonly bits: number;
  readonly hash: string;
  /** ms on the device clock. */
  readonly created: number;
}

/** The Certificates page at a glance (`GET /api/certs`). */
export interface CertsOverview {
  readonly device: DeviceCertView;
  readonly signingRequest: CsrView | null;
  readonly trusted: number;
  readonly rejected: number;
  readonly tls: TlsSettings;
}

export const deviceView = (id: DeviceIdentity): DeviceCertView => ({
  origin: id.origin,
  certificate: summary(id.chain[0]!),
  chain: id.chain.slice(1).map(summary),
});

export function csrView(c: PendingCsr): CsrView {
  const r = c.request;
  return {
    commonName: r.commonName,
    ...(r.dns === undefined ? {} : { dns: r.dns }),
    bits: r.bits,
    hash: r.hash,
    created: c.created,
  };
}

/** A certificate as the device status names it: who, and its SHA-256 fingerprint. */
export interface CertBrief {
  readonly subject: string;
  readonly fingerprint: string;
}

/**
 * The certificates in the device status (src/device/status.ts, so also the sim's report): what TLS presents and
 * trusts now. Reading it makes nothing: a sim device that nothing has asked for its certificate has none yet.
 */
export interface CertsStatus {
  /** The device certificate presented now (absent: the default one is not made yet). */
  readonly device?: CertBrief & { readonly origin: DeviceIdentity["origin"]; readonly notAfter: string };
  /** The trust list (§4.1.10.1). */
  readonly trusted: readonly CertBrief[];
}

const brief = (c: X509Certificate): CertBrief => ({ subject: oneLine(c.subject), fingerprint: c.fingerprint256 });

export function certsStatus(current: DeviceIdentity | undefined, trusted: readonly X509Certificate[]): CertsStatus {
  const leaf = current?.chain[0];
  return {
    ...(leaf === undefined
      ? {}
      : { device: { origin: current!.origin, ...brief(leaf), notAfter: new Date(notAfterOf(leaf)).toISOString() } }),
    trusted: trusted.map(brief),
  };
}
