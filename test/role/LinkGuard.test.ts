import assert from "node:assert/strict";
import { test } from "node:test";
import { LinkGuard, LinkRefusal, type Opened } from "../../src/role/LinkGuard.js";
import { ldapProof, ldapProofMatches, LinkKey } from "../../src/role/linkKey.js";
import { DEFAULT_SYSTEM } from "../../src/role/system.js";
import type { Message } from "../../src/wire/codec.js";
import { openFrame, SEALED_BODY_AT } from "../../src/wire/frame.js";
import { readStamp } from "../../src/wire/stamp.js";
import type { Channel, Endpoint } from "../../src/wire/Transport.js";

const SYSTEM = { name: "lab", password: "s3cret-Pw" };
const KEY = await LinkKey.of(SYSTEM);
/** An attacker's guess of the password. */
const GUESS = await LinkKey.of({ name: "lab", password: "guess" });
const A: Endpoint = { ip: "127.0.9.1", port: 1718 };
const B1718: Endpoint = { ip: "127.0.9.2", port: 1718 };
const B = B1718;

const probe = (seq: number): Message => ({
  fromDevice: "a",
  body: "peerProbe",
  peerProbe: { seq, active: false, term: 1, masterId: 1 },
});

/** Two devices' guards joined by an in-order wire; what reached each side's roles is kept. */
/**
 * The link protocol runs the same on bytes and on carried frames (src/role/CarriedFrame.ts, the sim without --wire):
 * the tests marked with MODES run both ways.
 */
const MODES = [
  { mode: "bytes", carry: false },
  { mode: "carried", carry: true },
] as const;

function pair(opts: { boot?: number; key?: LinkKey; b?: Endpoint; carry?: boolean } = {}) {
  const B = opts.b ?? B1718;
  const wire: { to: Endpoint; from: Endpoint; channel: Channel; frame: Uint8Array }[] = [];
  const got = new Map<string, Opened[]>([
    [A.ip, []],
    [B.ip, []],
  ]);
  const guard = (me: Endpoint, mac: number, boot: number, key = KEY) =>
    new LinkGuard({
      key,
      ip: me.ip,
      mac: Uint8Array.from([0, 0x90, 0x33, 0, 0, mac]),
      boot: Uint8Array.from([0, 0, 0, 0, 0, 0, mac, boot]),
      device: me.ip,
      transmit: (to, channel, frame) => wire.push({ to, from: me, channel, frame }),
      carry: opts.carry === true,
    });
  const guards = new Map([
    [A.ip, guard(A, 1, opts.boot ?? 1)],
    [B.ip, guard(B, 2, 1, opts.key)],
  ]);
  const run = () => {
    for (let n = 0; wire.length > 0; n++) {
      assert.ok(n < 100, "the handshake ends");
      const w = wire.shift()!;
      got.get(w.to.ip)!.push(guards.get(w.to.ip)!.open(w.frame, w.from, w.channel));
    }
  };
  const send = (from: Endpoint, to: Endpoint, msg: Message, channel: Channel = "datagram") => {
    const frame = guards.get(from.ip)!.seal(to, channel, msg);
    wire.push({ to, from, channel, frame });
    return frame;
  };
  const delivered = (ip: string) => got.get(ip)!.filter((o) => o !== undefined && !(o instanceof LinkRefusal));
  const refusals = (ip: string) => got.get(ip)!.flatMap((o) => (o instanceof LinkRefusal ? [o.code] : []));
  return { wire, got, guards, run, send, delivered, refusals, guard };
}

/** The stamp of a sealed or carried frame. */
const stampOf = (frame: Uint8Array) => readStamp(frame, SEALED_BODY_AT);

/** A sealed frame around `envelope` with its tag room empty, as `Sealer` gets it. */
const unsealed = (envelope: number[], flags = 1) =>
  Uint8Array.from([0x49, 0x44, 1, flags, 0, 0, 0, 0, ...new Array<number>(16).fill(0), ...envelope]);
/** `frame` with `tag` written into its room, as the receiver gets it. */
const withTag = (frame: Uint8Array, tag: Uint8Array) => {
  const f = Uint8Array.from(frame);
  f.set(tag, 8);
  return f;
};

