import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { adminCheck } from "../../src/auth/backupAdmin.js";
import { buildImage, IMAGE_MAX_BYTES } from "../../src/update/image.js";
import { ROOT } from "../helpers/cli.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { HTTP_PORT, NodeProcesses } from "../helpers/nodes.js";
import { sampleImage } from "../update/imageBytes.js";

/**
 * `ipdect ctl backup`, `restore`, `firmware`, `firmware-upload` and `boot-upload` against a real node (§4.14,
 * §4.18.1–§4.18.3): files written and read by ctl, a refused file in one line with its code and exit code, no stack
 * trace.
 */

const ip = loopbackBlock();
const NODE = ip(1);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const ctl = (args: readonly string[]): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, "bin/ipdect.js"), "ctl", ...args, "--node", `${NODE}:${HTTP_PORT}`],
      { maxBuffer: 1 << 20 },
      (err, stdout, stderr) =>
        resolve({ code: err === null ? 0 : Number((err as { code?: unknown }).code), stdout, stderr }),
    );
  });

/** A run that printed only an error line naming `code`: no stack trace. */
const failed = (r: Run, exit: number, code: string) => {
  assert.equal(r.code, exit, r.stdout + r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, new RegExp(`^error: .*\\[${code}\\]\\n$`));
  assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace");
};

describe("ipdect ctl: backup and restore (§4.14, §4.18.1), firmware and boot uploads (§4.18.2, §4.18.3)", () => {
  const nodes = new NodeProcesses();
  const file = (name: string, bytes: string | Uint8Array) => {
    const path = join(nodes.dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  before(async () => {
    await nodes.start("dut", `name: dut\nkind: IPBS\nmac: "00:90:33:0c:1f:01"\nip: ${NODE}\n`);
  });
  after(() => nodes.close());

  test("backup --out and backup --standard --out write the file; restore stores it until the reset", async () => {
    const saved = join(nodes.dir, "backup.txt");
    const r = await ctl(["backup", "--out", saved]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(saved, "utf8");
    assert.ok(text.startsWith(`config change BACKUP0 /admin admin /check ${adminCheck("admin", "changeme")}\n`));
    assert.equal((await ctl(["backup", "--standard", "--out", join(nodes.dir, "std.txt")])).code, 0);
    assert.equal(readFileSync(join(nodes.dir, "std.txt"), "utf8"), text);
    const restored = await ctl(["restore", saved]);
    assert.equal(restored.code, 0, restored.stderr);
    assert.equal(restored.stdout, "backup restored: in force after the next reset (§4.18.1, §4.24)\n");
  });

  test("restore: not a backup is exit 2; another admin's backup is refused, exit 1 (§4.18.1)", async () => {
    failed(await ctl(["restore", file("plain.txt", "config change DEV0 /name dut\n")]), 2, "AUTH_BACKUP_FILE");
    failed(await ctl(["restore", file("empty.txt", "")]), 2, "AUTH_BACKUP_FILE");
    const other = `config change BACKUP0 /admin admin /check ${adminCheck("admin", "other")}\n`;
    failed(await ctl(["restore", file("other.txt", other)]), 1, "AUTH_BACKUP_ADMIN");
  });

  test("firmware-upload: a file that is not this device's image (garbage, empty, damaged, huge, another product's) is exit 2 saying why; the banks stay", async () => {
    const banks = async () => (await ctl(["firmware", "--json"])).stdout;
    const before = await banks();
    failed(await ctl(["firmware-upload", file("garbage.bin", "not an image")]), 2, "IMAGE_HEADER");
    failed(await ctl(["firmware-upload", file("empty.bin", new Uint8Array(0))]), 2, "IMAGE_HEADER");
    const damaged = sampleImage();
    damaged[damaged.length - 1]! ^= 1;
    const bad = await ctl(["firmware-upload", file("damaged.bin", damaged)]);
    failed(bad, 2, "IMAGE_CHECKSUM");
    assert.match(bad.stderr, /^error: uploaded file: checksum: offset 88: SHA-256 does not match/);
    // Refused by ctl before it is sent: the node's 413 may come as a reset while a large body is still being written.
    const huge = await ctl(["firmware-upload", file("huge.bin", new Uint8Array(IMAGE_MAX_BYTES + 1))]);
    assert.equal(huge.code, 2, huge.stderr);
    assert.equal(huge.stderr, "error: request body over 67108864 bytes (67108865): the node takes at most 67108864\n");
    // Well formed but for another product: the wrong file whatever the device's state, so bad input (400, exit 2).
    const ipbl = buildImage({ product: "IPBL", version: "9.9", serial: "9.9-1" }, new Uint8Array(4));
    const other = await ctl(["firmware-upload", file("ipbl.bin", ipbl)]);
    failed(other, 2, "IMAGE_PRODUCT");
    assert.equal(
      other.stderr,
      "error: uploaded file: product: offset 12: an image for IPBL, this device is an IPBS2 and takes IPBS2 images [IMAGE_PRODUCT]\n",
    );
    assert.equal(await banks(), before);
  });

  test("firmware-upload of a good image, firmware shows the banks, boot-upload checks and writes nothing", async () => {
    const image = file("ipbs2.bin", sampleImage());
    const r = await ctl(["firmware-upload", image]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "firmware 2.0.0 (serial 2.0.0-42, bank B) written: runs after the next reset (§4.18.2)\n");
    const shown = await ctl(["firmware"]);
    assert.match(shown.stdout, /Other bank\s+2\.0\.0 \(serial 2\.0\.0-42, bank B\)/);
    assert.match(shown.stdout, /After the next reset\s+bank B/);
    const boot = await ctl(["boot-upload", image]);
    assert.equal(boot.code, 0, boot.stderr);
    assert.match(boot.stdout, /^boot file 2\.0\.0 \(2\.0\.0-42\): a valid boot file; nothing written/);
    failed(await ctl(["boot-upload", file("boot-garbage.bin", "garbage")]), 2, "IMAGE_HEADER");
  });
});
