import assert from "node:assert/strict";
import { test } from "node:test";
import { MemoryStore } from "../../src/core/Store.js";
import { UsersCode } from "../../src/users/errors.js";
import { UserAdmins } from "../../src/users/UserAdmins.js";

/** §3.4.5.4: changes at the same time are made one after another, so an answer "created" is never a lost account. */
test("two User Administrators added at once are both kept; the same name twice at once is refused once", async () => {
  const store = new MemoryStore();
  const admins = await UserAdmins.load(store);
  const none = () => false;
  await Promise.all([
    admins.add({ longName: "Ua One", name: "ua1", password: "pw-1" }, none),
    admins.add({ longName: "Ua Two", name: "ua2", password: "pw-2" }, none),
  ]);
  assert.deepEqual(
    admins.list().map((a) => a.name),
    ["ua1", "ua2"],
  );
  assert.deepEqual(
    (await UserAdmins.load(store)).list().map((a) => a.name),
    ["ua1", "ua2"],
    "both on flash",
  );

  const twice = await Promise.allSettled([
    admins.add({ longName: "Ua Three", name: "ua3", password: "pw-3" }, none),
    admins.add({ longName: "Ua Three", name: "ua3", password: "pw-3" }, none),
  ]);
  assert.deepEqual(
    twice.map((r) => r.status),
    ["fulfilled", "rejected"],
  );
  assert.equal(((twice[1] as PromiseRejectedResult).reason as { code: string }).code, UsersCode.UserDuplicate);
  await Promise.all([admins.remove("ua1"), admins.remove("ua2")]);
  assert.deepEqual(
    (await UserAdmins.load(store)).list().map((a) => a.name),
    ["ua3"],
  );
});
