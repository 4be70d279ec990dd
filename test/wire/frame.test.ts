import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { DecodeError } from "../../src/core/errors.js";
import { Mac } from "../../src/core/identity/Mac.js";
import { type Message } from "../../src/wire/codec.js";
import { crc32, crc32Bytewise } from "../../src/wire/crc32.js";
import {
  decodeFrame,
  encodeFrame,
  encodeSealedFrame,
  envelopeAt,
  FRAME_HEADER,
  lengthPrefixed,
  MAX_FRAME,
  openFrame,
  SEALED_BODY_AT,
  StreamDeframer,
} from "../../src/wire/frame.js";
import { STAMP_BOOT_AT, stampChallengeAt, stampSize, stampWord, type LinkStamp } from "../../src/wire/stamp.js";

const RUNS = { seed: 20240611, numRuns: 300 };

/** A plain Uint8Array (not a Buffer), so deepStrictEqual compares like with like. */
const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ""), "hex"));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A frame with a correct header and CRC around any payload, so only the payload can be at fault. */
function frameAround(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER + payload.length);
  out.set([0x49, 0x44, 0x01, 0x00]);
  new DataView(out.buffer).setUint32(4, crc32(payload));
  out.set(payload, FRAME_HEADER);
  return out;
}

/** Asserts that `fn` throws a DecodeError with this code and this byte offset. */
function assertDecodeError(fn: () => unknown, code: string, offset: number): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DecodeError, `expected a DecodeError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.context.offset, offset);
    return true;
  });
}

// ---- golden vector ---------------------------------------------------------------------------------------------

const HEARTBEAT: Message = {
  fromDevice: "radio-1",
  body: "radioHeartbeat",
  radioHeartbeat: { mac: Mac.parse("00:90:33:00:02:01").bytes, attempt: 1, seq: 7 },
};

/*
 * Hand-checked against frame.ts and proto/ipdect.proto:
 *   49 44        magic "ID"
 *   01           version 1
 *   00           flags 0
 *   36 0e 24 99  CRC-32 of the 23-byte payload, big-endian (python: binascii.crc32(payload) == 0x360e2499)
 *   0a 07 "radio-1"                    Envelope.from_device (field 1, LEN 7)
 *   62 0c                              Envelope.radio_heartbeat (field 12, LEN 12)
 *     0a 06 00 90 33 00 02 01          RadioHeartbeat.mac (field 1, LEN 6)
 *     10 01                            RadioHeartbeat.attempt (field 2) = 1
 *     18 07                            RadioHeartbeat.seq (field 3) = 7
 */
const HEARTBEAT_HEX = "49440100 360e2499 0a07726164696f2d31 620c 0a06009033000201 1001 1807".replace(/\s+/g, "");

test("golden vector: encodeFrame(radioHeartbeat) is magic 49 44, version 01, flags 00, big-endian CRC-32, Envelope", () => {
  assert.equal(toHex(encodeFrame(HEARTBEAT)), HEARTBEAT_HEX);
});

test("golden vector: decodeFrame(hex) gives the radioHeartbeat back", () => {
  const msg = decodeFrame(fromHex(HEARTBEAT_HEX));
  assert.equal(msg.fromDevice, "radio-1");
  assert.equal(msg.body, "radioHeartbeat");
  assert.ok(msg.body === "radioHeartbeat");
  // The body is a protobufjs message object; compare its own fields as a plain object.
  assert.deepStrictEqual({ ...msg.radioHeartbeat }, { mac: fromHex("009033000201"), attempt: 1, seq: 7 });
});

test("golden vector: the header's CRC field is crc32 of the payload (bytes 8..), big-endian", () => {
  const frame = fromHex(HEARTBEAT_HEX);
  const want = new DataView(frame.buffer).getUint32(4, false);
  assert.equal(crc32(frame.subarray(FRAME_HEADER)), want);
  assert.equal(want, 0x360e2499);
});

test("lengthPrefixed puts a 4-byte big-endian length before the frame (stream framing)", () => {
  const frame = fromHex(HEARTBEAT_HEX);
  const out = lengthPrefixed(frame);
  assert.equal(toHex(out.subarray(0, 4)), "0000001f"); // 31 bytes = 8 header + 23 payload
  assert.deepStrictEqual(out.subarray(4), frame);
});

// ---- crc32 -----------------------------------------------------------------------------------------------------

test('crc32 (IEEE 802.3, reflected, 0xEDB88320) of "123456789" is the check value 0xCBF43926', () => {
  assert.equal(crc32(ascii("123456789")), 0xcbf43926);
});

test("crc32 (slicing-by-8) equals the byte-at-a-time table method for every length 0..300 and start 0..9", () => {
  const bytes = Uint8Array.from({ length: 310 }, (_, i) => (i * 151 + 7) & 0xff);
  for (let from = 0; from < 10; from++)
    for (let n = from; n <= 300 + from; n++) {
      const slice = bytes.subarray(0, n);
      assert.equal(crc32(slice, from), crc32Bytewise(slice.subarray(from)), `length ${n}, from ${from}`);
    }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (b) => crc32(b) === crc32Bytewise(b)),
    RUNS,
  );
});

test("crc32 of no bytes is 0, and of one zero byte is 0xD202EF8D (IEEE 802.3)", () => {
  assert.equal(crc32(new Uint8Array(0)), 0);
  assert.equal(crc32(new Uint8Array([0])), 0xd202ef8d);
});

// ---- rejections ------------------------------------------------------------------------------------------------

test("a frame shorter than the 8-byte header is rejected (FRAME_SHORT, offset = its length)", () => {
  const frame = fromHex(HEARTBEAT_HEX);
  assertDecodeError(() => decodeFrame(frame.subarray(0, 7)), "FRAME_SHORT", 7);
  assertDecodeError(() => decodeFrame(new Uint8Array(0)), "FRAME_SHORT", 0);
});

test('a frame without the magic "ID" (0x49 0x44) is rejected (FRAME_MAGIC, offset 0)', () => {
  for (const i of [0, 1]) {
    const frame = fromHex(HEARTBEAT_HEX);
    frame[i] = frame[i]! ^ 0x20; // "id" instead of "ID"
    assertDecodeError(() => decodeFrame(frame), "FRAME_MAGIC", 0);
  }
});

test("a frame of another version than 1 is rejected (FRAME_VERSION, offset 2)", () => {
  for (const v of [0, 2, 0xff]) {
    const frame = fromHex(HEARTBEAT_HEX);
    frame[2] = v;
    assertDecodeError(() => decodeFrame(frame), "FRAME_VERSION", 2);
  }
});

test("a frame with flags other than 0 and SEALED (0x01) is rejected (FRAME_FLAGS, offset 3)", () => {
  for (const f of [0x02, 0x03, 0x80]) {
    const frame = fromHex(HEARTBEAT_HEX);
    frame[3] = f;
    assertDecodeError(() => decodeFrame(frame), "FRAME_FLAGS", 3);
  }
});

test("a corrupted payload byte fails the CRC instead of decoding into another message (FRAME_CRC, offset 4)", () => {
  const frame = fromHex(HEARTBEAT_HEX);
  frame[frame.length - 1] = 0x08; // seq 7 → 8 would still be a valid Envelope
  assertDecodeError(() => decodeFrame(frame), "FRAME_CRC", 4);
});

test("a truncated frame fails the CRC (FRAME_CRC, offset 4)", () => {
  const frame = fromHex(HEARTBEAT_HEX);
  assertDecodeError(() => decodeFrame(frame.subarray(0, frame.length - 2)), "FRAME_CRC", 4);
});

test("a valid CRC over bytes that are not protobuf is rejected (FRAME_PROTOBUF, offset 8 = payload start)", () => {
  // 0a 05 61: from_device claims 5 bytes but only 1 follows.
  assertDecodeError(() => decodeFrame(frameAround(fromHex("0a0561"))), "FRAME_PROTOBUF", 8);
  // ff: a varint tag that never ends.
  assertDecodeError(() => decodeFrame(frameAround(fromHex("ff"))), "FRAME_PROTOBUF", 8);
});

test("an Envelope that carries no message body is rejected (FRAME_NO_BODY, offset 8)", () => {
  assertDecodeError(() => decodeFrame(frameAround(fromHex("0a0161"))), "FRAME_NO_BODY", 8); // from_device "a" only
  assertDecodeError(() => decodeFrame(frameAround(new Uint8Array(0))), "FRAME_NO_BODY", 8); // empty Envelope
});

test("an Envelope with unknown fields is rejected (FRAME_UNKNOWN_FIELDS, offset 8)", () => {
  // 62 00: empty radio_heartbeat; 98 06 01: field 99, varint 1 (not in proto/ipdect.proto).
  assertDecodeError(() => decodeFrame(frameAround(fromHex("6200 980601"))), "FRAME_UNKNOWN_FIELDS", 8);
  // 62 03 98 06 01: a radio_heartbeat that itself carries field 99.
  assertDecodeError(() => decodeFrame(frameAround(fromHex("6203 980601"))), "FRAME_UNKNOWN_FIELDS", 8);
});

test("an Envelope with two bodies decodes to the last one (protobuf's oneof rule), whichever comes first", () => {
  // 62 00: an empty radio_heartbeat; a2 01 00: an empty peer_probe (field 20).
  const probeLast = decodeFrame(frameAround(fromHex("6200 a20100")));
  assert.equal(probeLast.body, "peerProbe");
  assert.equal((probeLast as unknown as Record<string, unknown>).radioHeartbeat, undefined);
  const heartbeatLast = decodeFrame(frameAround(fromHex("a20100 6200")));
  assert.equal(heartbeatLast.body, "radioHeartbeat");
  assert.equal((heartbeatLast as unknown as Record<string, unknown>).peerProbe, undefined);
  // The same body twice is merged, as protobuf merges a repeated message field: seq 7 then attempt 1.
  const twice = decodeFrame(frameAround(fromHex("62021807 62021001")));
  assert.deepEqual(
    { ...(twice as Extract<Message, { body: "radioHeartbeat" }>).radioHeartbeat },
    { attempt: 1, seq: 7 },
  );
});

// ---- sealed frames: tag room and link stamp --------------------------------------------------------------------

const n8 = (b: number) => Uint8Array.from([b, b, b, b, b, b, b, b]);
const FULL: LinkStamp = {
  seq: 0x01020304,
  boot: n8(1),
  echo: n8(2),
  mac: Uint8Array.from([0, 0x90, 0x33, 0, 2, 1]),
  challenge: n8(3),
  challengeFor: n8(4),
};
const COMPACT: LinkStamp = { seq: 9, boot: n8(1), echo: n8(2) };
const FIRST: LinkStamp = { seq: 1, boot: n8(1), mac: FULL.mac, challenge: n8(3) };
const ZERO_TAG = () => new Uint8Array(16).fill(0xab);

test("sealed frame: flags SEALED, the tag after the header, then the stamp (flags, seq big-endian, boot, echo, MAC and challenge, challenge_for), then the Envelope", () => {
  const frame = encodeSealedFrame(HEARTBEAT, FULL, ZERO_TAG);
  assert.equal(toHex(frame.subarray(0, 4)), "49440101");
  assert.equal(toHex(frame.subarray(8, 24)), "ab".repeat(16));
  assert.equal(
    toHex(frame.subarray(SEALED_BODY_AT, SEALED_BODY_AT + stampSize(FULL))),
    "07" + "01020304" + "01".repeat(8) + "02".repeat(8) + "009033000201" + "03".repeat(8) + "04".repeat(8),
  );
  assert.equal(toHex(frame.subarray(SEALED_BODY_AT + stampSize(FULL))), HEARTBEAT_HEX.slice(16));
  assert.equal(stampSize(COMPACT), 21, "a proven link's stamp: flags, seq, boot, echo");
  for (const stamp of [FULL, COMPACT, FIRST, { seq: 2, boot: n8(5) }]) {
    const frame = encodeSealedFrame(HEARTBEAT, stamp, ZERO_TAG);
    const opened = openFrame(frame);
    assert.ok(opened.stamp !== undefined && opened.stamp === opened.msg.link);
    const { link, ...msg } = opened.msg as Extract<Message, { body: "radioHeartbeat" }>;
    assert.deepEqual({ ...msg, radioHeartbeat: { ...msg.radioHeartbeat } }, HEARTBEAT);
    assert.deepEqual(
      Object.fromEntries(Object.entries(link!.toJSON()).filter(([, v]) => v !== undefined)),
      Object.fromEntries(Object.entries(stamp).filter(([, v]) => v !== undefined)),
    );
    // The guard's way of reading it (src/role/LinkGuard.ts): in place, nonces as 32-bit halves.
    assert.equal(envelopeAt(frame), SEALED_BODY_AT + stampSize(stamp));
    assert.equal(stampWord(frame, SEALED_BODY_AT + 1) >>> 0, stamp.seq);
    assert.equal(stampWord(frame, SEALED_BODY_AT + STAMP_BOOT_AT + 4), stampWord(stamp.boot, 4));
    if (stamp.challenge !== undefined)
      assert.equal(stampWord(frame, SEALED_BODY_AT + stampChallengeAt(frame[SEALED_BODY_AT]!)), stampWord(n8(3), 0));
  }
  assert.equal(openFrame(encodeFrame(HEARTBEAT)).stamp, undefined);
});

test("sealed frame: the Sealer gets the frame with its tag room empty and its tag written; a stamp the message carries is not used", () => {
  let seen: Uint8Array | undefined;
  const received = { ...HEARTBEAT, link: FULL } as Message;
  const frame = encodeSealedFrame(received, COMPACT, (f) => {
    seen = Uint8Array.from(f);
    return ZERO_TAG();
  });
  assert.equal(toHex(seen!.subarray(8, 24)), "00".repeat(16));
  assert.deepEqual(seen!.subarray(SEALED_BODY_AT), frame.subarray(SEALED_BODY_AT));
  assert.equal(openFrame(frame).msg.link!.seq, 9);
  assert.throws(() => encodeSealedFrame(HEARTBEAT, { seq: 1, boot: new Uint8Array(7) }, ZERO_TAG), RangeError);
  assert.throws(() => encodeSealedFrame(HEARTBEAT, { seq: 1, boot: n8(1), mac: FULL.mac }, ZERO_TAG), RangeError);
});

test("sealed frame: a stamp with unknown flags, challenge_for without a challenge, or cut short is rejected (LINK_STAMP)", () => {
  const sealed = (stampHex: string) => {
    const payload = fromHex("ab".repeat(16) + stampHex + "6200");
    const f = frameAround(payload);
    f[3] = 0x01;
    return f;
  };
  const head = "00000009" + "01".repeat(8);
  assertDecodeError(() => openFrame(sealed("08" + head)), "LINK_STAMP", SEALED_BODY_AT);
  assertDecodeError(() => openFrame(sealed("04" + head + "04".repeat(8))), "LINK_STAMP", SEALED_BODY_AT);
  // ECHO set, the echo missing: the stamp's flags call for 8 more bytes than the frame has (2 bytes of Envelope).
  assertDecodeError(() => openFrame(sealed("01" + head)), "LINK_STAMP", SEALED_BODY_AT + 13 + 2);
  assertDecodeError(() => openFrame(sealed("00" + "0000")), "LINK_STAMP", SEALED_BODY_AT + 3 + 2);
  assert.equal(openFrame(sealed("00" + head)).msg.link!.seq, 9);
});

test("from_device is at most 64 characters (FRAME_NAME_TOO_LONG at 65, offset 8)", () => {
  const named = (n: number): Message => ({ ...HEARTBEAT, fromDevice: "r".repeat(n) });
  assert.equal(decodeFrame(encodeFrame(named(64))).fromDevice, "r".repeat(64));
  assertDecodeError(() => decodeFrame(encodeFrame(named(65))), "FRAME_NAME_TOO_LONG", 8);
});

test("the offset of a rejection is relative to the frame, also inside a larger buffer (subarray)", () => {
  const frame = fromHex(HEARTBEAT_HEX);
  const big = new Uint8Array(100 + frame.length);
  big.set(frame, 100);
  assert.equal(decodeFrame(big.subarray(100)).fromDevice, "radio-1");
  big[103] = 2;
  assertDecodeError(() => decodeFrame(big.subarray(100)), "FRAME_FLAGS", 3);
});

// ---- stream framing --------------------------------------------------------------------------------------------

const SECOND: Message = {
  fromDevice: "ipbl-2",
  body: "radioStatus",
  radioStatus: { standing: 1, attempt: 3, seq: 9, redirectTo: "", masterId: 2, reason: "", leaseMs: 30000 },
};

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

test("StreamDeframer: two frames split at every possible byte boundary reassemble into the same two frames", () => {
  const f1 = encodeFrame(HEARTBEAT);
  const f2 = encodeFrame(SECOND);
  const stream = concat(lengthPrefixed(f1), lengthPrefixed(f2));
  for (let cut = 0; cut <= stream.length; cut++) {
    const d = new StreamDeframer();
    const got = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
    assert.deepStrictEqual(got, [f1, f2], `cut at ${cut}`);
  }
  for (let a = 0; a <= stream.length; a++)
    for (let b = a; b <= stream.length; b++) {
      const d = new StreamDeframer();
      const got = [stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)].flatMap((c) => d.push(c));
      assert.deepStrictEqual(got, [f1, f2], `cuts at ${a} and ${b}`);
    }
});

test("StreamDeframer: a stream fed one byte at a time gives each frame once it is complete", () => {
  const f1 = encodeFrame(HEARTBEAT);
  const stream = lengthPrefixed(f1);
  const d = new StreamDeframer();
  for (let i = 0; i < stream.length - 1; i++)
    assert.deepStrictEqual(d.push(stream.subarray(i, i + 1)), [], `byte ${i}`);
  assert.deepStrictEqual(d.push(stream.subarray(stream.length - 1)), [f1]);
});

test("StreamDeframer: two frames in one chunk come out as two frames, in order", () => {
  const f1 = encodeFrame(HEARTBEAT);
  const f2 = encodeFrame(SECOND);
  const got = new StreamDeframer().push(concat(lengthPrefixed(f1), lengthPrefixed(f2)));
  assert.deepStrictEqual(got, [f1, f2]);
  assert.equal(decodeFrame(got[1]!).body, "radioStatus");
});

const prefix = (len: number): Uint8Array => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, len);
  return out;
};

test("StreamDeframer: an impossible length (0, 7, MAX_FRAME + 1, 2^32 - 1) throws STREAM_LENGTH at the prefix's offset", () => {
  for (const len of [0, 7, MAX_FRAME + 1, 0xffffffff]) {
    assertDecodeError(() => new StreamDeframer().push(prefix(len)), "STREAM_LENGTH", 0);
  }
});

test("StreamDeframer: the STREAM_LENGTH offset counts the bytes of the frames already cut from the stream", () => {
  const good = lengthPrefixed(encodeFrame(HEARTBEAT)); // 35 bytes
  const d = new StreamDeframer();
  assert.equal(d.push(good).length, 1);
  assert.equal(d.push(good.subarray(0, 10)).length, 0);
  // The bad prefix starts after 35 + 35 bytes, and arrives split over two chunks.
  assert.equal(d.push(good.subarray(10)).length, 1);
  assert.equal(d.push(prefix(7).subarray(0, 2)).length, 0);
  assertDecodeError(() => d.push(prefix(7).subarray(2)), "STREAM_LENGTH", 70);
});

test("StreamDeframer: the smallest (8, header only) and largest (MAX_FRAME) lengths are accepted", () => {
  const d = new StreamDeframer();
  const headerOnly = new Uint8Array(FRAME_HEADER);
  assert.deepStrictEqual(d.push(concat(prefix(FRAME_HEADER), headerOnly)), [headerOnly]);
  assert.deepStrictEqual(d.push(prefix(MAX_FRAME)), []); // waits for the 1 MiB body instead of throwing
});

// ---- properties ------------------------------------------------------------------------------------------------

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const name = fc.string({ maxLength: 64 });
const macBytes = fc.uint8Array({ minLength: 6, maxLength: 6 });
const message: fc.Arbitrary<Message> = fc.oneof(
  fc.record({
    fromDevice: name,
    body: fc.constant("radioHeartbeat" as const),
    radioHeartbeat: fc.record({ mac: macBytes, attempt: u32, seq: u32 }),
  }),
  fc.record({
    fromDevice: name,
    body: fc.constant("radioStatus" as const),
    radioStatus: fc.record({
      standing: fc.integer({ min: 0, max: 4 }),
      attempt: u32,
      seq: u32,
      redirectTo: name,
      masterId: u32,
      reason: name,
      leaseMs: u32,
    }),
  }),
  fc.record({
    fromDevice: name,
    body: fc.constant("peerProbe" as const),
    peerProbe: fc.record({
      seq: u32,
      active: fc.boolean(),
      term: u32,
      masterId: u32,
      knownVersion: u32,
      knownRadios: fc.array(macBytes, { maxLength: 5 }),
      knownIncluded: fc.boolean(),
      knownTerm: u32,
    }),
  }),
  fc.record({
    fromDevice: name,
    body: fc.constant("mirrorTakeOver" as const),
    mirrorTakeOver: fc.record({ term: u32 }),
  }),
);

test("property: decodeFrame then encodeFrame gives the same bytes (the codec goes both ways)", () => {
  fc.assert(
    fc.property(message, (msg) => {
      const frame = encodeFrame(msg);
      const back = decodeFrame(frame);
      assert.equal(back.body, msg.body);
      assert.equal(back.fromDevice, msg.fromDevice);
      assert.deepStrictEqual(encodeFrame(back), frame);
    }),
    RUNS,
  );
});

test("property: any single-byte change of a valid frame is rejected (magic, version, flags or CRC catches it)", () => {
  fc.assert(
    fc.property(message, fc.nat(), fc.integer({ min: 1, max: 255 }), (msg, at, xor) => {
      const frame = encodeFrame(msg);
      const i = at % frame.length;
      frame[i] = frame[i]! ^ xor;
      const want = i < 2 ? "FRAME_MAGIC" : i === 2 ? "FRAME_VERSION" : i === 3 ? "FRAME_FLAGS" : "FRAME_CRC";
      assertDecodeError(() => decodeFrame(frame), want, i < 2 ? 0 : Math.min(i, 4));
    }),
    RUNS,
  );
});
