import { summary, type CertSummary } from "./certInfo.js";
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
