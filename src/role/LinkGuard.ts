import type { Message } from "../wire/codec.js";
import { WireCode } from "../wire/errors.js";
import { encodeFrame, openFrame, type OpenedFrame } from "../wire/frame.js";
import type { Channel, Endpoint } from "../wire/Transport.js";
import type { LinkKey } from "./linkKey.js";
import { ReplayWindow } from "./ReplayWindow.js";

/**
 * Bodies that travel unsealed, on datagrams only: the emulated DECT air between handsets and radios (a handset has no
 * system password; its subscription key speaks for it, §3.14) and plug and play (§3.11: an unconfigured radio does not
 * know the system yet). Everything else between devices is sealed (docs/design.md "Device links").
 */
const OPEN_BODIES: ReadonlySet<string> = new Set(["handsetRequest", "handsetReply", "radioAnnounce", "radioProvision"]);

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

/** Our side of sending on one link (one peer endpoint and channel). */
interface TxLink {
  /** The peer's challenge for our boot, echoed in every frame (absent until the peer told us one). */
  echo: Uint8Array | undefined;
  readonly recent: { seq: number; msg: Message }[];
  /** LinkHellos about frames up to this number were answered already (by sending again). */
  answered: number;
}

/** Our side of receiving on one link. */
interface RxLink {
  /** The peer's boot proven with `challenge` (absent: none yet). */
  boot: Uint8Array | undefined;
  challenge: Uint8Array;
  window: ReplayWindow;
  /** A boot other than `boot` that spoke and must echo `pending.challenge` before it replaces it. */
  pending: { readonly boot: Uint8Array; readonly challenge: Uint8Array } | undefined;
}

const EMPTY = new Uint8Array(0);

