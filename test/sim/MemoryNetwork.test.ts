import assert from "node:assert/strict";
import { test } from "node:test";

import { SeededRng } from "../../src/core/Rng.js";
import { MemoryNetwork, TCP_RTO_MS, type LinkConditions } from "../../sim/MemoryNetwork.js";
import { VirtualClock } from "../../sim/VirtualClock.js";
import type { Channel, Endpoint, Transport } from "../../src/wire/Transport.js";

const settle = (next: () => void) => void setImmediate(next);

const A = "10.0.0.1";
const B = "10.0.0.2";
const C = "10.0.0.3";
const GROUP = "239.0.0.1";
const DGRAM = 1718;
const STREAM = 1716;

interface Received {
  readonly at: number;
  readonly n: number;
  readonly from: Endpoint;
  readonly channel: Channel;
}

interface Host {
  readonly t: Transport;
  readonly got: Received[];
}

/**
 * A network of hosts A, B, C, each listening on DGRAM (datagram) and STREAM (stream), recording what arrives; B and C
 * are members of the multicast group GROUP:DGRAM. `reset(ip)` closes a host's transport and attaches a new one on the
 * same address, as a device reset does.
 */
async function world(seed: number | string, link: Partial<LinkConditions> = {}) {
  const clock = new VirtualClock();
  const net = new MemoryNetwork(clock, new SeededRng(seed), {
    latencyMs: 10,
    jitterMs: 5,
    loss: 0,
    duplicate: 0,
    ...link,
  });
  const hosts = new Map<string, Host>();
  const join = async (ip: string) => {
    const got: Received[] = [];
    const t = net.attach(ip);
    await t.open(
      { datagram: [DGRAM], stream: [STREAM], groups: ip === A ? [] : [{ ip: GROUP, port: DGRAM }] },
      {
        frame: (frame, from, channel) => got.push({ at: clock.now(), n: frame[0]! | (frame[1]! << 8), from, channel }),
        malformed: () => assert.fail("no malformed frames in these tests"),
      },
    );
    hosts.set(ip, { t, got });
  };
  for (const ip of [A, B, C]) await join(ip);
  const host = (ip: string) => hosts.get(ip)!;
  const reset = async (ip: string) => {
    await host(ip).t.close();
    await join(ip);
  };
  return { clock, net, host, reset, run: (until: number) => clock.runUntil(until, settle) };
}

/** A frame numbered `n` (little-endian in its first two bytes). */
const frame = (n: number) => Uint8Array.from([n & 0xff, n >> 8, 0xee]);

test("a datagram arrives after latency + jitter: within [latencyMs, latencyMs + jitterMs], whole milliseconds", async () => {
  const w = await world(1, { latencyMs: 10, jitterMs: 5 });
  for (let i = 0; i < 300; i++) w.host(A).t.send({ ip: B, port: DGRAM }, "datagram", frame(i));
  await w.run(1000);
  const at = w.host(B).got.map((r) => r.at);
  assert.equal(at.length, 300);
  assert.ok(
    at.every((t) => Number.isInteger(t) && t >= 10 && t <= 15),
    `delivery times ${Math.min(...at)}..${Math.max(...at)}`,
  );
  // Jitter is used, over its whole range.
  assert.equal(Math.min(...at), 10);
  assert.equal(Math.max(...at), 15);
  assert.equal(w.net.stats.delivered, 300);
});

test("a datagram carries the sender's address and datagram port", async () => {
  const w = await world(1);
  w.host(A).t.send({ ip: B, port: DGRAM }, "datagram", frame(1));
  await w.run(100);
  assert.deepEqual(w.host(B).got[0]?.from, { ip: A, port: DGRAM });
  assert.equal(w.host(B).got[0]?.channel, "datagram");
});

test("with jitter 0 every datagram takes exactly latencyMs", async () => {
  const w = await world(1, { latencyMs: 7, jitterMs: 0 });
  for (let i = 0; i < 20; i++) w.host(A).t.send({ ip: B, port: DGRAM }, "datagram", frame(i));
  await w.run(100);
  assert.deepEqual(new Set(w.host(B).got.map((r) => r.at)), new Set([7]));
});

