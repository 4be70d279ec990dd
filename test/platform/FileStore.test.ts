import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
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
    const store = new FileStore(join(dir, "a"));
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.put("master/state.json", bytes(`v${i}`))));
    assert.equal(text(await store.get("master/state.json")), "v49");
    assert.deepEqual(readdirSync(join(dir, "a", "master")), ["state.json"]);
    assert.deepEqual(await store.keys(), ["master/state.json"]);
  });

  test("a value changed by the caller after put is not what gets stored (copied at the call)", async () => {
    const store = new FileStore(join(dir, "b"));
    const v = bytes("first");
    const done = store.put("k", v);
    v.set(bytes("XXXXX"));
    await done;
    assert.equal(text(await store.get("k")), "first");
  });

  test("keys that try to leave the store are refused with IoError", async () => {
    const store = new FileStore(join(dir, "c"));
    for (const k of ["../x", "a/../../x", "", "a//b", "./a"]) assert.throws(() => store.put(k, bytes("x")), IoError);
  });

  test("missing keys read as undefined; delete removes", async () => {
    const store = new FileStore(join(dir, "d"));
    assert.equal(await store.get("nothing"), undefined);
    await store.put("x/y", bytes("1"));
    await store.delete("x/y");
    assert.equal(await store.get("x/y"), undefined);
  });

  test("a secret value (a private key, §4.1.10) is written with mode 0600, also over a readable old file", async () => {
    const store = new FileStore(join(dir, "e"));
    await store.put("certs/plain.json", bytes("{}"));
    await store.put("certs/key.json", bytes("old"));
    await store.put("certs/key.json", bytes("secret"), { secret: true });
    assert.equal(statSync(join(dir, "e", "certs", "key.json")).mode & 0o777, 0o600);
    assert.equal(text(await store.get("certs/key.json")), "secret");
  });

  test("a temp file left by a crashed process with the same pid does not block the next write", async () => {
    const store = new FileStore(join(dir, "f"));
    await store.put("k", bytes("1"));
    writeFileSync(join(dir, "f", `k.${process.pid}.2.tmp`), "stale");
    await store.put("k", bytes("2"), { secret: true });
    assert.equal(text(await store.get("k")), "2");
    assert.deepEqual(readdirSync(join(dir, "f")), ["k"]);
  });
});
