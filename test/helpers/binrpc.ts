import { randomInt } from "node:crypto";
import { createConnection } from "node:net";

/**
 * A minimal client for kamailio's binrpc (the `ctl` module's protocol, the one `kamcmd` speaks), so a test can read a
 * whole usrloc table: kamcmd itself gives up on replies over 128 KiB ("ERROR: reply too big", about 150 contacts of
 * `ul.dump`). Format as described in kamailio's src/modules/ctl/binrpc.h:
 *
 * - packet: `0xA1` (magic 0xA, version 1), then `type<<4 | (LL-1)<<2 | (CL-1)`, the body length on LL bytes and a
 *   cookie on CL bytes (big endian);
 * - record: `S:1 size:3 type:4`; S=0: size is the value's length; S=1: the length follows on `size` bytes (S=1 with
 *   size 0 ends a struct or an array); ints big endian on the fewest bytes, strings NUL-terminated (the length
 *   counts the NUL), doubles as a fixed-point integer × 1000 whose length takes all 4 bits (8 bytes: 0x82);
 * - a struct is a start tag, name/value pairs (the name a record of type AVP), an end tag; kamailio builds its RPC
 *   "arrays" as structs with one name repeated, so a struct here is a list of entries, not a map.
 */

export const BINRPC_REQ = 0;
export const BINRPC_REPL = 1;
export const BINRPC_FAULT = 3;

const T_INT = 0;
const T_STR = 1;
const T_DOUBLE = 2;
const T_STRUCT = 3;
const T_ARRAY = 4;
const T_AVP = 5;
const T_BYTES = 6;

export type BinrpcValue = number | string | Uint8Array | BinrpcStruct | BinrpcValue[];

/** A binrpc struct: its name/value pairs in order (names may repeat). */
export class BinrpcStruct {
  constructor(readonly entries: readonly (readonly [string, BinrpcValue])[]) {}

  /** The first value named `name`. */
  get(name: string): BinrpcValue | undefined {
    return this.entries.find(([n]) => n === name)?.[1];
  }

  /** Every value named `name`, in order. */
  all(name: string): BinrpcValue[] {
    return this.entries.filter(([n]) => n === name).map(([, v]) => v);
  }
}

export class BinrpcFault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`binrpc fault ${code}: ${message}`);
  }
}

/** The fewest big-endian bytes for `n` as kamailio writes it (0 → no bytes; negative → 4 bytes, two's complement). */
function intBytes(n: number): Buffer {
  const u = n >>> 0;
  const out: number[] = [];
  for (let size = 4; size > 0; size--) {
    const b = (u >>> ((size - 1) * 8)) & 0xff;
    if (out.length === 0 && b === 0) continue;
    out.push(b);
  }
  return Buffer.from(out);
}

/** One record header plus value; a value longer than 7 bytes gets its length written separately (S=1). */
function record(type: number, value: Buffer): Buffer {
  if (value.length <= 7) return Buffer.concat([Buffer.from([(value.length << 4) | type]), value]);
  const len = intBytes(value.length);
  return Buffer.concat([Buffer.from([0x80 | (len.length << 4) | type]), len, value]);
}

/** A request packet: the method name, then string and integer parameters. */
export function encodeRequest(method: string, params: readonly (string | number)[], cookie: number): Buffer {
  const str = (s: string) => record(T_STR, Buffer.concat([Buffer.from(s, "utf8"), Buffer.from([0])]));
  const body = Buffer.concat([
    str(method),
    ...params.map((p) => {
      if (typeof p === "string") return str(p);
      if (!Number.isInteger(p) || p < -(2 ** 31) || p >= 2 ** 31) throw new RangeError(`not a 32-bit int: ${p}`);
      return record(T_INT, intBytes(p));
    }),
  ]);
  return Buffer.concat([header(BINRPC_REQ, body.length, cookie), body]);
}

function header(type: number, bodyLen: number, cookie: number): Buffer {
  const len = intBytes(bodyLen);
  const ck = intBytes(cookie);
  const l = len.length === 0 ? Buffer.from([0]) : len;
  const c = ck.length === 0 ? Buffer.from([0]) : ck;
  return Buffer.concat([Buffer.from([0xa1, (type << 4) | ((l.length - 1) << 2) | (c.length - 1)]), l, c]);
}

export interface BinrpcPacket {
  readonly type: number;
  readonly cookie: number;
  readonly values: BinrpcValue[];
}

/** Length of a whole packet (header plus body) once enough of its header is in `buf`, else undefined. */
export function packetLength(buf: Uint8Array): number | undefined {
  if (buf.length < 2) return undefined;
  if (buf[0] !== 0xa1) throw new Error(`not a binrpc v1 packet (first byte 0x${buf[0]!.toString(16)})`);
  const ll = ((buf[1]! >> 2) & 3) + 1;
  const cl = (buf[1]! & 3) + 1;
  if (buf.length < 2 + ll) return undefined;
  let len = 0;
  for (let i = 0; i < ll; i++) len = len * 256 + buf[2 + i]!;
  return 2 + ll + cl + len;
}

/** Decodes one whole packet. */
export function decodePacket(buf: Uint8Array): BinrpcPacket {
  const total = packetLength(buf);
  if (total === undefined || buf.length < total) throw new Error("binrpc packet truncated");
  const type = buf[1]! >> 4;
  const ll = ((buf[1]! >> 2) & 3) + 1;
  const cl = (buf[1]! & 3) + 1;
  let cookie = 0;
  for (let i = 0; i < cl; i++) cookie = cookie * 256 + buf[2 + ll + i]!;
  const r = new RecordReader(buf.subarray(2 + ll + cl, total));
  const values: BinrpcValue[] = [];
  while (!r.done) {
    const v = r.value();
    if (v === END) throw new Error(`binrpc: unexpected end tag at offset ${r.offset}`);
    values.push(v);
  }
  return { type, cookie, values };
}