test("setLink overrides the defaults for that pair only, in both directions", async () => {
  const w = await world(1, { latencyMs: 10, jitterMs: 0 });
  w.net.setLink(B, A, { latencyMs: 50 });
  w.host(A).t.send({ ip: B, port: DGRAM }, "datagram", frame(1));
  w.host(B).t.send({ ip: A, port: DGRAM }, "datagram", frame(2));
  w.host(A).t.send({ ip: C, port: DGRAM }, "datagram", frame(3));
  await w.run(100);
  assert.deepEqual([w.host(B).got[0]?.at, w.host(A).got[0]?.at, w.host(C).got[0]?.at], [50, 50, 10]);
});

test("loss 1.0 drops every datagram (stats.lost), none is delivered", async () => {
  const w = await world(1, { loss: 1 });
  for (let i = 0; i < 100; i++) w.host(A).t.send({ ip: B, port: DGRAM }, "datagram", frame(i));
  await w.run(10_000);
  assert.equal(w.host(B).got.length, 0);
  assert.equal(w.net.stats.lost, 100);
  assert.equal(w.net.stats.delivered, 0);
});

test("loss 0.3 drops roughly 30% of datagrams and delivers the rest", async () => {
  const w = await world(1, { loss: 0.3 });
  for (let i = 0; i < 1000; i++) w.host(A).t.send({ ip: B, port: DGRAM }, "datagram", frame(i));
  await w.run(10_000);
  assert.equal(w.net.stats.lost + w.net.stats.delivered, 1000);
  assert.ok(w.net.stats.lost > 230 && w.net.stats.lost < 370, `lost ${w.net.stats.lost}`);
});

test("duplicate 1.0 delivers every datagram twice (stats.duplicated)", async () => {
  const w = await world(1, { duplicate: 1 });
  for (let i = 0; i < 10; i++) w.host(A).t.send({ ip: B, port: DGRAM }, "datagram", frame(i));
  await w.run(1000);
  assert.equal(w.host(B).got.length, 20);
  assert.equal(w.net.stats.duplicated, 10);
});

test("loss on a stream delays frames by retransmission (stats.retransmitted) but never drops or reorders them", async () => {
  const w = await world(7, { loss: 0.3 });
  for (let i = 0; i < 200; i++) w.host(A).t.send({ ip: B, port: STREAM }, "stream", frame(i));
  await w.run(600_000);
  const got = w.host(B).got;
  assert.deepEqual(
    got.map((r) => r.n),
    [...Array(200).keys()],
  );
  assert.ok(got.every((r) => r.channel === "stream"));
  assert.equal(w.net.stats.lost, 0);
  assert.equal(w.net.stats.delivered, 200);
  assert.ok(w.net.stats.retransmitted > 20, `retransmitted ${w.net.stats.retransmitted}`);
  // A retransmission costs at least TCP_RTO_MS, far more than latency + jitter (15 ms).
  assert.ok(
    got.some((r) => r.at >= TCP_RTO_MS),
    "some frame was delayed by a retransmission",
  );
  // Arrival times never go backwards on one stream.
  for (let i = 1; i < got.length; i++) assert.ok(got[i]!.at >= got[i - 1]!.at, `frame ${i} overtook frame ${i - 1}`);
});

test("stream frames keep their order even with jitter and no loss", async () => {
  const w = await world(3, { latencyMs: 1, jitterMs: 50 });
  for (let i = 0; i < 100; i++) w.host(A).t.send({ ip: B, port: STREAM }, "stream", frame(i));
  await w.run(10_000);
  assert.deepEqual(
    w.host(B).got.map((r) => r.n),
    [...Array(100).keys()],
  );
});

