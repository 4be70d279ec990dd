import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { IpdectError } from "../../src/core/errors.js";
import { UpdateCode } from "../../src/update/errors.js";
import { packFiles, unpackFiles, type PackageFile } from "../../src/update/packageArchive.js";
import { throwsCode } from "./imageBytes.js";

const file = (path: string, text: string): PackageFile => ({ path, bytes: new TextEncoder().encode(text) });
const raw = (...parts: (string | number[])[]) =>
  gzipSync(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p)))));

describe("package archive (the default payload of ipdect image build)", () => {
  test("round trip, in path order, and the same files give the same bytes", () => {
    const files = [file("package.json", '{"name":"ipdect"}'), file("dist/src/a.js", ""), file("bin/ipdect.js", "x")];
    const packed = packFiles(files);
    assert.deepEqual(
      unpackFiles(packed, "p").map((f) => f.path),
      ["bin/ipdect.js", "dist/src/a.js", "package.json"],
    );
    assert.deepEqual(
      unpackFiles(packed, "p").find((f) => f.path === "package.json"),
      files[0],
    );
    assert.deepEqual(packFiles([...files].reverse()), packed);
    assert.deepEqual(unpackFiles(packFiles([]), "p"), []);
  });

  test("golden: the bytes inside the gzip", () => {
    const expected = raw("IPDECTPK", [0, 0, 0, 1], [0, 3], "a/b", [0, 0, 0, 2], "hi");
    assert.deepEqual(unpackFiles(expected, "p"), [file("a/b", "hi")]);
    assert.deepEqual(packFiles([file("a/b", "hi")]), new Uint8Array(expected));
  });

  test("paths that would leave the folder they are unpacked into are refused both ways", () => {
    for (const path of ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a\\b", "a\u0000b"]) {
      throwsCode(() => packFiles([file(path, "x")]), UpdateCode.ImagePayload);
      const bytes = new TextEncoder().encode(path);
      const archive = raw("IPDECTPK", [0, 0, 0, 1], [0, bytes.length], [...bytes], [0, 0, 0, 0]);
      throwsCode(() => unpackFiles(archive, "p"), UpdateCode.ImagePayload, /^p: offset 12: file 1's path: /);
    }
  });

  test("not gzip, no magic, cut short, bytes after the last file: IMAGE_PAYLOAD saying where", () => {
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode("plain firmware"), /^p: not a package archive \(gzip: /],
      [raw("IPDECTXX", [0, 0, 0, 0]), /^p: offset 0: not a package archive \(no IPDECTPK magic\)/],
      [
        raw("IPDECTPK", [0, 0, 0, 2], [0, 1], "a", [0, 0, 0, 1], "x"),
        /^p: offset 20: cut short in file 2's path length/,
      ],
      [raw("IPDECTPK", [0, 0, 0, 1], [0, 1], "a", [0, 0, 0, 9], "x"), /^p: offset 19: cut short in a/],
      [raw("IPDECTPK", [0, 0, 0, 0], "?"), /^p: offset 12: 1 bytes after the last file/],
    ];
    for (const [bytes, message] of cases) throwsCode(() => unpackFiles(bytes, "p"), UpdateCode.ImagePayload, message);
  });

  test("unpackFiles on 2000 random and mutated archives: files or IMAGE_PAYLOAD, nothing else", () => {
    const archives = fc
      .array(
        fc.record({
          path: fc.stringMatching(/^[a-z]{1,4}(\/[a-z]{1,4}){0,2}$/),
          bytes: fc.uint8Array({ maxLength: 16 }),
        }),
        {
          maxLength: 4,
        },
      )
      .map(packFiles);
    const inner = fc
      .tuple(fc.uint8Array({ maxLength: 40 }), fc.boolean())
      .map(([b, magic]) => gzipSync(Buffer.concat([Buffer.from(magic ? "IPDECTPK" : ""), b])));
    const mutated = fc.tuple(archives, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([a, at, v]) => {
      const out = Uint8Array.from(a);
      if (out.length > 0) out[at % out.length] = v;
      return out;
    });
    fc.assert(
      fc.property(fc.oneof(archives, inner, mutated, fc.uint8Array({ maxLength: 64 })), (bytes) => {
        try {
          unpackFiles(bytes, "fuzz");
        } catch (e) {
          if (!(e instanceof IpdectError) || e.code !== UpdateCode.ImagePayload) throw e;
        }
      }),
      { numRuns: 2000, seed: 21 },
    );
  });
});
