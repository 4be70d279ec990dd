import { ALARM, parseAlarmCode } from "../core/alarms/index.js";
import type { AlarmChange } from "../role/Alarms.js";
import type { PushedRadioConfig } from "../pari/settings.js";
import type { RadioSettings } from "./settings.js";
import { PUSHED_RADIO_CONFIG_KEYS } from "../pari/settings.js";
import type { RoleIo } from "../role/RoleIo.js";
import { PARI_TIMING } from "../pari/timing.js";
import { DeviceKindWire } from "../wire/codec.js";
import { PORTS } from "../wire/ports.js";
import { RadioSync, type RadioSyncSettings } from "../sync/RadioSync.js";
import { syncReportToWire } from "../sync/wire.js";
import type { Grant, Provision } from "./pariEvents.js";
import { saveProvision } from "./provision.js";
import { clientSettingsOf, type JoinOrder } from "../kerberos/joinOrder.js";
import { keepJoin, knownJoin, saveProvisionedClient } from "../kerberos/pendingJoin.js";
import type { Endpoint } from "../wire/Transport.js";
import { IpblPorts, type RfpPort } from "./IpblPorts.js";

/** A radio repeats its full sync report this often even without changes (a new PARI Master must learn it). */
const SYNC_REPORT_REFRESH_MS = 30_000;
/** A forwarding radio repeats its full alarm list this often: a restarted PARI Master or a lost clear heals by it. */
const ALARM_REPORT_REFRESH_MS = 30_000;

export interface PariClientInput {
  readonly cfg: RadioSettings;
  readonly io: RoleIo;
  /** The radio's own values of the Radio Config settings (§4.6.33), before the PARI Master's override. */
  readonly local: PushedRadioConfig;
  /** The name shown as "Device Name" (§4.11.1): the device name, or the one the administrator gave at Add. */
  readonly deviceName: string;
  /** Multicast group:port of plug and play announcements. */
  readonly discoveryGroup: string;
  /** The firmware version this boot runs (§4.15), shown in the PARI Master's device overview (§4.11.1). */
  readonly version: string;
}

/**
 * The radio's side of the PARI function (§4.6.32, §3.11): gets its RFPIs (one per RFP) from the PARI Master or the
 * Standby PARI Master, broadcasts SARIs (§4.6.35), applies Radio Config (§4.6.33); unconfigured, it announces itself.
 * Whether it is assigned is the role machine's state (pariClient.machine.ts), handed in where it matters.
 */
export class PariClientCore {
  readonly input: PariClientInput;
  target: string;
  /** Why the current PARI Master refused this radio, until it assigns it or the radio leaves it; a repeat is quiet. */
  refusal: string | undefined;
  rfpis: readonly string[] = [];
  saris: readonly string[] = [];
  systemId = 0;
  domain = 0;
  generation = 0;
  pushed: PushedRadioConfig = {};
  #lastAnswerAt = 0;
  /** A Kerberos section of Add was taken this boot (kerberosOrdered). */
  #kerberosTaken = false;
  /** IPBL: its RFPs on ports 1..n (§4.11.2); an IPBS has none. */
  readonly rfpPorts: IpblPorts;
  /** Air synchronisation of this radio (§4.6.36). */
  readonly sync: RadioSync;
  #syncReportAt = -Infinity;
  #alarmReportAt = -Infinity;
  /** This boot, on the device clock: a PARI Master that sees it change clears the alarms of the old boot (§4.23.3). */
  readonly bootedAt: number;

  /** Our MAC as the keep-alives carry it: one copy for all of them (messages are read, never changed). */
  readonly #mac: Uint8Array;

  constructor(input: PariClientInput) {
    this.input = input;
    this.#mac = input.io.mac.bytes;
    this.target = input.cfg.pariMaster ?? "";
    this.bootedAt = input.io.clock.now();
    this.sync = new RadioSync(syncSettings(input.cfg, input.io.kind), input.io);
    this.rfpPorts = new IpblPorts({
      count: input.io.kind === "IPBL" ? (input.cfg.rfps ?? 1) : 0,
      cableM: input.cfg.cableM ?? 0,
      rng: input.io.rng.fork("rfp-links"),
      now: () => this.now,
      // An RFP restarts or is up again: the beacon carries the RFPIs on air (its grants keep coming meanwhile).
      changed: () => this.#toAir(),
    });
  }

  get ports(): RfpPort[] {
    return this.rfpPorts.list;
  }

  get io(): RoleIo {
    return this.input.io;
  }

  get now(): number {
    return this.io.clock.now();
  }

  get unconfigured(): boolean {
    return this.target === "";
  }

  /** The Standby PARI Master when on the PARI Master, and back. */
  switchTarget(): void {
    const c = this.input.cfg;
    const primary = c.pariMaster ?? "";
    const alt = c.altPariMaster;
    this.target = this.target === primary && alt !== undefined ? alt : primary;
    this.#lastAnswerAt = this.now;
    this.#syncReportAt = -Infinity;
  }

  startConnecting(): void {
    this.#lastAnswerAt = this.now;
    this.io.emit("state", { role: "pari-client", state: "connecting", pariMaster: this.target });
    this.sendRegister(false);
  }

