import { ipv4Value } from "../core/config/ipv4.js";
import { Mac } from "../core/identity/Mac.js";
import { PORTS } from "../wire/ports.js";
import type { Endpoint } from "../wire/Transport.js";
import type { Probe } from "./events.js";
import type { KnownSet } from "./KnownRadios.js";
import type { MirrorState } from "./MirrorState.js";
import type { PeerView } from "./PeerView.js";
import type { RadioTable } from "./RadioTable.js";
import type { MasterSettings } from "./settings.js";
import type { RoleIo } from "../role/RoleIo.js";

const macBytes = (macs: ReadonlySet<string>): Uint8Array[] => [...macs].sort().map((s) => Mac.parse(s).bytes);

/** The part of its Master's core (MasterCore) a MirrorPair works on: settings, radios, peer, the Mirror's flash. */
export interface MirrorHost {
  readonly cfg: Pick<MasterSettings, "mode" | "masterLostMs">;
  readonly io: Pick<RoleIo, "clock" | "ip" | "send">;
  readonly mirror: MirrorState;
  readonly peer: PeerView;
  readonly radios: Pick<RadioTable, "majorityLeaseUntil">;
  readonly now: number;
  save(): Promise<void>;
  startServing(): void;
}

/**
 * What only a Mirror Master does (manual 003 §4.6.19; docs/design.md "Mirror fencing"): claims through the yield
 * handshake, promises, the known-radio quorum and its fence, resuming, and the copy of the user/handset data. It
 * works on its Master's MasterCore (radios, peer); in other modes its probe fields are neutral. Whether this side
 * serves is the role machine's state, handed in where it matters (`serving`); the machine also owns every deadline
 * (the promise, the quiet spell, the fence) and reads the times here.
 */
export class MirrorPair {
  readonly #core: MirrorHost;
  /** "Activate": the term being claimed and whether this side's data overwrites the peer's. */
  claim = { term: 0, overwrite: false };
  /** Inactive side: it promised the peer not to become active before this time. */
  noActivateUntil: number;
  /** When this side last changed role or yielded; resuming waits for a quiet detection time after it. */
  #quietSince: number;
  /** Active side: the stamp of the known-radio set the peer last said it holds. */
  #peerHolds = { term: -1, version: -1 };

  constructor(core: MirrorHost) {
    this.#core = core;
    const now = core.io.clock.now();
    // A Mirror that (re)boots may have promised the other side, just before, not to activate: it has forgotten when,
    // so it keeps that promise for a whole detection time from boot (as a radio waits out its lease at boot).
    this.noActivateUntil = now + core.cfg.masterLostMs;
    this.#quietSince = now;
  }

