import { X509Certificate } from "node:crypto";
import { ALARM } from "../core/alarms/index.js";
import { every, type Clock } from "../core/Clock.js";
import { StateError } from "../core/errors.js";
import type { Mac } from "../core/identity/Mac.js";
import type { Logger } from "../core/Logger.js";
import type { Store } from "../core/Store.js";
import type { Alarms } from "../role/Alarms.js";
import type { Emit, EventFields } from "../role/EventLog.js";
import { fingerprintKey, unreadablePart, keyOf, nameOf, summary, type CertSummary } from "./certInfo.js";
import { defaultRequest, pendingCsr, pkcs12Identity, selfSignedIdentity, signedIdentity } from "./deviceOps.js";
import { CertsCode } from "./errors.js";
import { FLASH, loadFlash, saveCsr, saveIdentity, saveRejected, saveSettings, saveTrust } from "./flash.js";
import type { DeviceIdentity, PendingCsr } from "./identity.js";
import type { KeySource } from "./keys.js";
import { RejectedList, type RejectedView, type TlsDirection } from "./RejectedList.js";
import type { CertRequest, SelfSignedRequest } from "./requests.js";
import type { TlsSettings } from "./settings.js";
import { TrustList } from "./TrustList.js";
import { decodeUpload } from "./upload.js";
import { DAY_MS, expiresSoon, isTimeSet, refuseExpired } from "./validity.js";

/** What the certificate store needs of its device (handed in: docs/style.md §1). */
export interface CertStoreDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly keys: KeySource;
  readonly alarms: Alarms;
  readonly emit: Emit;
  readonly log: Logger;
  /** §4.1.10.4.1: the default certificate carries the MAC. */
  readonly mac: Mac;
  /** The device's address, put in the default certificate as a subjectAltName. */
  readonly ip: string;
  /**
   * When a missing default certificate is made (§4.1.10.4.1): `at-start`, in the background as the store loads (real
   * devices: HTTPS waits for it); `on-demand`, when something first asks for the device certificate (the sim, where
   * nothing presents it before a command does, and a 2047-radio fleet would spend seconds of its start on it).
   */
  readonly defaultCertificate: "at-start" | "on-demand";
}

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

const EXPIRY = ALARM.CERTIFICATE_EXPIRED_OR_WILL_EXPIRE_SOON;
const TIME_NOT_SET = ALARM.CERTIFICATE_VALIDATION_DISABLED_UNTIL_SYSTEM_TIME_SET;
/** The alarm source of the device certificate's 0x000c1001; trusted ones are named by nameOf. */
const DEVICE_SOURCE = "device certificate";

/**
 * The certificate store of a device (§4.1.10): its certificate and key, a pending signing request, the trust list and
 * the rejected chains, and the TLS settings (§4.3.3, §4.7.2.1). Every change is checked whole, written to flash
 * (Store.put is atomic; keys with mode 0600), and only then takes its place, so a refused or failed change leaves
 * everything as it was. Changes run one at a time.
 */
export class CertStore {
  readonly #d: CertStoreDeps;
  #default: DeviceIdentity | undefined;
  #installed: DeviceIdentity | undefined;
  #csr: PendingCsr | undefined;
  #trust: TrustList;
  #rejected: RejectedList;
  #settings: TlsSettings;
  /** The default certificate while it is being made (§4.1.10.4.1: "HTTPS is deactivated during the generation"). */
  #generating: Promise<DeviceIdentity> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Alarm sources of 0x000c1001 raised now. */
  #expiring = new Set<string>();
  readonly #stopDaily: () => void;

  private constructor(d: CertStoreDeps, trust: TrustList, rejected: RejectedList, settings: TlsSettings) {
    this.#d = d;
    this.#trust = trust;
    this.#rejected = rejected;
    this.#settings = settings;
    this.#stopDaily = every(d.clock, DAY_MS, () => this.checkExpiry());
  }

