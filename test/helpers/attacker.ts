import { createSocket } from "node:dgram";
import { connect } from "node:net";
import { deviceFromObject } from "../../src/config/deviceFromObject.js";
import { locatorWithoutLines } from "../../src/core/config/Locator.js";
import { silentLogger } from "../../src/core/Logger.js";
import { SeededRng } from "../../src/core/Rng.js";
import { MemoryStore } from "../../src/core/Store.js";
import { Device } from "../../src/device/Device.js";
import { SocketTransport } from "../../src/platform/node/SocketTransport.js";
import { systemClock } from "../../src/platform/node/SystemClock.js";
import { EventRecorder } from "../../src/role/EventLog.js";
import { LinkGuard } from "../../src/role/LinkGuard.js";
import { LinkKey } from "../../src/role/linkKey.js";
import type { Message } from "../../src/wire/codec.js";
import { decodeFrame, lengthPrefixed, StreamDeframer } from "../../src/wire/frame.js";
import type { Channel, Endpoint, FrameHandlers, Listen, Transport } from "../../src/wire/Transport.js";

/**
 * The attacker of the device-link tests (docs/design.md "Device links"): an address of its own on the LAN, raw
 * node:dgram/node:net sockets, frames made with the project's own encoder.
 */

/** A guard sealing with `key` (`LinkKey.of(system)`): the attacker's guess of the system (or a stranger's device). */
export function forger(key: LinkKey, ip: string, mac = 0x66): LinkGuard {
  return new LinkGuard({
    key,
    ip,
    mac: Uint8Array.from([0, 0x90, 0x33, 0x66, 0x66, mac]),
    boot: Uint8Array.from([6, 6, 6, 6, 6, 6, 6, mac]),
    device: "attacker",
    transmit: () => undefined,
  });
}

/** Sends datagrams from `fromIp` (an ephemeral port) to `to`. */
export async function udpSend(fromIp: string, to: Endpoint, frames: readonly Uint8Array[]): Promise<void> {
  const sock = createSocket("udp4");
  await new Promise<void>((r) => sock.bind({ address: fromIp, port: 0 }, () => r()));
  for (const f of frames) await new Promise<void>((r) => sock.send(f, to.port, to.ip, () => r()));
  sock.close();
}

/** Opens a TCP connection from `fromIp`, writes the frames, and returns what came back within `listenMs`. */
export async function tcpSend(
  fromIp: string,
  to: Endpoint,
  frames: readonly Uint8Array[],
  listenMs = 500,
): Promise<Message[]> {
  const sock = connect({ host: to.ip, port: to.port, localAddress: fromIp });
  await new Promise<void>((r, j) => sock.once("connect", () => r()).once("error", j));
  const got: Message[] = [];
  const deframer = new StreamDeframer();
  sock.on("data", (chunk) => {
    for (const f of deframer.push(new Uint8Array(chunk))) got.push(decodeFrame(f));
  });
  sock.on("error", () => undefined);
  for (const f of frames) sock.write(lengthPrefixed(f));
  await new Promise((r) => setTimeout(r, listenMs));
  sock.destroy();
  return got;
}

/** What a sniffer on the LAN sees of one device: every frame it sends, in order. */
export interface Captured {
  readonly to: Endpoint;
  readonly channel: Channel;
  readonly frame: Uint8Array;
  readonly msg: Message;
}

/** A SocketTransport that also records what it sends, as a sniffer on the wire would. */
class CapturingTransport implements Transport {
  readonly #inner: SocketTransport;
  readonly #log: Captured[];
  constructor(ip: string, log: Captured[]) {
    this.#inner = new SocketTransport(ip);
    this.#log = log;
  }
  get ip(): string {
    return this.#inner.ip;
  }
  open(listen: Listen, handlers: FrameHandlers): Promise<void> {
    return this.#inner.open(listen, handlers);
  }
  send(to: Endpoint, channel: Channel, frame: Uint8Array): void {
    this.#log.push({ to, channel, frame: Uint8Array.from(frame), msg: decodeFrame(frame) });
    this.#inner.send(to, channel, frame);
  }
  disconnect(to: Endpoint): void {
    this.#inner.disconnect(to);
  }
  close(): Promise<void> {
    return this.#inner.close();
  }
}

/**
 * A legitimate device in the test process (node world, real sockets), whose frames `captured` records: the victim
 * whose traffic the attacker replays. The device under attack runs as its own `ipdect node` process.
 */
export async function capturedDevice(
  cfg: object,
  captured: Captured[],
): Promise<{ device: Device; events: EventRecorder }> {
  const c = deviceFromObject(cfg, locatorWithoutLines("attack"));
  const events = new EventRecorder();
  const device = await Device.start(c, {
    clock: systemClock,
    transport: new CapturingTransport(c.ip, captured),
    store: new MemoryStore(),
    events,
    logger: silentLogger,
    rng: new SeededRng(`${c.name}-${Math.random()}`),
  });
  return { device, events };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
