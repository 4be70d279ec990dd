/**
 * What a Master knows of its redundancy peer (the primary Master for a Standby, the other Mirror for a Mirror),
 * learnt from probes and probe replies (App. H UDP 1718).
 */
export class PeerView {
  readonly ip: string | undefined;
  /** When we last heard anything from the peer; starts at the time we began to look. */
  lastHeardAt: number;
  heardEver = false;
  active = false;
  joining = false;
  term = 0;
  masterId = 0;
  /** Mirror: the last term in which the peer was active (0: never). */
  activeTerm = 0;
  /** Mirror, active side: the peer has promised not to become active before this time. */
  promiseUntil = -Infinity;
  #seq = 0;
  readonly #sentAt = new Map<number, number>();

  constructor(ip: string | undefined, now: number) {
    this.ip = ip;
    this.lastHeardAt = now;
  }

  /** Numbers a new probe and remembers when it left, so a promise in its reply can be dated from our side. */
  nextProbe(now: number): number {
    const seq = ++this.#seq;
    this.#sentAt.set(seq, now);
    if (this.#sentAt.size > 64) this.#sentAt.delete(this.#sentAt.keys().next().value!);
    return seq;
  }

  /** Set once the peer was seen with another Master Id (a Standby must have its Master's id, §4.6.20). */
  idMismatchReported = false;

  heard(now: number, active: boolean, term: number, masterId: number, activeTerm: number, joining = false): void {
    this.activeTerm = activeTerm;
    this.lastHeardAt = now;
    this.heardEver = true;
    this.active = active;
    this.term = term;
    this.masterId = masterId;
    this.joining = joining;
  }

  /**
   * A promise made when the peer answered probe `seq`: it runs `promiseMs` from the peer's send time, which is after
   * our send time, so dating it from our send time is on the safe side.
   */
  promised(seq: number, promiseMs: number): void {
    const sent = this.#sentAt.get(seq);
    if (sent !== undefined && promiseMs > 0) this.promiseUntil = Math.max(this.promiseUntil, sent + promiseMs);
  }

  /** Recently heard, by the detection time. */
  alive(now: number, lostMs: number): boolean {
    return now < this.aliveUntil(lostMs);
  }

  /** Until when the peer counts as alive (`alive`): `lostMs` after it was last heard; never heard: never alive. */
  aliveUntil(lostMs: number): number {
    return this.heardEver ? this.lastHeardAt + lostMs : -Infinity;
  }

  /** Until when the peer counts as an alive *active* peer: as aliveUntil while it said it is active. */
  activeUntil(lostMs: number): number {
    return this.active ? this.aliveUntil(lostMs) : -Infinity;
  }
}
