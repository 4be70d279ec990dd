/**
 * How entries travel (pure parts; the sockets are in src/platform/node/syslog): the bounded queue a sender keeps while
 * its server is away, the reconnect backoff, octet counting for streams and the §4.9.2 HTTP GET target.
 */

/** Entries kept for a server that is away; beyond this the oldest go, counted, so a dead server never grows memory. */
export const MAX_QUEUED = 512;
/** Reconnect backoff of the TCP and TLS senders: 1 s, doubling, at most 60 s (ours; RFC 5425/6587 set none). */
export const RECONNECT_MIN_MS = 1000;
export const RECONNECT_MAX_MS = 60_000;

/** The next wait before a reconnect after `previous` ms (0: the first failure). */
export function nextBackoff(previous: number): number {
  return Math.min(RECONNECT_MAX_MS, previous === 0 ? RECONNECT_MIN_MS : previous * 2);
}

/** A FIFO of at most `limit` items that drops its oldest item when full and counts what it dropped. */
export class OutQueue<T> {
  readonly #items: T[] = [];
  readonly #limit: number;
  #dropped = 0;

  constructor(limit = MAX_QUEUED) {
    this.#limit = limit;
  }

  push(item: T): void {
    this.#items.push(item);
    if (this.#items.length > this.#limit) {
      this.#items.shift();
      this.#dropped++;
    }
  }

  /** The oldest item, left in the queue until `shift` (a stream sends it, then drops it once written). */
  peek(): T | undefined {
    return this.#items[0];
  }

  shift(): T | undefined {
    return this.#items.shift();
  }

  get length(): number {
    return this.#items.length;
  }

  /** Items dropped because the queue was full, since the queue was made. */
  get dropped(): number {
    return this.#dropped;
  }
}

const encoder = new TextEncoder();

/** RFC 6587 §3.4.1 octet counting (and RFC 5425 §4.3): `MSG-LEN SP SYSLOG-MSG`, MSG-LEN the message's octets. */
export function octetCounted(message: Uint8Array): Uint8Array {
  const head = encoder.encode(`${message.length} `);
  const out = new Uint8Array(head.length + message.length);
  out.set(head);
  out.set(message, head.length);
  return out;
}

/** RFC 5424 §6.4: the BOM that starts a UTF-8 MSG; a query parameter is text, so it goes. */
const BOM = "\u{FEFF}";

/**
 * §4.9.2: "a GET /cdr/cdrwrite.asp?event=syslog&msg=logmsg request": the Path, then the entry URL-encoded in `msg`.
 * The entry is the RFC 5424 line itself (without its BOM), so a web server parses it like a syslogd would.
 */
export function httpLogTarget(path: string, message: Uint8Array): string {
  const line = new TextDecoder().decode(message).replace(BOM, "");
  return `${path}?event=syslog&msg=${encodeURIComponent(line)}`;
}
