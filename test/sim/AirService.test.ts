import assert from "node:assert/strict";
import { test } from "node:test";
import { makeLogger, type LogFields } from "../../src/core/Logger.js";
import { SeededRng } from "../../src/core/Rng.js";
import { AIR_STALE_MS, type Beacon } from "../../src/role/Air.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { AirService, MAX_AIR_DATAGRAM } from "../../sim/AirService.js";
import { fleetAirField, parseFleetFile } from "../../sim/FleetFile.js";
import { syncFleetYaml } from "../../sim/generators/sync.js";
import { MemoryNetwork } from "../../sim/MemoryNetwork.js";
import { VirtualClock } from "../../sim/VirtualClock.js";
import { AirField, EMPTY_SITE } from "../../src/sync/air/AirField.js";
import { beaconToWire, heardFromWire } from "../../src/sync/wire.js";
import { FrequencyBandWire, type Body } from "../../src/wire/codec.js";
import { decodeFrame, encodeFrame } from "../../src/wire/frame.js";
import { DEFAULT_PLAN } from "../../src/role/bands.js";

const SERVICE = { ip: "10.0.0.1", port: 17300 };
const CLIENT = "10.0.0.2";
const CLIENT_PORT = 40000;

const beacon = (rfpi: string): Beacon => ({
  rfpis: [rfpi],
  systemId: 3,
  band: "europe",
  domain: 7,
  region: 0,
  timing: { anchorMs: 0, frames: 1000, ppm: 1.5, pscn: 2, carriers: DEFAULT_PLAN },
});

/** An air service on a memory network and one client endpoint that records the AirHeard answers. */
async function world(field: AirField) {
  const clock = new VirtualClock();
  const net = new MemoryNetwork(clock, new SeededRng(1), { latencyMs: 1, jitterMs: 0, loss: 0, duplicate: 0 });
  const logs: { level: string; msg: string; fields: LogFields }[] = [];
  const service = await AirService.start({
    field,
    fleet: "test",
    transport: net.attach(SERVICE.ip),
    port: SERVICE.port,
    clock,
    logger: makeLogger((level, msg, fields) => logs.push({ level, msg, fields }), "debug"),
  });
  const answers: { bytes: number; heard: Body<"airHeard"> }[] = [];
  const client = net.attach(CLIENT);
  await client.open(
    { datagram: [CLIENT_PORT], stream: [] },
    {
      frame: (frame) => {
        const msg = decodeFrame(frame);
        assert.equal(msg.body, "airHeard");
        if (msg.body === "airHeard") answers.push({ bytes: frame.length, heard: msg.airHeard });
      },
      malformed: () => assert.fail("datagrams only"),
    },
  );
  const sendRaw = (bytes: Uint8Array) => client.send(SERVICE, "datagram", bytes);
  const publish = (device: string, b: Beacon | undefined) =>
    sendRaw(
      encodeFrame({
        fromDevice: device,
        body: "airPublish",
        airPublish: { device, ...(b === undefined ? {} : { beacon: beaconToWire(b) }) },
      }),
    );
  /** Publishes and returns the one answer to it. */
  const ask = async (device: string, b: Beacon | undefined) => {
    const before = answers.length;
    publish(device, b);
    await clock.runUntil(clock.now() + 10, afterChains);
    const mine = answers.slice(before).filter((a) => a.heard.device === device);
    assert.equal(mine.length, 1, `one answer to ${device}`);
    return mine[0]!.heard;
  };
  const run = (ms: number) => clock.runUntil(clock.now() + ms, afterChains);
  return { service, logs, answers, sendRaw, publish, ask, run };
}

/** Three radios 40 m apart without shadowing, a PARI Master without radio, and a radio without position. */
function lineField(): AirField {
  const yaml = syncFleetYaml({
    name: "line",
    systemId: 3,
    air: { shadowingDb: 0 },
    radios: [
      { name: "a", x: 0, y: 0 },
      { name: "b", x: 40, y: 0 },
      { name: "c", x: 80, y: 0 },
    ],
  });
  return fleetAirField(parseFleetFile(yaml, "line.yaml"), "1");
}

test("a radio hears the beacons other radios published, with the AirField's RSSI and FER; off air when it says so", async () => {
  const field = lineField();
  const w = await world(field);
  assert.deepEqual((await w.ask("a", beacon("A"))).heard ?? [], [], "nobody else on air yet");
  await w.ask("c", beacon("C"));
  const heard = heardFromWire(await w.ask("b", beacon("B")));
  assert.deepEqual(
    heard.map((h) => [h.beacon.rfpis[0], h.rssi, h.fer]),
    field.links("b").map((l) => [l.from.toUpperCase(), l.rssi, l.fer]),
  );
  assert.deepEqual(heard[0]!.beacon, beacon(heard[0]!.beacon.rfpis[0]!), "the beacon crosses the wire unchanged");
  await w.ask("a", undefined);
  assert.deepEqual(
    heardFromWire(await w.ask("b", beacon("B"))).map((h) => h.beacon.rfpis[0]),
    ["C"],
  );
  assert.deepEqual(w.service.stats, { publishes: 5, unknown: 0, malformed: 0, expired: 0, truncated: 0 });
  await w.service.close();
});