test("link key: HKDF over the system name and password (§4.6.1) — the same system gives the same key, another does not", async () => {
  const k = KEY;
  const to = LinkKey.address("127.0.0.1");
  const frame = unsealed([1, 2, 3]);
  const sealed = withTag(frame, k.tag(to, frame));
  assert.equal(k, await LinkKey.of({ ...SYSTEM }), "derived once per system");
  assert.equal(k.tag(to, frame).length, 16);
  assert.ok(k.verify(to, sealed));
  for (const other of [
    { name: "lab", password: "s3cret-Pw2" },
    { name: "lab2", password: "s3cret-Pw" },
  ])
    assert.ok(!(await LinkKey.of(other)).verify(to, sealed));
  assert.ok(!k.verify(LinkKey.address("127.0.0.2"), sealed), "bound to the receiver's address");
  assert.ok(!k.verify(to, withTag(unsealed([1, 2, 4]), k.tag(to, frame))), "the envelope is covered");
  assert.ok(!k.verify(to, withTag(unsealed([1, 2, 3], 0), k.tag(to, frame))), "the header is covered");
  for (let i = 8; i < 24; i++) {
    const bad = Uint8Array.from(sealed);
    bad[i] = bad[i]! ^ 1;
    assert.ok(!k.verify(to, bad), `tag byte ${i - 8} flipped`);
  }
  assert.ok(!k.verify(to, sealed.subarray(0, 20)), "a frame too short for its tag");
  const crc = Uint8Array.from(sealed);
  crc[4] = 0xff;
  assert.ok(k.verify(to, crc), "the CRC is not covered: the wire checks it");
  // The parts are joined with no ambiguity: the address ends with a 0 byte, which no address text contains.
  assert.notDeepEqual(k.tag(LinkKey.address("127.0.0.1"), frame), k.tag(LinkKey.address("127.0.0.11"), frame));
  // Big frames (directory batches) are hashed in parts, with the same result as joined.
  const big = unsealed(Array.from({ length: 5000 }, (_, i) => i % 251));
  const bigSealed = withTag(big, k.tag(to, big));
  assert.ok(k.verify(to, bigSealed));
  bigSealed[4000] = bigSealed[4000]! ^ 1;
  assert.ok(!k.verify(to, bigSealed));
  assert.equal(k.factory, false);
  assert.equal((await LinkKey.of(DEFAULT_SYSTEM)).factory, true, "the factory password is reported (status, warning)");
});

test("challenges are 8 bytes, unique per boot and count", () => {
  const k = KEY;
  const boot = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const seen = new Set<string>();
  for (let n = 1; n <= 100; n++) seen.add(Buffer.from(k.challenge(boot, n)).toString("hex"));
  seen.add(Buffer.from(k.challenge(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 9]), 1)).toString("hex"));
  assert.equal(seen.size, 101);
});

test("LDAP proof (§4.5.1) is bound to the nonce: the same user and password over another nonce do not match", () => {
  const n1 = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1]);
  const n2 = Uint8Array.from([2, 1, 1, 1, 1, 1, 1, 1]);
  const p = ldapProof("repl", "pw", n1);
  assert.ok(ldapProofMatches("repl", "pw", n1, p));
  assert.ok(!ldapProofMatches("repl", "pw", n2, p));
  assert.ok(!ldapProofMatches("repl", "pw2", n1, p));
});

for (const m of MODES)
  test(`first contact: the first frame is refused with a LinkHello, sent again and delivered once; the answer passes at once (${m.mode})`, () => {
    const p = pair(m);
    p.send(A, B, probe(1));
    p.run();
    assert.deepEqual(p.refusals(B.ip), ["LINK_CHALLENGE"]);
    assert.equal(p.delivered(B.ip).length, 1);
    p.send(B, A, probe(2));
    p.send(A, B, probe(3));
    p.run();
    assert.equal(p.delivered(A.ip).length, 1, "B's answer needs no second handshake");
    assert.equal(p.delivered(B.ip).length, 2);
    assert.deepEqual(p.refusals(A.ip), []);
  });

