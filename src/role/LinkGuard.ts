import type { Message } from "../wire/codec.js";
import { WireCode } from "../wire/errors.js";
import { encodeFrame, encodeSealedFrame, openFrame, resealFrame, sealedSeq, type Sealer } from "../wire/frame.js";
import type { LinkStamp, ReceivedStamp } from "../wire/stamp.js";
import type { Channel, Endpoint } from "../wire/Transport.js";
import { LinkKey, type LinkAddress } from "./linkKey.js";
import { ReplayWindow } from "./ReplayWindow.js";

/**
 * Bodies that travel unsealed, on datagrams only: the emulated DECT air between handsets and radios (a handset has no
 * system password; its subscription key speaks for it, §3.14) and plug and play (§3.11: an unconfigured radio does not
 * know the system yet). Everything else between devices is sealed (docs/design.md "Device links").
 */
const OPEN_BODIES: ReadonlySet<string> = new Set(["handsetRequest", "handsetReply", "radioAnnounce", "radioProvision"]);

/**
 * The body whose frames always carry the full stamp: the Standby's replicator reads the Master's link challenge from a
 * directory batch (the stamp's challenge; linkKey.ts `ldapProof`).
 */
const FULL_STAMP_BODY = "dirSyncBatch";

/** Messages kept per link to send again when the peer answers with a LinkHello (first contact, a peer's reboot). */
export const RESEND_DEPTH = 8;

export interface LinkGuardInput {
  readonly key: LinkKey;
  /** This device's address: frames sealed for another address fail here (linkKey.ts `tag`). */
  readonly ip: string;
  readonly mac: Uint8Array;
  /** 8 bytes, new at every boot. */
  readonly boot: Uint8Array;
  /** `from_device` of the LinkHellos this guard sends. */
  readonly device: string;
  readonly transmit: (to: Endpoint, channel: Channel, frame: Uint8Array) => void;
}

/**
 * What came of a received frame: a message for the roles (none for a LinkHello, which only the guard reads), or a
 * refusal with its code and reason.
 */
export type Opened =
  | { readonly ok: true; readonly msg: Message | undefined }
  | { readonly ok: false; readonly code: string; readonly reason: string };

/**
 * One link: a peer endpoint on one channel (for a stream: one connection), both directions; the replay window of the
 * receiving direction is the link itself (one object to reach per frame).
 */
class Link extends ReplayWindow {
  readonly peer: Peer;
  readonly port: number;
  // Sending.
  /** The peer's challenge for our boot, echoed in every frame (absent until the peer told us one). */
  echo: Uint8Array | undefined = undefined;
  /**
   * The last RESEND_DEPTH sealed frames sent, a ring (`recentAt` is the next slot). Frames rather than messages: one
   * small view per frame is all a link keeps alive, and a resend reuses the encoded Envelope (frame.ts `resealFrame`).
   */
  readonly recent: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(RESEND_DEPTH);
  recentAt = 0;
  /** LinkHellos about frames up to this number were answered already (by sending again). */
  answered = 0;
  // Receiving.
  /** The peer's boot proven with `challenge` (absent: none yet). */
  boot: Uint8Array | undefined = undefined;
  challenge: Uint8Array;
  /** A boot other than `boot` that spoke and must echo `pending.challenge` before it replaces it. */
  pending: { readonly boot: Uint8Array; readonly challenge: Uint8Array } | undefined = undefined;
  /**
   * The peer's last frame on this link echoed our challenge (it was taken): the peer knows it, so our stamps can
   * leave it out. False on a new link and after a frame without the echo (the peer lost its side of the link: a new
   * connection to our fixed port, a reboot), until the peer echoes again.
   */
  echoed = false;

