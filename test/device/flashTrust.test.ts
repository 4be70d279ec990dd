import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SystemAdmin } from "../../src/auth/SystemAdmin.js";
import { DecodeError, IoError } from "../../src/core/errors.js";
import { SeededRng } from "../../src/core/Rng.js";
import { MemoryStore, type Store } from "../../src/core/Store.js";
import { KerberosClient } from "../../src/kerberos/KerberosClient.js";
import { carryOutJoin, clientSettings, knownJoin } from "../../src/kerberos/pendingJoin.js";
import type { RealmTools } from "../../src/kerberos/ports.js";
import { MirrorState } from "../../src/master/MirrorState.js";
import { loadPariState } from "../../src/pari/PariState.js";
import { loadProvision } from "../../src/radio/provision.js";
import { IpblPorts, RFP_FACTORY_VERSION } from "../../src/radio/IpblPorts.js";
import { RfpUpdateCore } from "../../src/radio/RfpUpdateCore.js";
import { NO_RFP_UPDATE } from "../../src/radio/rfpUpdateFlash.js";
import { fakeRoleIo } from "../helpers/fakeIo.js";
import type { EventKind } from "../../src/role/EventLog.js";
import { PlatformCode } from "../../src/platform/node/errors.js";
import { Directory } from "../../src/users/Directory.js";
import { DirectoryLog } from "../../src/users/DirectoryLog.js";
import { UserAdmins } from "../../src/users/UserAdmins.js";

const bytes = (s: string) => new TextEncoder().encode(s);

/** The ways a file of the flash was found damaged on real nodes (issue 18, "Flash you can trust"). */
const CORRUPTIONS: readonly { readonly name: string; readonly damage: (good: string) => Uint8Array }[] = [
  { name: "truncated", damage: (good) => bytes(good.slice(0, Math.floor(good.length / 2))) },
  { name: "empty", damage: () => new Uint8Array(0) },
  { name: "{}", damage: () => bytes("{}") },
  { name: "null", damage: () => bytes("null") },
  { name: "garbage", damage: () => Uint8Array.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x80]) },
];

const SNAPSHOT = { epoch: "e1", usn: 1, entries: [], tombstones: [] };
const RECORD = { epoch: "e1", prev: 1, usn: 2, changes: [{ usn: 2, key: "user/x", entry: { kind: "user", usn: 2 } }] };

/** Each file whose damage refuses the start: a good value, and its loader. */
const REFUSED: readonly {
  readonly key: string;
  readonly good: unknown;
  readonly load: (s: Store) => Promise<unknown>;
}[] = [
  {
    key: "master/state.json",
    good: {
      term: 3,
      activeTerm: 2,
      known: [{ term: 1, version: 1, macs: ["00:01"] }],
      data: { generation: 1, items: {} },
    },
    load: (s) => MirrorState.load(s),
  },
  {
    key: "pari/state.json",
    good: { systemId: 5, domain: 1, entries: [{ mac: "m", name: "n", kind: "ipbs", numbers: [1], region: 0, rev: 1 }] },
    load: loadPariState,
  },
  { key: "radio/provision.json", good: { deviceName: "r1", pariMaster: "10.0.0.1", region: 0 }, load: loadProvision },
  {
    key: "users/admins.json",
    good: [{ longName: "Ann", name: "ann", hash: "scrypt$16384$8$1$c2FsdA==$a2V5" }],
    load: (s) => UserAdmins.load(s),
  },
  { key: "users/snapshot.json", good: SNAPSHOT, load: (s) => new DirectoryLog(s).load() },
  {
    key: "users/log/000000000002",
    good: RECORD,
    load: async (s) => {
      await s.put("users/snapshot.json", bytes(JSON.stringify(SNAPSHOT)));
      return new DirectoryLog(s).load();
    },
  },
  {
    key: "users/head.json",
    good: { epoch: SNAPSHOT.epoch, usn: SNAPSHOT.usn },
    load: async (s) => {
      await s.put("users/snapshot.json", bytes(JSON.stringify(SNAPSHOT)));
      return new DirectoryLog(s).load();
    },
  },
  {
    key: "kerberos/provision.json",
    good: { servers: [{ address: "kdc" }], aesRc4: false, disableLocal: false },
    load: (s) => clientSettings(undefined, s),
  },
];

/** A clear error names the file and what is wrong; it is no stray TypeError and has no stack to print. */
function isFlashCorrupt(key: string) {
  return (e: unknown) =>
    e instanceof DecodeError && e.code === "FLASH_CORRUPT" && e.message.startsWith(`flash ${key}: `);
}

