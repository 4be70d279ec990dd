import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { ConfigCode } from "../../src/core/config/configCodes.js";
import type { ApiRequest } from "../../src/mgmt/api.js";
import { apiGate, handleApi } from "../helpers/api.js";
import { SnmpCode } from "../../src/snmp/errors.js";
import { SECRET_MASK } from "../../src/core/config/secrets.js";
import type { SnmpReport } from "../../src/snmp/report.js";
import { snmpStatusText } from "../../src/snmp/statusText.js";
import { basic, setUpLab, withLab } from "../helpers/testRealm.js";
import { startFleet } from "../helpers/sim.js";
import { assertBadBody } from "../helpers/badBody.js";

const ADMIN = basic("admin", "changeme");
const AUDITOR = basic("LAB\\kaudit", "kaudit-pw");
const USER_ADMIN = basic("ua", "ua-secret-1");
/** The secrets of the fleet below: none may appear in an answer an Auditor reads. */
const SECRETS = ["monitor-ro", "auth-secret-1", "priv-secret-1"];

const req = (method: string, authorization: string | undefined, body = ""): ApiRequest => ({
  method,
  path: "/api/snmp",
  query: new URLSearchParams(),
  authorization,
  body,
});

describe("Services → SNMP over HTTP (§4.9.5): read by an Auditor, secrets masked, changed pending a reset", async () => {
  const fleet = await startFleet(
    withLab(`
name: api-snmp
devices:
  - name: m
    kind: IPVM
    mac: 00:90:33:20:00:01
    ip: 127.0.1.1
    master: { mode: active }
    snmp:
      enabled: true
      community: monitor-ro
      location: Building A
      trapDestinations: [{ address: "127.0.9.9", version: v3 }, { address: "127.0.9.8", version: v2c-inform, retries: 1 }]
      v3: { user: mon, authProtocol: SHA-256, authPassword: auth-secret-1, privProtocol: AES, privPassword: priv-secret-1 }
  - name: plain
    kind: IPVM
    mac: 00:90:33:20:00:02
    ip: 127.0.1.2
`),
  );
  await setUpLab(fleet);
  after(() => fleet.close());
  const ctx = (name = "m") => ({ device: () => fleet.device(name), events: () => fleet.events.events });
  const call = async (method: string, body = "", who = ADMIN, name = "m") =>
    handleApi(ctx(name), req(method, who, body));
  const report = async (name = "m") => (await call("GET", "", AUDITOR, name)).body as SnmpReport;

  test("every level is decided from the head, before the body is read: Auditor and User Administrator 403 on PUT", async () => {
    assert.equal(
      (
        await handleApi(ctx(), {
          ...req("POST", ADMIN),
          path: "/api/user-admins",
          body: '{"longName":"UA","name":"ua","password":"ua-secret-1"}',
        })
      ).status,
      201,
    );
    const head = (who: string | undefined, method = "PUT") => ({ ...req(method, who), body: undefined });
    assert.ok("proceed" in (await apiGate(ctx(), head(AUDITOR, "GET"))));
    assert.ok("proceed" in (await apiGate(ctx(), head(ADMIN))));
    // A User Administrator manages users only (§3.4.2): not even the settings are his to read.
    const ua = await apiGate(ctx(), head(USER_ADMIN, "GET"));
    assert.ok("answer" in ua && ua.answer.status === 403);
    for (const [who, status] of [
      [AUDITOR, 403],
      [USER_ADMIN, 403],
      [undefined, 401],
      [basic("admin", "wrong"), 401],
    ] as const) {
      const gate = await apiGate(ctx(), head(who));
      assert.ok("answer" in gate, "answered from the head");
      assert.equal(gate.answer.status, status);
    }
    assert.equal(fleet.device("m").pendingConfig, undefined);
    // The wrong password blocked `admin` (§3.4.5.1): its block ends before the next test.
    await fleet.runFor(60_000);
  });

  test("GET: the settings with the community and v3 passwords masked, the agent's engine ID and counters", async () => {
    const r = await report();
    const text = JSON.stringify(r);
    for (const s of SECRETS) assert.ok(!text.includes(s), `${s} is not shown`);
    assert.equal(r.running?.community, SECRET_MASK);
    assert.equal(r.running?.v3?.authPassword, SECRET_MASK);
    assert.equal(r.running?.v3?.privPassword, SECRET_MASK);
    assert.equal(r.running?.v3?.user, "mon");
    assert.equal(r.running?.location, "Building A");
    assert.deepEqual(r.running?.trapDestinations, [
      { address: "127.0.9.9", version: "v3" },
      { address: "127.0.9.8", version: "v2c-inform", timeoutMs: 15_000, retries: 1 },
    ]);
    assert.equal(r.pending, undefined, "nothing waits for a reset");
    // RFC 3411 §5: enterprise 99999 with the top bit, format 3 (MAC), the MAC.
    assert.equal(r.engineId, "8001869f03009033200001");
    // The sim's agent serves views only: no UDP port.
    assert.equal(r.agent?.listening, null);
    assert.deepEqual(Object.keys(r.agent?.snmp ?? {}), [
      "snmpInPkts",
      "snmpInBadVersions",
      "snmpInBadCommunityNames",
      "snmpInBadCommunityUses",
      "snmpInASNParseErrs",
      "snmpOutTooBigs",
      "snmpSilentDrops",
    ]);
    assert.deepEqual(r.agent?.usmStats, {
      usmStatsNotInTimeWindows: 0,
      usmStatsUnknownUserNames: 0,
      usmStatsUnknownEngineIDs: 0,
      usmStatsWrongDigests: 0,
      usmStatsDecryptionErrors: 0,
    });
    const plain = await report("plain");
    assert.deepEqual(plain, { running: null, engineId: "8001869f03009033200002", agent: null });
  });

  test("ipdect ctl snmp: readable rows, secrets masked", async () => {
    const text = snmpStatusText(await report());
    assert.match(text, /^Agent +running, not on UDP/m);
    assert.match(text, /^Community +\*{8}$/m);
    assert.match(text, /^SNMPv3 User +mon, authentication SHA-256 \*{8}, encryption AES \*{8}$/m);
    assert.match(
      text,
      /^Trap Destinations +127\.0\.9\.9 v3, 127\.0\.9\.8 v2c-inform \(timeout 15000 ms, retries 1\)$/m,
    );
    assert.match(text, /^Allowed Networks +all/m);
    assert.match(text, /^usmStatsWrongDigests +0$/m);
    for (const s of SECRETS) assert.ok(!text.includes(s));
    assert.match(snmpStatusText(await report("plain")), /^Agent +disabled/m);
  });

  test("a bad body is 400 with the code and field, says nothing of a secret, and stores nothing", async () => {
    const bad = async (body: string, code: string, field?: string, name = "m") =>
      assertBadBody(await call("PUT", body, ADMIN, name), body, code, field);
    await bad("{", "BAD_JSON");
    await bad("[]", "BAD_FIELD"); // the route's schema: a JSON object
    await bad('{"enabled":"yes"}', ConfigCode.Type, "enabled");
    await bad('{"port":0}', ConfigCode.Port, "port");
    await bad('{"communty":"x"}', ConfigCode.UnknownKey, "communty");
    await bad(
      '{"trapDestinations":[{"address":"10.0.0.1:99999","version":"v2c"}]}',
      SnmpCode.Settings,
      "trapDestinations[0].address",
    );
    await bad('{"allowedNetworks":[{"network":"10.0.0.0/33"}]}', SnmpCode.Settings, "allowedNetworks[0].network");
    await bad(
      '{"v3":{"user":"u","privProtocol":"AES","privPassword":"priv-pass-9"}}',
      SnmpCode.Settings,
      "v3.privProtocol",
    );
    const short = await bad(
      '{"v3":{"user":"u","authProtocol":"SHA","authPassword":"tiny-pw"}}',
      SnmpCode.Settings,
      "v3.authPassword",
    );
    assert.ok(!short.includes("tiny-pw"), "the password is not repeated");
    // The mask stands for a stored secret: the plain device stores none.
    await bad(`{"community":"${SECRET_MASK}"}`, ConfigCode.SecretMask, "community", "plain");
    const v3 = `{"community":"c","v3":{"user":"u","authProtocol":"SHA","authPassword":"${SECRET_MASK}"}}`;
    await bad(v3, ConfigCode.SecretMask, "v3.authPassword", "plain");
    assert.equal(fleet.device("m").pendingConfig, undefined);
    assert.equal(fleet.device("plain").pendingConfig, undefined);
  });

  test("PUT stores pending (202, masked); the mask keeps each stored secret; in force after the reset (§4.18.1)", async () => {
    const body = {
      enabled: true,
      port: 1161,
      community: SECRET_MASK,
      location: "Building B",
      authTrap: true,
      allowedNetworks: [{ network: "10.0.0.0/8" }],
      v3: {
        user: "mon2",
        authProtocol: "SHA",
        authPassword: SECRET_MASK,
        privProtocol: "AES-256",
        privPassword: "new-priv-secret",
      },
    };
    const r = await call("PUT", JSON.stringify(body));
    assert.equal(r.status, 202);
    const answer = JSON.stringify(r.body);
    assert.ok(!answer.includes("new-priv-secret") && !answer.includes("monitor-ro"), answer);
    assert.match(answer, /takes effect after reset/);
    const stored = fleet.device("m").pendingConfig?.snmp;
    assert.equal(stored?.community, "monitor-ro", "the masked community is the stored one");
    assert.equal(stored?.v3?.authPassword, "auth-secret-1");
    assert.equal(stored?.v3?.privPassword, "new-priv-secret");
    const waiting = await report();
    assert.equal(waiting.running?.location, "Building A");
    assert.equal(waiting.pending?.location, "Building B");
    assert.equal(waiting.pending?.v3?.privPassword, SECRET_MASK);
    assert.match(snmpStatusText(waiting), /After reset \(pending, §4\.18\.1\):\n(?:.*\n)* {2}Location +Building B$/m);
    assert.equal(
      (
        await handleApi(ctx(), {
          ...req("POST", ADMIN),
          path: "/api/reset",
          query: new URLSearchParams("mode=immediate"),
        })
      ).status,
      200,
    );
    const now = await report();
    assert.equal(now.pending, undefined);
    assert.equal(now.running?.location, "Building B");
    assert.equal(now.running?.port, 1161);
    assert.equal(fleet.device("m").config.snmp?.v3?.user, "mon2");
  });

  test("enabling SNMP on a device without it starts the agent at the reset", async () => {
    assert.equal((await call("PUT", '{"enabled":true,"community":"second-ro"}', ADMIN, "plain")).status, 202);
    assert.equal((await report("plain")).agent, null, "not before the reset");
    await fleet.device("plain").reset("immediate");
    const r = await report("plain");
    assert.notEqual(r.agent, null);
    assert.equal(r.running?.community, SECRET_MASK);
    assert.equal(fleet.device("plain").config.snmp?.community, "second-ro");
  });
});
