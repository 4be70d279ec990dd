/**
 * Diagnostics → Performance over HTTP and ctl (§4.23.5): `GET /api/performance` read by an Auditor, answered as its
 * schema says (test/helpers/api.ts checks every answer), the parameters and the window chosen by query, bad ones
 * refused with their codes; `ipdect ctl performance` shows it as a summary and a table.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { ctlCommand, ctlRequest } from "../../src/cli/ctlCommands.js";
import type { PerformanceView } from "../../src/device/PerformanceHistory.js";
import type { ApiResponse } from "../../src/mgmt/api.js";
import { MgmtCode } from "../../src/mgmt/errors.js";
import { handleApi } from "../helpers/api.js";
import { startFleet } from "../helpers/sim.js";
import { basic, setUpLab, withLab } from "../helpers/testRealm.js";

const ADMIN = basic("admin", "changeme");
const AUDITOR = basic("LAB\\kaudit", "kaudit-pw");

describe("GET /api/performance (§4.23.5): the last 24 hours, a sample a minute", async () => {
  const fleet = await startFleet(
    withLab(
      `
name: api-performance
devices:
  - { name: m, kind: IPVM, mac: "00:90:33:21:00:01", ip: 127.0.1.1, master: { mode: active } }
  - { name: r, kind: IPBS, mac: "00:90:33:21:00:02", ip: 127.0.2.1, radio: { master: 127.0.1.1 } }
`,
      ["m"],
    ),
  );
  await setUpLab(fleet);
  await fleet.runFor(10 * 60_000);
  after(() => fleet.close());
  /** The answer to `who` (null: no login). */
  const get = (query = "", who: string | null = AUDITOR): Promise<ApiResponse> =>
    handleApi(
      { device: () => fleet.device("m"), events: () => fleet.events.events },
      { method: "GET", path: "/api/performance", query: new URLSearchParams(query), authorization: who ?? undefined },
    );

  test("an Auditor reads every parameter: a sample at boot and one a minute since, on the sim's clock", async () => {
    const r = await get();
    assert.equal(r.status, 200);
    const v = r.body as PerformanceView;
    assert.equal(v.intervalMs, 60_000);
    assert.equal(v.windowMs, 24 * 3_600_000);
    assert.equal(v.now, fleet.now);
    assert.equal(v.times.length, 11);
    assert.ok(v.times.every((t, i) => i === 0 || t - v.times[i - 1]! === 60_000));
    assert.deepEqual(
      v.series.map((s) => [s.parameter, s.label, s.max, s.measured]),
      [
        ["cpu", "CPU", 100, false],
        ["mem", "MEM", 100, false],
        ["eth0", "ETH0", null, true],
        ["calls", "Concurrent calls", 8, true],
      ],
    );
    const [, , eth0, calls] = v.series;
    // The radio's heartbeats and their answers: device-link frames every minute.
    assert.ok(
      eth0!.values.slice(1).every((n) => n > 0),
      JSON.stringify(eth0!.values),
    );
    assert.deepEqual(calls!.values, Array(11).fill(0));
    assert.equal((await get("", null)).status, 401);
    assert.equal((await get("", ADMIN)).status, 200);
  });

  test("?parameters and ?minutes choose the series, in the order asked, and the window", async () => {
    const v = (await get("parameters=eth0,cpu,eth0&minutes=5")).body as PerformanceView;
    assert.deepEqual(
      v.series.map((s) => s.parameter),
      ["eth0", "cpu"],
    );
    assert.equal(v.times.length, 5);
    assert.equal(v.series[0]!.values.length, 5);
  });

  test("a parameter that is not one of §4.23.5's, or a window beyond 24 hours, is refused with its code", async () => {
    const refused = async (query: string, code: string, message: RegExp) => {
      const r = await get(query);
      assert.equal(r.status, 400, query);
      const { error } = r.body as { error: { code: string; message: string } };
      assert.equal(error.code, code, query);
      assert.match(error.message, message, query);
    };
    await refused("parameters=cpu,cpu-r", MgmtCode.BadParameter, /"cpu-r" is not one of cpu, mem, eth0, calls/);
    await refused("parameters=", MgmtCode.BadParameter, /"" is not one of/);
    for (const minutes of ["0", "1441", "1.5", "-1", "x"])
      await refused(`minutes=${minutes}`, MgmtCode.BadMinutes, /from 1 to 1440/);
  });

  test("ipdect ctl performance: a summary per parameter, then a row per sample with the measured columns", async () => {
    const c = ctlCommand("performance", { minutes: "3" });
    const req = ctlRequest(c, [], { minutes: "3" }, () => "");
    assert.equal(req.path, "/api/performance?parameters=cpu%2Cmem%2Ceth0%2Ccalls&minutes=3");
    const text = c.ctl!.text!((await get("minutes=3")).body, {});
    const lines = text.split("\n");
    assert.match(lines[0]!, /^3 samples, one every 1m 00s, 1970-01-01 00:08:00Z to 1970-01-01 00:10:00Z$/);
    assert.match(text, /^Parameter +Max possible +Lowest +Highest +Last +Note$/m);
    assert.match(text, /^CPU +100 % +- +- +- +not measured/m);
    assert.match(text, /^Concurrent calls +8 calls +0 +0 +0 +this version carries no calls/m);
    assert.match(text, /^Time +ETH0 \(frames\) +Concurrent calls \(calls\)$/m);
    assert.match(text, /^1970-01-01 00:10:00Z +\d+ +0$/m);
  });
});
