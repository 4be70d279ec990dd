import type { X509Certificate } from "node:crypto";
import type { Clock } from "../core/Clock.js";
import { StateError } from "../core/errors.js";
import type { Logger } from "../core/Logger.js";
import type { Store } from "../core/Store.js";
import type { EventFields } from "../role/EventLog.js";
import { fingerprintKey, keyOf, presented } from "./certInfo.js";
import { CertsCode } from "./errors.js";
import { saveRejected } from "./flash.js";
import { RejectedList, type RejectedView, type TlsDirection } from "./RejectedList.js";

type CertificateEvent = (
  action: EventFields["certificate"]["action"],
  fields?: Omit<EventFields["certificate"], "action">,
) => void;

/** What the rejected list needs of its store. */
export interface RejectedDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  readonly event: CertificateEvent;
}

/**
 * The rejected certificates of a certificate store (§4.1.10.2): the list in force, written to flash before it takes
 * its place. The store runs these one at a time in its queue, with its other changes.
 */
export class RejectedChains {
  #list: RejectedList;
  readonly #d: RejectedDeps;

  constructor(list: RejectedList, d: RejectedDeps) {
    this.#list = list;
    this.#d = d;
  }

  get count(): number {
    return this.#list.entries.length;
  }

  list(): RejectedView[] {
    return this.#list.list();
  }

  /** CertStore.reject: a chain enters the list (or, refused again, moves up and counts). */
  async reject(
    chain: readonly (X509Certificate | Uint8Array)[],
    reason: string,
    direction: TlsDirection,
    peer?: string,
  ): Promise<void> {
    const certs = chain.flatMap(presented);
    const leaf = certs[0];
    if (leaf === undefined) {
      this.#d.log.log("warn", "rejected TLS chain without a readable certificate", { reason, direction, peer });
      return;
    }
    const known = this.#list.has(keyOf(leaf));
    const list = this.#list.with(certs, { reason, direction, peer, time: this.#d.clock.now() });
    // A chain refused again only moves up and counts: kept in memory, no flash write and no new event.
    if (!known) await saveRejected(this.#d.store, list);
    this.#list = list;
    if (known) return;
    const e = list.entries[0]!;
    this.#d.event("rejected", {
      subject: e.subject,
      issuer: e.issuer,
      fingerprint: e.fingerprint,
      reason,
      direction,
      ...(peer === undefined ? {} : { peer }),
    });
  }

  /** "Trust" (§4.1.10.2): `trust` takes the chain to the trust list, then the entry leaves this list. */
  async trust<T>(fingerprint: string, trust: (chain: readonly X509Certificate[]) => Promise<T>): Promise<T> {
    const key = fingerprintKey(fingerprint);
    const entry = this.#list.find(key);
    if (entry === undefined) throw new StateError(CertsCode.NotRejected, `no rejected chain ${fingerprint}`);
    const added = await trust(RejectedList.chainOf(entry));
    const list = this.#list.without(key);
    await saveRejected(this.#d.store, list);
    this.#list = list;
    return added;
  }

  /** "Clear" (§4.1.10.2): discards all rejected chains; answers how many there were. */
  async clear(): Promise<number> {
    const count = this.count;
    await saveRejected(this.#d.store, new RejectedList());
    this.#list = new RejectedList();
    this.#d.event("rejected-cleared", { count });
    return count;
  }
}
