/**
 * node dist/bench/linkMac.js
 * Microseconds per frame tag: the HMAC-SHA256 the device links used before (node:crypto `createHmac` on a KeyObject,
 * four updates, cut to 16 bytes) against the BLAKE3 keyed tag they use now (`LinkKey.tag`, hash-wasm), for a sealed
 * heartbeat (the sim's commonest frame) and a 120-byte Envelope. Alternating rounds, the median of each kept
 * (docs/performance.md "Device links"; docs/design.md "Why BLAKE3 through hash-wasm").
 */
import { createHmac, createSecretKey } from "node:crypto";
import { LinkKey } from "../src/role/linkKey.js";
import { encodeSealedFrame } from "../src/wire/frame.js";
import type { Message } from "../src/wire/codec.js";
import { machine } from "./lib/machine.js";

const ROUNDS = 7;
const PER_ROUND = 100_000;
const key = await LinkKey.of({ name: "bench", password: "bench-Pw1" });
const to = LinkKey.address("10.0.1.23");
const hmacKey = createSecretKey(new Uint8Array(32).fill(7));
const SEPARATOR = new Uint8Array([0]);
const n8 = (b: number) => new Uint8Array(8).fill(b);

const heartbeat: Message = {
  fromDevice: "ipbs-0042",
  body: "radioHeartbeat",
  radioHeartbeat: { mac: Uint8Array.from([0, 0x90, 0x33, 0, 0, 42]), attempt: 1, seq: 1234 },
};
const big: Message = { ...heartbeat, fromDevice: "d".repeat(64) + "x".repeat(30) };
const frames = [heartbeat, big].map((m) =>
  encodeSealedFrame(m, { seq: 77, boot: n8(1), echo: n8(2) }, () => new Uint8Array(16)),
);

function hmacTag(frame: Uint8Array): Uint8Array {
  const h = createHmac("sha256", hmacKey).update("10.0.1.23").update(SEPARATOR).update(frame.subarray(0, 4));
  return h.update(frame.subarray(24)).digest().subarray(0, 16);
}

function time(fn: (f: Uint8Array) => Uint8Array, frame: Uint8Array): number {
  const t0 = performance.now();
  for (let i = 0; i < PER_ROUND; i++) fn(frame);
  return ((performance.now() - t0) * 1000) / PER_ROUND;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const results = frames.map((frame) => {
  const hmac: number[] = [];
  const blake3: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    hmac.push(time(hmacTag, frame));
    blake3.push(time((f) => key.tag(to, f), frame));
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    taggedBytes: to.length + 4 + frame.length - 24,
    hmacSha256Us: round(median(hmac)),
    blake3Us: round(median(blake3)),
    rounds: { hmac: hmac.map(round), blake3: blake3.map(round) },
  };
});
console.log(JSON.stringify({ benchmark: "linkMac", machine: machine(), results }, null, 2));
