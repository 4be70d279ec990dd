import { ALARM } from "../core/alarms/index.js";
import { LEASE_MARGIN_MS } from "../role/redundancy.js";
import { type DectSystem } from "../role/system.js";
import { type MasterSettings } from "./settings.js";
import { PariCore, type PariInput } from "../pari/PariCore.js";
import { RadioStanding } from "../wire/codec.js";
import { PORTS } from "../wire/ports.js";
import type { RoleIo } from "../role/RoleIo.js";
import type { Endpoint } from "../wire/Transport.js";
import type { Probe, RadioHello } from "./events.js";
import type { MirrorState } from "./MirrorState.js";
import { MirrorPair } from "./MirrorPair.js";
import { PeerView } from "./PeerView.js";
import { RadioTable, type RadioRecord } from "./RadioTable.js";
import type { Directory } from "../users/Directory.js";
import { DirectoryFeed } from "../replication/DirectoryFeed.js";
import type { ReplicationCredentials } from "../replication/protocol.js";
import { HandsetService } from "../users/handsets/HandsetService.js";
import { Replicator, type ReplicatorSettings } from "../replication/Replicator.js";
import { Gatekeeper, type GatekeeperInput, type GatekeeperMode } from "../sip/Gatekeeper.js";

/** What a Master does with users: its directory, served to replicators, or copied from its Master (§4.5.3.1). */
export interface MasterUsers {
  readonly directory: Directory;
  /** The LDAP server user (§4.5.1) replicators must log in with; absent: none asked. */
  readonly credentials?: ReplicationCredentials;
  /** A Standby's full replication from its Master. */
  readonly replicator?: ReplicatorSettings;
}

/** How often a Master runs its periodic work (PARI, replication) and its peer timers; leases end exactly, not here. */
export const SWEEP_MS = 250;

/**
 * How a Master stands toward radios in its role machine's current state (the machine's tags say which): `serving`
 * registers them; `holding` keeps them pending, or sends them to the peer while the peer is active; `deactivated`
 * (§4.6.24 "Deactivate Master if no connection") sends them to its peer, a Standby learnt from probes included.
 */
export type Stance = "serving" | "holding" | "deactivated";

/**
 * The bookkeeping of the Master role: radio registrations and leases, the redundancy peer and its probes. The role
 * machine (master.machine.ts) decides *when* (modes, transitions, deadlines) and whether the Master serves; this class
 * does *what*, told the Master's stance where it matters. What only a Mirror does lives in MirrorPair (`pair`).
 */
export class MasterCore {
  readonly cfg: MasterSettings;
  readonly io: RoleIo;
  readonly radios: RadioTable;
  readonly peer: PeerView;
  readonly mirror: MirrorState;
  #lastProbeAt = -Infinity;
  /** The Mirror coordination (claims, promises, quorum, data copy); idle in other modes. */
  readonly pair: MirrorPair;
  /** The PARI function (§4.6.21), when enabled on this Master; active while the Master serves. */
  readonly pari: PariCore | undefined;
  /** Serves the directory to replicators (a Master's own directory, not a replica). */
  readonly feed: DirectoryFeed | undefined;
  /** A Standby's copy of its Master's directory (§4.5.3.1). */
  readonly replicator: Replicator | undefined;
  /** Subscription, location, self-assignment and logout of handsets (§3.14, §3.15). */
  readonly handsets: HandsetService | undefined;
  /** SIP registration of the users with the PBX (§4.6.23), when a gatekeeper is configured. */
  readonly gatekeeper: Gatekeeper | undefined;
  /** An active-mode Master learns its Standby's address from the Standby's probes. */
  standbyIp: string | undefined;