test("a device that has no place in the fleet's air gets an error, logged once; the PARI Master without radio too", async () => {
  const w = await world(lineField());
  for (const name of ["ghost", "ghost", "pari"]) {
    const answer = await w.ask(name, beacon("X"));
    assert.equal(answer.device, name);
    assert.match(answer.error ?? "", new RegExp(`"${name}" has no place in the air of fleet test`));
    assert.deepEqual(answer.heard ?? [], []);
  }
  assert.equal(w.service.stats.unknown, 3);
  assert.equal(w.logs.filter((l) => l.fields["device"] === "ghost").length, 1);
  assert.deepEqual((await w.ask("b", beacon("B"))).heard ?? [], [], "the ghost is not on air");
  await w.service.close();
});

test("garbage, a message of another kind and a bad beacon are counted and logged with the sender; the service goes on", async () => {
  const w = await world(lineField());
  w.sendRaw(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  w.sendRaw(encodeFrame({ fromDevice: "a", body: "airHeard", airHeard: { device: "a", heard: [], error: "" } }));
  w.sendRaw(
    encodeFrame({
      fromDevice: "a",
      body: "airPublish",
      airPublish: { device: "a", beacon: { band: FrequencyBandWire.BAND_EUROPE, region: 999 } },
    }),
  );
  await w.run(10);
  assert.equal(w.answers.length, 0, "no answer to any of them");
  assert.equal(w.service.stats.malformed, 3);
  const warnings = w.logs.filter((l) => l.level === "warn");
  assert.equal(warnings.length, 3);
  assert.ok(warnings.every((l) => l.fields["from"] === `${CLIENT}:${CLIENT_PORT}`));
  assert.match(String(warnings[0]!.fields["reason"]), /magic|short/i);
  assert.match(String(warnings[1]!.fields["reason"]), /expected an air_publish message, got airHeard/);
  assert.match(String(warnings[2]!.fields["reason"]), /air_publish\.beacon\.region/);
  await w.ask("a", beacon("A"));
  assert.equal(w.service.stats.publishes, 1);
  await w.service.close();
});

test(`a beacon not refreshed for ${AIR_STALE_MS / 1000} s goes off air (a killed process says no goodbye); one refreshed every 2 s stays`, async () => {
  const w = await world(lineField());
  await w.ask("a", beacon("A"));
  await w.ask("c", beacon("C"));
  for (let t = 0; t < 4; t++) {
    await w.run(2000);
    w.publish("c", beacon("C"));
  }
  assert.deepEqual(
    heardFromWire(await w.ask("b", beacon("B"))).map((h) => h.beacon.rfpis[0]),
    ["C"],
  );
  assert.equal(w.service.stats.expired, 1);
  assert.ok(w.logs.some((l) => l.msg.startsWith("beacon expired") && l.fields["device"] === "a"));
  await w.service.close();
});

test(`an answer is cut to the strongest beacons that fit ${MAX_AIR_DATAGRAM} bytes (UDP's limit is 65 507)`, async () => {
  // 400 IPBLs of 16 RFPIs each within a few metres: every one hears all the others.
  const placements = Array.from({ length: 400 }, (_, i) => ({
    name: `r${i}`,
    position: { x: i % 20, y: Math.floor(i / 20), floor: 0 },
  }));
  const field = new AirField(placements, EMPTY_SITE, "1");
  const w = await world(field);
  const wide = (i: number): Beacon => ({
    ...beacon(""),
    rfpis: Array.from({ length: 16 }, (_, k) => `1A5E0${(i * 16 + k).toString(16).padStart(5, "0")}`),
  });
  for (let i = 1; i < placements.length; i++) w.publish(`r${i}`, wide(i));
  await w.run(10);
  const truncated = w.service.stats.truncated;
  const heard = heardFromWire(await w.ask("r0", wide(0)));
  const bytes = w.answers.filter((a) => a.heard.device === "r0").at(-1)!.bytes;
  assert.ok(bytes <= MAX_AIR_DATAGRAM, `${bytes} bytes`);
  assert.ok(heard.length > 100 && heard.length < 399, `${heard.length} of 399 beacons`);
  assert.deepEqual(
    heard.map((h) => h.rssi),
    field
      .links("r0")
      .slice(0, heard.length)
      .map((l) => l.rssi),
    "the strongest first, the weakest dropped",
  );
  assert.equal(w.service.stats.truncated, truncated + 1);
  await w.service.close();
});
