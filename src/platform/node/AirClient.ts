import { createSocket, type Socket } from "node:dgram";
import { DecodeError } from "../../core/errors.js";
import type { Logger } from "../../core/Logger.js";
import { AIR_STALE_MS, type Air, type Beacon, type Heard } from "../../role/Air.js";
import { beaconToWire, heardFromWire } from "../../sync/wire.js";
import { decodeFrame, encodeFrame } from "../../wire/frame.js";
import { endpointKey, type Endpoint } from "../../wire/Transport.js";
import { listening } from "./listening.js";
import { systemClock } from "./SystemClock.js";
import { PlatformCode } from "./errors.js";

interface Slot {
  heard: readonly Heard[];
  /** When the last answer came (system clock, ms). */
  at: number;
  errorLogged: boolean;
}

/**
 * The radios of one `ipdect node` process on the air service (`ipdect air`): one UDP socket for all of them. A radio's
 * publish goes out as AirPublish; the service's AirHeard answer is what the radio hears at its next look (RadioSync
 * looks, then publishes, once per PARI keep-alive).
 */
export class AirClient {
  readonly #sock: Socket;
  readonly #service: Endpoint;
  readonly #log: Logger;
  readonly #slots = new Map<string, Slot>();
  #closed = false;

  private constructor(sock: Socket, service: Endpoint, logger: Logger) {
    this.#sock = sock;
    this.#service = service;
    this.#log = logger.child({ module: "air-client" });
    sock.on("message", (msg, rinfo) => this.#receive(new Uint8Array(msg), { ip: rinfo.address, port: rinfo.port }));
    sock.on("error", (err) => this.#log.log("warn", "air socket error", { error: err.message }));
  }

  /** Binds an ephemeral port on every address, so the service may be on loopback or on a lab network. */
  static async open(service: Endpoint, logger: Logger): Promise<AirClient> {
    const sock = createSocket("udp4");
    await listening(sock, (ready) => sock.bind({ port: 0 }, ready));
    return new AirClient(sock, service, logger);
  }

  attach(device: string): Air {
    const slot: Slot = { heard: [], at: 0, errorLogged: false };
    this.#slots.set(device, slot);
    return {
      publish: (beacon) => this.#publish(device, beacon),
      // Without answers (the service stopped) the last list would go on naming radios that may be off air by now.
      heard: () => (systemClock.now() - slot.at > AIR_STALE_MS ? [] : slot.heard),
    };
  }

  #publish(device: string, beacon: Beacon | undefined): void {
    if (this.#closed) return;
    const frame = encodeFrame({
      fromDevice: device,
      body: "airPublish",
      airPublish: { device, ...(beacon === undefined ? {} : { beacon: beaconToWire(beacon) }) },
    });
    // A failed send is a lost datagram: the next keep-alive publishes again.
    this.#sock.send(frame, this.#service.port, this.#service.ip, () => undefined);
  }

  #receive(bytes: Uint8Array, from: Endpoint): void {
    if (endpointKey(from) !== endpointKey(this.#service)) return;
    let answer: { device: string; error: string; heard: Heard[] };
    try {
      const msg = decodeFrame(bytes);
      if (msg.body !== "airHeard")
        throw new DecodeError(PlatformCode.AirNotHeard, `expected an air_heard message, got ${msg.body}`);
      const error = msg.airHeard.error ?? "";
      answer = {
        device: msg.airHeard.device ?? "",
        error,
        heard: error === "" ? heardFromWire(msg.airHeard) : [],
      };
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      this.#log.log("warn", "malformed answer from the air service dropped", {
        from: endpointKey(from),
        reason: err.message,
      });
      return;
    }
    const slot = this.#slots.get(answer.device);
    if (slot === undefined) return;
    if (answer.error !== "") {
      if (!slot.errorLogged)
        this.#log.log("error", "the air service refused this radio", { device: answer.device, error: answer.error });
      slot.errorLogged = true;
      slot.heard = [];
      return;
    }
    // Logged again should the service refuse the radio after a restart with another fleet file.
    slot.errorLogged = false;
    slot.heard = answer.heard;
    slot.at = systemClock.now();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await new Promise<void>((resolve) => this.#sock.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
