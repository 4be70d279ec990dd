import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { CONFIG_SECRETS } from "../../src/config/secrets.js";
import { ConfigCode } from "../../src/core/config/configCodes.js";
import { SECRET_MASK } from "../../src/core/config/secrets.js";
import type { ApiRequest } from "../../src/mgmt/api.js";
import { handleApi } from "../helpers/api.js";
import { assertBadBody } from "../helpers/badBody.js";
import { startFleet } from "../helpers/sim.js";
import { basic, setUpLab, withLab } from "../helpers/testRealm.js";

const ADMIN = basic("admin", "changeme");
const AUDITOR = basic("LAB\\kaudit", "kaudit-pw");
const USER_ADMIN = basic("ua", "ua-secret-1");

/** Every secret the configuration below holds: none may appear in an answer of GET /api/settings. */
const SECRETS = {
  system: "Sys-S3cret!",
  ldapServer: "Ldap-S3cret-1",
  replicator: "Repl-S3cret-1",
  community: "Comm-S3cret-1",
  auth: "Auth-S3cret-1",
  priv: "Priv-S3cret-1",
  updateUrl: "Upd-S3cret-1",
  provisioningUrl: "Prov-S3cret-1",
  alarmForward: "Fwd-S3cret-1",
  pushedUpdateUrl: "PushUpd-S3cret",
  pushedAlarmForward: "PushFwd-S3cret",
  userPassword: "User-S3cret-1",
  authCode: "97531",
};

const req = (method: string, authorization: string, body = ""): ApiRequest => ({
  method,
  path: "/api/settings",
  query: new URLSearchParams(),
  authorization,
  body,
});

type Settings = Record<string, Record<string, unknown>>;

