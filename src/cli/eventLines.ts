import type { Writable } from "node:stream";
import type { EventSink } from "../role/EventLog.js";

/**
 * The event log of `ipdect node` and `ipdect sim`: one JSON line per event (docs/user-guide.md "Events"), the lines of
 * one event-loop turn written together. stdout to a pipe is written synchronously on Linux, one system call (and a
 * wake-up of the reader) per write: a Master registering 4000 SIP users emits thousands of events in one burst, and
 * a write each took a tenth of the burst's CPU (docs/performance.md "SIP registration").
 */
export class EventLines implements EventSink {
  readonly #out: Writable;
  #lines: string[] = [];

  constructor(out: Writable) {
    this.#out = out;
  }

  emit(e: object): void {
    this.#lines.push(JSON.stringify(e));
    if (this.#lines.length === 1) setImmediate(() => this.flush());
  }

  /** Writes the lines not written yet (at the end of the turn, and before the process stops). */
  flush(): void {
    if (this.#lines.length === 0) return;
    const text = this.#lines.join("\n") + "\n";
    this.#lines = [];
    this.#out.write(text);
  }

  /** Writes what is left and ends a file's stream. */
  end(): Promise<void> {
    this.flush();
    return new Promise<void>((r) => this.#out.end(() => r()));
  }
}
