import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { connect } from "node:net";
import { after, describe, test } from "node:test";
import { deviceFromObject } from "../../src/config/deviceFromObject.js";
import { locatorWithoutLines } from "../../src/core/config/Locator.js";
import { SeededRng, type Rng } from "../../src/core/Rng.js";
import { MemoryStore } from "../../src/core/Store.js";
import { silentLogger } from "../../src/core/Logger.js";
import { Device } from "../../src/device/Device.js";
import { EventRecorder } from "../../src/role/EventLog.js";
import { SocketTransport } from "../../src/platform/node/SocketTransport.js";
import { systemClock } from "../../src/platform/node/SystemClock.js";
import type { Message } from "../../src/wire/codec.js";
import { encodeFrame, lengthPrefixed } from "../../src/wire/frame.js";
import { PORTS } from "../../src/wire/ports.js";
import { LinkKey } from "../../src/role/linkKey.js";
import { DEFAULT_SYSTEM } from "../../src/role/system.js";
import { forger } from "../helpers/attacker.js";
import { loopbackBlock } from "../helpers/loopback.js";

const ip = loopbackBlock();
const MASTER_IP = ip(1);
const RADIO_IP = ip(2);
const cfg = (o: object) => deviceFromObject(o, locatorWithoutLines("fuzz"));

const SAMPLES: Message[] = [
  {
    fromDevice: "r",
    body: "radioRegister",
    radioRegister: { mac: new Uint8Array([0, 0x90, 0x33, 1, 2, 3]), name: "r", kind: 1, attempt: 1 },
  },
  {
    fromDevice: "r",
    body: "radioHeartbeat",
    radioHeartbeat: { mac: new Uint8Array([0, 0x90, 0x33, 1, 2, 3]), attempt: 1, seq: 9 },
  },
  {
    fromDevice: "s",
    body: "peerProbe",
    peerProbe: { seq: 4, active: true, term: 2, masterId: 1, knownVersion: 3, knownTerm: 1 },
  },
  {
    fromDevice: "s",
    body: "mirrorData",
    mirrorData: { term: 1, generation: 2, data: new TextEncoder().encode('{"generation":2,"items":{}}') },
  },
  {
    fromDevice: "r",
    body: "pariRegister",
    pariRegister: { mac: new Uint8Array([0, 0x90, 0x33, 1, 2, 3]), name: "r", kind: 1, rfps: 1, version: "v" },
  },
  {
    fromDevice: "s",
    body: "pariReplica",
    pariReplica: {
      systemId: 5,
      active: true,
      entries: [{ mac: new Uint8Array([0, 0x90, 0x33, 1, 2, 3]), name: "r", kind: 1, numbers: [1], rev: 1 }],
    },
  },
  {
    fromDevice: "r",
    body: "radioAnnounce",
    radioAnnounce: { mac: new Uint8Array([0, 0x90, 0x33, 1, 2, 4]), name: "n", kind: 2, rfps: 16 },
  },
];

/**
 * The fuzzed Master runs on the factory system: frames sealed with its real key (as a member would send them) are
 * valid before the mutation, so the fuzz reaches the link tag, the Link stamp and the challenge (docs/design.md
 * "Device links").
 */
const member = forger(await LinkKey.of(DEFAULT_SYSTEM), RADIO_IP);

/**
 * Half random bytes (random length), half valid frames — plain or sealed for the Master — with 1–4 bytes changed,
 * truncated or extended.
 */
