import assert from "node:assert/strict";
import { test } from "node:test";
import { ALARM } from "../../src/core/alarms/index.js";
import { ConfigError, IoError } from "../../src/core/errors.js";
import { loadDeviceConfigs } from "../../src/config/loadDeviceConfigs.js";
import { makeLogger, silentLogger } from "../../src/core/Logger.js";
import { SeededRng } from "../../src/core/Rng.js";
import { MemoryStore } from "../../src/core/Store.js";
import { AdReplicator, adReplicatorFor, RECONNECT_MIN_MS } from "../../src/replication/AdReplicator.js";
import type {
  RemoteChange,
  RemoteDirectory,
  RemoteObject,
  RemoteQuery,
  RemoteSession,
} from "../../src/replication/RemoteDirectory.js";
import type { LdapReplicatorSettings } from "../../src/ldap/settings.js";
import { VirtualClock } from "../../sim/VirtualClock.js";
import { Directory } from "../../src/users/Directory.js";

const SETTINGS: LdapReplicatorSettings = {
  type: "ad",
  enabled: true,
  server: "10.0.0.1",
  altServer: "10.0.0.2:3268",
  user: "CN=reader,CN=Users,DC=example,DC=com",
  password: "pw",
  searchBase: "CN=Users,DC=example,DC=com",
  inMaps: [
    { source: "cn", pattern: "%cn" },
    { source: "telephoneNumber", pattern: "%tel" },
  ],
  outMaps: [
    { dest: "cn", value: "%cn" },
    { dest: "e164", value: "%tel" },
  ],
};

const person = (n: number, tel: string | null = String(100 + n)): RemoteObject => ({
  key: `guid-${n}`,
  dn: `CN=User ${n},CN=Users,DC=example,DC=com`,
  attributes: { cn: [`User ${n}`], ...(tel === null ? {} : { telephonenumber: [tel] }) },
});

/** A source directory in memory: pages of two, changes pushed by the test, reachable or not. */
class FakeRemote implements RemoteDirectory {
  readonly objects = new Map<string, RemoteObject>();
  readonly connects: string[] = [];
  queries: RemoteQuery[] = [];
  up = true;
  push: ((batch: readonly RemoteChange[]) => Promise<void>) | undefined;
  lose: ((cause: unknown) => void) | undefined;

  constructor(objects: RemoteObject[]) {
    for (const o of objects) this.objects.set(o.key, o);
  }

  async connect(server: string, query: RemoteQuery): Promise<RemoteSession> {
    this.connects.push(server);
    this.queries.push(query);
    if (!this.up) throw new IoError("LDAP_CONNECT", `${server}: connection refused`);
    return {
      load: async (page) => {
        const all = [...this.objects.values()];
        for (let i = 0; i < all.length; i += 2) await page(all.slice(i, i + 2));
      },
      watch: (changes, lost) => {
        this.push = changes;
        this.lose = lost;
      },
      close: async () => undefined,
    };
  }
}

