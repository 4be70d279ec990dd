/**
 * What the SNMP real-node tests share: Net-SNMP's command-line tools, a node's YAML, and SNMP messages built and read
 * byte by byte (BER, RFC 3417 §8 and X.690) for what the tools cannot send: malformed, oversized or hand-picked ones.
 */
import { execFile } from "node:child_process";
import type { Socket } from "node:dgram";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a Net-SNMP tool to its end; numeric OIDs, no MIB files (the IPDECT-MIB is not loaded here). */
export function tool(name: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(name, ["-m", "", "-On", ...args], { maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err === null ? 0 : Number((err as { code?: unknown }).code ?? 1), stdout, stderr }),
    );
  });
}

/** A node's YAML: an IPVM Master with the given `snmp` section body. */
export const nodeYaml = (name: string, ip: string, mac: string, snmp: string): string =>
  `name: ${name}\nkind: IPVM\nmac: "${mac}"\nip: ${ip}\nmaster: { mode: active }\nsnmp:\n${snmp}`;

/** The engine ID of a node (RFC 3411 §5 format 3): the ipdect enterprise 99999 with the top bit, then the MAC. */
export const engineIdHex = (mac: string): string => `8001869f03${mac.replaceAll(":", "")}`;

/** BER: a tag, its definite length (short or long form) and the body. */
export function tlv(tag: number, ...body: Buffer[]): Buffer {
  const b = Buffer.concat(body);
  const n = b.length;
  const len =
    n < 128
      ? [n]
      : n < 256
        ? [0x81, n]
        : n < 65536
          ? [0x82, n >> 8, n & 255]
          : [0x83, n >> 16, (n >> 8) & 255, n & 255];
  return Buffer.concat([Buffer.from([tag, ...len]), b]);
}

/** A non-negative INTEGER in the fewest octets. */
export function int(n: number): Buffer {
  const bytes: number[] = [];
  do {
    bytes.unshift(n & 255);
    n = Math.floor(n / 256);
  } while (n > 0);
  if (bytes[0]! >= 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

export const octets = (s: string | Buffer): Buffer => tlv(0x04, Buffer.from(s));

export function oid(text: string): Buffer {
  const arcs = text.replace(/^\./, "").split(".").map(Number);
  const body = [40 * arcs[0]! + arcs[1]!];
  for (const a of arcs.slice(2)) {
    const sub: number[] = [a & 127];
    for (let v = a >> 7; v > 0; v >>= 7) sub.unshift((v & 127) | 128);
    body.push(...sub);
  }
  return tlv(0x06, Buffer.from(body));
}

const NULL = Buffer.from([0x05, 0x00]);
export const PDU = { get: 0xa0, getNext: 0xa1, response: 0xa2, set: 0xa3, getBulk: 0xa5, inform: 0xa6 } as const;

/** A PDU of `oids` with NULL values; for a GetBulk the two middle fields are non-repeaters and max-repetitions. */
export function pdu(type: number, requestId: number, oids: readonly string[], a = 0, b = 0): Buffer {
  const varbinds = tlv(0x30, ...oids.map((o) => tlv(0x30, oid(o), NULL)));
  return tlv(type, int(requestId), int(a), int(b), varbinds);
}

/** An SNMPv1 (version 0) or SNMPv2c (version 1) message (RFC 1157 §4, RFC 1901 §3). */
export const communityMessage = (version: 0 | 1, community: string, body: Buffer): Buffer =>
  tlv(0x30, int(version), octets(community), body);

/**
 * An SNMPv3 noAuthNoPriv message (RFC 3412 §6, RFC 3414 §2.4): the USM parameters in the clear and a plaintext
 * ScopedPDU, reportable flag set.
 */
export function v3Message(o: { msgMaxSize: number; engineId: Buffer; user: string; body: Buffer }): Buffer {
  const header = tlv(0x30, int(4711), int(o.msgMaxSize), octets(Buffer.from([0x04])), int(3));
  const usm = tlv(0x30, octets(o.engineId), int(0), int(0), octets(o.user), octets(""), octets(""));
  const scoped = tlv(0x30, octets(o.engineId), octets(""), o.body);
  return tlv(0x30, int(3), header, octets(usm), scoped);
}

/** Sends one datagram from `socket` to `host:port`; the first datagram back, or undefined after `waitMs`. */
export function exchange(
  socket: Socket,
  host: string,
  port: number,
  packet: Buffer,
  waitMs = 1000,
): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off("message", onMessage);
      resolve(undefined);
    }, waitMs);
    const onMessage = (b: Buffer) => {
      clearTimeout(timer);
      socket.off("message", onMessage);
      resolve(b);
    };
    socket.on("message", onMessage);
    socket.send(packet, port, host);
  });
}

