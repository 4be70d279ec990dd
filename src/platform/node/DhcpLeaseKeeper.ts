import type { Logger } from "../../core/Logger.js";
import { IpdectError } from "../../core/errors.js";
import type { DhcpAnswer } from "../../update/dhcpUpdate.js";
import { requestLease } from "./dhcpClient.js";
import { PlatformCode } from "./errors.js";

/** RFC 2131 §4.4.5: T1, when a client renews, defaults to half the lease. */
const RENEW_SHARE = 0.5;
/** A request that got no answer is tried again after a minute; the last answer's options stay in force meanwhile. */
const RETRY_MS = 60_000;
/** A lease without a duration (no option 51, or infinite, RFC 2132 §9.2) is asked for again every hour. */
const NO_LEASE_RENEW_MS = 3_600_000;
const INFINITE_LEASE = 0xffffffff;
/** setTimeout's longest delay (2^31 − 1 ms, about 24.8 days). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The DHCP options of a node's network (`ipdect node --dhcp <interface>`, App. I), for its devices. A lease is asked
 * for at start and again at T1 (half the lease, RFC 2131 §4.4.5). The devices keep their configured addresses (a node's
 * are loopback addresses, docs/design.md "DHCP (App. I)"): only the answer's options are handed to them, so each
 * renewal is a fresh DISCOVER/REQUEST (`requestLease`), not a unicast RENEW from an address the host never set. A
 * request that fails keeps the last answer and is tried again after a minute.
 */
export class DhcpLeaseKeeper {
  readonly #ifname: string;
  readonly #log: Logger;
  #answer: DhcpAnswer | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(ifname: string, log: Logger) {
    this.#ifname = ifname;
    this.#log = log;
  }

  /**
   * Asks once and resolves when that request has ended, so devices started then poll the URL DHCP gave from their
   * first poll on. An interface that cannot be asked on (none such, the broadcast leaves by another, port 68 taken)
   * is bad usage and throws; no answer is not: the node starts without options and asks again.
   */
  static async start(ifname: string, log: Logger): Promise<DhcpLeaseKeeper> {
    const keeper = new DhcpLeaseKeeper(ifname, log);
    await keeper.#ask(true);
    return keeper;
  }

  /** The last answer, or undefined before the first. */
  answer(): DhcpAnswer | undefined {
    return this.#answer;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  async #ask(first: boolean): Promise<void> {
    let nextMs = RETRY_MS;
    try {
      const lease = await requestLease(this.#ifname);
      const { interface: ifname, serverId, options } = lease;
      this.#answer = { interface: ifname, serverId, receivedAt: Date.now(), options };
      const seconds = lease.leaseSeconds;
      nextMs = seconds === undefined || seconds === INFINITE_LEASE ? NO_LEASE_RENEW_MS : seconds * 1000 * RENEW_SHARE;
      this.#log.log("info", "dhcp answer", {
        interface: ifname,
        server: serverId,
        leaseSeconds: seconds ?? "none",
        updateUrl: options.vendor.updateUrl ?? "none",
        tftpServer: options.tftpServer ?? "none",
      });
    } catch (err) {
      // The interface or port 68 is the node's own setup; no answer, a NAK or a malformed one is the network's.
      const setup = !(err instanceof IpdectError) || err.code === PlatformCode.DhcpInterface;
      if (first && setup) throw err;
      this.#log.log("warn", "dhcp request failed", { interface: this.#ifname, error: String(err) });
    }
    if (this.#closed) return;
    this.#timer = setTimeout(() => void this.#ask(false), Math.min(nextMs, MAX_DELAY_MS));
  }
}
