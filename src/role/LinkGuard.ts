import type { Message } from "../wire/codec.js";
import { WireCode } from "../wire/errors.js";
import { decodeEnvelope } from "../wire/codec.js";
import {
  carryFrame,
  encodeFrame,
  envelopeAt,
  FLAG_CARRIED,
  FLAG_SEALED,
  resealRoom,
  SEALED_BODY_AT,
  sealedRoom,
  sealFrame,
} from "../wire/frame.js";
import {
  putStampMac,
  putWord,
  readStamp,
  STAMP_BOOT_AT,
  STAMP_CHALLENGE,
  STAMP_CHALLENGE_FOR,
  STAMP_ECHO,
  STAMP_ECHO_AT,
  stampBytes,
  stampChallengeAt,
  stampWord,
} from "../wire/stamp.js";
import type { Channel, Endpoint } from "../wire/Transport.js";
import { CarriedFrame } from "./CarriedFrame.js";
import { LinkKey, type LinkAddress } from "./linkKey.js";
import { Link } from "./Link.js";

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

/**
 * The bodies whose roles read the stamp as the message's `link` (src/replication/events.ts: the request's echo, the
 * batch's challenge); the other messages go without it (no stamp object per frame).
 */
const STAMP_READERS: ReadonlySet<string> = new Set(["dirSyncRequest", FULL_STAMP_BODY]);

/** Where a sealed frame's stamp starts, its boot and its echo (stamp.ts). */
const S = SEALED_BODY_AT;
const BOOT_AT = S + STAMP_BOOT_AT;
const ECHO_AT = S + STAMP_ECHO_AT;

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
  /** Set in the sim without `--wire`: sealed frames are carried frames (CarriedFrame.ts), with their messages. */
  readonly carry?: boolean;
}

/** A received frame refused: its code and reason (the Device drops it with a `message-dropped` event). */
export class LinkRefusal {
  readonly code: string;
  readonly reason: string;

  constructor(code: string, reason: string) {
    this.code = code;
    this.reason = reason;
  }
}

/**
 * What came of a received frame: the message for the roles, none (a LinkHello, which only the guard reads), or a
 * refusal. The message itself rather than a result object around it: no object per frame taken.
 */
