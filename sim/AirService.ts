import { every, type Clock } from "../src/core/Clock.js";
import { DecodeError } from "../src/core/errors.js";
import type { Logger } from "../src/core/Logger.js";
import { AIR_STALE_MS, type Air, type Beacon, type Heard } from "../src/role/Air.js";
import type { AirField } from "../src/sync/air/AirField.js";
import { beaconFromWire, heardToWire } from "../src/sync/wire.js";
import { decodeFrame, encodeFrame } from "../src/wire/frame.js";
import { endpointKey, type Endpoint, type Transport } from "../src/wire/Transport.js";
import { SimCode } from "./errors.js";

/** How often stale beacons are looked for; a beacon thus goes off air at most this much after AIR_STALE_MS. */
const SWEEP_MS = 1000;
/**
 * An AirHeard datagram is cut to this size (the weakest beacons dropped) so that it fits UDP's 65 507-byte payload
 * with room to spare: a dense site can give one radio hundreds of audible neighbours.
 */
export const MAX_AIR_DATAGRAM = 60_000;
/** Unknown names are warned about once each, up to this many: a sender inventing names must not grow our memory. */
const MAX_WARNED = 1024;
/** `from_device` of our answers. */
const SERVICE_NAME = "ipdect-air";

export interface AirServiceStats {
  /** AirPublish messages from radios of the fleet. */
  publishes: number;
  /** AirPublish messages naming a device that has no place in the fleet's air. */
  unknown: number;
  /** Datagrams that are not a valid AirPublish. */
  malformed: number;
  /** Beacons taken off air because their radio stopped publishing. */
  expired: number;
  /** Answers cut to MAX_AIR_DATAGRAM. */
  truncated: number;
}

export interface AirServiceOptions {
  readonly field: AirField;
  /** The fleet's name, for the error an unknown device gets. */
  readonly fleet: string;
  readonly transport: Transport;
  readonly port: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

interface Radio {
  readonly air: Air;
  lastSeen: number;
  onAir: boolean;
}

/**
 * The air service for real nodes (docs/architecture.md "air", `ipdect air`): one fleet's AirField behind a datagram port.
 * A radio sends AirPublish with what it broadcasts (nothing: off air) and gets back an AirHeard with what it receives
 * now, so radios in different OS processes share one radio geometry, as a sim fleet does in memory.
 */
export class AirService {
  readonly stats: AirServiceStats = { publishes: 0, unknown: 0, malformed: 0, expired: 0, truncated: 0 };
  readonly #opts: AirServiceOptions;
  readonly #radios = new Map<string, Radio>();
  readonly #warned = new Set<string>();
  #stopSweep: (() => void) | undefined;

  private constructor(opts: AirServiceOptions) {
    this.#opts = opts;
  }

  static async start(opts: AirServiceOptions): Promise<AirService> {
    const service = new AirService(opts);
    await opts.transport.open(
      { datagram: [opts.port], stream: [] },
      {
        frame: (frame, from, channel) => {
          if (channel === "datagram") service.#receive(frame, from);
        },
        malformed: (from, _channel, err) => service.#malformed(from, err),
      },
    );
    service.#stopSweep = every(opts.clock, SWEEP_MS, () => service.#sweep());
    return service;
  }

  #receive(frame: Uint8Array, from: Endpoint): void {
    let publish: { readonly device: string; readonly beacon: Beacon | undefined };
    try {
      publish = parsePublish(frame);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      return this.#malformed(from, err);
    }
    const radio = this.#radio(publish.device);
    if (radio === undefined) return this.#unknown(publish.device, from);
    this.stats.publishes++;
    radio.air.publish(publish.beacon);
    radio.lastSeen = this.#opts.clock.now();
    radio.onAir = publish.beacon !== undefined;
    this.#answer(from, publish.device, radio.air.heard(), "");
  }

  #radio(name: string): Radio | undefined {
    const known = this.#radios.get(name);
    if (known !== undefined) return known;
    const air = this.#opts.field.attach(name);
    if (air === undefined) return undefined;
    const radio = { air, lastSeen: 0, onAir: false };
    this.#radios.set(name, radio);
    return radio;
  }

  #unknown(name: string, from: Endpoint): void {
    this.stats.unknown++;
    const error = `device "${name}" has no place in the air of fleet ${this.#opts.fleet}: it is not in the fleet file, or has no radio or no position`;
    if (!this.#warned.has(name) && this.#warned.size < MAX_WARNED) {
      this.#warned.add(name);
      this.#opts.logger.log("warn", "air publish from an unknown device", { device: name, from: endpointKey(from) });
    }
    this.#answer(from, name, [], error);
  }

  #malformed(from: Endpoint, err: unknown): void {
    this.stats.malformed++;
    this.#opts.logger.log("warn", "malformed air datagram dropped", {
      from: endpointKey(from),
      reason: err instanceof Error ? err.message : String(err),
    });
  }

  /** Sends `heard` (strongest first), cut from the weak end until the datagram fits. */
  #answer(to: Endpoint, name: string, heard: readonly Heard[], error: string): void {
    let list = heard;
    let frame = heardFrame(name, list, error);
    while (frame.length > MAX_AIR_DATAGRAM) {
      list = list.slice(0, Math.floor((list.length * MAX_AIR_DATAGRAM) / frame.length));
      frame = heardFrame(name, list, error);
    }
    if (list.length < heard.length) this.stats.truncated++;
    this.#opts.transport.send(to, "datagram", frame);
  }

  #sweep(): void {
    const now = this.#opts.clock.now();
    for (const [name, radio] of this.#radios) {
      if (!radio.onAir || now - radio.lastSeen <= AIR_STALE_MS) continue;
      radio.air.publish(undefined);
      radio.onAir = false;
      this.stats.expired++;
      this.#opts.logger.log("info", "beacon expired: the radio stopped publishing", { device: name });
    }
  }

  async close(): Promise<void> {
    this.#stopSweep?.();
    this.#stopSweep = undefined;
    await this.#opts.transport.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** The device and beacon of an AirPublish datagram; DecodeError for anything else. */
function parsePublish(frame: Uint8Array): { readonly device: string; readonly beacon: Beacon | undefined } {
  const msg = decodeFrame(frame);
  if (msg.body !== "airPublish")
    throw new DecodeError(SimCode.AirNotPublish, `expected an air_publish message, got ${msg.body}`);
  const b = msg.airPublish.beacon;
  return {
    device: msg.airPublish.device ?? "",
    beacon: b === null || b === undefined ? undefined : beaconFromWire(b, "air_publish.beacon"),
  };
}

function heardFrame(device: string, heard: readonly Heard[], error: string): Uint8Array {
  return encodeFrame({
    fromDevice: SERVICE_NAME,
    body: "airHeard",
    airHeard: { device, heard: heardToWire(heard), error },
  });
}
