import type { Clock } from "../core/Clock.js";
import type { MibView } from "./mibView.js";

/**
 * How long the agent answers from one built view (docs/design.md "SNMP agent"). Building the IPDECT-MIB view of a
 * PARI Master with 2047 radios costs its status model, a few milliseconds; a GETBULK walk of its radio table is about
 * 1400 requests, so building per request would add seconds to the walk (bench/snmpWalk.ts). Counters are at most
 * this old; Net-SNMP's snmpd keeps its ifTable for 15 s (IFTABLE_CACHE_TIMEOUT, agent/mibgroup/if-mib/ifTable).
 */
export const SNMP_VIEW_MAX_AGE_MS = 1000;

/**
 * One built view, reused until it is SNMP_VIEW_MAX_AGE_MS old or `invalidate` ends it (the device does on an alarm
 * raised or cleared, device/snmpService.ts). RFC 3416 §4.2.2/§4.2.3 answer each
 * request on its own and do not require one snapshot across the requests of a walk; each response still comes from
 * one view, so its varbinds are consistent with each other.
 */
export class ViewCache {
  readonly #build: () => MibView;
  readonly #clock: Pick<Clock, "now">;
  readonly #maxAgeMs: number;
  #view: MibView | undefined;
  #builtAt = 0;

  constructor(build: () => MibView, clock: Pick<Clock, "now">, maxAgeMs = SNMP_VIEW_MAX_AGE_MS) {
    this.#build = build;
    this.#clock = clock;
    this.#maxAgeMs = maxAgeMs;
  }

  /** The view to answer a request from: the kept one while it is fresh, else a new one. */
  view(): MibView {
    const now = this.#clock.now();
    // A clock set back (the system clock in the node world) cannot tell the view's age: build anew.
    const fresh = this.#view !== undefined && now >= this.#builtAt && now - this.#builtAt < this.#maxAgeMs;
    if (!fresh) {
      this.#view = this.#build();
      this.#builtAt = now;
    }
    return this.#view!;
  }

  /** Something the view shows changed: the next request gets a view built after the change. */
  invalidate(): void {
    this.#view = undefined;
  }
}