function same(a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean {
  const x = a ?? EMPTY;
  const y = b ?? EMPTY;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

const keyOf = (e: Endpoint, channel: Channel): string => `${channel === "stream" ? "s" : "d"}${e.ip}:${e.port}`;

/**
 * Seals every frame a device sends to another device and opens every frame it receives (docs/design.md "Device
 * links"): a frame is authentic when its tag matches the system's link key, and fresh when it echoes the challenge
 * this device issued for the sender's boot on that link and its sequence number was not taken before. A refused
 * frame with a valid tag gets a LinkHello with the challenge, and the sender sends its last messages again, so a first
 * contact or a reboot costs one round trip and no message. One guard per device boot.
 */
export class LinkGuard {
  readonly #in: LinkGuardInput;
  #issued = 0;
  readonly #tx = new Map<string, TxLink>();
  /** Sequence numbers by peer address and channel: rising across a peer's connections (see design.md). */
  readonly #seq = new Map<string, number>();
  readonly #rx = new Map<string, RxLink>();

  constructor(input: LinkGuardInput) {
    this.#in = input;
  }

  /** The system runs on the factory password: its frames prove nothing (linkKey.ts `isFactory`). */
  get factory(): boolean {
    return this.#in.key.factory;
  }

  /** The frame for `msg` to `to`: sealed, or plain for the bodies of OPEN_BODIES on a datagram. */
  seal(to: Endpoint, channel: Channel, msg: Message): Uint8Array {
    if (channel === "datagram" && OPEN_BODIES.has(msg.body)) return encodeFrame(msg);
    const k = keyOf(to, channel);
    const tx = this.#txLink(k);
    const seq = this.#nextSeq(to, channel);
    if (msg.body !== "linkHello") {
      tx.recent.push({ seq, msg });
      if (tx.recent.length > RESEND_DEPTH) tx.recent.shift();
    }
    return this.#frame(to, channel, tx, this.#rxLink(k, channel), seq, msg);
  }

  /** Checks a received frame (see the class). Throws DecodeError for a frame that does not decode. */
  open(frame: Uint8Array, from: Endpoint, channel: Channel): Opened {
    const opened = openFrame(frame);
    const msg = opened.msg;
    if (opened.sealed === undefined) {
      if (channel === "datagram" && OPEN_BODIES.has(msg.body)) return { ok: true, msg };
      return refuse(WireCode.LinkUnsealed, `${msg.body} arrived unsealed`);
    }
    const link = msg.link;
    if (link === null || link === undefined || !this.#authentic(opened))
      return refuse(
        WireCode.LinkTag,
        `${msg.body}: tag does not match (forged, altered, for another device, or another DECT system name/password)`,
      );
    const k = keyOf(from, channel);
    const rx = this.#rxLink(k, channel);
    const tx = this.#txLink(k);
    this.#learn(tx, link.challenge, link.challengeFor);
    const verdict = this.#fresh(rx, link.boot ?? EMPTY, link.echo, link.seq ?? 0);
    if (msg.body === "linkHello") this.#resend(from, channel, tx, msg.linkHello.refusedSeq ?? 0);
    if (verdict === "challenge") {
      this.#hello(from, channel, tx, rx, link.seq ?? 0);
      return refuse(WireCode.LinkChallenge, `${msg.body} seq ${link.seq ?? 0}: no echo of this link's challenge`);
    }
    if (verdict !== "fresh") return refuse(WireCode.LinkReplay, `${msg.body} seq ${link.seq ?? 0} is ${verdict}`);
    return { ok: true, msg: msg.body === "linkHello" ? undefined : msg };
  }

  #authentic(f: OpenedFrame): boolean {
    const s = f.sealed!;
    return this.#in.key.verify(this.#in.ip, s.head, s.envelope, s.tag);
  }

  /** Takes the peer's challenge when it is for our boot (or for any boot, before the peer heard us). */
  #learn(tx: TxLink, challenge: Uint8Array | null | undefined, forBoot: Uint8Array | null | undefined): void {
    if (challenge === null || challenge === undefined || challenge.length === 0) return;
    if (forBoot !== null && forBoot !== undefined && forBoot.length > 0 && !same(forBoot, this.#in.boot)) return;
    if (!same(tx.echo, challenge)) tx.echo = Uint8Array.from(challenge);
  }

  /**
   * Whether a frame of boot `boot` echoing `echo` with number `seq` is fresh. A boot is taken only with an echo of a
   * challenge issued after it first spoke (or before anything was heard), so a frame of an earlier boot or of another
   * connection never passes; within a boot, the window takes each number once.
   */
  #fresh(rx: RxLink, boot: Uint8Array, echo: Uint8Array | null | undefined, seq: number): string {
    if (rx.boot === undefined || !same(boot, rx.boot)) {
      if (rx.boot !== undefined) {
        if (rx.pending === undefined || !same(rx.pending.boot, boot))
          rx.pending = { boot: Uint8Array.from(boot), challenge: this.#challenge() };
        if (!same(echo, rx.pending.challenge)) return "challenge";
        rx.challenge = rx.pending.challenge;
      } else if (!same(echo, rx.challenge)) return "challenge";
      rx.boot = Uint8Array.from(boot);
      rx.pending = undefined;
      rx.window = new ReplayWindow(rx.window.strict);
    } else if (!same(echo, rx.challenge)) return "challenge";
    return rx.window.take(seq);
  }

  /** Answers a refused frame with the challenge the sender must echo. */
  #hello(to: Endpoint, channel: Channel, tx: TxLink, rx: RxLink, refusedSeq: number): void {
    const msg: Message = { fromDevice: this.#in.device, body: "linkHello", linkHello: { refusedSeq } };
    this.#in.transmit(to, channel, this.#frame(to, channel, tx, rx, this.#nextSeq(to, channel), msg));
  }

  /**
   * Sends the messages from `fromSeq` on again, with new numbers and the echo just learned. A hello about a frame
   * sent before the last resend is answered already (one hello comes per refused frame; a replayed hello is old).
   */
  #resend(to: Endpoint, channel: Channel, tx: TxLink, fromSeq: number): void {
    if (fromSeq <= tx.answered) return;
    tx.answered = this.#seq.get(`${channel}${to.ip}`) ?? 0;
    const again = tx.recent.filter((r) => r.seq >= fromSeq).map((r) => r.msg);
    for (const msg of again) this.#in.transmit(to, channel, this.seal(to, channel, msg));
  }

  #frame(to: Endpoint, channel: Channel, tx: TxLink, rx: RxLink, seq: number, msg: Message): Uint8Array {
    const ours = rx.pending ?? rx;
    const link = {
      mac: this.#in.mac,
      boot: this.#in.boot,
      seq,
      ...(tx.echo === undefined ? {} : { echo: tx.echo }),
      challenge: ours.challenge,
      ...(ours.boot === undefined ? {} : { challengeFor: ours.boot }),
    };
    const key = this.#in.key;
    return encodeFrame({ ...msg, link }, (head, envelope) => key.tag(to.ip, head, envelope));
  }

  #nextSeq(to: Endpoint, channel: Channel): number {
    const k = `${channel}${to.ip}`;
    const seq = (this.#seq.get(k) ?? 0) + 1;
    this.#seq.set(k, seq);
    return seq;
  }

  #txLink(k: string): TxLink {
    let tx = this.#tx.get(k);
    if (tx === undefined) this.#tx.set(k, (tx = { echo: undefined, recent: [], answered: 0 }));
    return tx;
  }

  #rxLink(k: string, channel: Channel): RxLink {
    let rx = this.#rx.get(k);
    if (rx === undefined) {
      rx = {
        boot: undefined,
        challenge: this.#challenge(),
        window: new ReplayWindow(channel === "stream"),
        pending: undefined,
      };
      this.#rx.set(k, rx);
    }
    return rx;
  }

  #challenge(): Uint8Array {
    return this.#in.key.challenge(this.#in.boot, ++this.#issued);
  }
}

function refuse(code: string, reason: string): Opened {
  return { ok: false, code, reason };
}