  /**
   * The store as flash holds it. `configured`: the configuration's TLS settings, which run-time settings on flash
   * stand over, except after a configuration upload (`uploaded`, §4.18.1), which brings its own. A missing default
   * certificate is made in the background (§4.1.10.4.1); a file that does not read back is reported and set aside.
   */
  static async load(d: CertStoreDeps, configured: TlsSettings, uploaded: boolean): Promise<CertStore> {
    const flash = await loadFlash(d.store);
    for (const u of flash.unreadable) {
      d.log.log("error", "certificate store file does not read back", { key: u.key, reason: u.reason });
      d.emit("warning", { code: CertsCode.Stored, text: `${u.key} does not read back (${u.reason}); set aside` });
    }
    if (uploaded && flash.settings !== undefined) await d.store.delete(FLASH.settings);
    const settings = uploaded ? configured : (flash.settings ?? configured);
    const s = new CertStore(d, flash.trust, flash.rejected, settings);
    s.#default = flash.defaultId;
    s.#installed = flash.device;
    s.#csr = flash.csr;
    if (s.#default === undefined && d.defaultCertificate === "at-start") s.#generating = s.#makeDefault();
    s.checkExpiry();
    return s;
  }

  #makeDefault(): Promise<DeviceIdentity> {
    const d = this.#d;
    const made = selfSignedIdentity(d.keys, defaultRequest(d.mac), d.clock.now(), "default", d.ip).then(async (id) => {
      await saveIdentity(d.store, FLASH.default, id);
      this.#default = id;
      this.#generating = undefined;
      d.log.log("info", "default device certificate generated", { subject: summary(id.chain[0]!).subject });
      return id;
    });
    made.catch((err: unknown) => {
      this.#generating = undefined;
      d.log.log("error", "default device certificate not generated", { error: String(err) });
    });
    return made;
  }

  /** Runs changes one after another, so each sees the one before it. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #event(action: EventFields["certificate"]["action"], fields: Omit<EventFields["certificate"], "action"> = {}): void {
    this.#d.emit("certificate", { action, ...fields });
  }

  // ---- Device certificate (§4.1.10.4) ----------------------------------------------------------------------------

  /** The key and chain the device presents in TLS; waits while the default certificate is being made (or makes it). */
  async identity(): Promise<DeviceIdentity> {
    const id = this.#installed ?? this.#default;
    if (id !== undefined) return id;
    this.#generating ??= this.#makeDefault();
    return this.#generating;
  }

  /** True while the default certificate is being made (HTTPS waits for it, §4.1.10.4.1). */
  get generating(): boolean {
    return this.#generating !== undefined;
  }

  async overview(): Promise<CertsOverview> {
    return {
      device: await this.device(),
      signingRequest: this.csr() ?? null,
      trusted: this.#trust.certificates.length,
      rejected: this.#rejected.entries.length,
      tls: this.#settings,
    };
  }

  async device(): Promise<DeviceCertView> {
    const id = await this.identity();
    return { origin: id.origin, certificate: summary(id.chain[0]!), chain: id.chain.slice(1).map(summary) };
  }

  /** The device certificate and its chain as PEM (§4.1.10.4 "PEM"). */
  async devicePem(): Promise<string> {
    return (await this.identity()).chain.map((c) => c.toString()).join("");
  }

