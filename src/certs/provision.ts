import { X509Certificate } from "node:crypto";
import { IpdectError } from "../core/errors.js";
import { flashCheck, flashObject, isArray, isString, readFlashJson } from "../core/flashJson.js";
import type { Logger } from "../core/Logger.js";
import type { Store } from "../core/Store.js";
import type { Emit } from "../role/EventLog.js";
import { keyOf } from "./certInfo.js";
import type { CertStore } from "./CertStore.js";
import {
  carriedIdentity,
  isMade,
  madeRequest,
  type CertificatesSettings,
  type ConfiguredDevice,
} from "./configured.js";
import { CertsCode } from "./errors.js";
import { FLASH } from "./flash.js";

/**
 * The certificates section applied at start (docs/design.md "Certificates"). The configuration provisions the store; it
 * does not own it: an operator's later change (an uploaded certificate, a removed trusted one) stands over restarts
 * until the configuration itself changes. So the store remembers what it last applied from the configuration
 * (certs/configured.json) and applies only what differs:
 *
 * - the device certificate, when the configured one (carried, or the parameters of a self-signed one) is not the one
 *   last applied: it is installed (carried) or made (self-signed), as an operator's upload or command would;
 * - the trust list, by the difference to the list last applied: entries new in the configuration are added, entries
 *   the configuration no longer lists are removed; entries an operator added or removed stay as they are.
 *
 * A part the configuration does not give changes nothing. A part that cannot be applied (a certificate expired by the
 * device's clock, a full trust list, flash) is a `warning` CERTS_PROVISION; the device starts with the store as it was
 * and tries again at the next start.
 */
export async function provision(
  certs: CertStore,
  cfg: CertificatesSettings,
  d: { readonly store: Store; readonly log: Logger; readonly emit: Emit },
): Promise<void> {
  const last = await lastApplied(d);
  let applied = last;
  const device = cfg.device;
  if (device !== undefined && describe(device) !== last.device) {
    const done = await attempt(d, "device certificate", () =>
      isMade(device) ? certs.selfSigned(madeRequest(device)) : certs.install(() => carriedIdentity(device)),
    );
    if (done) applied = { ...applied, device: describe(device) };
  }
  if (cfg.trust !== undefined) {
    const wanted = cfg.trust.map((pem) => new X509Certificate(pem));
    const keys = wanted.map(keyOf);
    const before = last.trust ?? [];
    const added = wanted.filter((c) => !before.includes(keyOf(c)));
    const withdrawn = before.filter((k) => !keys.includes(k) && certs.trusted.some((c) => keyOf(c) === k));
    const done =
      added.length + withdrawn.length === 0 ||
      (await attempt(d, "trust list", async () => {
        for (const k of withdrawn) await certs.untrust(k);
        await certs.trustCertificates(added);
      }));
    if (done) applied = { ...applied, trust: keys };
  }
  if (JSON.stringify(applied) !== JSON.stringify(last))
    await d.store.put(FLASH.configured, new TextEncoder().encode(JSON.stringify(applied)));
}

/** What the store last applied from the configuration. */
interface Applied {
  /** The device certificate, as `describe` gives it. */
  readonly device?: string;
  /** The trust list entries, as SHA-256 fingerprints (keyOf). */
  readonly trust?: readonly string[];
}

/**
 * The configured device certificate in a few words that change when it changes: the fingerprints of a carried chain
 * (a key that changes changes the certificate it fits), or the request of a self-signed one with its defaults filled.
 */
function describe(d: ConfiguredDevice): string {
  if (isMade(d)) return `self-signed ${JSON.stringify(madeRequest(d))}`;
  return `carried ${carriedIdentity(d).chain.map(keyOf).join(" ")}`;
}

/** What `lastApplied` keeps: a description of the device certificate and the trust list's fingerprints. */
function appliedShape(v: unknown): Applied {
  const o = flashObject(v);
  flashCheck(o["device"] === undefined || isString(o["device"]), "device: not text");
  flashCheck(
    o["trust"] === undefined || (isArray(o["trust"]) && o["trust"].every(isString)),
    "trust: not a list of text",
  );
  return o as Applied;
}

async function lastApplied(d: { readonly store: Store; readonly log: Logger }): Promise<Applied> {
  try {
    return (await readFlashJson(d.store, FLASH.configured, appliedShape)) ?? {};
  } catch (e) {
    if (!(e instanceof IpdectError)) throw e;
    // Unreadable: as if nothing had been applied; the configuration is applied again.
    d.log.log("warn", "certificate store file does not read back; the configuration is applied again", {
      key: FLASH.configured,
      reason: e.reason,
    });
    return {};
  }
}

/** Runs one part; a failure is logged and a warning, and answers false (the part is tried again at the next start). */
async function attempt(
  d: { readonly log: Logger; readonly emit: Emit },
  part: string,
  run: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    d.log.log("error", "certificates section not applied", { part, reason });
    d.emit("warning", { code: CertsCode.Provision, text: `the configuration's ${part} is not applied: ${reason}` });
    return false;
  }
}