  constructor(
    cfg: MasterSettings,
    io: RoleIo,
    mirror: MirrorState,
    system: DectSystem,
    pari?: PariInput,
    users?: MasterUsers,
    gatekeeper?: GatekeeperInput,
  ) {
    this.cfg = cfg;
    this.io = io;
    this.mirror = mirror;
    this.radios = new RadioTable(cfg.radioLostMs);
    this.peer = new PeerView(cfg.mode === "standby" ? cfg.primary : cfg.mirrorPeer, io.clock.now());
    this.pair = new MirrorPair(this);
    this.pari = pari === undefined ? undefined : new PariCore(pari, io, this.peer.ip);
    const dir = users?.directory;
    this.feed = dir === undefined || dir.replica ? undefined : new DirectoryFeed(dir, io, users?.credentials);
    this.replicator =
      dir === undefined || users?.replicator === undefined ? undefined : new Replicator(dir, io, users.replicator);
    this.handsets = dir === undefined ? undefined : new HandsetService(dir, io, cfg.id);
    this.gatekeeper =
      dir === undefined || gatekeeper === undefined
        ? undefined
        : new Gatekeeper(gatekeeper, io, system, dir, () => this.#peerIp());
  }

  get now(): number {
    return this.io.clock.now();
  }

  // ---- radios ----------------------------------------------------------------------------------------------------

  /** A radio registers (or re-registers). A serving Master serves it; an inactive one holds it (see #sendAtOnce). */
  register(radio: RadioHello, seq: number, stance: Stance): void {
    const redirect = this.#sendAtOnce(stance) ?? this.#releasedTo(radio);
    if (redirect !== undefined)
      return this.#release(radio.mac, radio.from, radio.attempt, redirect, "peer is active", seq);
    this.#endLapsed(radio.mac);
    const standing = stance === "serving" ? "registered" : "pending";
    const { record, changed } = this.radios.upsert(
      {
        mac: radio.mac,
        name: radio.name,
        kind: radio.kind,
        from: radio.from,
        attempt: radio.attempt,
        // A register echoes no answer: its lease counts from its arrival.
        until: this.now + this.radios.leaseMs,
        standing,
      },
      this.now,
    );
    if (changed && standing === "registered") this.#registered(record);
    this.#status(
      radio.from,
      radio.attempt,
      seq,
      standing === "registered" ? RadioStanding.REGISTERED : RadioStanding.PENDING,
    );
  }

  /**
   * A heartbeat renews the radio's lease from the answer it echoes (`grantMs`, this Master's own clock), never from
   * its arrival: a heartbeat that TCP delivers late renews no further than the radio counts on (docs/design.md
   * "Registrations are leases"). One without an echo counts from its arrival.
   */
  heartbeat(radio: RadioHello, seq: number, grantMs: number, stance: Stance): void {
    const released = this.#releasedTo(radio);
    if (released !== undefined)
      return this.#status(radio.from, radio.attempt, seq, RadioStanding.REDIRECT, released, "released");
    this.#endLapsed(radio.mac);
    const r = this.radios.get(radio.mac);
    if (r === undefined)
      return this.#status(radio.from, radio.attempt, seq, RadioStanding.UNKNOWN, undefined, "not registered here");
    const redirect = this.#sendAtOnce(stance);
    if (redirect !== undefined && r.standing === "pending")
      return this.#release(r.mac, radio.from, radio.attempt, redirect, "peer is active", seq);
    this.radios.renew(r, grantMs > 0 ? Math.min(grantMs, this.now) : this.now);
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

  /** The periodic work of a Master: the PARI function's, the directory replication's, old releases forgotten. */
  sweep(): void {
    this.pari?.sweep();
    this.feed?.sweep();
    this.replicator?.tick();
    this.radios.forgetReleases(this.now, this.radios.leaseMs + LEASE_MARGIN_MS);
  }

  /**
   * Drops radios whose lease ran out (the chart calls this at each lease's end, exactly: no sweep granularity in the
   * lease argument); a registered radio lost that way raises "Connection to Radio lost".
   */
  expireLeases(): void {
    for (const r of this.radios.expire(this.now)) {
      if (r.standing !== "registered") continue;
      this.#unregistered(r, "lease expired");
      this.io.alarms.raise(ALARM.CONNECTION_TO_RADIO_LOST, r.name);
    }
  }

  /** A lease that ran out is over even when its deadline comes later in the same instant: end it first. */
  #endLapsed(mac: string): void {
    const r = this.radios.get(mac);
    if (r !== undefined && r.until <= this.now) this.expireLeases();
  }

