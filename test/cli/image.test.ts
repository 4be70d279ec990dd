import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { readImage } from "../../src/update/image.js";
import { unpackFiles } from "../../src/update/packageArchive.js";
import { ROOT, runIpdect } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "ipdect-image-"));
const ipdect = (...args: string[]) => runIpdect(args, dir);

/** One `error: …` line on stderr with exit code 2 and no stack trace (docs/style.md §4). */
function refused(r: ReturnType<typeof ipdect>, message: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^error: [^\n]*\n$/);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

describe("ipdect image (command line)", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("build without --payload packs this package; show reads it back", () => {
    const r = ipdect("image", "build", "--version", "2.0.0", "--out", "ipbs2.bin");
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^ipbs2\.bin: IPBS2 2\.0\.0, build serial 2\.0\.0, \d+ bytes of payload \(this package\)\n$/,
    );
    const { header, payload } = readImage(readFileSync(join(dir, "ipbs2.bin")), "ipbs2.bin");
    assert.deepEqual(
      { ...header, payloadBytes: 0 },
      { product: "IPBS2", version: "2.0.0", serial: "2.0.0", payloadBytes: 0 },
    );
    const files = unpackFiles(payload, "ipbs2.bin");
    const pkg = files.find((f) => f.path === "package.json");
    assert.deepEqual(pkg?.bytes, new Uint8Array(readFileSync(join(ROOT, "package.json"))));
    assert.ok(files.some((f) => f.path === "dist/src/cli/main.js"));
    assert.ok(files.some((f) => f.path === "bin/ipdect.js"));

    const s = ipdect("image", "show", "ipbs2.bin");
    assert.equal(s.status, 0, s.stderr);
    assert.match(
      s.stdout,
      new RegExp(
        `^ipbs2\\.bin: firmware image, checksum OK\\n  product       IPBS2\\n  version       2\\.0\\.0\\n` +
          `  build serial  2\\.0\\.0\\n  payload       ${payload.length} bytes, a package archive of ${files.length} files\\n$`,
      ),
    );
  });

  test("build with --payload, --serial and --product; show prints what was given", () => {
    writeFileSync(join(dir, "fw.raw"), "raw firmware");
    const r = ipdect(
      "image",
      "build",
      "--version",
      "IPBL 9.1",
      "--serial",
      "9.1-7",
      "--product",
      "IPBL",
      "--payload",
      "fw.raw",
      "--out",
      "ipbl.bin",
    );
    assert.equal(r.status, 0, r.stderr);
    const s = ipdect("image", "show", "ipbl.bin");
    assert.equal(s.status, 0, s.stderr);
    assert.match(
      s.stdout,
      /product {7}IPBL\n {2}version {7}IPBL 9\.1\n {2}build serial {2}9\.1-7\n {2}payload {7}12 bytes\n$/,
    );
  });

  test("a bad image is refused with the file, the field and why: exit 2, no stack trace", () => {
    const good = readFileSync(join(dir, "ipbl.bin"));
    const bad = (name: string, bytes: Uint8Array) => {
      writeFileSync(join(dir, name), bytes);
      return name;
    };
    const flipped = Uint8Array.from(good);
    flipped[flipped.length - 1]! ^= 1;
    refused(
      ipdect("image", "show", bad("flipped.bin", flipped)),
      /^error: flipped\.bin: checksum: offset 88: SHA-256 does not match/,
    );
    refused(
      ipdect("image", "show", bad("cut.bin", good.subarray(0, 125))),
      /^error: cut\.bin: payload: offset 125: truncated: 5 of 12 payload bytes/,
    );
    refused(
      ipdect("image", "show", bad("page.html", Buffer.from("<html>"))),
      /^error: page\.html: header: offset 0: 6 bytes, too short/,
    );
    refused(ipdect("image", "show", "missing.bin"), /^error: missing\.bin: cannot read it/);
  });

  test("bad usage and values: exit 2 with the reason, and no output file", () => {
    refused(ipdect("image"), /ipdect image needs build or show/);
    refused(ipdect("image", "flash"), /ipdect image needs build or show, not flash/);
    refused(ipdect("image", "build", "--out", "x.bin"), /needs --version/);
    refused(ipdect("image", "build", "--version", "1"), /needs --out/);
    refused(
      ipdect("image", "build", "--version", "1", "--product", "IPBS9", "--out", "x.bin"),
      /--product must be one of IPBS1, IPBS2, IPBS3, IPBL, IPVM, not IPBS9/,
    );
    refused(
      ipdect("image", "build", "--version", "ipdect 2", "--out", "x.bin"),
      /serial: "ipdect 2" holds white space/,
    );
    refused(
      ipdect("image", "build", "--version", "v".repeat(33), "--out", "x.bin"),
      /version: .* 33 bytes of UTF-8, the field holds 32/,
    );
    refused(
      ipdect("image", "build", "--version", "1", "--payload", "nothing.raw", "--out", "x.bin"),
      /nothing\.raw: cannot read it/,
    );
    refused(ipdect("image", "show"), /needs one <file>/);
    assert.equal(existsSync(join(dir, "x.bin")), false);
    const help = ipdect("image", "--help");
    assert.equal(help.status, 0);
    assert.match(help.stdout, /ipdect image build --version/);
  });
});