for (const m of MODES)
  test(`a captured frame replayed (same address, later, or from another address) is refused (${m.mode})`, () => {
    const p = pair(m);
    p.send(A, B, probe(1));
    p.run();
    const captured = p.send(A, B, probe(2));
    p.run();
    const before = p.delivered(B.ip).length;
    const b = p.guards.get(B.ip)!;
    assert.equal((b.open(captured, A, "datagram") as { code: string }).code, "LINK_REPLAY");
    const other = b.open(captured, { ip: "127.0.9.66", port: 1718 }, "datagram");
    assert.equal(other instanceof LinkRefusal && other.code, "LINK_CHALLENGE", "another address has another challenge");
    assert.equal(p.delivered(B.ip).length, before);
  });

test("a tampered frame (one byte of the envelope, the tag, or the seal flag) is refused as LINK_TAG or does not decode", () => {
  const p = pair();
  const frame = p.send(A, B, probe(1));
  p.wire.length = 0;
  const b = p.guards.get(B.ip)!;
  for (let at = 8; at < frame.length; at++) {
    const f = Uint8Array.from(frame);
    f[at] = f[at]! ^ 0x20;
    // Fix the CRC so only the tag can tell.
    const crc = (x: Uint8Array) => openFrameCrc(x);
    crc(f);
    let code: string;
    try {
      const o = b.open(f, A, "datagram");
      code = o instanceof LinkRefusal ? o.code : "accepted";
    } catch (err) {
      code = (err as { code: string }).code;
    }
    assert.notEqual(code, "accepted", `byte ${at}`);
    if (at >= 24)
      assert.ok(code === "LINK_TAG" || code === "LINK_STAMP" || code.startsWith("FRAME_"), `byte ${at}: ${code}`);
  }
});

for (const m of MODES)
  test(`a frame sealed with another system's key (an attacker without the password) is refused: LINK_TAG (${m.mode})`, () => {
    const p = pair({ ...m, key: GUESS });
    p.send(A, B, probe(1));
    p.run();
    assert.deepEqual(p.refusals(B.ip), ["LINK_TAG"]);
    assert.equal(p.wire.length, 0, "no answer to a forgery");
  });

test("an unsealed device frame is refused; handset air and plug-and-play datagrams pass unsealed", () => {
  const p = pair();
  const b = p.guards.get(B.ip)!;
  const a = p.guard({ ip: "127.0.9.9", port: 1718 }, 9, 1);
  const announce: Message = { fromDevice: "x", body: "radioAnnounce", radioAnnounce: { mac: new Uint8Array(6) } };
  const plain = a.seal(B, "datagram", announce);
  assert.equal(openFrame(plain).stamp, undefined);
  assert.ok(!(b.open(plain, A, "datagram") instanceof LinkRefusal));
  assert.equal((b.open(plain, A, "stream") as { code: string }).code, "LINK_UNSEALED");
});

for (const m of MODES)
  test(`a new boot (reboot) is taken after one hello; frames of the earlier boot replayed afterwards are refused (${m.mode})`, () => {
    const p = pair(m);
    p.send(A, B, probe(1));
    p.run();
    const oldBoot = [p.send(A, B, probe(2)), p.send(A, B, probe(3))];
    p.run();
    // A reboots: a new guard with a new boot nonce on the same address.
    const rebooted = p.guard(A, 1, 2);
    p.guards.set(A.ip, rebooted);
    p.send(A, B, probe(4));
    p.run();
    assert.equal(p.delivered(B.ip).length, 4);
    const b = p.guards.get(B.ip)!;
    for (const f of oldBoot) {
      const o = b.open(f, A, "datagram");
      assert.ok(
        o instanceof LinkRefusal && (o.code === "LINK_CHALLENGE" || o.code === "LINK_REPLAY"),
        JSON.stringify(o),
      );
    }
    p.wire.length = 0;
    p.send(A, B, probe(5));
    p.run();
    assert.equal(p.delivered(B.ip).length, 5, "the live boot is not disturbed by the replays");
  });

for (const m of MODES)
  test(`the receiver rebooted: the sender's frames with the old echo are refused once, sent again and delivered (${m.mode})`, () => {
    const p = pair(m);
    p.send(A, B, probe(1));
    p.send(B, A, probe(2));
    p.run();
    p.guards.set(B.ip, p.guard(B, 2, 7));
    const before = p.delivered(B.ip).length;
    p.send(A, B, probe(3));
    p.run();
    assert.equal(p.delivered(B.ip).length, before + 1);
    p.send(B, A, probe(4));
    p.run();
    assert.equal(p.delivered(A.ip).length, 2, "and A takes B's new boot");
  });