  lostDeadline(): number {
    return this.#lastAnswerAt + PARI_TIMING.answerLostMs;
  }

  /** Asks for (or keeps) an assignment; an assigned radio adds its sync report when it changed or is due again. */
  sendRegister(assigned: boolean): void {
    const changed = this.sync.reportChanged();
    const report = changed || this.now - this.#syncReportAt >= SYNC_REPORT_REFRESH_MS;
    if (report) this.#syncReportAt = this.now;
    this.io.send({ ip: this.target, port: PORTS.PARI_STREAM }, "stream", {
      body: "pariRegister",
      pariRegister: {
        mac: this.#mac,
        name: this.input.deviceName,
        kind: DeviceKindWire[this.io.kind],
        version: `ipdect ${this.input.version}`,
        rfps: this.input.cfg.rfps ?? 1,
        region: this.input.cfg.region,
        ip: this.io.ip,
        ...(report && assigned ? { sync: syncReportToWire(this.sync.report()) } : {}),
      },
    });
  }

  announce(): void {
    this.io.send({ ip: this.input.discoveryGroup, port: PORTS.DISCOVERY }, "datagram", {
      body: "radioAnnounce",
      radioAnnounce: {
        mac: this.io.mac.bytes,
        name: this.input.deviceName,
        kind: DeviceKindWire[this.io.kind],
        ip: this.io.ip,
        version: `ipdect ${this.input.version}`,
        rfps: this.input.cfg.rfps ?? 1,
      },
    });
  }

  /** An answer from the current PARI Master (answers from another one are stale and ignored). */
  isCurrent(g: Grant): boolean {
    return g.from.ip === this.target;
  }

  heard(): void {
    this.#lastAnswerAt = this.now;
  }

  /**
   * Takes an assignment, the `first` one since the radio was last not assigned or another one. New RFPIs or SARIs
   * reinitialise the radio (§4.6.35: "All RFPs are reinitialized"), which the event log shows; a repeat of the same
   * assignment only renews the connection.
   */
  adopt(g: Grant, first: boolean): void {
    this.heard();
    const reinit = !first && (g.rfpis.join() !== this.rfpis.join() || g.saris.join() !== this.saris.join());
    this.refusal = undefined;
    this.rfpis = g.rfpis;
    this.saris = g.saris;
    this.systemId = g.systemId;
    this.domain = g.domain;
    this.generation = g.generation;
    this.pushed = g.radioConfig;
    this.rfpPorts.assign(g.rfpis);
    if (first || reinit)
      this.io.emit("state", {
        role: "pari-client",
        state: reinit ? "reinitialised" : "assigned",
        pariMaster: this.target,
        rfpis: [...this.rfpis],
        saris: [...this.saris],
      });
    this.#toAir();
    if (g.sync !== undefined) this.sync.instruct(g.sync);
    if (first) this.#syncReportAt = -Infinity;
  }

  refused(g: Grant): void {
    this.heard();
    if (this.refusal === g.reason) return;
    this.offAir();
    this.refusal = g.reason;
    this.io.emit("state", { role: "pari-client", state: "refused", pariMaster: this.target, reason: g.reason });
  }

  /** Not broadcasting: no RFPI in use (refused). */
  offAir(): void {
    this.sync.offAir();
    this.io.alarms.clear(ALARM.OTHER_DECT_SYSTEM_WITH_SAME_SYSID_DETECTED);
    this.rfpPorts.down();
  }

  /**
   * The PARI Master stopped answering or is not active: look for the other one. The radio keeps its RFPIs and stays on
   * air meanwhile ("a Radio always gets the same PARI/RFPI", §4.6.21), so air sync goes on through a PARI failover.
   */
  leave(): void {
    this.refusal = undefined;
  }

