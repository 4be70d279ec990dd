import type { Socket } from "node:net";
import type { Logger } from "../../../core/Logger.js";
import { nextBackoff } from "../../../logging/delivery.js";
import type { Connector } from "./connectors.js";

/** How long a closing sender's connection may take to hand over what it holds. */
const CLOSE_GRACE_MS = 1000;

/**
 * One connection at a time to a logging server, opened again after a failure with a growing wait (delivery.ts
 * `nextBackoff`): the stream senders keep theirs open, the HTTP sender opens one per request. Failures are logged,
 * not emitted as events: an event would be sent to the same dead server.
 */
export class Redial {
  readonly #connect: Connector;
  readonly #log: Logger;
  #sock: Socket | undefined;
  #wait = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(connect: Connector, log: Logger) {
    this.#connect = connect;
    this.#log = log;
  }

  /** Whether a connection is open or being opened, or a retry is waiting. */
  get busy(): boolean {
    return this.#sock !== undefined || this.#timer !== undefined;
  }

  /**
   * Opens a connection; `ready` gets it once usable. A failure schedules `retry` after the backoff; so does the end of
   * the connection, unless `ended` expects it (HTTP with `Connection: close`) and is called instead.
   */
  open(ready: (sock: Socket) => void, retry: () => void, ended?: () => void): void {
    if (this.#closed || this.busy) return;
    let done = false;
    const fail = (reason: string) => {
      if (done) return;
      done = true;
      this.#sock?.destroy();
      this.#sock = undefined;
      this.later(reason, retry);
    };
    const sock = this.#connect((s) => {
      if (done) return;
      this.#wait = 0;
      s.once("close", () => {
        if (ended === undefined) return fail("the server closed the connection");
        if (this.#sock === s) this.#sock = undefined;
        if (done) return;
        done = true;
        ended();
      });
      ready(s);
    }, fail);
    if (sock !== undefined) {
      this.#sock = sock;
      sock.on("error", () => undefined);
    }
  }

  /** Calls `retry` after the next backoff wait, for `reason` (logged). */
  later(reason: string, retry: () => void): void {
    if (this.#closed) return;
    this.#wait = nextBackoff(this.#wait);
    this.#log.log("warn", "logging server unreachable", { reason, retryMs: this.#wait });
    this.#timer = setTimeout(() => ((this.#timer = undefined), retry()), this.#wait);
  }

  /** Stops retrying; an open connection sends what it holds, then ends (destroyed after CLOSE_GRACE_MS). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const sock = this.#sock;
    this.#sock = undefined;
    if (sock === undefined) return;
    sock.end();
    setTimeout(() => sock.destroy(), CLOSE_GRACE_MS).unref();
  }
}