for (const m of MODES)
  test(`streams: numbers must rise; a new connection (another port) gets its own challenge (${m.mode})`, () => {
    const M = { ip: B.ip, port: 1716 };
    const p = pair({ ...m, b: M });
    p.send(A, M, probe(1), "stream");
    p.run();
    const first = p.send(A, M, probe(2), "stream");
    p.run();
    const b = p.guards.get(B.ip)!;
    assert.equal((b.open(first, A, "stream") as { code: string }).code, "LINK_REPLAY");
    const o = b.open(first, { ip: A.ip, port: 40001 }, "stream");
    assert.equal(
      o instanceof LinkRefusal && o.code,
      "LINK_CHALLENGE",
      "a captured frame does not pass on another connection",
    );
  });

test("compact stamps: once each side proved the other's boot, frames carry boot, number and echo only; hellos and directory batches carry the full stamp", () => {
  const p = pair();
  p.send(A, B, probe(1));
  p.run();
  p.send(B, A, probe(2));
  p.run();
  const compact = stampOf(p.send(A, B, probe(3)));
  assert.ok(compact.echo !== undefined && compact.challenge === undefined && compact.mac === undefined);
  assert.equal(compact.size, 21);
  p.run();
  const batch: Message = {
    fromDevice: "a",
    body: "dirSyncBatch",
    dirSyncBatch: { session: 1, epoch: "e", usn: 0, complete: true },
  };
  const full = stampOf(p.send(A, B, batch));
  assert.ok(full.challenge !== undefined && full.mac !== undefined, "the replicator reads the challenge of a batch");
  p.run();
  assert.equal(p.delivered(B.ip).length, 3);
  assert.deepEqual(p.refusals(B.ip), ["LINK_CHALLENGE"], "only the first contact");
});

for (const m of MODES)
  test(`a frame of one link is refused on another link of the same peer (other port, or stream for datagram): the echo binds it (${m.mode})`, () => {
    const p = pair(m);
    p.send(A, B, probe(1));
    p.send(B, A, probe(2));
    p.run();
    // The same boot is proven on a second port of A too.
    const A2 = { ip: A.ip, port: 1719 };
    const g = p.guards.get(A.ip)!;
    const b = p.guards.get(B.ip)!;
    p.wire.push({ to: B, from: A2, channel: "datagram", frame: g.seal(B, "datagram", probe(3)) });
    p.run();
    for (const w of [...p.wire]) b.open(w.frame, w.from, w.channel);
    p.wire.length = 0;
    // A frame A sent from 1718 replayed as if from 1719, and as if on a stream: each link has its own challenge.
    const captured = p.send(A, B, probe(4));
    p.wire.length = 0;
    const asOtherPort = b.open(captured, A2, "datagram");
    assert.equal(asOtherPort instanceof LinkRefusal && asOtherPort.code, "LINK_CHALLENGE");
    const asStream = b.open(captured, A, "stream");
    assert.equal(asStream instanceof LinkRefusal && asStream.code, "LINK_CHALLENGE");
    assert.ok(!(b.open(captured, A, "datagram") instanceof LinkRefusal), "on its own link it is taken (once)");
  });

for (const m of MODES)
  test(`a replayed frame that misleads the receiver's echo costs one refused frame and one hello, then the link runs again (${m.mode})`, () => {
    const p = pair(m);
    p.send(A, B, probe(1));
    p.send(B, A, probe(2));
    p.run();
    // An authentic frame of A's boot carrying another challenge of A's for any boot of B (as a first frame does): made
    // here by a guard of the same boot whose second challenge it is.
    const twin = p.guard(A, 1, 1);
    twin.seal({ ip: "127.0.9.3", port: 1718 }, "datagram", probe(8));
    const misleading = twin.seal(B, "datagram", probe(9));
    const b = p.guards.get(B.ip)!;
    const refused = b.open(misleading, A, "datagram");
    assert.ok(
      refused instanceof LinkRefusal,
      "not fresh, but its challenge is learned (a first contact must teach it)",
    );
    p.wire.length = 0;
    const before = p.delivered(A.ip).length;
    const refusedBefore = p.refusals(A.ip).length;
    p.send(B, A, probe(5));
    p.run();
    assert.equal(p.delivered(A.ip).length, before + 1, "refused once, answered with a hello, sent again, delivered");
    assert.deepEqual(p.refusals(A.ip).slice(refusedBefore), ["LINK_CHALLENGE"]);
    p.send(B, A, probe(6));
    p.run();
    assert.equal(p.delivered(A.ip).length, before + 2);
  });

