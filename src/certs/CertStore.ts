import type { X509Certificate } from "node:crypto";
import { every, type Clock } from "../core/Clock.js";
import { StateError } from "../core/errors.js";
import type { Mac } from "../core/identity/Mac.js";
import type { Logger } from "../core/Logger.js";
import type { Store } from "../core/Store.js";
import type { Alarms } from "../role/Alarms.js";
import type { Emit, EventFields } from "../role/EventLog.js";
import { CertAlarms } from "./CertAlarms.js";
import { summary, type CertSummary } from "./certInfo.js";
import { defaultRequest, pendingCsr, pkcs12Identity, selfSignedIdentity, signedIdentity } from "./deviceOps.js";
import { CertsCode } from "./errors.js";
import { FLASH, loadFlash, saveCsr, saveIdentity, saveTrust } from "./flash.js";
import type { DeviceIdentity, PendingCsr } from "./identity.js";
import type { KeySource } from "./keys.js";
import { RejectedChains } from "./RejectedChains.js";
import type { RejectedList, RejectedView, TlsDirection } from "./RejectedList.js";
import type { CertRequest, SelfSignedRequest } from "./requests.js";
import type { TlsSettings } from "./settings.js";
import { TrustList } from "./TrustList.js";
import { decodeUpload } from "./upload.js";
import { DAY_MS, refuseExpired } from "./validity.js";
import { csrView, deviceView, type CertsOverview, type CsrView, type DeviceCertView } from "./views.js";

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
  readonly #rejected: RejectedChains;
  #settings: TlsSettings;
  /** The default certificate while it is being made (§4.1.10.4.1: "HTTPS is deactivated during the generation"). */
  #generating: Promise<DeviceIdentity> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #alarms: CertAlarms;
  readonly #stopDaily: () => void;

  private constructor(d: CertStoreDeps, trust: TrustList, rejected: RejectedList, settings: TlsSettings) {
    this.#d = d;
    this.#trust = trust;
    this.#rejected = new RejectedChains(rejected, { ...d, event: (action, fields) => this.#event(action, fields) });
    this.#settings = settings;
    this.#alarms = new CertAlarms(d.alarms, d.clock);
    this.#stopDaily = every(d.clock, DAY_MS, () => this.checkExpiry());
  }

  /**
   * The store as flash holds it, with the configuration's TLS settings (`tls`, TLS0). A missing default certificate
   * is made in the background (§4.1.10.4.1); a file that does not read back is reported and set aside.
   */
  static async load(d: CertStoreDeps, tls: TlsSettings): Promise<CertStore> {
    const flash = await loadFlash(d.store);
    for (const u of flash.unreadable) {
      d.log.log("error", "certificate store file does not read back", { key: u.key, reason: u.reason });
      d.emit("warning", { code: CertsCode.Stored, text: `${u.key} does not read back (${u.reason}); set aside` });
    }
    const s = new CertStore(d, flash.trust, flash.rejected, tls);
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
    return this.current ?? (this.#generating ??= this.#makeDefault());
  }

  /** True while the default certificate is being made (HTTPS waits for it, §4.1.10.4.1). */
  get generating(): boolean {
    return this.#generating !== undefined;
  }

  /** The key and chain presented now, without waiting: undefined while the default is being made. */
  get current(): DeviceIdentity | undefined {
    return this.#installed ?? this.#default;
  }

  async overview(): Promise<CertsOverview> {
    return {
      device: await this.device(),
      signingRequest: this.csr() ?? null,
      trusted: this.#trust.certificates.length,
      rejected: this.#rejected.count,
      tls: this.#settings,
    };
  }

  async device(): Promise<DeviceCertView> {
    return deviceView(await this.identity());
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
    return this.#csr === undefined ? undefined : csrView(this.#csr);
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
    return this.install(() => pkcs12Identity(decodeUpload(bytes, password)));
  }

  /** Installs the identity `make` reads (a PKCS#12 upload; the configuration's, provision.ts) unless it expired. */
  install(make: () => DeviceIdentity): Promise<DeviceCertView> {
    return this.#serial(async () => {
      const id = make();
      refuseExpired(id.chain, this.#d.clock.now());
      return this.#install(id, "installed");
    });
  }

  async #install(id: DeviceIdentity, action: "generated" | "installed"): Promise<DeviceCertView> {
    await saveIdentity(this.#d.store, FLASH.device, id);
    this.#installed = id;
    const view = deviceView(id);
    this.#event(action, { origin: id.origin, subject: view.certificate.subject, expires: view.certificate.notAfter });
    this.checkExpiry();
    return view;
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
    return this.trustCertificates((await this.identity()).chain);
  }

  /** Certificates already read (the device's chain, the configuration's entries) join the trust list. */
  trustCertificates(certs: readonly X509Certificate[]): Promise<CertSummary[]> {
    return this.#serial(() => this.#addTrusted(certs));
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
      const { list, removed } = this.#trust.removing(fingerprint);
      await saveTrust(this.#d.store, list);
      this.#trust = list;
      this.#event("untrusted", { subject: summary(removed).subject, fingerprint: removed.fingerprint256 });
      this.checkExpiry();
      return summary(removed);
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
   * without a readable leaf is only logged. A `rejected` event is emitted when a chain enters the list.
   */
  reject(
    chain: readonly (X509Certificate | Uint8Array)[],
    reason: string,
    direction: TlsDirection,
    peer?: string,
  ): Promise<void> {
    return this.#serial(() => this.#rejected.reject(chain, reason, direction, peer));
  }

  /** "Trust" (§4.1.10.2): the chain's certificates join the trust list and the entry leaves this list. */
  trustRejected(fingerprint: string): Promise<CertSummary[]> {
    return this.#serial(() => this.#rejected.trust(fingerprint, (chain) => this.#addTrusted(chain)));
  }

  /** "Clear" (§4.1.10.2): discards all rejected chains; answers how many there were. */
  clearRejected(): Promise<number> {
    return this.#serial(() => this.#rejected.clear());
  }

  // ---- TLS settings (§4.3.3, §4.7.2.1) ---------------------------------------------------------------------------

  settings(): TlsSettings {
    return this.#settings;
  }

  /**
   * The profile and key usage check for new connections. They are the configuration's TLS0: the device keeps them
   * there on flash before they take their place here (OperatorInterface.setTlsSettings).
   */
  setSettings(next: TlsSettings): void {
    this.#settings = next;
    this.#d.emit("command", { command: "tls", result: "set", ...next });
  }

  /** The time a TLS service validates a peer's certificate at; refused with 0x000c1000 until the time is set. */
  validationTime(): number {
    return this.#alarms.validationTime();
  }

  /** 0x000c1001 as the certificates stand now: run at start, daily, and after every change. */
  checkExpiry(): void {
    this.#alarms.check(this.current?.chain[0], this.#trust.certificates);
  }

  /** Stops the daily check (device stop or reset). */
  close(): void {
    this.#stopDaily();
  }
}