export function fuzzFrame(rng: Rng, i: number): Uint8Array {
  if (i % 2 === 0) return Uint8Array.from({ length: rng.int(300) }, () => rng.int(256));
  const sample = SAMPLES[rng.int(SAMPLES.length)]!;
  const to = { ip: MASTER_IP, port: rng.int(2) === 0 ? PORTS.RAS : PORTS.MASTER_STREAM };
  const original = rng.int(2) === 0 ? encodeFrame(sample) : member.seal(to, "datagram", sample);
  const f = Uint8Array.from(original);
  switch (rng.int(3)) {
    case 0: {
      const n = 1 + rng.int(4);
      for (let k = 0; k < n; k++) {
        const at = rng.int(f.length);
        f[at] = (f[at]! + 1 + rng.int(255)) & 0xff;
      }
      return f;
    }
    case 1:
      return f.subarray(0, rng.int(f.length));
    default:
      return Uint8Array.from([...f, ...Array.from({ length: 1 + rng.int(8) }, () => rng.int(256))]);
  }
}

async function until(pred: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("fuzz: malformed frames into a live device (node world)", () => {
  const events = new EventRecorder();
  const devices: Device[] = [];
  after(async () => {
    for (const d of devices) await d.stop();
  });

  test("10 000 random and mutated frames over UDP and TCP: no crash, every one counted as dropped, the device still serves", async () => {
    const master = await Device.start(
      cfg({
        name: "fuzzed",
        kind: "IPVM",
        mac: "00:90:33:09:00:01",
        ip: MASTER_IP,
        master: { mode: "active" },
        pari: {},
      }),
      {
        clock: systemClock,
        transport: new SocketTransport(MASTER_IP),
        store: new MemoryStore(),
        events,
        logger: silentLogger,
        rng: new SeededRng("fuzz"),
      },
    );
    devices.push(master);
    const rng = new SeededRng("fuzz");
    const udp = createSocket("udp4");
    await new Promise<void>((r) => udp.bind({ address: ip(9), port: 0 }, () => r()));
    const UDP_FRAMES = 9_000;
    for (let sent = 0; sent < UDP_FRAMES;) {
      for (let k = 0; k < 100; k++, sent++) udp.send(fuzzFrame(rng, sent), PORTS.RAS, MASTER_IP);
      await until(() => master.counters.framesDropped >= sent, 5_000);
    }
    udp.close();
    // TCP: 1000 length-prefixed frames with random or mutated content, then one stream whose length prefix is absurd.
    const TCP_FRAMES = 1_000;
    const sock = connect({ host: MASTER_IP, port: PORTS.MASTER_STREAM, localAddress: ip(9) });
    await new Promise<void>((r) => sock.once("connect", () => r()));
    for (let i = 0; i < TCP_FRAMES; i++) {
      let f = fuzzFrame(rng, i);
      if (f.length < 8) f = Uint8Array.from([...f, ...new Uint8Array(8 - f.length)]);
      sock.write(lengthPrefixed(f));
    }
    await until(() => master.counters.framesDropped >= UDP_FRAMES + TCP_FRAMES, 5_000);
    sock.write(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
    await until(() => master.counters.framesDropped >= UDP_FRAMES + TCP_FRAMES + 1, 5_000);
    sock.destroy();

    assert.equal(master.counters.framesIn, UDP_FRAMES + TCP_FRAMES);
    assert.equal(master.counters.framesDropped, UDP_FRAMES + TCP_FRAMES + 1);
    assert.equal(events.events.filter((e) => e.kind === "message-dropped").length, UDP_FRAMES + TCP_FRAMES + 1);
    assert.ok(events.events.some((e) => e.kind === "message-dropped" && e["code"] === "STREAM_LENGTH"));

    const radio = await Device.start(
      cfg({ name: "radio", kind: "IPBS", mac: "00:90:33:09:00:02", ip: RADIO_IP, radio: { master: MASTER_IP } }),
      {
        clock: systemClock,
        transport: new SocketTransport(RADIO_IP),
        store: new MemoryStore(),
        events,
        logger: silentLogger,
        rng: new SeededRng("fuzz"),
      },
    );
    devices.push(radio);
    await until(
      () => master.status().master?.radios.some((r) => r.name === "radio" && r.standing === "registered") === true,
      5_000,
    );
  });
});
