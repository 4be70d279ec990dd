import type { CertStore } from "./CertStore.js";
import { tlsProfileOptions, type TlsProfile, type TlsProfileOptions } from "./profiles.js";

/** What a TLS server or client of this device is built from (node:tls `createSecureContext` options). */
export interface TlsContextOptions extends TlsProfileOptions {
  /** The device's private key, PEM: handed to TLS only, never logged. */
  readonly key: string;
  /** The device certificate and its chain, PEM. */
  readonly cert: string;
  /**
   * The trust list (§4.1.10.1), one PEM per certificate. Given even when empty: Node then trusts no CA at all instead
   * of its built-in Mozilla list, so the device trusts exactly what its administrator put on the list.
   */
  readonly ca: string[];
}

/**
 * The TLS options for the device's services (§4.3.3): its certificate and key, its trust list, and the profile's
 * versions and ciphers (App. K). Waits while the default certificate is being made (§4.1.10.4.1). A service also
 * checks the peer's key usage with `keyUsageProblem` and `store.settings().keyUsage` (§4.7.2.1), and reports a
 * refused chain with `store.reject` (§4.1.10.2).
 */
export async function tlsContextOptions(
  store: CertStore,
  profile: TlsProfile = store.settings().profile,
): Promise<TlsContextOptions> {
  const id = await store.identity();
  return {
    ...tlsProfileOptions(profile),
    key: id.keyPem,
    cert: id.chain.map((c) => c.toString()).join(""),
    ca: store.trusted.map((c) => c.toString()),
  };
}
