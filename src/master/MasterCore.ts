import { ALARM } from "../core/alarms/index.js";
import { LEASE_MARGIN_MS, type MasterSettings } from "../core/config/DeviceConfig.js";
import { ipv4Value } from "../core/config/ipv4.js";
import { Mac } from "../core/identity/Mac.js";
import { RadioStanding } from "../wire/codec.js";
import { PORTS } from "../wire/ports.js";
import type { RoleIo } from "../device/RoleIo.js";
import type { Endpoint } from "../wire/Transport.js";
import type { Probe, RadioHello } from "./events.js";
import type { KnownSet } from "./KnownRadios.js";
import type { MirrorState } from "./MirrorState.js";
import { PeerView } from "./PeerView.js";
import { RadioTable, type RadioRecord } from "./RadioTable.js";

const macBytes = (macs: ReadonlySet<string>): Uint8Array[] => [...macs].sort().map((s) => Mac.parse(s).bytes);

/** How often a Master sweeps expired radio leases and runs its peer timers. */
export const SWEEP_MS = 250;

/**
 * The bookkeeping of the Master role: radio registrations and leases, the redundancy peer, the mirror term and quorum.
 * The role machine (master.machine.ts) decides *when* (modes and transitions); this class does *what*.
 */
export class MasterCore {
  readonly cfg: MasterSettings;
  readonly io: RoleIo;
  readonly radios: RadioTable;
  readonly peer: PeerView;
  readonly mirror: MirrorState;
  /** True while the Master is active and serves radios. */
  serving = false;
  /** Mirror "activate": the term being claimed and whether this side's data overwrites the peer's. */
  claim = { term: 0, overwrite: false, startedAt: 0 };
  /** Master (active mode) booting: when it started to look for an active Standby. */
  joinStartedAt = 0;
  #lastProbeAt = -Infinity;
  /** Mirror, inactive side: it promised the peer not to become active before this time. */
  noActivateUntil: number;
  /** Mirror: when this side last changed role or yielded; resuming waits for a quiet detection time after it. */
  #quietSince: number;
  /** Mirror, active side: the stamp of the known-radio set the peer last said it holds. */
  #peerHolds = { term: -1, version: -1 };

  constructor(cfg: MasterSettings, io: RoleIo, mirror: MirrorState) {
    this.cfg = cfg;
    this.io = io;
    this.mirror = mirror;
    this.radios = new RadioTable(cfg.radioLostMs);
    this.peer = new PeerView(cfg.mode === "standby" ? cfg.primary : cfg.mirrorPeer, io.clock.now());
    // A Mirror that (re)boots may have promised the other side, just before, not to activate: it has forgotten when,
    // so it keeps that promise for a whole detection time from boot (as a radio waits out its lease at boot).
    this.noActivateUntil = io.clock.now() + cfg.masterLostMs;
    this.#quietSince = io.clock.now();
  }

  get now(): number {
    return this.io.clock.now();
  }

  // ---- radios ----------------------------------------------------------------------------------------------------