test("a partition drops datagrams and stream frames in both directions (stats.partitioned); heal restores them", async () => {
  const w = await world(1);
  w.net.partition([A], [B]);
  assert.ok(w.net.isBlocked(A, B) && w.net.isBlocked(B, A));
  w.host(A).t.send({ ip: B, port: DGRAM }, "datagram", frame(1));
  w.host(B).t.send({ ip: A, port: DGRAM }, "datagram", frame(2));
  w.host(A).t.send({ ip: B, port: STREAM }, "stream", frame(3));
  w.host(A).t.send({ ip: C, port: DGRAM }, "datagram", frame(4)); // not part of the partition
  await w.run(100);
  assert.equal(w.host(A).got.length, 0);
  assert.equal(w.host(B).got.length, 0);
  assert.equal(w.host(C).got.length, 1);
  assert.equal(w.net.stats.partitioned, 3);

  w.net.heal([B], [A]);
  assert.ok(!w.net.isBlocked(A, B));
  w.host(A).t.send({ ip: B, port: DGRAM }, "datagram", frame(5));
  w.host(B).t.send({ ip: A, port: DGRAM }, "datagram", frame(6));
  w.host(A).t.send({ ip: B, port: STREAM }, "stream", frame(7));
  await w.run(200);
  assert.deepEqual(
    w.host(B).got.map((r) => r.n),
    [5, 7],
  );
  assert.deepEqual(
    w.host(A).got.map((r) => r.n),
    [6],
  );
});

test("heal() without groups restores every path", async () => {
  const w = await world(1);
  w.net.partition([A], [B, C]);
  w.net.heal();
  assert.ok(!w.net.isBlocked(A, B) && !w.net.isBlocked(A, C));
  w.host(A).t.send({ ip: C, port: DGRAM }, "datagram", frame(1));
  await w.run(100);
  assert.equal(w.host(C).got.length, 1);
});

test("a partition that starts while a frame is in flight still stops it (a cut cable)", async () => {
  const w = await world(1, { latencyMs: 10, jitterMs: 0 });
  w.host(A).t.send({ ip: B, port: DGRAM }, "datagram", frame(1));
  w.host(A).t.send({ ip: B, port: STREAM }, "stream", frame(2));
  await w.run(5);
  w.net.partition([B], [A]);
  await w.run(100);
  assert.equal(w.host(B).got.length, 0);
  assert.equal(w.net.stats.partitioned, 2);
  assert.equal(w.net.stats.delivered, 0);
});

test("stream replies to the sender's ephemeral endpoint come back to the sender", async () => {
  const w = await world(1);
  w.host(A).t.send({ ip: B, port: STREAM }, "stream", frame(1));
  await w.run(100);
  const request = w.host(B).got[0];
  assert.ok(request !== undefined);
  assert.equal(request.from.ip, A);
  assert.ok(request.from.port >= 49152 && request.from.port <= 65535, `ephemeral port ${request.from.port}`);
  // B answers to where the request came from, as a Master answers a radio.
  w.host(B).t.send(request.from, "stream", frame(2));
  await w.run(200);
  assert.deepEqual(
    w.host(A).got.map((r) => [r.n, r.from.ip, r.channel]),
    [[2, B, "stream"]],
  );
  assert.equal(w.host(C).got.length, 0);
});

test("one stream per peer: later frames from A to B:STREAM come from the same ephemeral endpoint", async () => {
  const w = await world(1);
  for (let i = 0; i < 3; i++) w.host(A).t.send({ ip: B, port: STREAM }, "stream", frame(i));
  w.host(C).t.send({ ip: B, port: STREAM }, "stream", frame(9));
  await w.run(100);
  const from = w.host(B).got.map((r) => `${r.from.ip}:${r.from.port}`);
  assert.equal(new Set(from.slice(0, 3).filter((f) => f.startsWith(A))).size, 1);
  assert.equal(new Set(from).size, 2);
});

test("a frame to an address nobody has is counted unreachable, not delivered", async () => {
  const w = await world(1);
  w.host(A).t.send({ ip: "10.9.9.9", port: DGRAM }, "datagram", frame(1));
  w.host(A).t.send({ ip: B, port: 4000 }, "stream", frame(2)); // B does not listen on stream port 4000
  await w.run(100);
  assert.equal(w.net.stats.unreachable, 2);
  assert.equal(w.host(B).got.length, 0);
});

test("a closed transport receives nothing more (unreachable)", async () => {
  const w = await world(1);
  await w.host(B).t.close();
  w.host(A).t.send({ ip: B, port: DGRAM }, "datagram", frame(1));
  await w.run(100);
  assert.equal(w.host(B).got.length, 0);
  assert.equal(w.net.stats.unreachable, 1);
});

