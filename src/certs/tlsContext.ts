import { X509Certificate } from "node:crypto";
import type { TlsOptions, TlsPolicy } from "../wire/Transport.js";
import type { Alarms } from "../role/Alarms.js";
import type { CertStore } from "./CertStore.js";
import { keyUsageProblem } from "./keyUsage.js";
import { REMOTE_ALERT_ALARMS, remoteAlertAlarm } from "./tlsAlerts.js";
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
 * Peers with a remote TLS alert alarm at one time (§6.2 0x000c02xx). A further one clears the alarm of the peer that
 * alerted longest ago, so clients that connect from ever new addresses cannot grow the alarm table without bound.
 */
export const MAX_ALERT_PEERS = 32;

/**
 * The device's TLS policy for its servers and clients (wire/Transport.ts): the options of `tlsContextOptions` without
 * waiting, the same object while the device certificate, the trust list and the settings stay the same (a TLS server
 * swaps its context only when they change), and a refused chain, a server's or a client's, to the rejected list
 * (§4.1.10.2) with the TLS alarm of this device's alert (§6.2 0x000c01xx, source the peer as the caller names it,
 * wire/Transport.ts TlsPeer), cleared by the next trusted handshake with that peer. An alert a peer sends raises the
 * remote alarm of that alert (0x000c02xx, source the peer, one per peer: a new alert replaces the last), cleared once
 * the peer takes a handshake of ours.
 */
export function tlsPolicy(store: CertStore, alarms: Alarms): TlsPolicy {
  let last:
    { id: DeviceIdentity; trusted: readonly X509Certificate[]; profile: TlsProfile; options: TlsOptions } | undefined;
  /** The remote alert alarm raised per peer, oldest first. */
  const alerting = new Map<string, number>();
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
      void store.reject(chain, reason, direction, peer);
      alarms.raise(localAlert(reason), peer);
    },
    serverProblem(leaf) {
      return keyUsageProblem(new X509Certificate(leaf), "serverAuth", store.settings().keyUsage);
    },
    clientProblem(leaf) {
      return keyUsageProblem(new X509Certificate(leaf), "clientAuth", store.settings().keyUsage);
    },
    accepted(peer) {
      for (const code of Object.values(ALERT)) alarms.clear(code, peer);
    },
    peerAlert(alert, peer) {
      const code = remoteAlertAlarm(alert);
      if (code === undefined) return;
      const before = alerting.get(peer);
      alerting.delete(peer);
      alerting.set(peer, code);
      if (before === code) return;
      if (before !== undefined) alarms.clear(before, peer);
      alarms.raise(code, peer);
      if (alerting.size <= MAX_ALERT_PEERS) return;
      const [oldest, oldestCode] = alerting.entries().next().value!;
      alerting.delete(oldest);
      alarms.clear(oldestCode, oldest);
    },
    acceptedBy(peer) {
      alerting.delete(peer);
      // Every remote code, not only the one noted: an alarm raised before a reset is cleared here too.
      for (const code of REMOTE_ALERT_ALARMS) alarms.clear(code, peer);
    },
  };
}

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
