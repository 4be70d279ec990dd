/**
 * node dist/bench/linkRoundTrip.js <repo root> [<repo root>...]
 * Microseconds per sealed round trip of the device links (docs/performance.md "Device links"): one Master guard and
 * 2047 radio guards (the PARI fleet's size, §4.6.34), each radio sealing a heartbeat to the Master and the Master one
 * back after the handshake, every radio in turn as in the sim's steady state. Each root is a built worktree (its
 * dist/); they run in one process in alternating rounds, and the median per root and of the per-round ratios (second
 * over first) is kept, so that two builds are compared on the same machine load.
 */
import type * as Guard from "../src/role/LinkGuard.js";
import type * as Key from "../src/role/linkKey.js";
import type { Message } from "../src/wire/codec.js";
import type { Channel, Endpoint } from "../src/wire/Transport.js";

const RADIOS = 2047;
const ROUNDS = 15;
const PASSES = 20;
const roots = process.argv.slice(2);

/** A refusal in either form `LinkGuard.open` has had: `{ ok: false, ... }`, or a LinkRefusal with a code. */
const refused = (o: unknown): boolean =>
  o === undefined || (o as { ok?: boolean }).ok === false || (o as { code?: string }).code !== undefined;

async function setup(root: string): Promise<() => number> {
  const { LinkGuard } = (await import(`${root}/dist/src/role/LinkGuard.js`)) as typeof Guard;
  const { LinkKey } = (await import(`${root}/dist/src/role/linkKey.js`)) as typeof Key;
  const key = await LinkKey.of({ name: "bench", password: "bench-Pw1" });
  const wire: { to: Endpoint; from: Endpoint; channel: Channel; frame: Uint8Array }[] = [];
  const guards = new Map<string, Guard.LinkGuard>();
  const guard = (me: Endpoint, n: number) => {
    const g = new LinkGuard({
      key,
      ip: me.ip,
      mac: Uint8Array.from([0, 0x90, 0x33, n >> 16, (n >> 8) & 255, n & 255]),
      boot: Uint8Array.from([1, 2, 3, 4, n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255]),
      device: me.ip,
      transmit: (to, channel, frame) => wire.push({ to, from: me, channel, frame }),
    });
    guards.set(me.ip, g);
    return g;
  };
  const M: Endpoint = { ip: "10.1.0.1", port: 1718 };
  const master = guard(M, 0);
  const radios = Array.from({ length: RADIOS }, (_, i) => {
    const ep: Endpoint = { ip: `10.2.${i >> 8}.${i & 255}`, port: 1718 };
    return { ep, g: guard(ep, i + 1), seq: 0 };
  });
  const hb = (r: (typeof radios)[number]): Message => ({
    fromDevice: r.ep.ip,
    body: "radioHeartbeat",
    radioHeartbeat: { mac: Uint8Array.from([0, 0x90, 0x33, 0, 1, 2]), attempt: 1, seq: ++r.seq },
  });
  const deliver = (to: Endpoint, from: Endpoint, frame: Uint8Array) => {
    wire.push({ to, from, channel: "datagram", frame });
    while (wire.length > 0) {
      const w = wire.shift()!;
      guards.get(w.to.ip)!.open(w.frame, w.from, w.channel);
    }
  };
  // The handshake: first contact both ways (LinkHello, resend).
  for (const r of radios) {
    deliver(M, r.ep, r.g.seal(M, "datagram", hb(r)));
    deliver(r.ep, M, master.seal(r.ep, "datagram", hb(r)));
  }
  let bad = 0;
  const pass = () => {
    for (const r of radios) {
      if (refused(master.open(r.g.seal(M, "datagram", hb(r)), r.ep, "datagram"))) bad++;
      if (refused(r.g.open(master.seal(r.ep, "datagram", hb(r)), M, "datagram"))) bad++;
    }
    bad += wire.length;
    wire.length = 0;
  };
  return () => {
    pass();
    const t0 = performance.now();
    for (let p = 0; p < PASSES; p++) pass();
    const us = ((performance.now() - t0) * 1000) / (PASSES * RADIOS);
    if (bad > 0) throw new Error(`${root}: ${bad} frames refused after the handshake`);
    return us;
  };
}

const runs = await Promise.all(roots.map(setup));
const times = roots.map((): number[] => []);
for (let round = 0; round < ROUNDS; round++) runs.forEach((run, i) => times[i]!.push(run()));
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const results = roots.map((root, i) => ({ root, medianUs: median(times[i]!), minUs: Math.min(...times[i]!) }));
const ratio = times.length === 2 ? median(times[1]!.map((t, k) => t / times[0]![k]!)) : undefined;
console.log(JSON.stringify({ benchmark: "linkRoundTrip", radios: RADIOS, results, ratio }, null, 2));