/** One BER element as read: tag, body, and the offset just after it. */
interface Element {
  readonly tag: number;
  readonly body: Buffer;
  readonly end: number;
}

function element(b: Buffer, at: number): Element {
  const tag = b[at]!;
  let len = b[at + 1]!;
  let start = at + 2;
  if (len >= 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i]!;
    start += n;
  }
  return { tag, body: b.subarray(start, start + len), end: start + len };
}

/** The elements of a constructed body, in order. */
function children(body: Buffer): Element[] {
  const out: Element[] = [];
  for (let at = 0; at < body.length;) {
    const e = element(body, at);
    out.push(e);
    at = e.end;
  }
  return out;
}

const intOf = (e: Element): number => e.body.reduce((v, x) => v * 256 + x, 0);

/** The PDU of an SNMPv1/v2c message: its type, request-id, error fields and how many varbinds it carries. */
export function readCommunityPdu(message: Buffer): {
  type: number;
  requestId: number;
  errorStatus: number;
  errorIndex: number;
  varbinds: number;
} {
  const [, , p] = children(element(message, 0).body);
  const [id, status, index, varbinds] = children(p!.body);
  return {
    type: p!.tag,
    requestId: intOf(id!),
    errorStatus: intOf(status!),
    errorIndex: intOf(index!),
    varbinds: children(varbinds!.body).length,
  };
}

function oidText(body: Buffer): string {
  const arcs = [Math.floor(body[0]! / 40), body[0]! % 40];
  let v = 0;
  for (const x of body.subarray(1)) {
    v = v * 128 + (x & 127);
    if (x < 128) {
      arcs.push(v);
      v = 0;
    }
  }
  return arcs.join(".");
}

/** The PDU of a plaintext SNMPv3 message (a Report, RFC 3412 §7.1): its type and the OID of its first varbind. */
export function readV3Pdu(message: Buffer): { type: number; firstOid: string | undefined } {
  const [, , , scoped] = children(element(message, 0).body);
  const p = children(scoped!.body)[2]!;
  const first = children(children(p.body)[3]!.body)[0];
  return { type: p.tag, firstOid: first === undefined ? undefined : oidText(children(first.body)[0]!.body) };
}

/** What an SNMPv3 message's header and USM parameters say (RFC 3412 §6, RFC 3414 §2.4). */
export interface V3Header {
  msgFlags: number;
  engineId: string;
  engineBoots: number;
  engineTime: number;
  user: string;
}

/** The header of an SNMPv3 message: msgFlags (1 auth, 2 priv, 4 reportable) and the USM parameters, engine ID in hex. */
export function readV3Header(message: Buffer): V3Header {
  const [, header, usm] = children(element(message, 0).body);
  const [engineId, boots, time, user] = children(element(usm!.body, 0).body);
  return {
    msgFlags: children(header!.body)[2]!.body[0]!,
    engineId: engineId!.body.toString("hex"),
    engineBoots: intOf(boots!),
    engineTime: intOf(time!),
    user: user!.body.toString(),
  };
}