  /** Becomes active: every held radio is registered and told so. */
  startServing(): void {
    this.gatekeeper?.setMode("serving");
    this.pari?.servingStarted();
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
  stopServing(reason: string, redirectTo?: string, gatekeeper: GatekeeperMode = "idle"): void {
    this.gatekeeper?.setMode(gatekeeper);
    this.pari?.servingStopped();
    this.pair.changed();
    for (const r of this.radios.all()) {
      if (r.standing === "registered") this.#unregistered(r, reason);
      if (redirectTo !== undefined) {
        this.#release(r.mac, r.from, r.attempt, redirectTo, reason);
      } else {
        r.standing = "pending";
      }
    }
  }

  /**
   * §4.6.24 "Deactivate Master if no connection": the anonymous registration failed, so this Master stops serving and
   * its radios go to the Standby (which takes over on seeing it inactive); only the anonymous registration goes on,
   * to notice the PBX coming back.
   */
  deactivate(): void {
    this.stopServing("no connection to the PBX (§4.6.24)", this.#peerIp(), "deactivated");
  }

  /** Whether §4.6.24 asks this Master to deactivate now (an active-mode Master only: a Standby has no one behind). */
  get mustDeactivate(): boolean {
    return this.cfg.mode === "active" && this.gatekeeper?.deactivateOnLoss === true && this.gatekeeper.emergencyDown;
  }

  /** The other Master of the pair: the configured primary or Mirror peer, else a Standby heard probing us. */
  #peerIp(): string | undefined {
    return this.peer.ip ?? this.standbyIp;
  }

  /** Inactive side: sends held radios to the peer once the peer is known to be active. */
  releaseHeldToActivePeer(): void {
    const target = this.#redirectTarget("holding");
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
    return this.radios.isReleased(radio.mac, radio.attempt) ? this.#peerIp() : undefined;
  }

  /**
   * Where a registering radio is sent at once: only a deactivated Master (§4.6.24) sends radios to its active peer
   * unasked. An inactive Master holds them (pending) and sends them on when the peer's next answer says it is active
   * (releaseHeldToActivePeer, within a probe interval): a radio that gave up a Master which has just failed comes
   * before this side noticed, and must not be sent back to it (docs/design.md "Standby").
   */
  #sendAtOnce(stance: Stance): string | undefined {
    return stance === "deactivated" ? this.#redirectTarget(stance) : undefined;
  }

  #redirectTarget(stance: Stance): string | undefined {
    // Only a deactivated Master sends radios to a Standby it learnt from probes; otherwise the configured peer.
    const ip = stance === "deactivated" ? this.#peerIp() : this.peer.ip;
    if (stance === "serving" || ip === undefined) return undefined;
    return this.peer.active && this.peer.alive(this.now, this.cfg.masterLostMs) ? ip : undefined;
  }

  #registered(r: RadioRecord): void {
    this.io.emit("radio-registered", { radio: r.name, mac: r.mac });
    this.io.alarms.clear(ALARM.CONNECTION_TO_RADIO_LOST, r.name);
    if (this.cfg.mode === "mirror" && this.mirror.known.learn(r.mac, this.mirror.term)) void this.save();
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
        grantMs: this.now,
      },
    });
  }

  // ---- peer ------------------------------------------------------------------------------------------------------

  /** Sends a probe to the peer at most once per probe interval, saying whether this Master serves. */
  probePeer(serving: boolean): void {
    if (this.peer.ip === undefined || this.now - this.#lastProbeAt < this.cfg.probeIntervalMs) return;
    this.#lastProbeAt = this.now;
    this.io.send({ ip: this.peer.ip, port: PORTS.RAS }, "datagram", {
      body: "peerProbe",
      peerProbe: {
        seq: this.peer.nextProbe(this.now),
        active: serving,
        term: this.mirror.term,
        masterId: this.cfg.id,
        ...this.pair.probeFields(serving),
      },
    });
  }

  /** Answers a probe (a Mirror adds what MirrorPair.answerFields says, including its promise). */
  answerProbe(from: Endpoint, probe: Probe, joining: boolean, serving: boolean): void {
    this.io.send(from, "datagram", {
      body: "peerProbeReply",
      peerProbeReply: {
        seq: probe.seq,
        active: serving,
        term: this.mirror.term,
        joining,
        masterId: this.cfg.id,
        ...this.pair.answerFields(probe, serving),
      },
    });
  }

  /** Persists the redundancy state; a failure is logged, the in-memory state stays authoritative. */
  save(): Promise<void> {
    return this.mirror
      .save()
      .catch((cause: unknown) => this.io.log.log("error", "saving master state failed", { cause: String(cause) }));
  }
}
