import { X509Certificate } from "node:crypto";
import type { TlsDirection } from "../wire/Transport.js";
import { keyOf, oneLine, pemOf } from "./certInfo.js";

/**
 * Our bounds on the rejected certificates (§4.1.10.2 gives none): the 50 most recent chains, each of at most 10
 * certificates. A peer that keeps presenting new chains pushes the oldest out; it cannot fill flash.
 */
export const MAX_REJECTED = 50;
export const MAX_REJECTED_CHAIN = 10;

export type { TlsDirection };

/** One chain refused in a TLS handshake (§4.1.10.2), named by its first (leaf) certificate. */
export interface RejectedEntry {
  readonly subject: string;
  readonly issuer: string;
  /** SHA-256 of the leaf certificate, colon hex: the entry's id. */
  readonly fingerprint: string;
  readonly reason: string;
  readonly direction: TlsDirection;
  /** The other side (`10.0.0.5:5061`, `ldaps 10.0.0.9`), when the TLS service says. */
  readonly peer?: string;
  /** When it was last refused: ms on the device clock. */
  readonly time: number;
  /** How often this chain was refused since it entered the list. */
  readonly count: number;
  /** The chain as presented, leaf first, PEM. */
  readonly chain: readonly string[];
}

/** What the list shows (the chain itself stays on the device until "Trust" moves it). */
export type RejectedView = Omit<RejectedEntry, "chain"> & { readonly certificates: number };

/**
 * §4.1.10.2 Rejected certificates, newest first. A value: `with` and `without` make new lists; the store writes them.
 * A chain refused again moves to the top with its count raised, so a peer retrying does not fill the list.
 */
export class RejectedList {
  readonly entries: readonly RejectedEntry[];

  constructor(entries: readonly RejectedEntry[] = []) {
    this.entries = entries;
  }

  list(): RejectedView[] {
    return this.entries.map(({ chain, ...rest }) => ({ ...rest, certificates: chain.length }));
  }

  find(key: string): RejectedEntry | undefined {
    return this.entries.find((e) => e.fingerprint.replaceAll(":", "") === key);
  }

  /** Whether `key` is already listed: a repeat only changes the time and count, which need not reach flash at once. */
  has(key: string): boolean {
    return this.find(key) !== undefined;
  }

  with(
    chain: readonly X509Certificate[],
    fields: Pick<RejectedEntry, "reason" | "direction" | "peer" | "time">,
  ): RejectedList {
    const leaf = chain[0]!;
    const key = keyOf(leaf);
    const before = this.find(key);
    const entry: RejectedEntry = {
      subject: oneLine(leaf.subject),
      issuer: oneLine(leaf.issuer),
      fingerprint: leaf.fingerprint256,
      reason: fields.reason,
      direction: fields.direction,
      ...(fields.peer === undefined ? {} : { peer: fields.peer }),
      time: fields.time,
      count: (before?.count ?? 0) + 1,
      chain: chain.slice(0, MAX_REJECTED_CHAIN).map(pemOf),
    };
    return new RejectedList([entry, ...this.entries.filter((e) => e !== before)].slice(0, MAX_REJECTED));
  }

  without(key: string): RejectedList {
    return new RejectedList(this.entries.filter((e) => e.fingerprint.replaceAll(":", "") !== key));
  }

  /** The chain of an entry as certificates. */
  static chainOf(e: RejectedEntry): X509Certificate[] {
    return e.chain.map((pem) => new X509Certificate(pem));
  }
}