  /** A radio registers (or re-registers). An active Master serves it; an inactive one holds it or sends it on. */
  register(radio: RadioHello): void {
    const redirect = this.#redirectTarget() ?? this.#releasedTo(radio);
    if (redirect !== undefined) return this.#release(radio.mac, radio.from, radio.attempt, redirect, "peer is active");
    const standing = this.serving ? "registered" : "pending";
    const { record, changed } = this.radios.upsert(
      {
        mac: radio.mac,
        name: radio.name,
        kind: radio.kind,
        from: radio.from,
        attempt: radio.attempt,
        lastRx: this.now,
        standing,
      },
      this.now,
    );
    if (changed && standing === "registered") this.#registered(record);
    this.#status(
      radio.from,
      radio.attempt,
      0,
      standing === "registered" ? RadioStanding.REGISTERED : RadioStanding.PENDING,
    );
  }

  heartbeat(radio: RadioHello, seq: number): void {
    const released = this.#releasedTo(radio);
    if (released !== undefined)
      return this.#status(radio.from, radio.attempt, seq, RadioStanding.REDIRECT, released, "released");
    const r = this.radios.get(radio.mac);
    if (r === undefined)
      return this.#status(radio.from, radio.attempt, seq, RadioStanding.UNKNOWN, undefined, "not registered here");
    const redirect = this.#redirectTarget();
    if (redirect !== undefined && r.standing === "pending")
      return this.#release(r.mac, radio.from, radio.attempt, redirect, "peer is active", seq);
    r.lastRx = this.now;
    r.from = radio.from;
    r.attempt = radio.attempt;
    this.#status(
      radio.from,
      radio.attempt,
      seq,
      r.standing === "registered" ? RadioStanding.REGISTERED : RadioStanding.PENDING,
    );
  }

  unregister(mac: string, reason: string): void {
    const r = this.radios.remove(mac);
    if (r?.standing === "registered") this.#unregistered(r, reason || "radio left");
  }

  /** Drops radios whose lease ran out; a registered radio lost that way raises "Connection to Radio lost". */
  sweep(): void {
    for (const r of this.radios.expire(this.now, this.radios.leaseMs + LEASE_MARGIN_MS)) {
      if (r.standing !== "registered") continue;
      this.#unregistered(r, "lease expired");
      this.io.alarms.raise(ALARM.CONNECTION_TO_RADIO_LOST, r.name);
    }
  }

  /** Becomes active: every held radio is registered and told so. */
  startServing(): void {
    this.serving = true;
    for (const r of this.radios.all()) {
      if (r.standing === "registered") continue;
      r.standing = "registered";
      r.since = this.now;
      this.#registered(r);
      this.#status(r.from, r.attempt, 0, RadioStanding.REGISTERED);
    }
  }

  /**
   * Stops being active. With a target every radio is released and sent there; without one (fenced) the radios are
   * held as pending so they are not sent to a side that may be unreachable.
   */
  stopServing(reason: string, redirectTo?: string): void {
    this.serving = false;
    this.#quietSince = this.now;
    for (const r of this.radios.all()) {
      if (r.standing === "registered") this.#unregistered(r, reason);
      if (redirectTo !== undefined) {
        this.#release(r.mac, r.from, r.attempt, redirectTo, reason);
      } else {
        r.standing = "pending";
      }
    }
  }

  /** Inactive side: sends held radios to the peer once the peer is known to be active. */
  releaseHeldToActivePeer(): void {
    const target = this.#redirectTarget();
    if (target === undefined) return;
    for (const r of this.radios.all()) this.#release(r.mac, r.from, r.attempt, target, "peer is active");
  }

  /** Sends a radio elsewhere and forgets it: from here on it may register anywhere at once. */
  #release(mac: string, from: Endpoint, attempt: number, target: string, reason: string, seq = 0): void {
    this.radios.release(mac, attempt, this.now);
    this.#status(from, attempt, seq, RadioStanding.REDIRECT, target, reason);
  }

  /** Where a radio was sent when this very attempt was released, for its messages still in flight. */
  #releasedTo(radio: RadioHello): string | undefined {
    return this.radios.isReleased(radio.mac, radio.attempt) ? this.peer.ip : undefined;
  }

  #redirectTarget(): string | undefined {
    if (this.serving || this.peer.ip === undefined) return undefined;
    return this.peer.active && this.peer.alive(this.now, this.cfg.masterLostMs) ? this.peer.ip : undefined;
  }

  #registered(r: RadioRecord): void {
    this.io.emit("radio-registered", { radio: r.name, mac: r.mac });
    this.io.alarms.clear(ALARM.CONNECTION_TO_RADIO_LOST, r.name);
    if (this.cfg.mode === "mirror" && this.mirror.known.learn(r.mac, this.mirror.term)) void this.#save();
  }

  #unregistered(r: RadioRecord, reason: string): void {
    this.io.emit("radio-unregistered", { radio: r.name, mac: r.mac, reason });
  }

  #status(to: Endpoint, attempt: number, seq: number, standing: number, redirectTo?: string, reason?: string): void {
    this.io.send(to, "stream", {
      body: "radioStatus",
      radioStatus: {
        standing,
        attempt,
        seq,
        redirectTo: redirectTo ?? "",
        masterId: this.cfg.id,
        reason: reason ?? "",
        leaseMs: this.cfg.radioLostMs,
      },
    });
  }

  // ---- peer ------------------------------------------------------------------------------------------------------

  /** Sends a probe to the peer at most once per probe interval. */
  probePeer(): void {
    if (this.peer.ip === undefined || this.now - this.#lastProbeAt < this.cfg.probeIntervalMs) return;
    this.#lastProbeAt = this.now;
    const m = this.mirror;
    const cur = m.known.current;
    const includeKnown =
      this.cfg.mode === "mirror" &&
      this.serving &&
      !(this.#peerHolds.term === cur.term && this.#peerHolds.version === cur.version);
    this.io.send({ ip: this.peer.ip, port: PORTS.RAS }, "datagram", {
      body: "peerProbe",
      peerProbe: {
        seq: this.peer.nextProbe(this.now),
        active: this.serving,
        term: m.term,
        masterId: this.cfg.id,
        activeTerm: m.activeTerm,
        knownTerm: cur.term,
        knownVersion: cur.version,
        knownIncluded: includeKnown,
        knownRadios: includeKnown ? macBytes(cur.macs) : [],
      },
    });
  }

  /** Answers a probe; an inactive Mirror also promises not to become active for the detection time. */
  answerProbe(from: Endpoint, probe: Probe, joining: boolean): void {
    const m = this.mirror;
    let promiseMs = 0;
    if (this.cfg.mode === "mirror") {
      const offered = probe.known;
      if (
        offered !== undefined &&
        probe.active &&
        m.known.adopt({ term: probe.knownTerm, version: probe.knownVersion, macs: new Set(offered) })
      )
        void this.#save();
      if (!this.serving && probe.active) {
        promiseMs = this.cfg.masterLostMs;
        this.noActivateUntil = Math.max(this.noActivateUntil, this.now + promiseMs);
      }
    }
    this.io.send(from, "datagram", {
      body: "peerProbeReply",
      peerProbeReply: {
        seq: probe.seq,
        active: this.serving,
        term: m.term,
        joining,
        promiseMs,
        knownTermAck: m.known.current.term,
        knownVersionAck: m.known.current.version,
        masterId: this.cfg.id,
        activeTerm: m.activeTerm,
        dataCrc: this.cfg.mode === "mirror" ? m.dataCrc() : 0,
      },
    });
  }

  // ---- mirror ----------------------------------------------------------------------------------------------------

  /** The peer reports the known-radio set it holds (probe reply). */
  peerHolds(term: number, version: number): void {
    this.#peerHolds = { term, version };
    this.mirror.known.acked(term, version);
  }

  /** Until when this side holds leases on a majority of every required known-radio set (KnownRadios). */
  #quorumUntil(): number {
    return this.mirror.known.minOver((macs) => this.radios.majorityLeaseUntil(macs));
  }

  /**
   * Until when this active Mirror may stay active: while the peer's promise runs, or while it holds the radio
   * majority. With no known radios the peer never takes over by itself, so there is no limit.
   */
  fenceValidUntil(): number {
    if (this.mirror.known.empty) return Infinity;
    return Math.max(this.peer.promiseUntil, this.#quorumUntil());
  }

  /** An inactive Mirror may take over by itself: peer silent for the detection time, promise over, majority held. */
  mayTakeOver(): boolean {
    if (this.mirror.known.empty || this.now < this.noActivateUntil) return false;
    if (this.peer.alive(this.now, this.cfg.masterLostMs)) return false;
    return this.#quorumUntil() > this.now;
  }

  /**
   * Both Mirrors inactive and in contact (after a restart of both, or a claim that collided): the one that was active
   * most recently resumes through the yield handshake; equal terms go to the lower IP address. Never activated: none.
   */
  mayResume(): boolean {
    const mine = this.mirror.activeTerm;
    const theirs = this.peer.activeTerm;
    if (this.peer.ip === undefined || this.peer.active || !this.peer.alive(this.now, this.cfg.masterLostMs))
      return false;
    // A hand-over may be under way (the other side claiming is not active yet): only resume after a quiet spell.
    if (this.now - this.#quietSince < this.cfg.masterLostMs) return false;
    if (mine === 0 && theirs === 0) return false; // never activated: the operator's "Activate mirror" comes first
    return mine > theirs || (mine === theirs && ipv4Value(this.io.ip) < ipv4Value(this.peer.ip));
  }

  beginClaim(overwrite: boolean): void {
    this.#quietSince = this.now;
    this.claim = { term: Math.max(this.mirror.term, this.peer.term) + 1, overwrite, startedAt: this.now };
    this.sendYieldRequest();
  }

  sendYieldRequest(): void {
    if (this.peer.ip === undefined) return;
    const seq = this.peer.nextProbe(this.now);
    this.io.send({ ip: this.peer.ip, port: PORTS.RAS }, "datagram", {
      body: "mirrorYieldRequest",
      mirrorYieldRequest: { term: this.claim.term, seq },
    });
  }

  /** Only an inactive side yields, and only to a claim at least as new as its own term. */
  mayYield(term: number): boolean {
    return !this.serving && term >= this.mirror.term;
  }

  /**
   * Answers a claim: yields (adopting the claim's term and promising not to activate for the detection time) when
   * mayYield, otherwise says no. An active side must step down *before* it is asked to yield (stopServing).
   */
  yieldTo(from: Endpoint, term: number, seq: number): void {
    const yielded = this.mayYield(term);
    if (yielded) this.#quietSince = this.now;
    if (yielded && term > this.mirror.term) {
      this.mirror.term = term;
      void this.#save();
    }
    if (yielded) this.noActivateUntil = Math.max(this.noActivateUntil, this.now + this.cfg.masterLostMs);
    this.io.send(from, "datagram", {
      body: "mirrorYieldReply",
      mirrorYieldReply: {
        term,
        yielded,
        promiseMs: yielded ? this.cfg.masterLostMs : 0,
        seq,
        known: this.mirror.known.required.map((k) => ({ term: k.term, version: k.version, macs: macBytes(k.macs) })),
      },
    });
  }

  /** Takes the active role in `term`; records it durably so this side resumes after a joint restart. */
  activate(term: number): void {
    this.mirror.term = Math.max(this.mirror.term, term);
    this.mirror.activeTerm = this.mirror.term;
    this.mirror.known.consolidate(this.mirror.term);
    void this.#save();
    this.startServing();
  }

  /** "Activate mirror": this side's user/handset data replaces the other side's (manual 003 §4.6.19). */
  pushData(): void {
    if (this.peer.ip === undefined) return;
    const m = this.mirror;
    const cur = m.known.current;
    this.io.send({ ip: this.peer.ip, port: PORTS.RAS }, "datagram", {
      body: "mirrorData",
      mirrorData: {
        term: m.term,
        generation: m.data.generation,
        data: m.dataBytes(),
        knownRadios: macBytes(cur.macs),
        knownTerm: cur.term,
        knownVersion: cur.version,
      },
    });
  }

  adoptData(term: number, data: MirrorState["data"], known: KnownSet): boolean {
    if (term < this.mirror.term || this.serving) return false;
    this.mirror.data = data;
    this.mirror.known.adopt(known);
    void this.#save();
    return true;
  }

  /** Active Mirror: the other side's data differs from ours (lost or late copy, or a change here): send it again. */
  resyncData(peerCrc: number): void {
    if (this.serving && this.cfg.mode === "mirror" && peerCrc !== this.mirror.dataCrc()) this.pushData();
  }

  sendTakeOver(): void {
    if (this.peer.ip === undefined) return;
    this.io.send({ ip: this.peer.ip, port: PORTS.RAS }, "datagram", {
      body: "mirrorTakeOver",
      mirrorTakeOver: { term: this.mirror.term },
    });
  }

  #save(): Promise<void> {
    return this.mirror
      .save()
      .catch((cause: unknown) => this.io.log.log("error", "saving master state failed", { cause: String(cause) }));
  }
}