const END = Symbol("end");

class RecordReader {
  offset = 0;
  constructor(readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.buf.length;
  }

  #take(n: number): Uint8Array {
    if (this.offset + n > this.buf.length) throw new Error(`binrpc: record runs past the end at ${this.offset}`);
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  /** The next record's type and raw value, or END for a struct/array end tag. */
  #record(): { type: number; value: Uint8Array } | typeof END {
    const h = this.#take(1)[0]!;
    const type = h & 0x0f;
    // A double's length takes all 4 bits: kamailio writes an 8-byte one as 0x82 (binrpc_add_llong_type), and its
    // reader never takes a double's high bit for the "length follows" flag.
    if (type === T_DOUBLE) return { type, value: this.#take(h >> 4) };
    const size = (h >> 4) & 7;
    if ((h & 0x80) === 0) return { type, value: this.#take(size) };
    if (size === 0) {
      if (type === T_STRUCT || type === T_ARRAY) return END;
      throw new Error(`binrpc: reserved record 0x${h.toString(16)} at ${this.offset - 1}`);
    }
    let len = 0;
    for (const b of this.#take(size)) len = len * 256 + b;
    return { type, value: this.#take(len) };
  }

  value(): BinrpcValue | typeof END {
    const rec = this.#record();
    if (rec === END) return END;
    return this.#decode(rec.type, rec.value);
  }

  #decode(type: number, value: Uint8Array): BinrpcValue {
    switch (type) {
      case T_INT:
        return int(value);
      case T_DOUBLE:
        return int(value) / 1000;
      case T_STR:
      case T_AVP:
        return Buffer.from(value.subarray(0, value.length > 0 && value.at(-1) === 0 ? -1 : undefined)).toString();
      case T_BYTES:
        return Buffer.from(value);
      case T_STRUCT:
        return this.#struct();
      case T_ARRAY:
        return this.#array();
      default:
        throw new Error(`binrpc: unknown record type ${type} at ${this.offset}`);
    }
  }

  #struct(): BinrpcStruct {
    const entries: [string, BinrpcValue][] = [];
    for (;;) {
      const name = this.#record();
      if (name === END) return new BinrpcStruct(entries);
      if (name.type !== T_AVP) throw new Error(`binrpc: struct member without a name at ${this.offset}`);
      const v = this.value();
      if (v === END) throw new Error(`binrpc: struct member without a value at ${this.offset}`);
      entries.push([this.#decode(T_AVP, name.value) as string, v]);
    }
  }

  #array(): BinrpcValue[] {
    const items: BinrpcValue[] = [];
    for (;;) {
      const v = this.value();
      if (v === END) return items;
      items.push(v);
    }
  }
}

/** A big-endian integer: 4 bytes are a C int (signed), 8 a long long (signed); fewer are unsigned. */
function int(b: Uint8Array): number {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  if (b.length === 4) n = BigInt.asIntN(32, n);
  else if (b.length === 8) n = BigInt.asIntN(64, n);
  return Number(n);
}

/**
 * Calls `method` over kamailio's ctl socket (`unix:/path` or a path; `tcp:host:port`) and returns the reply's values.
 * A fault reply rejects with a BinrpcFault. The default wait is generous: kamailio's `ul.dump` of 4000 AoRs took
 * over 10 s on this 2-core machine while other test files ran beside it (a stall, not a wrong answer).
 */
export async function binrpcCall(
  socket: string,
  method: string,
  params: readonly (string | number)[] = [],
  timeoutMs = 30_000,
): Promise<BinrpcValue[]> {
  const cookie = randomInt(1, 2 ** 31);
  const request = encodeRequest(method, params, cookie);
  const target = socket.startsWith("tcp:")
    ? { host: socket.slice(4, socket.lastIndexOf(":")), port: Number(socket.slice(socket.lastIndexOf(":") + 1)) }
    : { path: socket.replace(/^unix:/, "") };
  const reply = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let have = 0;
    let need: number | undefined;
    const s = createConnection(target, () => s.write(request));
    s.setTimeout(timeoutMs, () => s.destroy(new Error(`binrpc ${method}: no reply within ${timeoutMs} ms`)));
    s.on("data", (b: Buffer) => {
      chunks.push(b);
      have += b.length;
      try {
        need ??= packetLength(chunks.length === 1 ? b : Buffer.concat(chunks));
      } catch (err) {
        s.destroy(err as Error);
        return;
      }
      if (need !== undefined && have >= need) {
        s.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    s.once("error", reject);
    s.once("close", () => reject(new Error(`binrpc ${method}: connection closed before a whole reply`)));
  });
  const pkt = decodePacket(reply);
  if (pkt.cookie !== cookie) throw new Error(`binrpc ${method}: reply cookie ${pkt.cookie}, sent ${cookie}`);
  if (pkt.type === BINRPC_FAULT) {
    const [code, msg] = pkt.values;
    throw new BinrpcFault(typeof code === "number" ? code : 0, typeof msg === "string" ? msg : String(msg));
  }
  if (pkt.type !== BINRPC_REPL) throw new Error(`binrpc ${method}: packet type ${pkt.type}, not a reply`);
  return pkt.values;
}