  constructor(peer: Peer, port: number, stream: boolean, challenge: Uint8Array) {
    super(stream);
    this.peer = peer;
    this.port = port;
    this.challenge = challenge;
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

/** One peer address on one channel: its links (one per port; most peers have one or two). */
interface Peer {
  /** Our last sequence number to this address on this channel: rising across its ports and connections. */
  seq: number;
  /** The tag of a frame to this address (made once per peer rather than a closure per frame). */
  readonly seal: Sealer;
  readonly links: Link[];
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Seals every frame a device sends to another device and opens every frame it receives (docs/design.md "Device
 * links"): a frame is authentic when its tag matches the system's link key, and fresh when it echoes the challenge
 * this device issued for the sender's boot on that link and its sequence number was not taken before. A refused
 * frame with a valid tag gets a LinkHello with the challenge, and the sender sends its last messages again, so a first
 * contact or a reboot costs one round trip and no message. One guard per device boot.
 */
export class LinkGuard {
  readonly #in: LinkGuardInput;
  /** This device's address as the tags of the frames it receives cover it. */
  readonly #me: LinkAddress;
  #issued = 0;
  readonly #datagramPeers = new Map<string, Peer>();
  readonly #streamPeers = new Map<string, Peer>();

  constructor(input: LinkGuardInput) {
    this.#in = input;
    this.#me = LinkKey.address(input.ip);
  }

  /** The system runs on the factory password: its frames prove nothing (linkKey.ts `isFactory`). */
  get factory(): boolean {
    return this.#in.key.factory;
  }

  /** The frame for `msg` to `to`: sealed, or plain for the bodies of OPEN_BODIES on a datagram. */
  seal(to: Endpoint, channel: Channel, msg: Message): Uint8Array {
    const body = msg.body;
    if (channel === "datagram" && OPEN_BODIES.has(body)) return encodeFrame(msg);
    const link = this.#link(to, channel);
    const frame = encodeSealedFrame(msg, this.#stamp(link, body === FULL_STAMP_BODY), link.peer.seal);
    if (body !== "linkHello") link.remember(frame);
    return frame;
  }

  /**
   * Our stream to `to` is closed (we disconnected it): the next stream to it is a new connection, a new link on the
   * peer's side, so our next frames carry the full stamp again until the peer echoes (no extra round trip).
   */
  forget(to: Endpoint): void {
    const link = this.#streamPeers.get(to.ip)?.links.find((l) => l.port === to.port);
    if (link !== undefined) link.echoed = false;
  }

  /** Checks a received frame (see the class). Throws DecodeError for a frame that does not decode. */
  open(frame: Uint8Array, from: Endpoint, channel: Channel): Opened {
    const { msg, stamp } = openFrame(frame);
    const body = msg.body;
    if (stamp === undefined) {
      if (channel === "datagram" && OPEN_BODIES.has(body)) return { ok: true, msg };
      return refuse(WireCode.LinkUnsealed, `${body} arrived unsealed`);
    }
    if (!this.#in.key.verify(this.#me, frame))
      return refuse(
        WireCode.LinkTag,
        `${body}: tag does not match (forged, altered, for another device, or another DECT system name/password)`,
      );
    const link = this.#link(from, channel);
    const seq = stamp.seq;
    if (stamp.hasChallenge) this.#learn(link, stamp.challenge!, stamp.challengeFor);
    const verdict = this.#fresh(link, stamp);
    if (verdict === "fresh") link.echoed = true;
    else if (verdict === "challenge") link.echoed = false;
    if (body === "linkHello") {
      this.#resend(from, channel, link, (msg as Extract<Message, { body: "linkHello" }>).linkHello.refusedSeq ?? 0);
      if (verdict === "fresh") return { ok: true, msg: undefined };
    }
    if (verdict === "challenge") {
      this.#hello(from, channel, link, seq);
      return refuse(WireCode.LinkChallenge, `${body} seq ${seq}: no echo of this link's challenge`);
    }
    if (verdict !== "fresh") return refuse(WireCode.LinkReplay, `${body} seq ${seq} is ${verdict}`);
    return { ok: true, msg };
  }

  /** Takes the peer's challenge when it is for our boot (or for any boot, before the peer heard us). */
  #learn(link: Link, challenge: Uint8Array, forBoot: Uint8Array | undefined): void {
    if (forBoot !== undefined && !same(forBoot, this.#in.boot)) return;
    // A copy (a Buffer's slice would be a view of the frame).
    if (link.echo === undefined || !same(link.echo, challenge)) link.echo = new Uint8Array(challenge);
  }

  /**
   * Whether a frame with this stamp is fresh. A boot is taken only with an echo of a challenge issued after it first
   * spoke (or before anything was heard), so a frame of an earlier boot or of another connection never passes;
   * within a boot, the window takes each number once.
   */
  #fresh(link: Link, stamp: ReceivedStamp): string {
    if (link.boot !== undefined && stamp.bootIs(link.boot)) {
      if (!stamp.echoes(link.challenge)) return "challenge";
      return link.take(stamp.seq);
    }
    const boot = stamp.boot;
    if (link.boot !== undefined) {
      if (link.pending === undefined || !same(link.pending.boot, boot))
        link.pending = { boot: new Uint8Array(boot), challenge: this.#challenge() };
      if (!stamp.echoes(link.pending.challenge)) return "challenge";
      link.challenge = link.pending.challenge;
    } else if (!stamp.echoes(link.challenge)) return "challenge";
    link.boot = new Uint8Array(boot);
    link.pending = undefined;
    link.reset();
    return link.take(stamp.seq);
  }

  /** Answers a refused frame with the challenge the sender must echo. */
  #hello(to: Endpoint, channel: Channel, link: Link, refusedSeq: number): void {
    const msg: Message = { fromDevice: this.#in.device, body: "linkHello", linkHello: { refusedSeq } };
    this.#in.transmit(to, channel, encodeSealedFrame(msg, this.#stamp(link, true), link.peer.seal));
  }

  /**
   * Sends the frames from `fromSeq` on again, with new numbers and the echo just learned, and the full stamp (they
   * follow a handshake). A hello about a frame sent before the last resend is answered already (one hello comes per
   * refused frame; a replayed hello is old).
   */
  #resend(to: Endpoint, channel: Channel, link: Link, fromSeq: number): void {
    if (fromSeq <= link.answered) return;
    link.answered = link.peer.seq;
    for (const old of link.since(fromSeq)) {
      const frame = resealFrame(old, this.#stamp(link, true), link.peer.seal);
      link.remember(frame);
      this.#in.transmit(to, channel, frame);
    }
  }

  /**
   * The stamp of our next frame on `link` (its number taken). It is full (MAC, and our challenge with the boot it is for) in hellos, for
   * FULL_STAMP_BODY, and until the peer's frames on this link echo our challenge for its proven boot; after that the
   * peer knows our challenge, so the stamp carries only boot, number and echo (docs/design.md "Device links": compact
   * stamps).
   */
  #stamp(link: Link, full: boolean): LinkStamp {
    const seq = ++link.peer.seq;
    const ours = link.pending ?? link;
    const handshake = full || !link.echoed || link.pending !== undefined;
    return {
      seq,
      boot: this.#in.boot,
      echo: link.echo,
      mac: handshake ? this.#in.mac : undefined,
      challenge: handshake ? ours.challenge : undefined,
      challengeFor: handshake ? ours.boot : undefined,
    };
  }

  #link(e: Endpoint, channel: Channel): Link {
    const stream = channel === "stream";
    const peers = stream ? this.#streamPeers : this.#datagramPeers;
    let peer = peers.get(e.ip);
    if (peer === undefined) {
      const key = this.#in.key;
      const address = LinkKey.address(e.ip);
      peer = { seq: 0, seal: (frame) => key.tag(address, frame), links: [] };
      peers.set(e.ip, peer);
    }
    const links = peer.links;
    // Newest first: a peer's live connection is its latest; the links of closed ones stay behind it.
    for (let i = links.length - 1; i >= 0; i--) if (links[i]!.port === e.port) return links[i]!;
    const link = new Link(peer, e.port, stream, this.#challenge());
    links.push(link);
    return link;
  }

  #challenge(): Uint8Array {
    return this.#in.key.challenge(this.#in.boot, ++this.#issued);
  }
}

function refuse(code: string, reason: string): Opened {
  return { ok: false, code, reason };
}
