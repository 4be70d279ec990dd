import { ALARM } from "../core/alarms/index.js";
import type { PariSettings, PushedRadioConfig } from "./settings.js";
import { pariCarriers } from "./settings.js";
import { StateError } from "../core/errors.js";
import type { RoleIo } from "../role/RoleIo.js";
import { PariStanding, type Body } from "../wire/codec.js";
import { PORTS } from "../wire/ports.js";
import type { Endpoint } from "../wire/Transport.js";
import type { Announcement, PariRequest, Replica } from "./events.js";
import { SystemAlarms } from "./SystemAlarms.js";
import { pariOverview, type PariOverview } from "./overview.js";
import { type PariPersisted, PariStateWrites } from "./PariState.js";
import { PariTable, type PariEntry } from "./PariTable.js";
import { RadioSessions, type Provision } from "./RadioSessions.js";
import { RfpiTexts } from "./RfpiTexts.js";
import { runtimeSaris } from "./saris.js";
import { capacityOf, rfpiOf, staticRadioLimit, type Capacity } from "./rfpiPlan.js";
import { PARI_TIMING } from "./timing.js";
import { SyncControl } from "../sync/SyncControl.js";
import { PariCode } from "./errors.js";
import { grantToWire, provisionToWire, replicaToWire } from "./wire.js";

export interface PariInput {
  readonly settings: PariSettings;
  readonly radioConfig: PushedRadioConfig | undefined;
  readonly persisted: PariPersisted | undefined;
  /**
   * Whether the Master this PARI function lives on serves radios: the Master chart's "serving" tag. The chart owns
   * that mode; the PARI function only asks (an inactive PARI Master grants nothing, §4.6.21).
   */
  readonly serving: () => boolean;
}

export interface AddRadio {
  readonly deviceName: string;
  readonly standby?: string;
  readonly region?: number;
  /**
   * The Kerberos section and Authentication Servers of Add (§4.1.8.6), validated by the caller (kerberos/joinWire.ts).
   * Held in memory only, sent on the sealed stream once the radio registers, forgotten when the radio took it.
   */
  readonly kerberos?: Body<"kerberosOrder">;
}

/**
 * The PARI function (§4.6.21) of a Master: owns the System ID and its PARI, gives every radio its RFPIs by MAC within
 * capacity (§4.6.34), keeps uninitialized (plug and play) and static registrations (§4.11.1), pushes SARIs (§4.6.35)
 * and Radio Config (§4.6.33), and replicates its table to the Standby PARI Master. Active while its Master serves.
 */
export class PariCore {
  readonly io: RoleIo;
  readonly #input: PariInput;
  systemId: number;
  /** See PariPersisted.domain. */
  domain: number;
  saris: readonly string[];
  readonly table: PariTable;
  readonly #radios = new RadioSessions();
  /** The other PARI Master (the Standby's primary, the Mirror peer, or whoever probes this Master). */
  peerIp: string | undefined;
  #generation = 1;
  #dirty = false;
  #replicaDue = 0;
  readonly #writes = new PariStateWrites();
  readonly #reported = new Set<string>();
  /** Kerberos sections of Add not yet taken by their radio, by MAC (§4.1.8.6): memory only, never on flash. */
  readonly #kerberosOrders = new Map<string, Body<"kerberosOrder">>();
  /** Air sync control (§4.6.36, §4.12). */
  readonly sync: SyncControl;
  /** The alarms radios forward (§4.6.33), in the device's alarm table with their Remote (§4.23.3). */
  readonly systemAlarms: SystemAlarms;
  readonly #rfpiTexts = new RfpiTexts();

  constructor(input: PariInput, io: RoleIo, peerIp: string | undefined) {
    this.io = io;
    this.#input = input;
    this.peerIp = peerIp;
    this.systemAlarms = new SystemAlarms(io.alarms, io.clock);
    this.sync = new SyncControl(
      { maxDepth: input.settings.syncDepth, carriers: pariCarriers(input.settings) },
      (code, text) => this.io.emit("warning", { code, text }),
    );
    const p = input.persisted;
    this.systemId = input.settings.systemId ?? p?.systemId ?? 1 + io.rng.int(296);
    this.domain = p?.domain ?? 1 + io.rng.int(0x7fffffff);
    this.saris = p?.saris ?? input.settings.sari;
    this.table = new PariTable(p?.entries ?? []);
    if (p === undefined || p.systemId !== this.systemId) this.#dirty = true;
    // §6.2 0x00140068: raised when a PARI Master is restarted and radios share an RFPI.
    this.#checkCollisions();
  }

  get now(): number {
    return this.io.clock.now();
  }

  get capacity(): Capacity {
    return capacityOf(this.systemId, this.io.kind);
  }

  // ---- radios ----------------------------------------------------------------------------------------------------

