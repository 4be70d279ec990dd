import { createSocket, type RemoteInfo } from "node:dgram";
import { IoError } from "../../core/errors.js";
import { UpdateCode } from "../../update/errors.js";
import { urlForLog, type UpdateUrl } from "../../update/updateUrl.js";

/** RFC 1350 §5 opcodes, and RFC 2347's option acknowledgment. */
const RRQ = 1;
const DATA = 3;
const ACK = 4;
const ERROR = 5;
const OACK = 6;
const FILE_NOT_FOUND = 1;
/** RFC 1350: blocks of 512 bytes unless RFC 2348's blksize is agreed; 1428 fills an Ethernet frame. */
const DEFAULT_BLOCK = 512;
const ASKED_BLOCK = 1428;
const TFTP_PORT = 69;
/** Each packet is sent again after this long without an answer, up to RETRIES times (RFC 1350 §2). */
const RETRY_MS = 1000;
const RETRIES = 5;

/**
 * Reads one file over TFTP (RFC 1350, octet mode, with RFC 2348's block size when the server agrees), for the update
 * client's `tftp://` URLs (App. A.1.1). Written here rather than taken from npm: the packages for it are unmaintained
 * and a read is four packet types (docs/design.md "Update server"). The transfer ID is the port of the server's first
 * answer; packets from anywhere else are ignored (RFC 1350 §4).
 */
export function tftpGet(url: UpdateUrl, maxBytes: number, localAddress: string): Promise<Uint8Array> {
  const fail = (reason: string) => new IoError(UpdateCode.UpFetch, `${urlForLog(url)}: ${reason}`);
  const file = url.path.replace(/^\//, "");
  return new Promise((resolve, reject) => {
    const sock = createSocket("udp4");
    const chunks: Buffer[] = [];
    let size = 0;
    let block = DEFAULT_BLOCK;
    let expected = 1;
    let peer: number | undefined;
    let last: Buffer = request(file);
    let tries = 0;
    let timer: NodeJS.Timeout | undefined;
    const end = (err?: Error) => {
      clearTimeout(timer);
      sock.close();
      if (err === undefined) resolve(new Uint8Array(Buffer.concat(chunks)));
      else reject(err);
    };
    const send = (packet: Buffer) => {
      last = packet;
      tries = 0;
      transmit();
    };
    const transmit = () => {
      clearTimeout(timer);
      if (tries++ > RETRIES) return end(fail(`no answer after ${RETRIES} retries`));
      sock.send(last, peer ?? url.port ?? TFTP_PORT, url.host);
      timer = setTimeout(transmit, RETRY_MS);
    };
    sock.on("message", (msg: Buffer, from: RemoteInfo) => {
      if (from.address !== url.host || (peer !== undefined && from.port !== peer) || msg.length < 4) return;
      peer ??= from.port;
      const op = msg.readUInt16BE(0);
      if (op === ERROR) {
        const code = msg.readUInt16BE(2);
        const reason = `${urlForLog(url)}: TFTP error ${code}: ${cString(msg, 4)}`;
        // RFC 1350 §5 error 1 "File not found": the server has no such file.
        return end(new IoError(code === FILE_NOT_FOUND ? UpdateCode.UpNotFound : UpdateCode.UpFetch, reason));
      }
      if (op === OACK && expected === 1) {
        block = agreedBlock(msg) ?? DEFAULT_BLOCK;
        return send(ack(0));
      }
      if (op !== DATA) return;
      const n = msg.readUInt16BE(2);
      if (n !== (expected & 0xffff)) return;
      const data = msg.subarray(4);
      size += data.length;
      if (size > maxBytes) return end(fail(`larger than ${maxBytes} bytes`));
      chunks.push(Buffer.from(data));
      expected++;
      send(ack(n));
      if (data.length < block) end();
    });
    sock.once("error", (err) => end(fail(err.message)));
    sock.bind({ address: localAddress, port: 0 }, transmit);
  });
}

function request(file: string): Buffer {
  const parts = [file, "octet", "blksize", String(ASKED_BLOCK)];
  const body = Buffer.concat(parts.map((p) => Buffer.from(`${p}\0`, "ascii")));
  const head = Buffer.alloc(2);
  head.writeUInt16BE(RRQ);
  return Buffer.concat([head, body]);
}

function ack(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16BE(ACK, 0);
  b.writeUInt16BE(n, 2);
  return b;
}

/** RFC 2347 OACK: option, value, … as NUL-terminated strings; the block size the server agreed to. */
function agreedBlock(msg: Buffer): number | undefined {
  const words = msg.subarray(2).toString("ascii").split("\0");
  const i = words.findIndex((w) => w.toLowerCase() === "blksize");
  const n = i < 0 ? NaN : Number(words[i + 1]);
  return Number.isInteger(n) && n >= 8 && n <= 65464 ? n : undefined;
}

function cString(b: Buffer, from: number): string {
  const end = b.indexOf(0, from);
  return b.subarray(from, end < 0 ? b.length : end).toString("utf8");
}
