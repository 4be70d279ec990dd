import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { IoError } from "../../src/core/errors.js";
import { FileStore } from "../../src/platform/node/FileStore.js";

const dir = mkdtempSync(join(tmpdir(), "ipdect-store-"));
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

describe("FileStore (a device's flash on disk)", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("50 concurrent writes of one key all succeed, land in call order, and leave no temp file", async () => {
    const store = await FileStore.open(join(dir, "a"));
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.put("master/state.json", bytes(`v${i}`))));
    assert.equal(text(await store.get("master/state.json")), "v49");
    assert.deepEqual(readdirSync(join(dir, "a", "master")), ["state.json"]);
    assert.deepEqual(await store.keys(), ["master/state.json"]);
  });

  test("a value changed by the caller after put is not what gets stored (copied at the call)", async () => {
    const store = await FileStore.open(join(dir, "b"));
    const v = bytes("first");
    const done = store.put("k", v);
    v.set(bytes("XXXXX"));
    await done;
    assert.equal(text(await store.get("k")), "first");
  });

  test("keys that try to leave the store are refused with IoError", async () => {
    const store = await FileStore.open(join(dir, "c"));
    for (const k of ["../x", "a/../../x", "", "a//b", "./a"]) assert.throws(() => store.put(k, bytes("x")), IoError);
  });

  test("missing keys read as undefined; delete removes", async () => {
    const store = await FileStore.open(join(dir, "d"));
    assert.equal(await store.get("nothing"), undefined);
    await store.put("x/y", bytes("1"));
    await store.delete("x/y");
    assert.equal(await store.get("x/y"), undefined);
  });

  test("every file is written 0600 and every folder 0700, the store's own and a missing parent included", async () => {
    const root = join(dir, "e", "data", "dut");
    const store = await FileStore.open(root);
    await store.put("users/log/7", bytes("a user's password"));
    await store.put("certs/key.json", bytes("old"));
    await store.put("certs/key.json", bytes("secret"));
    for (const d of ["e/data", "e/data/dut", "e/data/dut/users", "e/data/dut/users/log", "e/data/dut/certs"])
      assert.equal(statSync(join(dir, d)).mode & 0o777, 0o700, d);
    for (const f of ["users/log/7", "certs/key.json"]) assert.equal(statSync(join(root, f)).mode & 0o777, 0o600, f);
    assert.equal(text(await store.get("certs/key.json")), "secret");
  });

  test("what an older version left (0644 files, 0755 folders) is made private when the store opens", async () => {
    const root = join(dir, "g");
    mkdirSync(join(root, "users", "log"), { recursive: true });
    writeFileSync(join(root, "users", "snapshot.json"), "{}");
    writeFileSync(join(root, "users", "log", "3"), "{}");
    // Modes set explicitly: the umask of the test's process must not make the old files private already.
    for (const d of ["", "users", "users/log"]) chmodSync(join(root, d), 0o755);
    chmodSync(join(root, "users", "snapshot.json"), 0o644);
    chmodSync(join(root, "users", "log", "3"), 0o666);
    const outside = join(dir, "not-the-devices");
    writeFileSync(outside, "x");
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(root, "users", "link"));
    const store = await FileStore.open(root);
    for (const d of ["", "users", "users/log"]) assert.equal(statSync(join(root, d)).mode & 0o777, 0o700, d);
    for (const f of ["users/snapshot.json", "users/log/3"])
      assert.equal(statSync(join(root, f)).mode & 0o777, 0o600, f);
    assert.equal(statSync(outside).mode & 0o777, 0o644, "a link is not followed out of the store");
    assert.equal(text(await store.get("users/snapshot.json")), "{}");
  });

  test("a temp file left by a crashed process with the same pid does not block the next write", async () => {
    const store = await FileStore.open(join(dir, "f"));
    await store.put("k", bytes("1"));
    writeFileSync(join(dir, "f", `k.${process.pid}.2.tmp`), "stale");
    await store.put("k", bytes("2"));
    assert.equal(text(await store.get("k")), "2");
    assert.deepEqual(readdirSync(join(dir, "f")), ["k"]);
  });

  test("temp files that kills and a full disk left behind are removed when the store opens; values stay", async () => {
    const root = join(dir, "h");
    mkdirSync(join(root, "users", "log"), { recursive: true });
    writeFileSync(join(root, "users", "snapshot.json"), "{}");
    writeFileSync(join(root, "users", "snapshot.json.999.1.tmp"), "half");
    for (let i = 0; i < 300; i++) writeFileSync(join(root, "users", "log", `000000000001.999.${i}.tmp`), "");
    const store = await FileStore.open(root);
    assert.deepEqual(readdirSync(join(root, "users")), ["log", "snapshot.json"]);
    assert.deepEqual(readdirSync(join(root, "users", "log")), []);
    assert.equal(text(await store.get("users/snapshot.json")), "{}");
  });
});