  register(req: PariRequest): void {
    if (!this.active) return this.#grant(req.from, PariStanding.INACTIVE, undefined, "this PARI Master is not active");
    const res = this.table.assign(
      { mac: req.mac, name: req.name, kind: req.kind, rfps: req.rfps, region: req.region },
      this.capacity,
    );
    if (!res.ok) {
      this.#reportOnce(`cap:${req.mac}`, "PARI_CAPACITY", `radio ${req.name} (${req.mac}) refused: ${res.reason}`);
      return this.#grant(req.from, PariStanding.REFUSED, undefined, res.reason);
    }
    this.#reported.delete(`cap:${req.mac}`);
    this.#radios.forgetAnnouncement(req.mac);
    if (res.changed) this.#changed();
    if (res.created) this.io.emit("rfpi-assigned", { radio: req.name, mac: req.mac, rfpis: this.rfpis(res.entry) });
    this.#radios.heard(req, this.now);
    const rfpi = this.rfpis(res.entry)[0]!;
    this.sync.report(req.mac, { name: res.entry.name, kind: res.entry.kind, rfpi }, req.sync);
    this.#grant(req.from, PariStanding.ASSIGNED, res.entry);
    // After the grant, on the same sealed stream, until the radio says it has it (KerberosTaken).
    const order = this.#kerberosOrders.get(req.mac);
    if (order !== undefined) this.io.send(req.from, "stream", { body: "kerberosOrder", kerberosOrder: order });
  }

