import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DecodeError } from "../../src/core/errors.js";
import { UpdateCode } from "../../src/update/errors.js";
import {
  buildImage,
  IMAGE_HEADER_BYTES,
  IMAGE_MAX_BYTES,
  IMAGE_SERIAL_BYTES,
  IMAGE_VERSION_BYTES,
  imageFor,
  readImage,
} from "../../src/update/image.js";
import { PRODUCTS } from "../../src/update/product.js";
import { resealed, sampleImage, throwsCode } from "./imageBytes.js";

const text = (s: string) => new TextEncoder().encode(s);
const SRC = "ipbs2.bin";

describe('firmware image format (docs/design.md "Firmware images and banks")', () => {
  test("golden bytes: magic, format 1, header length 120, NUL-padded fields, payload length, SHA-256", () => {
    const image = sampleImage();
    assert.equal(image.length, 120 + 8);
    assert.equal(Buffer.from(image.subarray(0, 12)).toString("hex"), "49504445435446570001" + "0078");
    assert.equal(Buffer.from(image.subarray(12, 20)).toString("latin1"), "IPBS2\0\0\0");
    assert.equal(Buffer.from(image.subarray(20, 52)).toString("latin1"), "2.0.0".padEnd(32, "\0"));
    assert.equal(Buffer.from(image.subarray(52, 84)).toString("latin1"), "2.0.0-42".padEnd(32, "\0"));
    assert.equal(Buffer.from(image.subarray(84, 88)).toString("hex"), "00000008");
    assert.deepEqual(resealed(image), image, "the digest covers bytes 0–87 and the payload");
    assert.equal(Buffer.from(image.subarray(120)).toString(), "firmware");
  });

  test("round trip of every product, and an empty payload", () => {
    for (const product of PRODUCTS) {
      const payload = product === "IPVM" ? new Uint8Array(0) : text(`payload of ${product}`);
      const { header, payload: back } = readImage(buildImage({ product, version: "v 1", serial: "s1" }, payload), SRC);
      assert.deepEqual(header, { product, version: "v 1", serial: "s1", payloadBytes: payload.length });
      assert.deepEqual(back, payload);
    }
    const inside = new Uint8Array(300);
    inside.set(sampleImage(), 17);
    assert.equal(readImage(inside.subarray(17, 17 + 128), SRC).header.serial, "2.0.0-42", "a view at an offset");
  });

  test("version and serial fill their 32 bytes exactly (multi-byte UTF-8 counts bytes); one byte more is refused", () => {
    const fullVersion = "ü".repeat(IMAGE_VERSION_BYTES / 2);
    const fullSerial = "9".repeat(IMAGE_SERIAL_BYTES);
    const { header } = readImage(
      buildImage({ product: "IPBL", version: fullVersion, serial: fullSerial }, text("x")),
      SRC,
    );
    assert.equal(header.version, fullVersion);
    assert.equal(header.serial, fullSerial);
    throwsCode(
      () => buildImage({ product: "IPBL", version: fullVersion + "x", serial: "s" }, text("x")),
      UpdateCode.ImageHeader,
      /version: .* 33 bytes of UTF-8, the field holds 32/,
    );
    throwsCode(
      () => buildImage({ product: "IPBL", version: "v", serial: fullSerial + "9" }, text("x")),
      UpdateCode.ImageHeader,
      /serial: .* 33 bytes of UTF-8, the field holds 32/,
    );
  });

  test("an empty version or serial, a control character, or white space in the serial (one word, App. A.1.4) are refused", () => {
    const cases: [string, string, RegExp][] = [
      ["", "s", /version: "" empty/],
      ["v", "", /serial: "" empty/],
      ["v\n1", "s", /version: .* control character/],
      ["v", "5.0 0", /serial: .* white space/],
      ["v", "5\u00000", /serial: .* control character/],
    ];
    for (const [version, serial, message] of cases)
      throwsCode(() => buildImage({ product: "IPVM", version, serial }, text("x")), UpdateCode.ImageHeader, message);
  });

  test(`an image of ${IMAGE_MAX_BYTES} bytes is built and read; one byte more is refused both ways`, () => {
    const payload = new Uint8Array(IMAGE_MAX_BYTES - IMAGE_HEADER_BYTES);
    const image = buildImage({ product: "IPBS2", version: "big", serial: "big" }, payload);
    assert.equal(readImage(image, SRC).header.payloadBytes, payload.length);
    throwsCode(
      () => buildImage({ product: "IPBS2", version: "big", serial: "big" }, new Uint8Array(payload.length + 1)),
      UpdateCode.ImageHeader,
      /payload: payload of 67108745 bytes: an image holds at most 67108744/,
    );
    const tooLong = Uint8Array.from(image.subarray(0, IMAGE_HEADER_BYTES));
    new DataView(tooLong.buffer).setUint32(84, payload.length + 1);
    throwsCode(
      () => readImage(tooLong, SRC),
      UpdateCode.ImageHeader,
      /payload length: offset 84: payload length 67108745/,
    );
  });

  test("bad magic, format version, header length: IMAGE_HEADER with the field and offset", () => {
    const image = sampleImage();
    const poke = (offset: number, ...bytes: number[]) => {
      const out = Uint8Array.from(image);
      out.set(bytes, offset);
      return out;
    };
    throwsCode(
      () => readImage(poke(0, 0x58), SRC),
      UpdateCode.ImageHeader,
      /^ipbs2\.bin: magic: offset 0: not a firmware image/,
    );
    throwsCode(() => readImage(text("<html>404</html>"), SRC), UpdateCode.ImageHeader, /no IPDECTFW magic/);
    throwsCode(
      () => readImage(poke(8, 0, 2), SRC),
      UpdateCode.ImageHeader,
      /format: offset 8: format version 2, this device reads 1/,
    );
    throwsCode(
      () => readImage(poke(10, 0, 121), SRC),
      UpdateCode.ImageHeader,
      /header length: offset 10: header length 121, format 1 has 120/,
    );
    assert.throws(() => readImage(poke(0, 0x58), SRC), DecodeError);
  });

  test("truncation anywhere and trailing bytes: IMAGE_HEADER saying how many bytes there are", () => {
    const image = sampleImage();
    for (const cut of [0, 5, 11, 12, 119, 120, 127]) {
      const e = /too short for an image header|the header alone has 120|truncated: \d of 8 payload bytes/;
      throwsCode(() => readImage(image.subarray(0, cut), SRC), UpdateCode.ImageHeader, e);
    }
    const longer = new Uint8Array(image.length + 3);
    longer.set(image);
    throwsCode(() => readImage(longer, SRC), UpdateCode.ImageHeader, /3 bytes after the 8-byte payload/);
  });

  test("a flipped bit in the header or the payload: IMAGE_CHECKSUM", () => {
    const image = sampleImage();
    for (const at of [12, 20, 52, 88, 119, 120, image.length - 1]) {
      const bad = Uint8Array.from(image);
      bad[at]! ^= 1;
      throwsCode(
        () => readImage(bad, SRC),
        UpdateCode.ImageChecksum,
        /^ipbs2\.bin: checksum: offset 88: SHA-256 does not match/,
      );
    }
  });

  test("fields with a good checksum but bad content (a faulty builder): IMAGE_HEADER naming the field", () => {
    const image = sampleImage();
    const field = (offset: number, bytes: number[]) => {
      const out = Uint8Array.from(image);
      out.fill(0, offset, offset + (offset === 12 ? 8 : 32));
      out.set(bytes, offset);
      return resealed(out);
    };
    const cases: [Uint8Array, RegExp][] = [
      [field(12, [...text("IPBS9")]), /product: offset 12: product "IPBS9" is not one of IPBS1, IPBS2/],
      [field(12, [...text("IPBS2"), 0, 0x41]), /product: offset 17: bytes after the NUL padding/],
      [field(20, []), /version: offset 20: empty/],
      [field(20, [0xff, 0xfe]), /version: offset 20: not UTF-8/],
      [field(52, [...text("a b")]), /serial: offset 52: holds white space/],
      [field(52, [...text("a"), 7]), /serial: offset 52: holds a control character/],
    ];
    for (const [bad, message] of cases) throwsCode(() => readImage(bad, SRC), UpdateCode.ImageHeader, message);
  });

  test("imageFor: an image for another product is IMAGE_PRODUCT (a DecodeError: bad input), for this one the image", () => {
    const image = sampleImage();
    assert.equal(imageFor(image, "IPBS2", SRC).header.serial, "2.0.0-42");
    throwsCode(
      () => imageFor(image, "IPBL", SRC),
      UpdateCode.ImageProduct,
      /^ipbs2\.bin: product: offset 12: an image for IPBS2, this device is an IPBL and takes IPBL images$/,
    );
    assert.throws(() => imageFor(image, "IPVM", SRC), DecodeError);
  });
});
