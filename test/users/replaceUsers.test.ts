import assert from "node:assert/strict";
import { test } from "node:test";
import { IpdectError } from "../../src/core/errors.js";
import { Ipei } from "../../src/core/identity/Ipei.js";
import { SeededRng } from "../../src/core/Rng.js";
import { MemoryStore, type Store } from "../../src/core/Store.js";
import type { ConfigUser } from "../../src/users/configUser.js";
import { Directory } from "../../src/users/Directory.js";
import type { DirectoryOptions } from "../../src/users/DirectoryEngine.js";
import type { DirChange } from "../../src/users/entry.js";

const ipei = (n: number) => Ipei.create(19, n).toString();
const load = (store: Store = new MemoryStore(), opts: Partial<DirectoryOptions> = {}) =>
  Directory.load(store, new SeededRng(1), { gateway: "master-1", ...opts });
const GUID_A = "80319FC0E909D311905C00013E00EFC8";
const GUID_B = "7B7C9D01E909D311905C00013E00EFC8";

test("a new directory starts with the initial users; one read from flash ignores them (first start only)", async () => {
  const store = new MemoryStore();
  const initial: ConfigUser[] = [{ longName: "Anna", number: "200", guid: GUID_A, usn: 14 }];
  const dir = await load(store, { initialUsers: initial });
  assert.equal(dir.created, true);
  const [anna] = dir.userEntries();
  assert.equal(anna?.guid, GUID_A);
  assert.equal(anna?.usn, 14);
  assert.match(anna?.user.authCode ?? "", /^\d{4}$/);
  assert.equal(anna?.gateway, "master-1");
  await dir.removeUser("200");
  const again = await load(store, { initialUsers: initial });
  assert.equal(again.created, false);
  assert.deepEqual(again.users, []);
});

test("replaceUsers keeps guid, usn, gateway and subs from the file and generates what is missing (App. C step 4)", async () => {
  const dir = await load();
  await dir.addUsers([{ longName: "Old", number: "100" }]);
  const before = dir.usn;
  const epoch = dir.epoch;
  await dir.replaceUsers([
    { longName: "Anna", number: "200", guid: GUID_A, usn: 3, gateway: "DECT_CEg", ipei: ipei(1), subs: "ab12" },
    { longName: "Bo", number: "201", authCode: "4321" },
  ]);
  const [anna, bo] = dir.userEntries();
  assert.deepEqual(
    { guid: anna?.guid, usn: anna?.usn, gateway: anna?.gateway, subs: anna?.subs },
    { guid: GUID_A, usn: 3, gateway: "DECT_CEg", subs: "ab12" },
  );
  assert.match(bo?.guid ?? "", /^[0-9A-F]{32}$/);
  assert.ok(bo!.usn > before, "a missing usn is numbered after every usn in use");
  assert.equal(bo?.user.authCode, "4321");
  assert.equal(bo?.gateway, "master-1");
  assert.equal(dir.findUser("number", "100"), undefined, "a user absent from the file is deleted");
  assert.notEqual(dir.epoch, epoch, "a new epoch: replicas copy everything again");
  assert.ok(dir.usn >= before);
});

test("a usn another entry already has is numbered anew: every entry keeps its own usn", async () => {
  const dir = await load();
  const systemUsn = dir.system.usn;
  await dir.replaceUsers([
    { longName: "A", number: "1", usn: 40 },
    { longName: "B", number: "2", usn: 40 },
    { longName: "C", number: "3", usn: systemUsn },
  ]);
  const usns = [...dir.entries()].map((e) => e.usn);
  assert.equal(new Set(usns).size, usns.length);
  assert.equal(dir.findUser("number", "1")?.usn, 40);
  assert.ok(dir.findUser("number", "2")!.usn > 40 && dir.findUser("number", "3")!.usn > 40);
});

test("replaceUsers keeps the system entry and anonymous handsets, except an IPEI a restored user takes", async () => {
  const dir = await load();
  await dir.addAnonymous([ipei(1), ipei(2)]);
  await dir.setSystem({ subscription: "system-ac", systemAc: "9876" });
  await dir.replaceUsers([{ longName: "Anna", number: "200", ipei: ipei(1) }]);
  assert.deepEqual(dir.anonymous, [ipei(2)]);
  assert.equal(dir.system.subscription, "system-ac");
  assert.equal(dir.system.systemAc, "9876");
});

test("replaceUsers is one atomic snapshot: a reload reads the same directory, listeners hear old keys go", async () => {
  const store = new MemoryStore();
  const dir = await load(store);
  await dir.addUsers([{ longName: "Old", number: "100" }]);
  const heard: DirChange[] = [];
  dir.onChange((c) => heard.push(...c));
  await dir.replaceUsers([{ longName: "Anna", number: "200", guid: GUID_A, usn: 5 }]);
  const reloaded = await load(store);
  assert.deepEqual([...reloaded.entries()], [...dir.entries()]);
  assert.equal(reloaded.epoch, dir.epoch);
  assert.ok(heard.some((c) => c.key.startsWith("user/") && c.entry === undefined));
  assert.ok(heard.some((c) => c.key === `user/${GUID_A}` && c.entry !== undefined));
});

test("a file with a guid, Long Name, Number or IPEI twice changes nothing", async () => {
  const dir = await load();
  await dir.addUsers([{ longName: "Old", number: "100" }]);
  const snapshot = [...dir.entries()];
  for (const users of [
    [
      { longName: "A", number: "1", guid: GUID_B },
      { longName: "B", number: "2", guid: GUID_B },
    ],
    [
      { longName: "A", number: "1" },
      { longName: "B", number: "1" },
    ],
    [
      { longName: "A", number: "1", ipei: ipei(3) },
      { longName: "B", number: "2", ipei: ipei(3) },
    ],
  ])
    await assert.rejects(
      dir.replaceUsers(users),
      (e: unknown) => e instanceof IpdectError && e.code === "USER_DUPLICATE",
    );
  assert.deepEqual([...dir.entries()], snapshot);
});

test("every load draws new ids although the device hands in the same seed: a restore gets a new epoch", async () => {
  const store = new MemoryStore();
  const first = await load(store);
  const [a] = await first.addUsers([{ longName: "A", number: "1" }]);
  const second = await load(store);
  const [b] = await second.addUsers([{ longName: "B", number: "2" }]);
  assert.notEqual(b?.guid, a?.guid);
  const third = await load(store);
  await third.replaceUsers([]);
  assert.notEqual(third.epoch, first.epoch);
  const fourth = await load(store);
  const [c] = await fourth.addUsers([{ longName: "C", number: "3" }]);
  assert.ok(![a?.guid, b?.guid].includes(c?.guid));
});

test("a Standby's replica directory refuses replaceUsers (§4.5.3.1)", async () => {
  const dir = await load(new MemoryStore(), { replica: true });
  await assert.rejects(dir.replaceUsers([]), /replica/);
});