test("disconnect is a TCP reset: what is still in flight on that stream is lost; the next send opens a new stream", async () => {
  const w = await world(1, { latencyMs: 10, jitterMs: 0 });
  const b = { ip: B, port: STREAM };
  w.host(A).t.send(b, "stream", frame(1));
  await w.run(20);
  w.host(A).t.send(b, "stream", frame(2));
  await w.run(25);
  w.host(A).t.disconnect(b);
  w.host(A).t.send(b, "stream", frame(3));
  await w.run(100);
  const got = w.host(B).got;
  assert.deepEqual(
    got.map((r) => r.n),
    [1, 3],
  );
  assert.notEqual(got[1]!.from.port, got[0]!.from.port);
  assert.equal(w.net.stats.lost, 1);
});

test("an answer still in flight when the asking end resets its stream is lost too", async () => {
  const w = await world(1, { latencyMs: 10, jitterMs: 0 });
  w.host(A).t.send({ ip: B, port: STREAM }, "stream", frame(1));
  await w.run(20);
  w.host(B).t.send(w.host(B).got[0]!.from, "stream", frame(2));
  await w.run(25);
  w.host(A).t.disconnect({ ip: B, port: STREAM });
  await w.run(100);
  assert.equal(w.host(A).got.length, 0);
  assert.equal(w.net.stats.lost, 1);
});

test("a reset host (a new transport on its address) takes the peer's stream again and answers over it", async () => {
  const w = await world(1, { latencyMs: 10, jitterMs: 0 });
  w.host(A).t.send({ ip: B, port: STREAM }, "stream", frame(1));
  await w.run(20);
  await w.reset(B);
  w.host(A).t.send({ ip: B, port: STREAM }, "stream", frame(2));
  await w.run(40);
  const request = w.host(B).got[0];
  assert.equal(request?.n, 2);
  w.host(B).t.send(request.from, "stream", frame(3));
  await w.run(100);
  assert.deepEqual(
    w.host(A).got.map((r) => [r.n, r.from.ip, r.from.port]),
    [[3, B, STREAM]],
  );
});

test("a datagram to a multicast group reaches every member, each over its own path; a closed member no more", async () => {
  const w = await world(1, { latencyMs: 10, jitterMs: 0 });
  w.net.partition([A], [C]);
  w.host(A).t.send({ ip: GROUP, port: DGRAM }, "datagram", frame(1));
  await w.run(20);
  w.net.heal();
  w.host(A).t.send({ ip: GROUP, port: DGRAM }, "datagram", frame(2));
  await w.run(40);
  await w.host(B).t.close();
  w.host(A).t.send({ ip: GROUP, port: DGRAM }, "datagram", frame(3));
  await w.run(100);
  assert.deepEqual(
    w.host(B).got.map((r) => [r.n, r.from.ip, r.from.port]),
    [
      [1, A, DGRAM],
      [2, A, DGRAM],
    ],
  );
  assert.deepEqual(
    w.host(C).got.map((r) => r.n),
    [2, 3],
  );
  assert.equal(w.net.stats.partitioned, 1);
  assert.equal(w.host(A).got.length, 0);
});

/** Delivery times of a fixed traffic pattern: datagrams and streams both ways, under jitter, loss, duplication. */
async function deliveryTimes(seed: number | string): Promise<string[]> {
  const w = await world(seed, { latencyMs: 5, jitterMs: 20, loss: 0.2, duplicate: 0.1 });
  for (let i = 0; i < 50; i++) {
    w.host(A).t.send({ ip: B, port: DGRAM }, "datagram", frame(i));
    w.host(B).t.send({ ip: C, port: STREAM }, "stream", frame(100 + i));
  }
  await w.run(600_000);
  return [A, B, C].flatMap((ip) => w.host(ip).got.map((r) => `${ip}<${r.from.ip} #${r.n} @${r.at}`));
}

test("same seed → same delivery times (deterministic simulation)", async () => {
  const one = await deliveryTimes(42);
  assert.ok(one.length > 50);
  assert.deepEqual(await deliveryTimes(42), one);
});

test("different seed → different delivery times", async () => {
  assert.notDeepEqual(await deliveryTimes(42), await deliveryTimes(43));
});