  /**
   * The beacon carries the RFPIs of the RFPs on air: an IPBL's RFP that restarts leaves it, and an IPBL whose RFPs
   * all restart is off air until one is back (its counters kept, RadioSync.offAir).
   */
  #toAir(): void {
    const rfpis = this.rfpPorts.onAir(this.rfpis);
    if (rfpis.length === 0) this.sync.offAir();
    else this.sync.onAir({ rfpis, systemId: this.systemId, domain: this.domain });
  }

  /** IPBL: one signalling exchange with each RFP (Tx/Rx Error, §4.11.2). */
  exchangeWithRfps(): void {
    this.rfpPorts.exchange(this.input.cfg.rfpErrorRate ?? 0);
  }

  /** 0x000e0008 while a radio of another system with our System ID is heard (IPBS only, §6.2); assigned radios scan. */
  scanAir(): void {
    const air = this.io.air;
    if (air === undefined || this.io.kind !== "IPBS") return;
    const alien = air.heard().find((h) => h.beacon.systemId === this.systemId && h.beacon.domain !== this.domain);
    if (alien === undefined) this.io.alarms.clear(ALARM.OTHER_DECT_SYSTEM_WITH_SAME_SYSID_DETECTED);
    else this.io.alarms.raise(ALARM.OTHER_DECT_SYSTEM_WITH_SAME_SYSID_DETECTED, alien.beacon.rfpis[0]);
  }

  /** Stores the administrator's settings and restarts, to connect to that PARI Master only (§4.11.1 Add Radios). */
  provisioned(p: Provision): void {
    if (p.mac !== this.io.mac.toString()) return;
    this.io.emit("state", { role: "pari-client", state: "provisioned", pariMaster: p.pariMaster });
    void saveProvision(this.io.store, p).then(
      () => this.io.requestReset("added by PARI Master"),
      (cause: unknown) => this.io.log.log("error", "saving provisioning failed", { cause: String(cause) }),
    );
  }

  /**
   * The Kerberos section of Add (§4.1.8.6): the client settings and the join go to flash (kerberos/pendingJoin.ts),
   * the PARI Master is told to forget them, and the radio restarts to start its Kerberos client and join. Once per
   * boot: the PARI Master repeats the order with every grant until it hears KerberosTaken.
   */
  kerberosOrdered(mac: string, order: JoinOrder, from: Endpoint): void {
    if (mac !== this.io.mac.toString() || this.#kerberosTaken) return;
    this.#kerberosTaken = true;
    const taken = () =>
      this.io.send(from, "stream", { body: "kerberosTaken", kerberosTaken: { mac: this.io.mac.bytes } });
    void this.#keepKerberos(order).then(
      (restart) => {
        taken();
        if (restart) this.io.requestReset("Kerberos section of Add (§4.1.8.6)");
      },
      (cause: unknown) => this.io.log.log("error", "saving the Kerberos section failed", { cause: String(cause) }),
    );
  }

  /**
   * Keeps a new order on flash and says to restart; an order kept before (its KerberosTaken lost in the reset) is
   * only answered again, so it is carried out once.
   */
  async #keepKerberos(order: JoinOrder): Promise<boolean> {
    if (await knownJoin(this.io.store, order)) return false;
    await saveProvisionedClient(this.io.store, clientSettingsOf(order));
    await keepJoin(this.io.store, order, "pari-master");
    return true;
  }

  /**
   * Alarm forwarding (§4.6.33 "Forward Alarms and Events"): on when the Radio Config (or the radio's own) alarm
   * forwarding address is set. The alarms go to the PARI Master over the sealed link (docs/design.md "System
   * alarms"); a device that is its own PARI Master lists them already.
   */
  get forwardingAlarms(): boolean {
    return (this.effective().alarmForward ?? "") !== "" && this.target !== this.io.ip;
  }

  /** The whole active list, when forwarding: after connecting, and every ALARM_REPORT_REFRESH_MS (`due`). */
  reportAlarms(due = false): void {
    if (!this.forwardingAlarms || (due && this.now - this.#alarmReportAt < ALARM_REPORT_REFRESH_MS)) return;
    this.#alarmReportAt = this.now;
    const changes = this.io.alarms
      .active()
      .map((a) => ({ code: parseAlarmCode(a.code), source: a.source ?? "", raised: true, time: a.since }));
    this.#sendAlarms(true, changes);
  }

  /** One raise or clear, at once (§4.23.3: the PARI Master lists every active alarm of the system). */
  forwardAlarm(change: AlarmChange): void {
    if (this.forwardingAlarms) this.#sendAlarms(false, [change]);
  }

  #sendAlarms(full: boolean, changes: readonly AlarmChange[]): void {
    this.io.send({ ip: this.target, port: PORTS.PARI_STREAM }, "stream", {
      body: "alarmReport",
      alarmReport: {
        mac: this.io.mac.bytes,
        bootedAtMs: this.bootedAt,
        full,
        changes: changes.map((c) => ({ code: c.code, source: c.source, raised: c.raised, timeMs: c.time })),
      },
    });
  }

  /** The settings in force: the PARI Master's Radio Config wins over local values (§4.6.33). */
  effective(): PushedRadioConfig {
    const out: Record<string, string> = {};
    for (const k of PUSHED_RADIO_CONFIG_KEYS) {
      const v = this.pushed[k] ?? this.input.local[k];
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
}

/** The radio's air sync settings; "All IPBLs are synchronization masters in region 0" (§4.6.36 Mixed System). */
function syncSettings(cfg: RadioSettings, kind: string): RadioSyncSettings {
  const [h, m] = cfg.resyncAt.split(":").map(Number);
  return {
    mode: kind === "IPBL" ? "master" : cfg.syncMode,
    region: kind === "IPBL" ? 0 : cfg.region,
    ...(cfg.syncRfpi === undefined ? {} : { syncRfpi: cfg.syncRfpi }),
    ...(cfg.altSyncRfpi === undefined ? {} : { altSyncRfpi: cfg.altSyncRfpi }),
    ...(cfg.referenceRfpi === undefined ? {} : { referenceRfpi: cfg.referenceRfpi }),
    ...(cfg.altReferenceRfpi === undefined ? {} : { altReferenceRfpi: cfg.altReferenceRfpi }),
    resync: cfg.resync,
    resyncAtMin: h! * 60 + m!,
  };
}
