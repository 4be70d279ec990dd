import { X509Certificate } from "node:crypto";
import { parseFlashJson } from "../core/flashJson.js";
import type { Store } from "../core/Store.js";
import { csrFromJson, identityFromJson, identityToJson, type DeviceIdentity, type PendingCsr } from "./identity.js";
import { RejectedList, type RejectedEntry } from "./RejectedList.js";
import { TrustList } from "./TrustList.js";
import { IoError } from "../core/errors.js";
import { CertsCode } from "./errors.js";

/**
 * Where the certificate store keeps its parts on flash, one file each, each written whole (Store.put is atomic), so
 * a refused upload or a crash never leaves half a change. Files with private keys are secrets: the store keeps every
 * file private to the device (mode 0600 on a real node).
 */
export const FLASH = {
  /** §4.1.10.4.1 the default certificate and its key; kept when the user installs another, for "Clear". */
  default: "certs/default.json",
  /** The certificate the user installed (self-signed, CA-signed, PKCS#12) and its key. */
  device: "certs/device.json",
  /** §4.1.10.4.3 the pending signing request and its key. */
  csr: "certs/csr.json",
  /** §4.1.10.1 the trust list, as the PEM "Download all" gives. */
  trust: "certs/trust.pem",
  /** §4.1.10.2 the rejected chains. */
  rejected: "certs/rejected.json",
  /** What the configuration's certificates section last provisioned (provision.ts): a description, no key. */
  configured: "certs/configured.json",
} as const;

const encode = (text: string) => new TextEncoder().encode(text);
/** The JSON of a file, read as every loader reads flash: empty, truncated or garbage is FLASH_CORRUPT naming it. */
const json = (key: string, bytes: Uint8Array): unknown => parseFlashJson(key, bytes, (v) => v);

/** What flash held at start. A file that does not read back is named in `unreadable` and counts as absent. */
export interface Loaded {
  readonly defaultId?: DeviceIdentity;
  readonly device?: DeviceIdentity;
  readonly csr?: PendingCsr;
  readonly trust: TrustList;
  readonly rejected: RejectedList;
  readonly unreadable: readonly { readonly key: string; readonly reason: string }[];
}

export async function loadFlash(store: Store): Promise<Loaded> {
  const unreadable: { key: string; reason: string }[] = [];
  const read = async <T>(key: string, parse: (bytes: Uint8Array) => T): Promise<T | undefined> => {
    const bytes = await store.get(key);
    if (bytes === undefined) return undefined;
    try {
      return parse(bytes);
    } catch (err) {
      unreadable.push({ key, reason: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  };
  const defaultId = await read(FLASH.default, (b) => identityFromJson(json(FLASH.default, b)));
  const device = await read(FLASH.device, (b) => identityFromJson(json(FLASH.device, b)));
  const csr = await read(FLASH.csr, (b) => csrFromJson(json(FLASH.csr, b)));
  const trust = await read(FLASH.trust, (b) => trustFromPem(new TextDecoder().decode(b)));
  const rejected = await read(FLASH.rejected, (b) => rejectedFromJson(json(FLASH.rejected, b)));
  return {
    ...(defaultId === undefined ? {} : { defaultId }),
    ...(device === undefined ? {} : { device }),
    ...(csr === undefined ? {} : { csr }),
    trust: trust ?? new TrustList(),
    rejected: rejected ?? new RejectedList(),
    unreadable,
  };
}

/** The rejected list file; each entry must name its chain (leaf first), which "Trust" reads. */
function rejectedFromJson(v: unknown): RejectedList {
  const ok = (e: Partial<RejectedEntry>) =>
    typeof e.fingerprint === "string" && Array.isArray(e.chain) && e.chain.length > 0 && typeof e.time === "number";
  if (!Array.isArray(v) || !v.every(ok)) throw new IoError(CertsCode.Stored, "not a list of rejected chains");
  const entries = v as RejectedEntry[];
  for (const e of entries) RejectedList.chainOf(e);
  return new RejectedList(entries);
}

/** The trust list file: the PEM blocks it holds, in order. */
function trustFromPem(text: string): TrustList {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return new TrustList(blocks.map((pem) => new X509Certificate(pem)));
}

export const saveIdentity = (store: Store, key: string, id: DeviceIdentity) =>
  store.put(key, encode(JSON.stringify(identityToJson(id))));
export const saveCsr = (store: Store, csr: PendingCsr) => store.put(FLASH.csr, encode(JSON.stringify(csr)));
export const saveTrust = (store: Store, trust: TrustList) => store.put(FLASH.trust, encode(trust.toPem()));
export const saveRejected = (store: Store, rejected: RejectedList) =>
  store.put(FLASH.rejected, encode(JSON.stringify(rejected.entries)));