class FakeAlarms {
  readonly active = new Set<number>();
  raise(code: number): void {
    this.active.add(code);
  }
  clear(code: number): void {
    this.active.delete(code);
  }
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

async function setup(objects: RemoteObject[], settings: LdapReplicatorSettings = SETTINGS) {
  const clock = new VirtualClock();
  const remote = new FakeRemote(objects);
  const alarms = new FakeAlarms();
  const directory = await Directory.load(new MemoryStore(), new SeededRng(1), { gateway: "m" });
  const rep = new AdReplicator(settings, { directory, remote, clock, alarms, log: silentLogger });
  const run = (ms: number) => clock.runUntil(clock.now() + ms, (next) => void settle().then(next));
  return { clock, remote, alarms, directory, rep, run };
}

test("the initial paged load replicates every mapped object; Remote and Local end Completed (§4.5.3.2, §4.5.4)", async () => {
  const { remote, directory, rep, alarms } = await setup([person(1), person(2), person(3), person(4, null)]);
  assert.equal(rep.status().state, "stopped");
  rep.start();
  assert.equal(rep.status().state, "starting");
  await settle();
  const s = rep.status();
  assert.deepEqual(
    [s.state, s.server, s.remote.state, s.local.state],
    ["up", "10.0.0.1:389", "completed", "completed"],
  );
  assert.deepEqual(s.remote, { state: "completed", notify: 0, paged: 4, noMatch: 0, discarded: 1 });
  assert.deepEqual(s.local, { state: "completed", notify: 0, add: 3, del: 0, modify: 0, pending: 0 });
  assert.deepEqual(
    directory.users.map((u) => [u.longName, u.number]),
    [
      ["User 1", "101"],
      ["User 2", "102"],
      ["User 3", "103"],
    ],
  );
  assert.deepEqual(directory.findUser("number", "102")!.ad, { key: "guid-2", fields: ["longName", "number"] });
  assert.deepEqual(remote.queries[0], {
    user: SETTINGS.user,
    password: "pw",
    tls: false,
    searchBase: SETTINGS.searchBase,
    filter: "(objectclass=user)",
    attributes: ["cn", "telephonenumber"],
  });
  assert.equal(alarms.active.size, 0);
});

test("change notifications modify, delete, and remove objects that left the filter (No match) or lost their map (Discarded)", async () => {
  const { remote, directory, rep } = await setup([person(1), person(2), person(3), person(4)]);
  await directory.addUsers([{ longName: "Local", number: "900" }]);
  rep.start();
  await settle();
  await remote.push!([
    {
      kind: "changed",
      object: { ...person(1), attributes: { cn: ["Anna"], telephonenumber: ["101"] } },
      matches: true,
    },
    { kind: "changed", object: person(5), matches: true },
    { kind: "deleted", key: "guid-2" },
    { kind: "changed", object: person(3), matches: false },
    { kind: "changed", object: person(4, null), matches: true },
  ]);
  const s = rep.status();
  assert.deepEqual(s.remote, { state: "completed", notify: 5, paged: 4, noMatch: 1, discarded: 1 });
  assert.deepEqual(s.local, { state: "completed", notify: 0, add: 5, del: 3, modify: 1, pending: 0 });
  assert.deepEqual(directory.users.map((u) => u.longName).sort(), ["Anna", "Local", "User 5"]);
});

test("an object the directory refuses (its Number is taken) is discarded; the rest of its batch is written", async () => {
  const { directory, rep } = await setup([person(1), person(2, "101")]);
  rep.start();
  await settle();
  assert.deepEqual(
    directory.users.map((u) => u.longName),
    ["User 1"],
  );
  assert.equal(rep.status().remote.discarded, 1);
});

test("server gone: Down with alarm 0x00030001, reconnects with backoff alternating with the Alt. Server; back: Up, alarm cleared, objects deleted meanwhile removed", async () => {
  const { remote, alarms, directory, rep, run } = await setup([person(1), person(2)]);
  rep.start();
  await settle();
  remote.up = false;
  remote.lose!(new Error("connection closed"));
  assert.equal(rep.status().state, "down");
  assert.equal(rep.status().remote.state, "stopped");
  assert.ok(alarms.active.has(ALARM.LDAP_REPLICATOR_NOT_CONNECTED));
  await run(RECONNECT_MIN_MS - 1);
  assert.equal(remote.connects.length, 1);
  await run(1 + 2 * RECONNECT_MIN_MS + 4 * RECONNECT_MIN_MS);
  assert.deepEqual(remote.connects, ["10.0.0.1:389", "10.0.0.2:3268", "10.0.0.1:389", "10.0.0.2:3268"]);
  remote.objects.delete("guid-2");
  remote.up = true;
  await run(8 * RECONNECT_MIN_MS);
  assert.equal(remote.connects.length, 5);
  assert.deepEqual([rep.status().state, rep.status().server], ["up", "10.0.0.1:389"]);
  assert.ok(!alarms.active.has(ALARM.LDAP_REPLICATOR_NOT_CONNECTED));
  assert.deepEqual(
    directory.users.map((u) => u.longName),
    ["User 1"],
  );
  assert.equal(rep.status().local.del, 1);
  assert.equal(rep.status().remote.paged, 3);
});

test("a server that cannot be reached at start: Starting, then Down with the alarm; stop() clears it and stops retrying", async () => {
  const { remote, alarms, rep, run } = await setup([]);
  remote.up = false;
  rep.start();
  await settle();
  assert.equal(rep.status().state, "down");
  assert.ok(alarms.active.has(ALARM.LDAP_REPLICATOR_NOT_CONNECTED));
  await rep.stop();
  assert.equal(rep.status().state, "stopped");
  assert.equal(alarms.active.size, 0);
  await run(60_000);
  assert.equal(remote.connects.length, 1);
});

test("bad settings are ConfigErrors naming the field: no server, no search base, bad maps, TLS port 636", async () => {
  const bad: [Partial<LdapReplicatorSettings>, string][] = [
    [{ server: undefined, altServer: undefined }, "ldap.replicator.server"],
    [{ searchBase: "" }, "ldap.replicator.searchBase"],
    [{ outMaps: [{ dest: "cn", value: "%cn" }] }, "ldap.replicator.outMaps"],
    [{ inMaps: [{ source: "cn", pattern: "%cn:(" }] }, "ldap.replicator.inMaps[0]"],
  ];
  for (const [patch, field] of bad)
    await assert.rejects(
      setup([], { ...SETTINGS, ...patch }),
      (err: unknown) => err instanceof ConfigError && err.context.field === field,
      field,
    );
  const { rep } = await setup([], { ...SETTINGS, tls: true });
  assert.equal(rep.status().server, "10.0.0.1:636");
});

test("a device runs AD replication only as a Master (not a Standby) with type ad and Enable set (§4.5.3.2 steps 2–3)", async () => {
  const { clock, remote, alarms, directory } = await setup([person(1)]);
  const device = (master: string, replicator: LdapReplicatorSettings) => ({
    ...loadDeviceConfigs(
      `{ name: m, kind: IPVM, mac: "00:90:33:06:00:01", ip: 127.0.0.1, master: ${master} }`,
      "m",
    )[0]!,
    ldap: { replicator },
  });
  const errors: string[] = [];
  const env = {
    clock,
    alarms,
    ldap: remote,
    log: makeLogger((level, msg, f) => void (level === "error" && errors.push(`${msg}: ${String(f["reason"])}`))),
  };
  const active = "{ mode: active, id: 1 }";
  const started = adReplicatorFor(device(active, SETTINGS), directory, env);
  await settle();
  assert.equal(started?.status().state, "up");
  await started!.stop();
  assert.equal(adReplicatorFor(device(active, { ...SETTINGS, enabled: false }), directory, env), undefined);
  assert.equal(adReplicatorFor(device(active, { ...SETTINGS, type: "full" }), directory, env), undefined);
  assert.equal(adReplicatorFor(device(active, SETTINGS), directory, { ...env, ldap: undefined }), undefined);
  const standby = await Directory.load(new MemoryStore(), new SeededRng(2), { gateway: "s", replica: true });
  assert.equal(
    adReplicatorFor(device("{ mode: standby, id: 1, primary: 127.0.0.2 }", SETTINGS), standby, env),
    undefined,
  );
  assert.equal(adReplicatorFor(device(active, { ...SETTINGS, outMaps: [] }), directory, env), undefined);
  assert.match(errors.join(), /Active Directory replication not started: .*cn is mandatory/);
});