for (const m of MODES)
  test(`a new connection to a peer's fixed port: after forget() the first frame carries the full stamp, so the peer's hello echoes it and only the peer refuses once (${m.mode})`, () => {
    const M = { ip: B.ip, port: 1716 };
    const p = pair({ ...m, b: M });
    p.send(A, M, probe(1), "stream");
    p.run();
    p.send(M, A, probe(2), "stream");
    p.run();
    const a = p.guards.get(A.ip)!;
    assert.equal(stampOf(a.seal(M, "stream", probe(3))).challenge, undefined, "compact on the proven link");
    p.wire.length = 0;
    // A disconnects and connects again: B sees a new port (a new link); A's link to B's 1716 is the same record.
    a.forget(M);
    const A2 = { ip: A.ip, port: 40002 };
    const frame = a.seal(M, "stream", probe(4));
    assert.ok(stampOf(frame).challenge !== undefined, "full after forget");
    const before = { a: p.refusals(A.ip).length, b: p.refusals(B.ip).length, delivered: p.delivered(B.ip).length };
    p.wire.push({ to: M, from: A2, channel: "stream", frame });
    for (let n = 0; p.wire.length > 0 && n < 20; n++) {
      const w = p.wire.shift()!;
      // B answers the new connection's port; A's guard sees B's fixed port.
      if (w.to.ip === B.ip) p.got.get(B.ip)!.push(p.guards.get(B.ip)!.open(w.frame, A2, "stream"));
      else p.got.get(A.ip)!.push(a.open(w.frame, M, "stream"));
    }
    assert.deepEqual(
      p.refusals(B.ip).slice(before.b),
      ["LINK_CHALLENGE"],
      "the new link's first frame, as any first contact",
    );
    assert.deepEqual(p.refusals(A.ip).slice(before.a), [], "B's hello echoes A's challenge");
    assert.equal(p.delivered(B.ip).length, before.delivered + 1);
  });

/** Rewrites a frame's CRC after a change, so the change reaches the tag check. */
function openFrameCrc(f: Uint8Array): void {
  let c = ~0;
  for (let i = 8; i < f.length; i++) {
    c ^= f[i]!;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  new DataView(f.buffer, f.byteOffset).setUint32(4, ~c >>> 0);
}

for (const m of MODES)
  test(`a frame sealed for one device is refused by another, whatever it travels as (${m.mode})`, () => {
    const p = pair(m);
    p.send(A, B, probe(1));
    p.run();
    const forB = p.send(A, B, probe(2));
    p.wire.length = 0;
    const c = p.guard({ ip: "127.0.9.3", port: 1718 }, 3, 1);
    const o = c.open(forB, A, "datagram");
    assert.ok(o instanceof LinkRefusal, "refused");
    assert.equal(o.code, "LINK_TAG");
  });

test("carried frames: one not made in this process is refused; a guard without a carrier refuses the flag; bytes are still checked", () => {
  const carried = pair(MODES[1]);
  const frame = carried.send(A, B, probe(1));
  carried.wire.length = 0;
  // The same bytes, another object: no message beside it.
  const copy = Uint8Array.from(frame);
  const b = carried.guards.get(B.ip)!;
  const o = b.open(copy, A, "datagram");
  assert.ok(o instanceof LinkRefusal && o.code === "LINK_TAG", JSON.stringify(o));
  const bytes = pair();
  assert.throws(() => bytes.guards.get(B.ip)!.open(frame, A, "datagram"), /unknown flags 0x2/);
  // A guard with a carrier still opens and checks real sealed frames (a forged one fails its tag).
  const real = bytes.guard(A, 1, 5, GUESS).seal(B, "datagram", probe(1));
  const r = b.open(real, A, "datagram");
  assert.ok(r instanceof LinkRefusal && r.code === "LINK_TAG", JSON.stringify(r));
});
