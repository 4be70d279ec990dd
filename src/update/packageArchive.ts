import { gunzipSync, gzipSync } from "node:zlib";
import { DecodeError } from "../core/errors.js";
import { UpdateCode } from "./errors.js";
import { IMAGE_MAX_BYTES } from "./image.js";

/**
 * The payload `ipdect image build` puts in an image by default: this package's files, so that the image carries the
 * software it names (docs/design.md "Firmware images and banks"). A gzip (RFC 1952) of:
 *
 * | bytes | field |
 * |---|---|
 * | 8 | magic `IPDECTPK` |
 * | 4 | number of files, u32 big-endian |
 * | per file: 2 | path length, u16 |
 * | n | path, UTF-8, relative with `/` (`package.json`, `dist/src/cli/main.js`) |
 * | 4 | file length, u32 |
 * | n | file bytes |
 *
 * Files in path order, so the same files make the same bytes (gzip's header carries no time from node:zlib).
 */
export interface PackageFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

const MAGIC = "IPDECTPK";
/** What an archive may unpack to: four images' worth (source files gzip to about a quarter). */
export const ARCHIVE_MAX_BYTES = 4 * IMAGE_MAX_BYTES;

/** Packs files; throws DecodeError IMAGE_PAYLOAD for a path an unpacker could not put in place safely. */
export function packFiles(files: readonly PackageFile[]): Uint8Array {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parts: Uint8Array[] = [new TextEncoder().encode(MAGIC), u32(sorted.length)];
  for (const f of sorted) {
    const fault = pathFault(f.path);
    if (fault !== undefined) throw payloadError(fault, "package to pack");
    const path = new TextEncoder().encode(f.path);
    parts.push(u16(path.length), path, u32(f.bytes.length), f.bytes);
  }
  return plain(gzipSync(Buffer.concat(parts)));
}

/** Unpacks an archive; DecodeError IMAGE_PAYLOAD says where and why it is not one. */
export function unpackFiles(archive: Uint8Array, source: string): PackageFile[] {
  let raw: Uint8Array;
  try {
    raw = plain(gunzipSync(archive, { maxOutputLength: ARCHIVE_MAX_BYTES }));
  } catch (cause) {
    throw payloadError(`not a package archive (gzip: ${(cause as Error).message})`, source, undefined, cause);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let at = 0;
  const cut = (what: string) => payloadError(`cut short in ${what}`, source, at);
  const take = (n: number, what: string): Uint8Array => {
    if (at + n > raw.length) throw cut(what);
    at += n;
    return raw.subarray(at - n, at);
  };
  const int = (bytes: 2 | 4, what: string): number => {
    if (at + bytes > raw.length) throw cut(what);
    at += bytes;
    return bytes === 2 ? view.getUint16(at - 2) : view.getUint32(at - 4);
  };
  if (new TextDecoder().decode(take(MAGIC.length, "the magic")) !== MAGIC)
    throw payloadError("not a package archive (no IPDECTPK magic)", source, 0);
  const count = int(4, "the file count");
  const files: PackageFile[] = [];
  for (let i = 1; i <= count; i++) {
    const pathAt = at;
    const path = utf8(take(int(2, `file ${i}'s path length`), `file ${i}'s path`));
    const fault = path === undefined ? "not UTF-8" : pathFault(path);
    if (fault !== undefined) throw payloadError(`file ${i}'s path: ${fault}`, source, pathAt);
    files.push({ path: path!, bytes: take(int(4, `${path}'s length`), path!) });
  }
  if (at !== raw.length) throw payloadError(`${raw.length - at} bytes after the last file`, source, at);
  return files;
}

/** A path that stays inside the folder it is unpacked into: relative, `/`-separated, no `.` or `..`, no NUL. */
function pathFault(path: string): string | undefined {
  if (path === "") return "empty";
  if (/\p{Cc}|\\/u.test(path)) return `${JSON.stringify(path)} holds a control character or a backslash`;
  if (path.split("/").some((s) => s === "" || s === "." || s === ".."))
    return `${JSON.stringify(path)} is not a relative path of named folders`;
  if (new TextEncoder().encode(path).length > 0xffff) return "longer than 65535 bytes";
  return undefined;
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function payloadError(reason: string, source: string, offset?: number, cause?: unknown): DecodeError {
  return new DecodeError(UpdateCode.ImagePayload, reason, {
    source,
    ...(offset === undefined ? {} : { offset }),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Node's Buffer as the plain Uint8Array the rest of the code speaks (no copy). */
const plain = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function u16(n: number): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, n);
  return b;
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}