  /** The radio keeps the Kerberos section on its flash now: the PARI Master forgets it, password and all. */
  kerberosTaken(mac: string): void {
    if (this.#kerberosOrders.delete(mac))
      this.io.emit("command", { command: "radio-add", mac, result: "kerberos-taken" });
  }

  announce(a: Announcement): void {
    const provision = this.#radios.announced(a, this.now);
    if (provision !== undefined) this.#sendProvision(a, provision);
  }

  rfpis(e: PariEntry): string[] {
    return this.#rfpiTexts.of(e, this.systemId);
  }

  // ---- administrator (§4.11.1, §4.6.35) --------------------------------------------------------------------------

  /** "Add": the uninitialized radio is told its PARI Master (this one), Standby and region, and restarts. */
  add(mac: string, add: AddRadio): void {
    const u = this.#radios.announcement(mac);
    if (u === undefined)
      throw new StateError(
        PariCode.PariNotUninitialized,
        `no uninitialized registration for ${mac} (§4.11.1 Add Radios)`,
      );
    const provision = { deviceName: add.deviceName, standby: add.standby ?? "", region: add.region ?? 0 };
    u.provision = provision;
    if (add.kerberos === undefined) this.#kerberosOrders.delete(mac);
    else this.#kerberosOrders.set(mac, add.kerberos);
    this.#sendProvision(u, provision);
    this.io.emit("command", { command: "radio-add", radio: add.deviceName, mac, result: "sent" });
  }

  /** "Delete": a static registration's RFPIs are released. */
  delete(mac: string): void {
    this.#mustBeStatic(mac, "Delete");
    const e = this.table.delete(mac)!;
    this.#kerberosOrders.delete(mac);
    this.systemAlarms.removed(mac);
    this.#changed();
    this.io.emit("command", { command: "radio-delete", radio: e.name, mac, result: "released", rfpis: this.rfpis(e) });
  }

  /** "Move": the broken (static) radio's RFPIs go to the connected replacement; the replacement's own are released. */
  move(from: string, to: string): void {
    this.#mustBeStatic(from, "Move");
    const s = this.#radios.connection(to);
    if (s === undefined || this.table.get(to) === undefined)
      throw new StateError(
        PariCode.PariNotConnected,
        `the destination ${to} is not a radio connected to this PARI Master`,
      );
    const e = this.table.move(from, to)!;
    this.#changed();
    this.#generation++;
    this.#grant(s.from, PariStanding.ASSIGNED, e);
    this.io.emit("command", { command: "radio-move", from, to, result: "moved", rfpis: this.rfpis(e) });
  }

  /** §4.6.35: new SARIs (primary first, up to 10 guests); every radio is reinitialised to broadcast them. */
  setSaris(saris: readonly string[]): void {
    const normal = runtimeSaris(saris);
    this.saris = normal;
    this.#changed();
    this.#pushAll();
    this.io.emit("command", { command: "sari", saris: normal, result: "pushed", radios: this.#radios.connectedCount });
  }

  /** An operator's change (Delete, Move, SARIs) on flash before its answer, not only at the next sweep (SWEEP_MS). */
  keep(): Promise<void> {
    return this.#persist();
  }

  #mustBeStatic(mac: string, what: string): void {
    if (this.table.get(mac) === undefined)
      throw new StateError(PariCode.PariUnknownRadio, `${what}: no radio ${mac} in this PARI Master's list`);
    if (this.#radios.connection(mac) !== undefined)
      throw new StateError(
        PariCode.PariRadioConnected,
        `${what}: ${mac} is connected; only static registrations (§4.11.1)`,
      );
  }

  // ---- role state, replication ------------------------------------------------------------------------------------

  /** Whether this PARI Master is active: its Master serves (the chart's tag). */
  get active(): boolean {
    return this.#input.serving();
  }

  /** The Master started serving: the table is offered to the peer again as the active side's. */
  servingStarted(): void {
    this.#changed();
  }

  /** The Master stopped serving: the radios' sessions end; they ask the active PARI Master instead. */
  servingStopped(): void {
    for (const mac of this.#radios.dropAll()) this.sync.disconnect(mac);
  }

  /** The peer PARI Master's table: merged last-writer-wins; an inactive side adopts an active peer's System ID. */
  replica(r: Replica, from: Endpoint): void {
    this.peerIp ??= from.ip;
    if (r.active && !this.active) {
      if (r.systemId !== this.systemId && r.systemId >= 1) {
        this.systemId = r.systemId;
        this.#dirty = true;
      }
      if (r.saris.join() !== this.saris.join()) {
        this.saris = r.saris;
        this.#dirty = true;
      }
      this.domain = r.domain;
    }
    const changed = this.table.merge(r.entries);
    if (changed.length === 0) return;
    this.#dirty = true;
    for (const e of changed) {
      const s = this.#radios.connection(e.mac);
      if (s !== undefined && !e.deleted) this.#grant(s.from, PariStanding.ASSIGNED, e);
    }
    this.#checkCollisions();
  }

  /** Periodic work (the Master's sweep): connections lost, announcements forgotten, alarm 0x00030208, persist, sync. */
  sweep(): void {
    const now = this.now;
    for (const mac of this.#radios.dropLost(now)) {
      this.sync.disconnect(mac);
      this.systemAlarms.removed(mac);
    }
    for (const mac of this.sync.recompute()) {
      const s = this.#radios.connection(mac);
      const e = this.table.get(mac);
      if (s !== undefined && e !== undefined) this.#grant(s.from, PariStanding.ASSIGNED, e);
    }
    this.#radios.forgetSilent(now);
    const listed = this.table.count();
    if (listed >= staticRadioLimit(this.io.kind)) this.io.alarms.raise(ALARM.LIMIT_OF_STATIC_RADIOS_REACHED);
    else this.io.alarms.clear(ALARM.LIMIT_OF_STATIC_RADIOS_REACHED);
    if (this.#dirty) {
      this.#dirty = false;
      this.#persist().catch((cause: unknown) =>
        this.io.log.log("error", "saving PARI state failed", { cause: String(cause) }),
      );
      this.#replicaDue = now;
    }
    if (this.peerIp !== undefined && now >= this.#replicaDue) {
      this.#replicaDue = now + PARI_TIMING.replicaRefreshMs;
      this.#sendReplica();
    }
  }

  /** Device Overview → Radios (§4.11.1). */
  overview(): PariOverview {
    const { systemId, active, capacity, saris, table, now } = this;
    return pariOverview({
      systemId,
      active,
      capacity,
      saris,
      table,
      now,
      radios: this.#radios,
      rfpis: (e) => this.rfpis(e),
    });
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  #changed(): void {
    this.#dirty = true;
    this.#generation++;
  }

  #pushAll(): void {
    for (const [mac, s] of this.#radios.connections()) {
      const e = this.table.get(mac);
      if (e !== undefined) this.#grant(s.from, PariStanding.ASSIGNED, e);
    }
  }

  #grant(to: Endpoint, standing: number, entry: PariEntry | undefined, reason = ""): void {
    const pariGrant = grantToWire(this, {
      standing,
      rfpis: entry === undefined ? [] : this.rfpis(entry),
      reason,
      radioConfig: this.#input.radioConfig,
      generation: this.#generation,
      sync: entry === undefined ? undefined : this.sync.instructionFor(entry.mac),
    });
    this.io.send(to, "stream", { body: "pariGrant", pariGrant });
  }

  #sendProvision(a: Announcement, p: Provision): void {
    const radioProvision = provisionToWire(a, p, this.io.ip);
    this.io.send({ ip: a.ip, port: PORTS.RAS }, "datagram", { body: "radioProvision", radioProvision });
  }

  #sendReplica(): void {
    const pariReplica = replicaToWire(this, this.active, this.table.all());
    this.io.send({ ip: this.peerIp!, port: PORTS.PARI_STREAM }, "stream", { body: "pariReplica", pariReplica });
  }

  #persist(): Promise<void> {
    return this.#writes.write(this.io.store, {
      systemId: this.systemId,
      domain: this.domain,
      ...(this.saris === this.#input.settings.sari ? {} : { saris: this.saris }),
      entries: this.table.all(),
    });
  }

  #checkCollisions(): void {
    for (const c of this.table.collisions()) {
      const rfpi = rfpiOf(this.systemId, c.number).toString();
      this.io.alarms.raise(ALARM.RFPI_COLLISION, rfpi);
      this.#reportOnce(`rfpi:${rfpi}`, "RFPI_COLLISION", `RFPI ${rfpi} is held by ${c.macs.join(" and ")}`);
    }
  }

  #reportOnce(key: string, code: string, text: string): void {
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    this.io.emit("warning", { code, text });
  }
}
