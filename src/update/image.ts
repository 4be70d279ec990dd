import { createHash } from "node:crypto";
import { DecodeError } from "../core/errors.js";
import { UpdateCode } from "./errors.js";
import { isProduct, PRODUCTS, type Product } from "./product.js";

/**
 * A firmware image (App. A.1.4 `prot`, §4.18.2): a fixed header that says what the image is, then its payload.
 * The manual does not give the format of its `.bin` files, so this is ours (docs/design.md "Firmware images and
 * banks"). All integers big-endian; texts NUL-padded to their field, a field full to its last byte has no NUL.
 *
 * | offset | bytes | field |
 * |---|---|---|
 * | 0 | 8 | magic `IPDECTFW` (ASCII) |
 * | 8 | 2 | format version, u16, 1 |
 * | 10 | 2 | header length, u16, 120 (the digest included) |
 * | 12 | 8 | product, ASCII (`IPBS2`, `IPBL`, `IPVM` …, App. A.1.3) |
 * | 20 | 32 | version text, UTF-8 (what the Info page's Version line shows, §4.11.1) |
 * | 52 | 32 | build serial, UTF-8 (App. A.1.4's `<build-serial>`: one word, no white space) |
 * | 84 | 4 | payload length, u32 |
 * | 88 | 32 | SHA-256 of bytes 0–87 and the payload |
 * | 120 | n | payload |
 *
 * The digest covers the header too, so a flipped bit in the product or version is a checksum failure like one in
 * the payload. It guards against damage (a cut download, a bad flash), not against forgery: anyone can build an
 * image, and where it may be fetched from is what the device trusts (HTTPS with the trust list, §4.1.10).
 */
const MAGIC = new TextEncoder().encode("IPDECTFW");
/** The format version this code writes and reads. */
export const IMAGE_FORMAT = 1;
const PRODUCT_BYTES = 8;
/** The version text's field: 32 bytes of UTF-8. */
export const IMAGE_VERSION_BYTES = 32;
/** The build serial's field: 32 bytes of UTF-8. */
export const IMAGE_SERIAL_BYTES = 32;
const AT = { format: 8, headerLength: 10, product: 12, version: 20, serial: 52, payloadLength: 84, digest: 88 };
const DIGEST_BYTES = 32;
/** Format 1's header length, the digest included. */
export const IMAGE_HEADER_BYTES = AT.digest + DIGEST_BYTES;
/** The largest image a device takes (header and payload): a bank of flash holds no more (our limit, 64 MiB). */
export const IMAGE_MAX_BYTES = 64 * 1024 * 1024;

/** What an image's header says. */
export interface ImageHeader {
  readonly product: Product;
  readonly version: string;
  readonly serial: string;
  readonly payloadBytes: number;
}

/** A decoded image: its header and its payload (a view into the bytes read). */
export interface Image {
  readonly header: ImageHeader;
  readonly payload: Uint8Array;
}

