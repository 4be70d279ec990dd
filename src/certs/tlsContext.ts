import { X509Certificate } from "node:crypto";
import type { Endpoint, TlsDirection, TlsOptions, TlsPolicy } from "../wire/Transport.js";
import type { Alarms } from "../role/Alarms.js";
import type { CertStore } from "./CertStore.js";
import { keyUsageProblem } from "./keyUsage.js";
import type { DeviceIdentity } from "./identity.js";
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
  return optionsOf(await store.identity(), store.trusted, profile);
}

function optionsOf(id: DeviceIdentity, trusted: readonly X509Certificate[], profile: TlsProfile): TlsContextOptions {
  return {
    ...tlsProfileOptions(profile),
    key: id.keyPem,
    cert: id.chain.map((c) => c.toString()).join(""),
    ca: trusted.map((c) => c.toString()),
  };
}

/**
 * The device's TLS policy for its servers and clients (wire/Transport.ts): the options of `tlsContextOptions` without
 * waiting, the same object while the device certificate, the trust list and the settings stay the same (a TLS server
 * swaps its context only when they change), and a refused chain, a server's or a client's, to the rejected list
 * (§4.1.10.2) with the TLS alarm of this device's alert (§6.2 0x000c01xx, source the peer), cleared by the next
 * trusted handshake with that peer.
 */
export function tlsPolicy(store: CertStore, alarms: Alarms): TlsPolicy {
  let last:
    { id: DeviceIdentity; trusted: readonly X509Certificate[]; profile: TlsProfile; options: TlsOptions } | undefined;
  return {
    options() {
      const id = store.current;
      if (id === undefined) return undefined;
      const trusted = store.trusted;
      const profile = store.settings().profile;
      if (last?.id !== id || last.trusted !== trusted || last.profile !== profile)
        last = { id, trusted, profile, options: optionsOf(id, trusted, profile) };
      return last.options;
    },
    async ready() {
      await store.identity();
    },
    rejected(chain, reason, peer, direction) {
      const source = sourceOf(peer, direction);
      void store.reject(chain, reason, direction, source);
      alarms.raise(localAlert(reason), source);
    },
    serverProblem(leaf) {
      return keyUsageProblem(new X509Certificate(leaf), "serverAuth", store.settings().keyUsage);
    },
    clientProblem(leaf) {
      return keyUsageProblem(new X509Certificate(leaf), "clientAuth", store.settings().keyUsage);
    },
    accepted(peer, direction) {
      const source = sourceOf(peer, direction);
      for (const code of Object.values(ALERT)) alarms.clear(code, source);
    },
  };
}

/**
 * Who a refusal names: a server by its address and port; a client by its address only, since its port is new on
 * every connection and a client that retries would otherwise raise one alarm per attempt.
 */
const sourceOf = (peer: Endpoint, direction: TlsDirection): string =>
  direction === "out" ? `${peer.ip}:${peer.port}` : peer.ip;

/** §6.2 0x000c01xx: 0x000c0100 + the TLS AlertDescription this device would send (RFC 5246 §7.2). */
const ALERT = {
  badCertificate: 0x000c012a,
  certificateExpired: 0x000c012d,
  unsupportedCertificate: 0x000c012b,
  certificateUnknown: 0x000c012e,
  unknownCa: 0x000c0130,
} as const;

/** The alert for OpenSSL's (and Node's) verification error: "Unknown CA" points the user at the rejected list. */
function localAlert(reason: string): number {
  if (/SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY_LEAF|ISSUER/.test(reason)) return ALERT.unknownCa;
  if (reason === "CERT_HAS_EXPIRED") return ALERT.certificateExpired;
  if (reason === "ERR_TLS_CERT_ALTNAME_INVALID" || reason === "CERT_NOT_YET_VALID") return ALERT.badCertificate;
  if (reason.startsWith("INVALID_PURPOSE")) return ALERT.unsupportedCertificate;
  return ALERT.certificateUnknown;
}