describe("flash you can trust: a damaged file refuses the start with FLASH_CORRUPT naming it", () => {
  for (const f of REFUSED) {
    test(`${f.key}: the good value loads`, async () => {
      const s = new MemoryStore();
      await s.put(f.key, bytes(JSON.stringify(f.good)));
      await f.load(s);
    });
    for (const c of CORRUPTIONS)
      test(`${f.key} ${c.name}: FLASH_CORRUPT`, async () => {
        const s = new MemoryStore();
        await s.put(f.key, c.damage(JSON.stringify(f.good)));
        await assert.rejects(f.load(s), isFlashCorrupt(f.key));
      });
  }
});

describe("flash you can trust: the user log", () => {
  const record = (prev: number, usn: number, name: string) => ({
    epoch: "e1",
    prev,
    usn,
    changes: [{ usn, key: `user/${name}`, entry: { kind: "user", usn, name } }],
  });
  const withLog = async (...records: ReturnType<typeof record>[]) => {
    const s = new MemoryStore();
    await s.put("users/snapshot.json", bytes(JSON.stringify(SNAPSHOT)));
    for (const r of records) await s.put(`users/log/${String(r.usn).padStart(12, "0")}`, bytes(JSON.stringify(r)));
    return s;
  };

  test("a record missing from the log is a gap: FLASH_CORRUPT naming the next record and the usns lost", async () => {
    const s = await withLog(record(1, 2, "a"), record(2, 3, "b"), record(3, 4, "c"));
    await s.delete("users/log/000000000003");
    await assert.rejects(new DirectoryLog(s).load(), (e: unknown) => {
      assert.ok(isFlashCorrupt("users/log/000000000004")(e));
      assert.match((e as Error).message, /a log record is missing: changes after usn 2 to 3/);
      return true;
    });
  });

  test("the last record missing: the head is past the log, FLASH_CORRUPT naming the head and the usns lost", async () => {
    const s = new MemoryStore();
    const log = new DirectoryLog(s);
    await log.reset(SNAPSHOT);
    await log.append("e1", 1, 2, RECORD.changes as never);
    await log.append("e1", 2, 5, [{ usn: 5, key: "user/y" }]);
    await s.delete("users/log/000000000005");
    await assert.rejects(new DirectoryLog(s).load(), (e: unknown) => {
      assert.ok(isFlashCorrupt("users/head.json")(e));
      assert.match((e as Error).message, /the last log record is missing: changes after usn 2 to 5/);
      return true;
    });
  });

  test("a crash between a record and its head leaves the head behind: the record is read, no error", async () => {
    const s = new MemoryStore();
    const log = new DirectoryLog(s);
    await log.reset(SNAPSHOT);
    await log.append("e1", 1, 2, RECORD.changes as never);
    const head = await s.get("users/head.json");
    await log.append("e1", 2, 5, [{ usn: 5, key: "user/y" }]);
    await s.put("users/head.json", head!);
    assert.equal((await new DirectoryLog(s).load())?.usn, 5);
  });

  test("a whole log reads back every user, and records a compaction left behind are skipped", async () => {
    const s = await withLog(record(0, 1, "old"), record(1, 2, "a"), record(2, 3, "b"));
    const state = await new DirectoryLog(s).load();
    assert.equal(state?.usn, 3);
    assert.deepEqual(
      state?.entries.map((e) => (e as unknown as { name: string }).name),
      ["a", "b"],
    );
  });

  test("records written by the directory chain up: the gap check passes after real transactions", async () => {
    const s = new MemoryStore();
    const log = new DirectoryLog(s);
    await log.reset(SNAPSHOT);
    await log.append("e1", 1, 2, RECORD.changes as never);
    await log.append("e1", 2, 5, [{ usn: 5, key: "user/y" }]);
    assert.equal((await new DirectoryLog(s).load())?.usn, 5);
  });
});