/** Builds an image; throws DecodeError IMAGE_HEADER naming the field when a value does not fit its field. */
export function buildImage(h: Omit<ImageHeader, "payloadBytes">, payload: Uint8Array): Uint8Array {
  const source = "image to build";
  const version = fieldBytes(h.version, IMAGE_VERSION_BYTES, "version", source);
  const serial = fieldBytes(h.serial, IMAGE_SERIAL_BYTES, "serial", source);
  if (IMAGE_HEADER_BYTES + payload.length > IMAGE_MAX_BYTES)
    throw headerError(
      `payload of ${payload.length} bytes: an image holds at most ${IMAGE_MAX_BYTES - IMAGE_HEADER_BYTES}`,
      source,
      "payload",
    );
  const out = new Uint8Array(IMAGE_HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(AT.format, IMAGE_FORMAT);
  view.setUint16(AT.headerLength, IMAGE_HEADER_BYTES);
  out.set(new TextEncoder().encode(h.product), AT.product);
  out.set(version, AT.version);
  out.set(serial, AT.serial);
  view.setUint32(AT.payloadLength, payload.length);
  out.set(payload, IMAGE_HEADER_BYTES);
  out.set(digestOf(out.subarray(0, AT.digest), payload), AT.digest);
  return out;
}

/**
 * Decodes and verifies an image: magic, format version, header length, the lengths against the bytes there are, the
 * checksum, then the fields. Throws DecodeError IMAGE_HEADER or IMAGE_CHECKSUM saying where (`source`, field, byte
 * offset) and why.
 */
export function readImage(bytes: Uint8Array, source: string): Image {
  const fail = (reason: string, field: string, offset: number) => headerError(reason, source, field, offset);
  if (bytes.length < AT.product) throw fail(`${bytes.length} bytes, too short for an image header`, "header", 0);
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw fail("not a firmware image (no IPDECTFW magic)", "magic", 0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint16(AT.format);
  if (format !== IMAGE_FORMAT)
    throw fail(`format version ${format}, this device reads ${IMAGE_FORMAT}`, "format", AT.format);
  const headerLength = view.getUint16(AT.headerLength);
  if (headerLength !== IMAGE_HEADER_BYTES)
    throw fail(
      `header length ${headerLength}, format ${IMAGE_FORMAT} has ${IMAGE_HEADER_BYTES}`,
      "header length",
      AT.headerLength,
    );
  if (bytes.length < IMAGE_HEADER_BYTES)
    throw fail(`truncated: ${bytes.length} bytes, the header alone has ${IMAGE_HEADER_BYTES}`, "header", bytes.length);
  const payloadBytes = view.getUint32(AT.payloadLength);
  if (payloadBytes > IMAGE_MAX_BYTES - IMAGE_HEADER_BYTES)
    throw fail(
      `payload length ${payloadBytes}: an image holds at most ${IMAGE_MAX_BYTES} bytes`,
      "payload length",
      AT.payloadLength,
    );
  const held = bytes.length - IMAGE_HEADER_BYTES;
  if (held < payloadBytes) throw fail(`truncated: ${held} of ${payloadBytes} payload bytes`, "payload", bytes.length);
  if (held > payloadBytes)
    throw fail(
      `${held - payloadBytes} bytes after the ${payloadBytes}-byte payload`,
      "payload",
      IMAGE_HEADER_BYTES + payloadBytes,
    );
  const payload = bytes.subarray(IMAGE_HEADER_BYTES);
  const digest = digestOf(bytes.subarray(0, AT.digest), payload);
  if (!digest.every((b, i) => bytes[AT.digest + i] === b))
    throw new DecodeError(UpdateCode.ImageChecksum, "SHA-256 does not match: the image is damaged", {
      source,
      field: "checksum",
      offset: AT.digest,
    });
  const product = fieldText(bytes, AT.product, PRODUCT_BYTES, "product", source);
  if (!isProduct(product))
    throw fail(`product ${JSON.stringify(product)} is not one of ${PRODUCTS.join(", ")}`, "product", AT.product);
  const text = (field: "version" | "serial", size: number) =>
    checked(fieldText(bytes, AT[field], size, field, source), field, source, AT[field]);
  const header: ImageHeader = {
    product,
    version: text("version", IMAGE_VERSION_BYTES),
    serial: text("serial", IMAGE_SERIAL_BYTES),
    payloadBytes,
  };
  return { header, payload };
}

/**
 * `readImage` plus the product check: throws DecodeError IMAGE_PRODUCT when the image is for another product. A
 * device's product never changes, so such a file is bad input like a damaged one (400, `ctl` exit 2), not a refusal
 * of the device's state: the cure is the other file (App. A.1.4 names one per product).
 */
export function imageFor(bytes: Uint8Array, product: Product, source: string): Image {
  const image = readImage(bytes, source);
  if (image.header.product !== product)
    throw new DecodeError(
      UpdateCode.ImageProduct,
      `an image for ${image.header.product}, this device is an ${product} and takes ${product} images`,
      { source, field: "product", offset: AT.product },
    );
  return image;
}

function headerError(reason: string, source: string, field: string, offset?: number): DecodeError {
  return new DecodeError(UpdateCode.ImageHeader, reason, {
    source,
    field,
    ...(offset === undefined ? {} : { offset }),
  });
}

function digestOf(head: Uint8Array, payload: Uint8Array): Uint8Array {
  return createHash("sha256").update(head).update(payload).digest();
}

/**
 * What a version or serial may hold: at least one character, no control character; a build serial is one word of a
 * command file line (App. A.1.4), so no white space either. The reason it may not, or undefined.
 */
function textFault(text: string, field: "version" | "serial"): string | undefined {
  if (text === "") return "empty";
  if (/\p{Cc}/u.test(text)) return "holds a control character";
  if (field === "serial" && /\s/u.test(text)) return "holds white space (a build serial is one word, App. A.1.4)";
  return undefined;
}

function checked(text: string, field: "version" | "serial", source: string, offset: number): string {
  const fault = textFault(text, field);
  if (fault !== undefined) throw headerError(fault, source, field, offset);
  return text;
}

function fieldBytes(text: string, size: number, field: "version" | "serial", source: string): Uint8Array {
  const fault = textFault(text, field);
  if (fault !== undefined) throw headerError(`${JSON.stringify(text)} ${fault}`, source, field);
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > size)
    throw headerError(
      `${JSON.stringify(text)} is ${bytes.length} bytes of UTF-8, the field holds ${size}`,
      source,
      field,
    );
  return bytes;
}

/** A NUL-padded text field: the text ends at the first NUL and only NULs may follow it. */
function fieldText(bytes: Uint8Array, at: number, size: number, field: string, source: string): string {
  const raw = bytes.subarray(at, at + size);
  const end = raw.indexOf(0) === -1 ? size : raw.indexOf(0);
  if (raw.subarray(end).some((b) => b !== 0))
    throw headerError("bytes after the NUL padding starts", source, field, at + end);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(raw.subarray(0, end));
  } catch (cause) {
    throw new DecodeError(UpdateCode.ImageHeader, "not UTF-8", { source, field, offset: at, cause });
  }
}
