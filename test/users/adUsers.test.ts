import assert from "node:assert/strict";
import { test } from "node:test";
import { StateError } from "../../src/core/errors.js";
import { Ipei } from "../../src/core/identity/Ipei.js";
import { SeededRng } from "../../src/core/Rng.js";
import { MemoryStore } from "../../src/core/Store.js";
import { Directory } from "../../src/users/Directory.js";

const directory = () => Directory.load(new MemoryStore(), new SeededRng(1), { gateway: "m" });
const ipei = (n: number) => Ipei.create(19, n).toString();
const readOnly = (err: unknown) => err instanceof StateError && err.code === "USER_READ_ONLY";

test("applyAd adds users owned by AD; their fields are read-only, the others stay editable (§4.5.3.2)", async () => {
  const dir = await directory();
  const done = await dir.applyAd([{ key: "k1", fields: { longName: "Anna", number: "100", displayName: "A" } }]);
  assert.deepEqual(done, { added: 1, modified: 0, deleted: 0 });
  const e = dir.findUser("number", "100")!;
  assert.deepEqual(e.ad, { key: "k1", fields: ["longName", "number", "displayName"] });
  assert.match(e.user.authCode, /^\d{4}$/);
  await assert.rejects(dir.modifyUser("100", { displayName: "B" }), readOnly);
  await assert.rejects(dir.removeUser("100"), readOnly);
  await dir.modifyUser("100", { ipei: ipei(1), idleDisplay: "desk 4" });
  assert.equal(dir.findUser("number", "100")!.user.idleDisplay, "desk 4");
});

test("applyAd modifies by source key, skips unchanged objects and removes the users of gone objects", async () => {
  const dir = await directory();
  await dir.applyAd([{ key: "k1", fields: { longName: "Anna", number: "100" } }]);
  await dir.modifyUser("100", { ipei: ipei(1) });
  const guid = dir.findUser("number", "100")!.guid;
  const usn = dir.usn;
  assert.deepEqual(await dir.applyAd([{ key: "k1", fields: { longName: "Anna", number: "100" } }]), {
    added: 0,
    modified: 0,
    deleted: 0,
  });
  assert.equal(dir.usn, usn, "nothing written");
  assert.deepEqual(await dir.applyAd([{ key: "k1", fields: { longName: "Anna Berg", number: "101" } }]), {
    added: 0,
    modified: 1,
    deleted: 0,
  });
  const e = dir.findUser("number", "101")!;
  assert.equal(e.guid, guid);
  assert.equal(e.user.longName, "Anna Berg");
  assert.equal(e.user.ipei, ipei(1), "a field AD does not own is kept");
  assert.deepEqual(await dir.applyAd([{ key: "k1" }, { key: "unknown" }]), { added: 0, modified: 0, deleted: 1 });
  assert.equal(dir.findUser("number", "101"), undefined);
});

test("a field AD no longer gives keeps its value and becomes editable (the manual's 'retention of old information')", async () => {
  const dir = await directory();
  await dir.applyAd([{ key: "k1", fields: { longName: "Anna", number: "100", displayName: "Old" } }]);
  await dir.applyAd([{ key: "k1", fields: { longName: "Anna", number: "100" } }]);
  const e = dir.findUser("number", "100")!;
  assert.equal(e.user.displayName, "Old");
  assert.deepEqual(e.ad!.fields, ["longName", "number"]);
  await dir.modifyUser("100", { displayName: "Mine" });
});

test("a local user with the Number of an AD object is taken over, keeping IPEI and Auth. Code; others stay untouched", async () => {
  const dir = await directory();
  await dir.addUsers([
    { longName: "Local Anna", number: "100", ipei: ipei(1), authCode: "4711" },
    { longName: "Only Local", number: "200" },
  ]);
  assert.deepEqual(await dir.applyAd([{ key: "k1", fields: { longName: "Anna", number: "100" } }]), {
    added: 0,
    modified: 1,
    deleted: 0,
  });
  const e = dir.findUser("number", "100")!;
  assert.deepEqual([e.user.longName, e.user.ipei, e.user.authCode, e.ad?.key], ["Anna", ipei(1), "4711", "k1"]);
  await dir.applyAd([{ key: "k1" }, { key: "k2" }]);
  assert.equal(dir.users.length, 1);
  assert.equal(dir.users[0]!.longName, "Only Local");
});

test("an AD object that clashes with another user refuses the whole batch and changes nothing", async () => {
  const dir = await directory();
  await dir.applyAd([{ key: "k1", fields: { longName: "Anna", number: "100" } }]);
  const usn = dir.usn;
  await assert.rejects(
    dir.applyAd([
      { key: "k2", fields: { longName: "Bert", number: "200" } },
      { key: "k3", fields: { longName: "Carl", number: "100" } },
    ]),
    (err: unknown) => err instanceof StateError && err.code === "USER_DUPLICATE",
  );
  assert.equal(dir.usn, usn);
  assert.equal(dir.users.length, 1);
});
