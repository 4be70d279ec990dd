/**
 * SIP detail in the event stream (issue 19 "SIP events carry what happened"): each user's REGISTER, its answer
 * (status code, reason, proxy), failures, moves between proxies and the Master that holds the binding, told on a
 * change only; 0x00030202 and 0x00010002 say the answer and the proxy in their detail.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { ALARM, formatAlarmCode } from "../../src/core/alarms/index.js";
import type { DeviceEvent, EventFields } from "../../src/role/EventLog.js";
import { startFleet } from "../helpers/sim.js";
import type { SipReport } from "../../sim/sipReport.js";

const gk = `gatekeeper: { protocol: sip-udp, proxy: 10.0.9.1, altProxies: [10.0.9.2], domain: ipdect.sim, registrationTtlS: 60 }`;
const user = (n: number, pw: string) =>
  `{ longName: U${n}, name: "${n}", number: "${n}", password: ${pw}, ipei: "01009001000${n - 1000}${n - 1000}", subs: "0000000000000000000000005000000${n - 1000}" }`;
/** Master and Standby, two PBXs; user 1002's password is wrong. pbx1 stops at 60 s, the Master at 150 s. */
const FLEET = `
name: sip-events
pbx:
  - { name: pbx1, ip: 10.0.9.1, passwordPrefix: "pw-", minExpires: 10 }
  - { name: pbx2, ip: 10.0.9.2, passwordPrefix: "pw-", minExpires: 10 }
devices:
  - { name: master, kind: IPVM, mac: "00:90:33:02:00:01", ip: 10.0.0.1, master: { mode: active }, ${gk}, users: [${user(1000, "pw-1000")}, ${user(1001, "pw-1001")}, ${user(1002, "bad")}] }
  - { name: standby, kind: IPVM, mac: "00:90:33:02:00:02", ip: 10.0.0.2, master: { mode: standby, primary: 10.0.0.1 }, ${gk} }
faults:
  - { at: 60s, stop: pbx1 }
  - { at: 150s, stop: master }
`;

type Reg = EventFields["registration"] & { readonly t: number; readonly device: string };
const P1 = "udp:10.0.9.1:5060";
const P2 = "udp:10.0.9.2:5060";

describe("registration events (issue 19)", () => {
  let events: readonly DeviceEvent[];
  let regs: Reg[];
  let pbx1Registers: number;
  let sip: SipReport | undefined;
  before(async () => {
    await using fleet = await startFleet(FLEET);
    await fleet.runUntil(59_000);
    pbx1Registers = fleet.report().pbx?.[0]?.registers ?? 0;
    await fleet.runUntil(240_000);
    events = [...fleet.events.events];
    sip = fleet.report().sip;
    regs = events.filter((e): e is DeviceEvent & Reg => e.kind === "registration");
  });
  const of = (user: string, device = "master") => regs.filter((e) => e.user === user && e.device === device);

  test("the first REGISTER says user, proxy and transport; its answer the status code, reason, proxy and lifetime", () => {
    const [sent, ok] = of("1000");
    assert.deepEqual(
      { event: sent?.event, proxy: sent?.proxy, transport: sent?.transport },
      { event: "sent", proxy: P1, transport: "udp" },
    );
    assert.deepEqual(
      { event: ok?.event, proxy: ok?.proxy, status: ok?.status, reason: ok?.reason, expiresS: ok?.expiresS },
      { event: "registered", proxy: P1, status: 200, reason: "OK", expiresS: 60 },
    );
  });

  test("refreshes are not logged: one `registered` per user before pbx1 stops, though it refreshed", () => {
    assert.ok(pbx1Registers > 3 * 2, `pbx1 saw refreshes (${pbx1Registers} REGISTERs)`);
    assert.equal(of("1000").filter((e) => e.t < 60_000 && e.event === "registered").length, 1);
    assert.equal(of("1000").filter((e) => e.t < 60_000 && e.event === "sent").length, 1);
  });

  test("a failure says status, reason and proxy, once however often it is retried; 0x00030202 names them", () => {
    const failed = of("1002").filter((e) => e.event === "failed" && e.t < 60_000);
    assert.equal(failed.length, 1, "retried every TTL, told once");
    assert.equal(failed[0]?.status, 401);
    assert.match(failed[0]?.reason ?? "", /^401 Unauthorized to our credentials/);
    assert.equal(failed[0]?.proxy, P1);
    const alarm = events.find(
      (e) => e.kind === "alarm" && e.code === formatAlarmCode(ALARM.USER_REGISTRATION_FAILURE) && e.source === "1002",
    );
    assert.match(
      (alarm as { detail?: string } | undefined)?.detail ?? "",
      /^401 Unauthorized .* from udp:10\.0\.9\.1:5060$/,
    );
  });

  test("pbx1 down: 0x00010002 says why, and each registered user moves from pbx1 to pbx2", () => {
    const down = events.find((e) => e.kind === "alarm" && e.code === formatAlarmCode(ALARM.GATEWAY_REGISTRATION_DOWN));
    assert.equal((down as { source?: string } | undefined)?.source, P1);
    assert.match((down as { detail?: string } | undefined)?.detail ?? "", /no answer/);
    for (const u of ["1000", "1001"]) {
      const moved = of(u).find((e) => e.event === "moved");
      assert.deepEqual({ from: moved?.from, proxy: moved?.proxy }, { from: P1, proxy: P2 }, u);
      assert.ok(moved!.t > 60_000 && moved!.t < 150_000);
    }
  });

  test("the Master stops: the Standby now holds the bindings (its own `registered` events, at pbx2)", () => {
    for (const u of ["1000", "1001"]) {
      const taken = of(u, "standby").find((e) => e.event === "registered" || e.event === "moved");
      assert.ok(taken !== undefined && taken.t > 150_000, `${u} registered by the standby`);
      assert.equal(taken.proxy, P2);
    }
    assert.equal(of("1000", "master").filter((e) => e.t > 150_000).length, 0);
  });

  test("the sim report says per user where it is registered (PBX, Master) and why it failed", () => {
    assert.deepEqual(sip?.users, [
      { user: "1000", state: "registered", master: "standby", proxy: "pbx2", status: 200 },
      { user: "1001", state: "registered", master: "standby", proxy: "pbx2", status: 200 },
      {
        user: "1002",
        state: "failed",
        master: "standby",
        proxy: "pbx2",
        status: 401,
        reason: "401 Unauthorized to our credentials: wrong Auth Name or password",
      },
    ]);
    assert.deepEqual(
      sip?.outcomes.map((o) => [o.count, o.state, o.proxy, o.master, o.users]),
      [
        [2, "registered", "pbx2", "standby", ["1000", "1001"]],
        [1, "failed", "pbx2", "standby", ["1002"]],
      ],
    );
  });
});
