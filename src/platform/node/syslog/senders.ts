import { createSocket, type Socket as UdpSocket } from "node:dgram";
import type { Socket } from "node:net";
import type { Logger } from "../../../core/Logger.js";
import { httpLogTarget, octetCounted, OutQueue } from "../../../logging/delivery.js";
import type { Endpoint } from "../../../wire/Transport.js";
import type { Connector } from "./connectors.js";
import { Redial } from "./Redial.js";

/** Where a device's entries go (§4.9.2): each RFC 5424 message once, in order; `dropped` counts those lost to a full queue. */
export interface LogSender {
  send(message: Uint8Array): void;
  readonly dropped: number;
  close(): void;
}

/** SYSLOG (RFC 5426): one message per datagram from the device's address; UDP has no queue and no answer. */
export function udpSender(from: string, to: Endpoint, log: Logger): LogSender {
  const sock: UdpSocket = createSocket("udp4");
  sock.on("error", (err) => log.log("warn", "syslog over UDP failed", { error: err.message }));
  sock.bind({ address: from, port: 0 });
  return {
    send: (message) => sock.send(message, to.port, to.ip),
    dropped: 0,
    close: () => sock.close(),
  };
}

/**
 * TCP (RFC 6587 §3.4.1) and SYSLOG-TLS (RFC 5425 §4.3): octet-counted messages over one kept connection, queued while
 * it is (re)opened; a message leaves the queue once written to the socket.
 */
export class StreamSender implements LogSender {
  readonly #queue = new OutQueue<Uint8Array>();
  readonly #redial: Redial;
  #sock: Socket | undefined;

  constructor(connect: Connector, log: Logger) {
    this.#redial = new Redial(connect, log);
  }

  get dropped(): number {
    return this.#queue.dropped;
  }

  send(message: Uint8Array): void {
    this.#queue.push(message);
    if (this.#sock !== undefined) this.#flush(this.#sock);
    else this.#open();
  }

  #open(): void {
    this.#redial.open(
      (sock) => {
        this.#sock = sock;
        sock.once("close", () => (this.#sock = undefined));
        this.#flush(sock);
      },
      () => this.#open(),
    );
  }

  #flush(sock: Socket): void {
    for (let m = this.#queue.shift(); m !== undefined; m = this.#queue.shift()) sock.write(octetCounted(m));
  }

  close(): void {
    this.#redial.close();
  }
}

/** How long a web server has to answer one GET before the connection is dropped and retried. */
const HTTP_ANSWER_MS = 10_000;

/**
 * HTTP and HTTPS (§4.9.2): "Each individual syslog entry is transmitted as form data to the web server in HTTP GET
 * format", one request per entry, in order, on its own connection (`Connection: close`). A 2xx answer delivers the
 * entry; any other answer drops it with a warning (the server saw it); no answer keeps it for the next attempt.
 */
export class HttpSender implements LogSender {
  readonly #queue = new OutQueue<Uint8Array>();
  readonly #redial: Redial;
  readonly #host: string;
  readonly #path: string;
  readonly #log: Logger;

  constructor(connect: Connector, to: Endpoint, path: string, log: Logger) {
    this.#redial = new Redial(connect, log);
    this.#host = `${to.ip}:${to.port}`;
    this.#path = path;
    this.#log = log;
  }

  get dropped(): number {
    return this.#queue.dropped;
  }

  send(message: Uint8Array): void {
    this.#queue.push(message);
    this.#next();
  }

  #next(): void {
    const message = this.#queue.peek();
    if (message === undefined || this.#redial.busy) return;
    const target = httpLogTarget(this.#path, message);
    let answer = "";
    this.#redial.open(
      (sock) => {
        sock.setTimeout(HTTP_ANSWER_MS, () => sock.destroy());
        sock.setEncoding("latin1");
        sock.on("data", (chunk: string) => (answer += chunk));
        sock.write(`GET ${target} HTTP/1.1\r\nHost: ${this.#host}\r\nUser-Agent: ipdect\r\nConnection: close\r\n\r\n`);
      },
      () => this.#next(),
      () => {
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1];
        if (status === undefined) return this.#redial.later("no HTTP answer", () => this.#next());
        if (this.#queue.peek() === message) this.#queue.shift();
        if (!status.startsWith("2")) this.#log.log("warn", "logging web server refused an entry", { status });
        this.#next();
      },
    );
  }

  close(): void {
    this.#redial.close();
  }
}
