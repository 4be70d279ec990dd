import { sealedSeq, type Sealer } from "../wire/frame.js";
import { stampWord } from "../wire/stamp.js";
import { ReplayWindow } from "./ReplayWindow.js";

/** Messages kept per link to send again when the peer answers with a LinkHello (first contact, a peer's reboot). */
export const RESEND_DEPTH = 8;

/**
 * One link: a peer endpoint on one channel (for a stream: one connection), both directions; the replay window of the
 * receiving direction is the link itself. Its nonces are kept as two 32-bit halves each (`...Hi`, `...Lo`, as
 * stamp.ts `stampWord` reads them) in this one object: a frame reads and compares them in place in the stamp and
 * writes them straight into it, and with 2047 radios coming round in turn, one object per frame is what stays warm in
 * cache (docs/performance.md "Device links").
 */
export class Link extends ReplayWindow {
  readonly peer: Peer;
  readonly port: number;
  /** The link of the same peer address and channel made before this one (on another port or connection), or null. */
  readonly older: Link | null;
  // Sending.
  /** The peer's challenge for our boot, echoed in every frame (`hasEcho` false until the peer told us one). */
  hasEcho = false;
  echoHi = 0;
  echoLo = 0;
  /**
   * The last RESEND_DEPTH sealed frames sent, a ring (`recentAt` is the next slot). Frames rather than messages: one
   * small view per frame is all a link keeps alive, and a resend reuses the encoded Envelope (frame.ts `resealRoom`).
   */
  readonly recent: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(RESEND_DEPTH);
  recentAt = 0;
  /** LinkHellos about frames up to this number were answered already (by sending again). */
  answered = 0;
  // Receiving.
  /** The peer's boot proven with the challenge (`hasBoot` false: none yet). */
  hasBoot = false;
  bootHi = 0;
  bootLo = 0;
  chHi: number;
  chLo: number;
  /** A boot other than the proven one that spoke and must echo the pending challenge before it replaces it. */
  hasPending = false;
  pendingBootHi = 0;
  pendingBootLo = 0;
  pendingChHi = 0;
  pendingChLo = 0;
  /**
   * The peer's last frame on this link echoed our challenge (it was taken): the peer knows it, so our stamps can
   * leave it out. False on a new link and after a frame without the echo (the peer lost its side of the link: a new
   * connection to our fixed port, a reboot), until the peer echoes again.
   */
  echoed = false;

  constructor(peer: Peer, port: number, older: Link | null, stream: boolean, challenge: Uint8Array) {
    super(stream);
    this.peer = peer;
    this.port = port;
    this.older = older;
    this.chHi = stampWord(challenge, 0);
    this.chLo = stampWord(challenge, 4);
  }

  remember(frame: Uint8Array): void {
    this.recent[this.recentAt] = frame;
    this.recentAt = (this.recentAt + 1) % RESEND_DEPTH;
  }

  /** The frames remembered with numbers from `fromSeq` on, oldest first. */
  since(fromSeq: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < RESEND_DEPTH; i++) {
      const frame = this.recent[(this.recentAt + i) % RESEND_DEPTH];
      if (frame !== undefined && sealedSeq(frame) >= fromSeq) out.push(frame);
    }
    return out;
  }
}

/** One peer address on one channel (its links are chained from the newest, `Link.older`). */
export interface Peer {
  /** Our last sequence number to this address on this channel: rising across its ports and connections. */
  seq: number;
  /** The tag of a frame to this address (made once per peer rather than a closure per frame). */
  readonly seal: Sealer;
}