  /** "Create New" → Self-signed certificate (§4.1.10.4.2): a new key pair and certificate replace the current ones. */
  selfSigned(req: SelfSignedRequest): Promise<DeviceCertView> {
    return this.#serial(async () => {
      const id = await selfSignedIdentity(this.#d.keys, req, this.#d.clock.now(), "self-signed");
      return this.#install(id, "generated");
    });
  }

  /** "Create New" → Signing Request (§4.1.10.4.3): a new key pair, kept until the CA's certificate comes back. */
  createCsr(req: CertRequest): Promise<string> {
    return this.#serial(async () => {
      const csr = await pendingCsr(this.#d.keys, req, this.#d.clock.now());
      await saveCsr(this.#d.store, csr);
      this.#csr = csr;
      this.#event("csr-created", { subject: `CN=${req.commonName}` });
      return csr.csrPem;
    });
  }

  csr(): CsrView | undefined {
    const c = this.#csr;
    if (c === undefined) return undefined;
    const r = c.request;
    return {
      commonName: r.commonName,
      ...(r.dns === undefined ? {} : { dns: r.dns }),
      bits: r.bits,
      hash: r.hash,
      created: c.created,
    };
  }

  /** The pending request as PEM, for the CA (§4.1.10.4.3 step 6). */
  csrPem(): string {
    if (this.#csr === undefined) throw new StateError(CertsCode.NoCsr, "no signing request is pending (§4.1.10.4.3)");
    return this.#csr.csrPem;
  }

  /** Deletes the pending request and its key; after that the CA's certificate cannot be uploaded (§4.1.10.4.3). */
  deleteCsr(): Promise<boolean> {
    return this.#serial(async () => {
      if (this.#csr === undefined) return false;
      await this.#d.store.delete(FLASH.csr);
      this.#csr = undefined;
      this.#event("csr-deleted");
      return true;
    });
  }

  /** "Upload" the CA's certificate for the pending request (§4.1.10.4.3 step 10); the request is then deleted. */
  installSigned(bytes: Uint8Array): Promise<DeviceCertView> {
    return this.#serial(async () => {
      const id = signedIdentity(this.#csr, decodeUpload(bytes), this.#d.clock.now());
      const view = await this.#install(id, "installed");
      await this.#d.store.delete(FLASH.csr);
      this.#csr = undefined;
      return view;
    });
  }

  /** PKCS#12 import into the Device Certificate section (§4.1.10.4.4). */
  importPkcs12(bytes: Uint8Array, password: string): Promise<DeviceCertView> {
    return this.#serial(async () =>
      this.#install(pkcs12Identity(decodeUpload(bytes, password), this.#d.clock.now()), "installed"),
    );
  }

  async #install(id: DeviceIdentity, action: "generated" | "installed"): Promise<DeviceCertView> {
    await saveIdentity(this.#d.store, FLASH.device, id);
    this.#installed = id;
    const leaf = summary(id.chain[0]!);
    this.#event(action, { origin: id.origin, subject: leaf.subject, expires: leaf.notAfter });
    this.checkExpiry();
    return { origin: id.origin, certificate: leaf, chain: id.chain.slice(1).map(summary) };
  }

  /** "Clear" (§4.1.10.4): discards the installed certificate; the default one serves again. */
  clearDevice(): Promise<boolean> {
    return this.#serial(async () => {
      if (this.#installed === undefined) return false;
      await this.#d.store.delete(FLASH.device);
      this.#installed = undefined;
      this.#event("cleared");
      this.checkExpiry();
      return true;
    });
  }

  /** "Trust" in the Device Certificate section: the device's own chain joins the trust list. */
  async trustDevice(): Promise<CertSummary[]> {
    const chain = (await this.identity()).chain;
    return this.#serial(() => this.#addTrusted(chain));
  }

  // ---- Trust list (§4.1.10.1) ----------------------------------------------------------------------------------

  trustList(): CertSummary[] {
    return this.#trust.list();
  }

  /** "Download all" (§4.1.10.1). */
  trustPem(): string {
    return this.#trust.toPem();
  }

  /** The trusted certificates, for TLS (tlsContextOptions) and the device-link checks. */
  get trusted(): readonly X509Certificate[] {
    return this.#trust.certificates;
  }

  /** "Upload" of PEM, DER or PKCS#12 (with its password) to the trust list (§4.1.10.1, §4.1.10.3). */
  trust(bytes: Uint8Array, password?: string): Promise<CertSummary[]> {
    return this.#serial(() => this.#addTrusted(decodeUpload(bytes, password).certs));
  }

  async #addTrusted(certs: readonly X509Certificate[]): Promise<CertSummary[]> {
    refuseExpired(certs, this.#d.clock.now());
    const { list, added } = this.#trust.adding(certs);
    if (added.length > 0) await saveTrust(this.#d.store, list);
    this.#trust = list;
    for (const c of added) this.#event("trusted", { subject: summary(c).subject, fingerprint: c.fingerprint256 });
    this.checkExpiry();
    return added.map(summary);
  }

  /** "Remove" one certificate by its SHA-256 fingerprint. */
  untrust(fingerprint: string): Promise<CertSummary> {
    return this.#serial(async () => {
      const key = fingerprintKey(fingerprint);
      const cert = this.#trust.find(key);
      if (cert === undefined)
        throw new StateError(CertsCode.NotTrusted, `no certificate ${fingerprint} in the trust list`);
      const list = this.#trust.without(key);
      await saveTrust(this.#d.store, list);
      this.#trust = list;
      this.#event("untrusted", { subject: summary(cert).subject, fingerprint: cert.fingerprint256 });
      this.checkExpiry();
      return summary(cert);
    });
  }

  /** "Clear" the trust list; answers how many certificates it held. */
  clearTrust(): Promise<number> {
    return this.#serial(async () => {
      const count = this.#trust.certificates.length;
      await saveTrust(this.#d.store, new TrustList());
      this.#trust = new TrustList();
      this.#event("trust-cleared", { count });
      this.checkExpiry();
      return count;
    });
  }

  // ---- Rejected certificates (§4.1.10.2) -------------------------------------------------------------------------

  rejected(): RejectedView[] {
    return this.#rejected.list();
  }

  /**
   * A chain the TLS code refused in a handshake (§4.1.10.2), leaf first, as X509Certificate or DER; `reason` as the
   * TLS code says it (`CERT_HAS_EXPIRED`, `unknown CA` …). Certificates that do not parse are left out; a chain
   * without a readable leaf is only logged. A chain already listed is moved up without a flash write.
   */
  reject(
    chain: readonly (X509Certificate | Uint8Array)[],
    reason: string,
    direction: TlsDirection,
    peer?: string,
  ): Promise<void> {
    return this.#serial(async () => {
      const certs = chain.flatMap((c) => readable(c));
      const leaf = certs[0];
      if (leaf === undefined) {
        this.#d.log.log("warn", "rejected TLS chain without a readable certificate", { reason, direction, peer });
        return;
      }
      const known = this.#rejected.has(keyOf(leaf));
      const list = this.#rejected.with(certs, { reason, direction, peer, time: this.#d.clock.now() });
      if (!known) await saveRejected(this.#d.store, list);
      this.#rejected = list;
      const e = list.entries[0]!;
      this.#event("rejected", {
        subject: e.subject,
        issuer: e.issuer,
        fingerprint: e.fingerprint,
        reason,
        direction,
        ...(peer === undefined ? {} : { peer }),
      });
    });
  }

  /** "Trust" (§4.1.10.2): the chain's certificates join the trust list and the entry leaves this list. */
  trustRejected(fingerprint: string): Promise<CertSummary[]> {
    return this.#serial(async () => {
      const key = fingerprintKey(fingerprint);
      const entry = this.#rejected.find(key);
      if (entry === undefined) throw new StateError(CertsCode.NotRejected, `no rejected chain ${fingerprint}`);
      const added = await this.#addTrusted(RejectedList.chainOf(entry));
      const list = this.#rejected.without(key);
      await saveRejected(this.#d.store, list);
      this.#rejected = list;
      return added;
    });
  }

  /** "Clear" (§4.1.10.2): discards all rejected chains; answers how many there were. */
  clearRejected(): Promise<number> {
    return this.#serial(async () => {
      const count = this.#rejected.entries.length;
      await saveRejected(this.#d.store, new RejectedList());
      this.#rejected = new RejectedList();
      this.#event("rejected-cleared", { count });
      return count;
    });
  }

  // ---- TLS settings (§4.3.3, §4.7.2.1) ---------------------------------------------------------------------------

  settings(): TlsSettings {
    return this.#settings;
  }

  /** Sets the profile and key usage check for new connections and keeps them on flash over restarts. */
  setSettings(change: Partial<TlsSettings>): Promise<TlsSettings> {
    return this.#serial(async () => {
      const next = { ...this.#settings, ...change };
      await saveSettings(this.#d.store, next);
      this.#settings = next;
      this.#d.emit("command", { command: "tls", result: "set", ...next });
      return next;
    });
  }

  // ---- Time and expiry (§6.2 0x000c1000, 0x000c1001) -------------------------------------------------------------

  /**
   * The time a TLS service validates a peer's certificate at. Until the system time is set it cannot: 0x000c1000 is
   * raised and the validation refused (CERTS_TIME_NOT_SET), so the connection fails, as §6.2 says.
   */
  validationTime(): number {
    const now = this.#d.clock.now();
    if (!isTimeSet(now)) {
      this.#d.alarms.raise(TIME_NOT_SET);
      throw new StateError(CertsCode.TimeNotSet, "certificate validation is disabled until the system time is set");
    }
    this.#d.alarms.clear(TIME_NOT_SET);
    return now;
  }

  /**
   * 0x000c1001 for each certificate (the device's, each trusted one) that has expired or expires within 30 days;
   * cleared for those that no longer do. Run at start, daily, and after every change. Nothing is judged while the
   * time is not set.
   */
  checkExpiry(): void {
    const now = this.#d.clock.now();
    if (!isTimeSet(now)) return;
    this.#d.alarms.clear(TIME_NOT_SET);
    const id = this.#installed ?? this.#default;
    const due = new Set([
      ...(id !== undefined && expiresSoon(id.chain[0]!, now) ? [DEVICE_SOURCE] : []),
      ...this.#trust.certificates.filter((c) => expiresSoon(c, now)).map((c) => `trusted ${nameOf(c)}`),
    ]);
    for (const s of this.#expiring) if (!due.has(s)) this.#d.alarms.clear(EXPIRY, s);
    for (const s of due) this.#d.alarms.raise(EXPIRY, s);
    this.#expiring = due;
  }

  /** Stops the daily check (device stop or reset). */
  close(): void {
    this.#stopDaily();
  }
}

/** A certificate of a presented chain, or none when it does not parse or a part of it does not read. */
function readable(c: X509Certificate | Uint8Array): X509Certificate[] {
  try {
    const cert = c instanceof X509Certificate ? c : new X509Certificate(c);
    return unreadablePart(cert) === undefined ? [cert] : [];
  } catch {
    return [];
  }
}