  get #mirrorMode(): boolean {
    return this.#core.cfg.mode === "mirror";
  }

  /** The side stopped serving or yielded: a resume must wait for a quiet spell from now. */
  changed(): void {
    this.#quietSince = this.#core.now;
  }

  /**
   * Mirror fields of a probe: the known-radio stamp, and, from the serving side, the set itself while the peer has not
   * acknowledged it.
   */
  probeFields(serving: boolean): {
    activeTerm: number;
    knownTerm: number;
    knownVersion: number;
    knownIncluded: boolean;
    knownRadios: Uint8Array[];
  } {
    const m = this.#core.mirror;
    const cur = m.known.current;
    const include =
      this.#mirrorMode && serving && !(this.#peerHolds.term === cur.term && this.#peerHolds.version === cur.version);
    return {
      activeTerm: m.activeTerm,
      knownTerm: cur.term,
      knownVersion: cur.version,
      knownIncluded: include,
      knownRadios: include ? macBytes(cur.macs) : [],
    };
  }

  /**
   * Mirror fields of a probe answer. Adopts a known-radio set the active side offers, and, when not serving, promises
   * not to become active for the detection time.
   */
  answerFields(
    probe: Probe,
    serving: boolean,
  ): {
    promiseMs: number;
    knownTermAck: number;
    knownVersionAck: number;
    activeTerm: number;
    dataCrc: number;
  } {
    const core = this.#core;
    const m = core.mirror;
    let promiseMs = 0;
    if (this.#mirrorMode) {
      const offered = probe.known;
      if (
        offered !== undefined &&
        probe.active &&
        m.known.adopt({ term: probe.knownTerm, version: probe.knownVersion, macs: new Set(offered) })
      )
        void core.save();
      if (!serving && probe.active) {
        promiseMs = core.cfg.masterLostMs;
        this.noActivateUntil = Math.max(this.noActivateUntil, core.now + promiseMs);
      }
    }
    return {
      promiseMs,
      knownTermAck: m.known.current.term,
      knownVersionAck: m.known.current.version,
      activeTerm: m.activeTerm,
      dataCrc: this.#mirrorMode ? m.dataCrc() : 0,
    };
  }

  /** The peer reports the known-radio set it holds (probe reply). */
  peerHolds(term: number, version: number): void {
    this.#peerHolds = { term, version };
    this.#core.mirror.known.acked(term, version);
  }

  /** Until when this side holds leases on a majority of every required known-radio set (KnownRadios). */
  #quorumUntil(): number {
    return this.#core.mirror.known.minOver((macs) => this.#core.radios.majorityLeaseUntil(macs));
  }

  /**
   * Until when this active Mirror may stay active: while the peer's promise runs, or while it holds the radio
   * majority. With no known radios the peer never takes over by itself, so there is no limit.
   */
  fenceValidUntil(): number {
    if (this.#core.mirror.known.empty) return Infinity;
    return Math.max(this.#core.peer.promiseUntil, this.#quorumUntil());
  }

  /**
   * The last condition for an inactive Mirror to take over by itself, once the peer has been silent for the detection
   * time and its own promise has run out (the role machine waits for both): it holds the radio majority now.
   */
  holdsMajority(): boolean {
    return !this.#core.mirror.known.empty && this.#quorumUntil() > this.#core.now;
  }

  /**
   * A hand-over may be under way (the other side claiming is not active yet): a resume waits for a quiet spell of a
   * detection time after this side last stopped serving, claimed or yielded.
   */
  quietUntil(): number {
    return this.#quietSince + this.#core.cfg.masterLostMs;
  }

  /**
   * Both Mirrors inactive and in contact, and quiet (the role machine waits for that; after a restart of both, or a
   * claim that collided): the one that was active most recently resumes through the yield handshake; equal terms go
   * to the lower IP address. Never activated: none.
   */
  mayResume(): boolean {
    const mine = this.#core.mirror.activeTerm;
    const theirs = this.#core.peer.activeTerm;
    if (this.#core.peer.ip === undefined || this.#core.peer.active) return false;
    if (mine === 0 && theirs === 0) return false; // never activated: the operator's "Activate mirror" comes first
    return mine > theirs || (mine === theirs && ipv4Value(this.#core.io.ip) < ipv4Value(this.#core.peer.ip));
  }

  beginClaim(overwrite: boolean): void {
    this.changed();
    this.claim = { term: Math.max(this.#core.mirror.term, this.#core.peer.term) + 1, overwrite };
    this.sendYieldRequest();
  }

  sendYieldRequest(): void {
    if (this.#core.peer.ip === undefined) return;
    const seq = this.#core.peer.nextProbe(this.#core.now);
    this.#core.io.send({ ip: this.#core.peer.ip, port: PORTS.RAS }, "datagram", {
      body: "mirrorYieldRequest",
      mirrorYieldRequest: { term: this.claim.term, seq },
    });
  }

  /** Only an inactive side yields, and only to a claim at least as new as its own term. */
  mayYield(term: number, serving: boolean): boolean {
    return !serving && term >= this.#core.mirror.term;
  }

  /**
   * Answers a claim: yields (adopting the claim's term and promising not to activate for the detection time) when
   * mayYield, otherwise says no. An active side must step down *before* it is asked to yield (stopServing).
   */
  yieldTo(from: Endpoint, term: number, seq: number, serving: boolean): void {
    const yielded = this.mayYield(term, serving);
    if (yielded) this.changed();
    if (yielded && term > this.#core.mirror.term) {
      this.#core.mirror.term = term;
      void this.#core.save();
    }
    if (yielded) this.noActivateUntil = Math.max(this.noActivateUntil, this.#core.now + this.#core.cfg.masterLostMs);
    this.#core.io.send(from, "datagram", {
      body: "mirrorYieldReply",
      mirrorYieldReply: {
        term,
        yielded,
        promiseMs: yielded ? this.#core.cfg.masterLostMs : 0,
        seq,
        known: this.#core.mirror.known.required.map((k) => ({
          term: k.term,
          version: k.version,
          macs: macBytes(k.macs),
        })),
      },
    });
  }

  /** Takes the active role in `term`; records it durably so this side resumes after a joint restart. */
  activate(term: number): void {
    this.#core.mirror.term = Math.max(this.#core.mirror.term, term);
    this.#core.mirror.activeTerm = this.#core.mirror.term;
    this.#core.mirror.known.consolidate(this.#core.mirror.term);
    void this.#core.save();
    this.#core.startServing();
  }

  /** "Activate mirror": this side's user/handset data replaces the other side's (manual 003 §4.6.19). */
  pushData(): void {
    if (this.#core.peer.ip === undefined) return;
    const m = this.#core.mirror;
    const cur = m.known.current;
    this.#core.io.send({ ip: this.#core.peer.ip, port: PORTS.RAS }, "datagram", {
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

  /** Takes the other side's data (the role machine hands it only to an inactive side); an older term's is ignored. */
  adoptData(term: number, data: MirrorState["data"], known: KnownSet): boolean {
    if (term < this.#core.mirror.term) return false;
    this.#core.mirror.data = data;
    this.#core.mirror.known.adopt(known);
    void this.#core.save();
    return true;
  }

  /** Active Mirror: the other side's data differs from ours (lost or late copy, or a change here): send it again. */
  resyncData(peerCrc: number): void {
    if (peerCrc !== this.#core.mirror.dataCrc()) this.pushData();
  }

  sendTakeOver(): void {
    if (this.#core.peer.ip === undefined) return;
    this.#core.io.send({ ip: this.#core.peer.ip, port: PORTS.RAS }, "datagram", {
      body: "mirrorTakeOver",
      mirrorTakeOver: { term: this.#core.mirror.term },
    });
  }
}