export type Opened = Message | undefined | LinkRefusal;

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
  /** Our boot as two 32-bit halves (see Link). */
  readonly #bootHi: number;
  readonly #bootLo: number;
  #issued = 0;
  /**
   * The newest link of each peer address, per channel: one lookup per frame for the common peer with one port (the
   * others are chained behind it).
   */
  readonly #datagramLinks = new Map<string, Link>();
  readonly #streamLinks = new Map<string, Link>();

  constructor(input: LinkGuardInput) {
    this.#in = input;
    this.#me = LinkKey.address(input.ip);
    this.#bootHi = stampWord(input.boot, 0);
    this.#bootLo = stampWord(input.boot, 4);
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
    const flags = this.#flags(link, body === FULL_STAMP_BODY);
    const seq = ++link.peer.seq;
    const frame = this.#sealed(link, flags, seq, this.#room(msg, stampBytes(flags)), msg, to.ip);
    if (body !== "linkHello") link.remember(frame);
    return frame;
  }

  /**
   * Our stream to `to` is closed (we disconnected it): the next stream to it is a new connection, a new link on the
   * peer's side, so our next frames carry the full stamp again until the peer echoes (no extra round trip).
   */
  forget(to: Endpoint): void {
    const link = this.#find(this.#streamLinks.get(to.ip), to.port);
    if (link !== undefined) link.echoed = false;
  }

  /** Checks a received frame (see the class). Throws DecodeError for a frame that does not decode. */
  open(frame: Uint8Array, from: Endpoint, channel: Channel): Opened {
    let msg: Message;
    if (this.#in.carry === true && frame[3] === FLAG_CARRIED && frame.length > S) {
      if (!(frame instanceof CarriedFrame))
        return refuse(WireCode.LinkTag, "a carried frame that was not made in this process");
      // What the tag would have proved: the same system key, and this device as the receiver.
      if (frame.key !== this.#in.key || frame.to !== this.#in.ip) return tagRefusal(frame.msg.body);
      // The sender's object is shared (a duplicate, a resend): the stamp goes on a copy.
      const shared = frame.msg;
      msg = STAMP_READERS.has(shared.body) ? ({ ...shared, link: readStamp(frame, S) } as Message) : shared;
    } else {
      msg = decodeEnvelope(frame, envelopeAt(frame));
      if (frame[3] !== FLAG_SEALED) {
        if (channel === "datagram" && OPEN_BODIES.has(msg.body)) return msg;
        return refuse(WireCode.LinkUnsealed, `${msg.body} arrived unsealed`);
      }
      if (STAMP_READERS.has(msg.body)) msg.link = readStamp(frame, S);
      if (!this.#in.key.verify(this.#me, frame)) return tagRefusal(msg.body);
    }
    const body = msg.body;
    const link = this.#link(from, channel);
    const flags = frame[S]!;
    const seq = stampWord(frame, S + 1) >>> 0;
    if ((flags & STAMP_CHALLENGE) !== 0) this.#learn(link, frame, flags);
    const verdict = this.#fresh(link, frame, flags, seq);
    if (verdict === "fresh") link.echoed = true;
    else if (verdict === "challenge") link.echoed = false;
    if (body === "linkHello") {
      this.#resend(from, channel, link, (msg as Extract<Message, { body: "linkHello" }>).linkHello.refusedSeq ?? 0);
      if (verdict === "fresh") return undefined;
    }
    if (verdict === "challenge") {
      this.#hello(from, channel, link, seq);
      return refuse(WireCode.LinkChallenge, `${body} seq ${seq}: no echo of this link's challenge`);
    }
    if (verdict !== "fresh") return refuse(WireCode.LinkReplay, `${body} seq ${seq} is ${verdict}`);
    return msg;
  }

  /**
   * Takes the peer's challenge from the stamp of `frame` when it is for our boot (or for any boot, before the peer
   * heard us).
   */
  #learn(link: Link, frame: Uint8Array, flags: number): void {
    const at = S + stampChallengeAt(flags);
    if ((flags & STAMP_CHALLENGE_FOR) !== 0) {
      if (stampWord(frame, at + 8) !== this.#bootHi || stampWord(frame, at + 12) !== this.#bootLo) return;
    }
    link.hasEcho = true;
    link.echoHi = stampWord(frame, at);
    link.echoLo = stampWord(frame, at + 4);
  }

  /**
   * Whether a frame with this stamp is fresh. A boot is taken only with an echo of a challenge issued after it first
   * spoke (or before anything was heard), so a frame of an earlier boot or of another connection never passes;
   * within a boot, the window takes each number once.
   */
  #fresh(link: Link, frame: Uint8Array, flags: number, seq: number): string {
    const bootHi = stampWord(frame, BOOT_AT);
    const bootLo = stampWord(frame, BOOT_AT + 4);
    const echo = (flags & STAMP_ECHO) !== 0;
    const echoHi = echo ? stampWord(frame, ECHO_AT) : 0;
    const echoLo = echo ? stampWord(frame, ECHO_AT + 4) : 0;
    if (link.hasBoot && link.bootHi === bootHi && link.bootLo === bootLo) {
      if (!echo || echoHi !== link.chHi || echoLo !== link.chLo) return "challenge";
      return link.take(seq);
    }
    if (link.hasBoot) {
      if (!link.hasPending || link.pendingBootHi !== bootHi || link.pendingBootLo !== bootLo) {
        const challenge = this.#challenge();
        link.hasPending = true;
        link.pendingBootHi = bootHi;
        link.pendingBootLo = bootLo;
        link.pendingChHi = stampWord(challenge, 0);
        link.pendingChLo = stampWord(challenge, 4);
      }
      if (!echo || echoHi !== link.pendingChHi || echoLo !== link.pendingChLo) return "challenge";
      link.chHi = link.pendingChHi;
      link.chLo = link.pendingChLo;
    } else if (!echo || echoHi !== link.chHi || echoLo !== link.chLo) return "challenge";
    link.hasBoot = true;
    link.bootHi = bootHi;
    link.bootLo = bootLo;
    link.hasPending = false;
    link.reset();
    return link.take(seq);
  }

  /** Answers a refused frame with the challenge the sender must echo. */
  #hello(to: Endpoint, channel: Channel, link: Link, refusedSeq: number): void {
    const msg: Message = { fromDevice: this.#in.device, body: "linkHello", linkHello: { refusedSeq } };
    const flags = this.#flags(link, true);
    const seq = ++link.peer.seq;
    this.#in.transmit(to, channel, this.#sealed(link, flags, seq, this.#room(msg, stampBytes(flags)), msg, to.ip));
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
      const flags = this.#flags(link, true);
      const seq = ++link.peer.seq;
      const frame =
        old instanceof CarriedFrame
          ? this.#sealed(link, flags, seq, this.#room(old.msg, stampBytes(flags)), old.msg, to.ip)
          : this.#sealed(link, flags, seq, resealRoom(old, stampBytes(flags)), undefined, to.ip);
      link.remember(frame);
      this.#in.transmit(to, channel, frame);
    }
  }

  /**
   * The flags of our next stamp on `link`. It is full (MAC, and our challenge with the boot it is for) in hellos, for
   * FULL_STAMP_BODY, and until the peer's frames on this link echo our challenge for its proven boot; after that the
   * peer knows our challenge, so the stamp carries only boot, number and echo (docs/design.md "Device links": compact
   * stamps).
   */
  #flags(link: Link, full: boolean): number {
    let flags = link.hasEcho ? STAMP_ECHO : 0;
    if (full || !link.echoed || link.hasPending) {
      flags |= STAMP_CHALLENGE;
      if (link.hasPending || link.hasBoot) flags |= STAMP_CHALLENGE_FOR;
    }
    return flags;
  }

  /**
   * Writes our stamp number `seq` on `link` (taken before the Envelope is encoded, as it always was) with `flags` into
   * `room` (sealedRoom, resealRoom), and seals it. The challenge is the pending one while a new boot of the peer is to
   * prove itself. A carried frame (`msg` given, the guard has a carrier) gets no tag: its message is put beside it,
   * with what the tag would bind it to (the key, the receiver `to`).
   */
  #sealed(link: Link, flags: number, seq: number, room: Uint8Array, msg: Message | undefined, to: string): Uint8Array {
    room[S] = flags;
    putWord(room, S + 1, seq);
    putWord(room, BOOT_AT, this.#bootHi);
    putWord(room, BOOT_AT + 4, this.#bootLo);
    if ((flags & STAMP_ECHO) !== 0) {
      putWord(room, ECHO_AT, link.echoHi);
      putWord(room, ECHO_AT + 4, link.echoLo);
    }
    if ((flags & STAMP_CHALLENGE) !== 0) {
      const at = S + stampChallengeAt(flags);
      const pending = link.hasPending;
      putStampMac(room, at, this.#in.mac);
      putWord(room, at, pending ? link.pendingChHi : link.chHi);
      putWord(room, at + 4, pending ? link.pendingChLo : link.chLo);
      if ((flags & STAMP_CHALLENGE_FOR) !== 0) {
        putWord(room, at + 8, pending ? link.pendingBootHi : link.bootHi);
        putWord(room, at + 12, pending ? link.pendingBootLo : link.bootLo);
      }
    }
    if (!(room instanceof CarriedFrame) || msg === undefined) return sealFrame(room, link.peer.seal);
    room.msg = msg;
    room.key = this.#in.key;
    room.to = to;
    return carryFrame(room);
  }

  /** The bytes for `msg` with room for a stamp: the Envelope encoded after it, or (carried) the stamp's room alone. */
  #room(msg: Message, stampBytes: number): Uint8Array {
    return this.#in.carry === true ? new CarriedFrame(SEALED_BODY_AT + stampBytes) : sealedRoom(msg, stampBytes);
  }

  #link(e: Endpoint, channel: Channel): Link {
    const stream = channel === "stream";
    const links = stream ? this.#streamLinks : this.#datagramLinks;
    const newest = links.get(e.ip);
    if (newest !== undefined && newest.port === e.port) return newest;
    const found = this.#find(newest, e.port);
    if (found !== undefined) return found;
    let peer = newest?.peer;
    if (peer === undefined) {
      const key = this.#in.key;
      const address = LinkKey.address(e.ip);
      peer = { seq: 0, seal: (frame) => key.tag(address, frame) };
    }
    const link = new Link(peer, e.port, newest ?? null, stream, this.#challenge());
    links.set(e.ip, link);
    return link;
  }

  /**
   * The link on `port` in the chain from `newest`, newest first: a peer's live connection is its latest; the links of
   * closed ones stay behind it.
   */
  #find(newest: Link | undefined, port: number): Link | undefined {
    for (let l: Link | null | undefined = newest; l != null; l = l.older) if (l.port === port) return l;
    return undefined;
  }

  #challenge(): Uint8Array {
    return this.#in.key.challenge(this.#in.boot, ++this.#issued);
  }
}

function refuse(code: string, reason: string): LinkRefusal {
  return new LinkRefusal(code, reason);
}

function tagRefusal(body: string): LinkRefusal {
  return refuse(
    WireCode.LinkTag,
    `${body}: tag does not match (forged, altered, for another device, or another DECT system name/password)`,
  );
}
