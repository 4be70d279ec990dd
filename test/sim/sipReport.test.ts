/** The sim report's SIP part (issue 19 "The sim report says per user where it is registered and why it failed"). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { RegistrationStatus } from "../../src/sip/registration.js";
import { sipReport, sipSummary } from "../../sim/sipReport.js";

const P1 = "udp:10.0.9.1:5060";
const ok = (n: number): RegistrationStatus => ({
  number: String(n),
  aor: `sip:${n}@ipdect.sim`,
  authUser: String(n),
  state: "registered",
  target: P1,
  expiresInS: 60,
  lastStatus: 200,
});
const forbidden = (n: number): RegistrationStatus => ({
  number: String(n),
  aor: `sip:${n}@ipdect.sim`,
  authUser: String(n),
  state: "failed",
  lastProxy: P1,
  lastStatus: 403,
  reason: "403 Forbidden",
});
const names = (t: string) => (t === P1 ? "pbx1" : undefined);

describe("sim report: SIP registrations per user", () => {
  test("300 users fold into two lines: 298 registered at pbx1 via master, 2 failed with 403 from pbx1", () => {
    const regs = [...Array.from({ length: 298 }, (_, i) => ok(2000 + i)), forbidden(2298), forbidden(2299)];
    const r = sipReport([{ name: "master", serving: true, registrations: regs }], names)!;
    assert.equal(r.users.length, 300);
    assert.deepEqual(r.outcomes[1], {
      count: 2,
      state: "failed",
      master: "master",
      proxy: "pbx1",
      status: 403,
      reason: "403 Forbidden",
      users: ["2298", "2299"],
    });
    const text = sipSummary(r);
    assert.match(text, /^300 users: 298 registered, 2 failed$/m);
    assert.match(text, /^298 +registered +pbx1 +master +2000, 2001, 2002, 2003, 2004 and 293 more$/m);
    assert.match(text, /^2 +failed +pbx1 +master +403 Forbidden +2298, 2299$/m);
    assert.equal(text.split("\n").length, 6, "a heading, totals, table head, two rows");
  });

  test("a user registered at the Standby is reported there, not as the old Master's failure", () => {
    const r = sipReport(
      [
        { name: "master", serving: false, registrations: [forbidden(1000)] },
        { name: "standby", serving: true, registrations: [ok(1000)] },
      ],
      names,
    )!;
    assert.deepEqual(r.users, [{ user: "1000", state: "registered", master: "standby", proxy: "pbx1", status: 200 }]);
  });

  test("users are in numeric order, and an unknown proxy keeps its address", () => {
    const r = sipReport(
      [{ name: "m", serving: true, registrations: [ok(10), ok(9), { ...ok(100), target: "udp:10.9.9.9:5060" }] }],
      names,
    )!;
    assert.deepEqual(
      r.users.map((u) => [u.user, u.proxy]),
      [
        ["9", "pbx1"],
        ["10", "pbx1"],
        ["100", "udp:10.9.9.9:5060"],
      ],
    );
  });

  test("no Master with a gatekeeper: no SIP part", () => {
    assert.equal(sipReport([], names), undefined);
  });
});
