import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ALARM, formatAlarmCode } from "../../src/core/alarms/index.js";
import { ALARM_TIMEOUT_MS } from "../../src/pari/remoteAlarms.machine.js";
import type { Fleet } from "../../sim/Fleet.js";
import { runUntilTrue, startFleet } from "../helpers/sim.js";
import { handleApi } from "../helpers/api.js";

const PARI = "127.0.1.1";
const CODE = ALARM.KERBEROS_SERVER_UNREACHABLE;

const radio = (n: number) =>
  `\n  - { name: r${n}, kind: IPBS, mac: "00:90:33:00:02:0${n}", ip: 127.0.2.${n}, radio: { pariMaster: ${PARI} } }`;

/** A PARI Master whose Radio Config turns alarm forwarding on (§4.6.33), and radios. */
const fleetYaml = (forward: string, radios: string) => `name: system-alarms
devices:
  - { name: pari, kind: IPBS, mac: "00:90:33:00:01:01", ip: ${PARI}, master: { mode: active }, pari: { systemId: 12 }${forward} }${radios}
`;
const FORWARD = `, radioConfig: { alarmForward: "http://${PARI}/" }`;

const systemList = (fleet: Fleet) => fleet.device("pari").alarms.system();
const fromRemote = (fleet: Fleet, ip: string) => systemList(fleet).filter((a) => a.remote === ip);
const assigned = (fleet: Fleet, r: string) => (fleet.device(r).status().radio?.pari?.rfpis ?? []).length > 0;

describe("system-wide alarms (manual 003 §4.23.3, §4.6.33)", () => {
  test("a radio's alarm appears on the PARI Master's list with its Remote; deleted, it times out at 30 min", async () => {
    await using fleet = await startFleet(fleetYaml(FORWARD, radio(1) + radio(2)));
    assert.ok(await runUntilTrue(fleet, () => assigned(fleet, "r1") && assigned(fleet, "r2"), 20_000));
    fleet.device("r1").alarms.raise(CODE, "EXAMPLE.COM");
    await runUntilTrue(fleet, () => fromRemote(fleet, "127.0.2.1").length > 0, 5_000);
    const [a] = fromRemote(fleet, "127.0.2.1");
    assert.equal(a?.code, formatAlarmCode(CODE));
    assert.equal(a?.source, "EXAMPLE.COM");
    assert.deepEqual(fleet.device("pari").alarms.active(), [], "the PARI Master's own list stays its own");

    // The radio stops; once the PARI Master has lost it, the administrator deletes it (§4.11.1).
    await fleet.stopDevice("r1");
    await fleet.runFor(15_000);
    await fleet.device("pari").deleteRadio("00:90:33:00:02:01");
    const deletedAt = fleet.now;
    await fleet.runUntil(deletedAt + ALARM_TIMEOUT_MS - 1);
    assert.equal(fromRemote(fleet, "127.0.2.1").length, 1, "still listed at 29:59.999");
    await fleet.runUntil(deletedAt + ALARM_TIMEOUT_MS);
    assert.equal(fromRemote(fleet, "127.0.2.1").length, 0, "cleared at 30:00");
    const timeouts = fleet.events.events.filter((e) => e.kind === "alarm-timeout");
    assert.equal(timeouts.length, 1);
    assert.equal(timeouts[0]?.t, deletedAt + ALARM_TIMEOUT_MS);
    assert.deepEqual(
      fleet
        .device("pari")
        .alarms.history()
        .filter((h) => h.remote === "127.0.2.1")
        .map((h) => h.type),
      ["alarm", "alarm-timeout"],
      "§4.23.4 history: Alarm, then Alarm timeout",
    );
  });

  test("a radio that restarts clears its old alarms; a cleared alarm clears on the PARI Master at once", async () => {
    await using fleet = await startFleet(fleetYaml(FORWARD, radio(1)));
    assert.ok(await runUntilTrue(fleet, () => assigned(fleet, "r1"), 20_000));
    fleet.device("r1").alarms.raise(CODE, "A");
    fleet.device("r1").alarms.raise(CODE, "B");
    await runUntilTrue(fleet, () => fromRemote(fleet, "127.0.2.1").length === 2, 5_000);
    fleet.device("r1").alarms.clear(CODE, "B");
    await runUntilTrue(fleet, () => fromRemote(fleet, "127.0.2.1").length === 1, 5_000);
    assert.equal(fromRemote(fleet, "127.0.2.1")[0]?.source, "A");

    await fleet.stopDevice("r1");
    await fleet.runFor(1000);
    await fleet.startDevice("r1");
    assert.ok(await runUntilTrue(fleet, () => assigned(fleet, "r1"), 20_000));
    await fleet.runFor(1000);
    assert.deepEqual(fromRemote(fleet, "127.0.2.1"), [], "the restarted radio's alarm cleared");
    const cleared = fleet.events.events.filter((e) => e.kind === "alarm-cleared" && e.device === "pari");
    assert.deepEqual(
      cleared.map((e) => (e.kind === "alarm-cleared" ? [e.source, e.remote] : [])),
      [
        ["B", "127.0.2.1"],
        ["A", "127.0.2.1"],
      ],
    );
  });

  test("the API: GET /api/alarms?system=true lists Remote, the history has the raise, Clear empties it (§4.23.4)", async () => {
    await using fleet = await startFleet(fleetYaml(FORWARD, radio(1)));
    assert.ok(await runUntilTrue(fleet, () => assigned(fleet, "r1"), 20_000));
    fleet.device("r1").alarms.raise(CODE, "A");
    await fleet.runFor(1000);
    const ctx = { device: () => fleet.device("pari"), events: () => fleet.events.events };
    const call = async (method: string, path: string) => {
      const url = new URL(path, "http://x");
      const authorization = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;
      const r = await handleApi(ctx, { method, path: url.pathname, query: url.searchParams, authorization, body: "" });
      return r.body as { remote?: string; type?: string; count?: number; error?: { code: string } }[];
    };
    assert.deepEqual(await call("GET", "/api/alarms"), []);
    const system = await call("GET", "/api/alarms?system=true");
    assert.deepEqual(
      system.map((a) => a.remote),
      ["127.0.2.1"],
    );
    assert.equal(
      ((await call("GET", "/api/alarms?system=maybe")) as unknown as { error: { code: string } }).error.code,
      "BAD_FLAG",
    );
    assert.ok((await call("GET", "/api/alarms/events")).some((h) => h.type === "alarm" && h.remote === "127.0.2.1"));
    const cleared = (await call("POST", "/api/alarms/events/clear")) as unknown as { count: number };
    assert.ok(cleared.count >= 1);
    assert.deepEqual(await call("GET", "/api/alarms/events"), []);
    assert.equal((await call("GET", "/api/alarms?system=true")).length, 1, "Clear leaves active alarms active");
  });

  test("without alarm forwarding the PARI Master lists its own alarms only", async () => {
    await using fleet = await startFleet(fleetYaml("", radio(1)));
    assert.ok(await runUntilTrue(fleet, () => assigned(fleet, "r1"), 20_000));
    fleet.device("r1").alarms.raise(CODE, "A");
    await fleet.runFor(35_000);
    assert.deepEqual(fromRemote(fleet, "127.0.2.1"), []);
  });
});