describe("GET /api/settings for Auditors (§3.4.2, §3.4.3): every secret of the configuration masked, kept by a change", async () => {
  const s = SECRETS;
  const fleet = await startFleet(
    withLab(`
name: api-settings-secrets
devices:
  - name: m
    kind: IPBS
    mac: 00:90:33:01:00:11
    ip: 127.0.1.1
    update: { url: "http://dev:${s.updateUrl}@127.0.9.1/ipbs/update.txt" }
    # seed 002 "ftp://user:password@provisioning.example.com"; disabled: the update client above runs
    provisioning: { method: disabled, url: "ftp://prov:${s.provisioningUrl}@127.0.9.5/p" }
    alarmForward: "http://alarms:${s.alarmForward}@127.0.9.2/"
    system: { name: site, password: "${s.system}" }
    master: { mode: active }
    pari: {}
    radio: { pariMaster: 127.0.1.1 }
    radioConfig:
      updateUrl: "https://radios:${s.pushedUpdateUrl}@127.0.9.3/radio.txt"
      alarmForward: "http://fwd:${s.pushedAlarmForward}@127.0.9.4/"
    ldap:
      server: { user: ldap-user, password: "${s.ldapServer}" }
      replicator: { type: full, enabled: false, user: repl-user, password: "${s.replicator}" }
    snmp:
      enabled: true
      community: "${s.community}"
      v3: { user: mon, authProtocol: SHA-256, authPassword: "${s.auth}", privProtocol: AES, privPassword: "${s.priv}" }
    users:
      - { longName: Ann, number: "2000", password: "${s.userPassword}", authCode: "${s.authCode}" }
`),
  );
  await setUpLab(fleet);
  after(() => fleet.close());
  const ctx = { device: () => fleet.device("m"), events: () => fleet.events.events };
  const call = (method: string, who: string, body = "") => handleApi(ctx, req(method, who, body));
  const stored = () => fleet.device("m").pendingConfig ?? fleet.device("m").config;

  /** The answer's JSON text holds no secret of SECRETS, and the masks stand where the secrets were. */
  const assertMasked = (body: unknown) => {
    const text = JSON.stringify(body);
    for (const [what, secret] of Object.entries(SECRETS))
      assert.ok(!text.includes(secret), `the ${what} secret is in the answer: ${text}`);
    const running = (body as { running: Settings }).running;
    assert.equal(running["system"]!["password"], SECRET_MASK);
    assert.equal(
      running["update"]!["url"],
      `http://dev:${SECRET_MASK}@127.0.9.1/ipbs/update.txt`,
      "the rest stays readable",
    );
    assert.deepEqual(running["ldap"], {
      server: { user: "ldap-user", password: SECRET_MASK, writeAccess: false, port: 389, tlsPort: 636 },
      replicator: { type: "full", enabled: false, user: "repl-user", password: SECRET_MASK },
    });
    assert.equal(running["snmp"]!["community"], SECRET_MASK);
    assert.deepEqual(running["snmp"]!["v3"], {
      user: "mon",
      authProtocol: "SHA-256",
      authPassword: SECRET_MASK,
      privProtocol: "AES",
      privPassword: SECRET_MASK,
    });
    assert.equal(running["radioConfig"]!["alarmForward"], `http://fwd:${SECRET_MASK}@127.0.9.4/`);
    assert.equal(running["provisioning"]!["url"], `ftp://prov:${SECRET_MASK}@127.0.9.5/p`);
  };

  test("every secret the sections declare is one this configuration holds (the test covers them all)", () => {
    assert.deepEqual(
      CONFIG_SECRETS.map((x) => x.path.join(".")),
      [
        "alarmForward",
        "system.password",
        "radioConfig.updateUrl",
        "radioConfig.alarmForward",
        "ldap.server.password",
        "ldap.replicator.password",
        "snmp.community",
        "snmp.v3.authPassword",
        "snmp.v3.privPassword",
        "update.url",
        "provisioning.url",
      ],
    );
  });

  test("an Auditor reads them (200) with no secret anywhere in the answer; a User Administrator may not (403)", async () => {
    await handleApi(ctx, {
      ...req("POST", ADMIN, '{"longName":"UA","name":"ua","password":"ua-secret-1"}'),
      path: "/api/user-admins",
    });
    const r = await call("GET", AUDITOR);
    assert.equal(r.status, 200);
    assertMasked(r.body);
    assert.equal((await call("GET", USER_ADMIN)).status, 403, "a User Administrator manages users only (§3.4.4)");
    // The status shows the Radio Config in force (§4.6.33): its URLs as masked as here.
    const status = await handleApi(ctx, { ...req("GET", AUDITOR), path: "/api/status" });
    const effective = (status.body as { radio: { pari: { effective: Record<string, string> } } }).radio.pari.effective;
    assert.match(effective["alarmForward"] ?? "", /^http:\/\/\w+:\*{8}@127\.0\.9\.\d\/$/);
    for (const secret of Object.values(SECRETS)) assert.ok(!JSON.stringify(status.body).includes(secret), secret);
    assert.equal((await call("PATCH", AUDITOR, '{"ntp":"127.0.9.9"}')).status, 403, "no update (§3.4.3)");
    assert.equal((await call("PATCH", USER_ADMIN, '{"ntp":"127.0.9.9"}')).status, 403);
    assert.equal(fleet.device("m").pendingConfig, undefined);
  });

  test("a System Administrator reads the same masked answer: the secrets are in GET /api/config only (App. C)", async () => {
    const r = await call("GET", ADMIN);
    assert.equal(r.status, 200);
    assertMasked(r.body);
    const config = await handleApi(ctx, { ...req("GET", ADMIN), path: "/api/config" });
    const backup = (config.body as { running: string }).running;
    for (const secret of [SECRETS.system, SECRETS.ldapServer, SECRETS.community])
      assert.ok(backup.includes(secret), "a backup holds the secrets (App. C)");
  });

  test("a change sending the answer back with one field changed keeps every secret; a new secret is taken", async () => {
    const settings = ((await call("GET", ADMIN)).body as { running: Settings }).running;
    const { name: _n, kind: _k, mac: _m, ip: _i, ...rest } = settings;
    const body = {
      ...rest,
      ntp: "127.0.9.9",
      snmp: { ...settings["snmp"], v3: { ...(settings["snmp"]!["v3"] as object), privPassword: "Priv-N3w-secret" } },
    };
    const r = await call("PATCH", ADMIN, JSON.stringify(body));
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.ok(!JSON.stringify(r.body).includes("Priv-N3w-secret"), "the answer masks the new secret too");
    const c = stored();
    assert.equal(c.ntp, "127.0.9.9");
    assert.equal(c.system.password, SECRETS.system);
    assert.equal(c.update?.url, `http://dev:${SECRETS.updateUrl}@127.0.9.1/ipbs/update.txt`);
    assert.equal(c.alarmForward, `http://alarms:${SECRETS.alarmForward}@127.0.9.2/`);
    assert.equal(c.radioConfig?.updateUrl, `https://radios:${SECRETS.pushedUpdateUrl}@127.0.9.3/radio.txt`);
    assert.equal(c.ldap?.server?.password, SECRETS.ldapServer);
    assert.equal(c.ldap?.replicator?.password, SECRETS.replicator);
    assert.equal(c.snmp?.community, SECRETS.community);
    assert.equal(c.snmp?.v3?.authPassword, SECRETS.auth);
    assert.equal(c.snmp?.v3?.privPassword, "Priv-N3w-secret");
    assert.equal(fleet.device("m").directory().users.length, 1, "the users stay");
  });

  test("the DECT → System page's change: a new name with the masked password keeps the password (§4.6.1)", async () => {
    const r = await call("PATCH", ADMIN, JSON.stringify({ system: { name: "site-2", password: SECRET_MASK } }));
    assert.equal(r.status, 202);
    assert.deepEqual(stored().system, { name: "site-2", password: SECRETS.system });
    // A URL whose host changes keeps its masked password (the update server moved, its account did not).
    const moved = `http://dev:${SECRET_MASK}@127.0.9.5/ipbs/update.txt`;
    assert.equal((await call("PATCH", ADMIN, JSON.stringify({ update: { url: moved } }))).status, 202);
    assert.equal(stored().update?.url, `http://dev:${SECRETS.updateUrl}@127.0.9.5/ipbs/update.txt`);
  });

  test("a mask where no secret is stored is refused at its field, and nothing is stored", async () => {
    // Without an SNMPv3 user and without the pushed URLs, nothing is stored at those places any more.
    const without = { snmp: { enabled: true, community: SECRET_MASK }, radioConfig: { ntp: "127.0.9.8" } };
    assert.equal((await call("PATCH", ADMIN, JSON.stringify(without))).status, 202);
    assert.equal(stored().snmp?.community, SECRETS.community);
    const before = stored();
    const bad = async (body: string, field: string) =>
      assertBadBody(await call("PATCH", ADMIN, body), body, ConfigCode.SecretMask, field);
    const v3 = { user: "u", authProtocol: "SHA", authPassword: SECRET_MASK, privProtocol: "none" };
    await bad(JSON.stringify({ snmp: { ...without.snmp, v3 } }), "snmp.v3.authPassword");
    await bad(`{"radioConfig":{"updateUrl":"http://x:${SECRET_MASK}@127.0.9.7/"}}`, "radioConfig.updateUrl");
    assert.equal(stored(), before);
  });
});