describe("flash you can trust: files with a documented recovery", () => {
  for (const c of CORRUPTIONS) {
    test(`auth/admin.json ${c.name}: the factory account, and the damage is told`, async () => {
      const s = new MemoryStore();
      await s.put("auth/admin.json", c.damage(JSON.stringify({ user: "boss", hash: "scrypt$1", factory: false })));
      const told: string[] = [];
      const account = await SystemAdmin.load(s, (e) => told.push(`${e.code} ${e.message}`));
      assert.equal(account.user, "admin");
      assert.equal(account.factoryPassword, true);
      assert.equal(told.length, 1);
      assert.match(told[0]!, /^FLASH_CORRUPT flash auth\/admin\.json: /);
    });

    test(`kerberos/join-done.json ${c.name}: no order known, so the order is carried out again`, async () => {
      const s = new MemoryStore();
      await s.put("kerberos/join-done.json", c.damage(JSON.stringify("fingerprint")));
      const order = {
        realm: "R",
        admin: { user: "a", password: "p" },
        force: false,
        disableLocal: false,
        aesRc4: false,
        servers: [],
      };
      assert.equal(await knownJoin(s, order), false);
    });

    test(`kerberos/join.json ${c.name}: the order is dropped and reported failed with FLASH_CORRUPT`, async () => {
      const s = new MemoryStore();
      await s.put("kerberos/join.json", c.damage(JSON.stringify({ order: { realm: "R" }, source: "update-script" })));
      const seen: { kind: EventKind; data: Record<string, unknown> }[] = [];
      await carryOutJoin(s, undefined, (kind, data) => void seen.push({ kind, data: data as Record<string, unknown> }));
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.data["result"], "failed");
      assert.equal(seen[0]!.data["code"], "FLASH_CORRUPT");
      assert.equal(await s.get("kerberos/join.json"), undefined);
    });

    test(`radio/rfp-update.json ${c.name}: no RFP update kept, every RFP factory, with a warning`, async () => {
      const f = fakeRoleIo({ kind: "IPBL" });
      const good = { params: {}, versions: { "1": "Worf123" } };
      await f.io.store.put("radio/rfp-update.json", c.damage(JSON.stringify(good)));
      const ports = new IpblPorts({ count: 2, cableM: 0, rng: f.io.rng, now: () => 0, changed: () => undefined });
      const core = await RfpUpdateCore.start({ io: f.io, ports, fetcher: undefined });
      assert.deepEqual(core.state, NO_RFP_UPDATE);
      assert.deepEqual(
        ports.list.map((p) => p.version),
        [RFP_FACTORY_VERSION, RFP_FACTORY_VERSION],
      );
      const warnings = f.events.filter((e) => e.kind === "warning");
      assert.equal(warnings.length, 1);
      assert.match(String(warnings[0]!["text"]), /^flash radio\/rfp-update\.json: .*; no RFP update kept/);
    });

    test(`kerberos/client.json ${c.name}: counted as no Kerberos login yet, with a warning`, async () => {
      const s = new MemoryStore();
      await s.put("kerberos/client.json", c.damage(JSON.stringify({ loginWorked: true })));
      const warnings: unknown[] = [];
      const tools = { membership: async () => ({ realm: "R", host: "h" }) } as unknown as RealmTools;
      const client = await KerberosClient.load({ servers: [], aesRc4: false, disableLocal: false }, tools, {
        alarms: undefined as never,
        store: s,
        mac: "00:01:3e:00:00:01",
        emit: (kind, data) => void (kind === "warning" && warnings.push(data)),
      });
      assert.equal(client.loginWorked, false);
      // `{}` is a readable object without the flag: "not yet" without a warning.
      assert.equal(warnings.length, c.name === "{}" ? 0 : 1);
    });
  }
});

describe("flash you can trust: a full disk during compaction", () => {
  /** A flash whose disk is full for new snapshots: log records (small) still fit. */
  class FullForSnapshots extends MemoryStore {
    full = true;
    override async put(key: string, value: Uint8Array): Promise<void> {
      if (this.full && key === "users/snapshot.json" && (await this.get(key)) !== undefined)
        throw new IoError(PlatformCode.StoreWrite, `cannot write ${key}`);
      return super.put(key, value);
    }
  }

  test("the change that triggers it is saved and answered saved; compaction is told and tried again", async () => {
    const store = new FullForSnapshots();
    const failures: unknown[] = [];
    const dir = await Directory.load(store, new SeededRng(1), {
      gateway: "m",
      compactionFailed: (e) => failures.push(e),
    });
    // 256 log records ask for a compaction (DirectoryLog COMPACT_AFTER); every add must still answer saved.
    for (let i = 0; i < 260; i++) await dir.addUsers([{ longName: `U${i}`, number: String(1000 + i) }]);
    assert.ok(failures.length > 0 && failures.every((e) => e instanceof IoError));
    const reread = await Directory.load(store, new SeededRng(2), { gateway: "m" });
    assert.equal(reread.users.length, 260, "every saved user reads back");
    store.full = false;
    const before = failures.length;
    await dir.addUsers([{ longName: "After", number: "2000" }]);
    assert.equal(failures.length, before, "the compaction succeeds once there is room");
    assert.deepEqual(await store.keys("users/log/"), []);
    assert.equal((await Directory.load(store, new SeededRng(3), { gateway: "m" })).users.length, 261);
  });
});
