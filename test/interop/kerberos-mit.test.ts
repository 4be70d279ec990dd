/**
 * Kerberos with real MIT servers (§4.1.8): a Kerberos server device runs krb5kdc, kadmind (and its secondary kpropd)
 * on a loopback address of this test, users are made through the API, a radio joins the realm and its users log in
 * to the radio by password and by SPNEGO (`curl --negotiate`), the secondary serves while the primary is down, and
 * Deregister removes the radio's principal (§4.1.8.13).
 */
import assert from "node:assert/strict";
import { statSync, existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadDeviceConfigs } from "../../src/config/loadDeviceConfigs.js";
import { silentLogger } from "../../src/core/Logger.js";
import type { Device } from "../../src/device/Device.js";
import { NodeHost } from "../../src/node/NodeHost.js";
import { freePort, removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { call, realmPorts, runTool, writeToolConf, type RealmPorts } from "../helpers/kerberos.js";
import { loopbackBlock } from "../helpers/loopback.js";

const REALM = "IPDECT.TEST";
const ROOT = "root-secret-1";
const RADIO_MAC = "00:30:42:1b:00:07";
const RADIO_HOST = "0030421b0007";
/** In a variable: the build must not need the optional package. */
const GSS = "kerberos";
const hasGss = await import(GSS).then(
  () => true,
  () => false,
);

function yaml(ip: (n: number) => string, p: RealmPorts): string {
  const server = `{ realm: ${REALM}, port: ${p.port}, adminPort: ${p.adminPort}, passwordPort: ${p.passwordPort}, propPort: ${p.propPort}`;
  const row =
    `{ realm: ${REALM}, address: ${ip(1)}, port: ${p.port}, adminPort: ${p.adminPort}, ` +
    `secondaryAddress: ${ip(2)}, secondaryPort: ${p.port}, secondaryAdminPort: ${p.adminPort} }`;
  return `devices:
  - { name: kdc1, kind: IPVM, mac: "00:30:42:1b:00:01", ip: ${ip(1)},
      kerberos: { server: ${server}, secondaries: [${ip(2)}] }, client: { servers: [${row}] } } }
  - { name: kdc2, kind: IPVM, mac: "00:30:42:1b:00:02", ip: ${ip(2)},
      kerberos: { server: ${server}, primary: ${ip(1)} } } }
  - { name: radio, kind: IPBS, mac: "${RADIO_MAC}", ip: ${ip(3)},
      kerberos: { client: { servers: [${row}] } } }
`;
}

describe("real MIT KDC: realm users log in to another device of the realm (§4.1.8)", () => {
  const ip = loopbackBlock();
  const dataDir = tempDir("ipdect-krb-");
  let host: NodeHost;
  let kdc1: Device;
  let kdc2: Device;
  let radio: Device;
  let ports: RealmPorts;
  /** The management API's port on every device (each on its own address). */
  let httpPort: number;

  before(async () => {
    ports = await realmPorts(ip(1));
    httpPort = await freePort(ip(3));
    host = await NodeHost.start(loadDeviceConfigs(yaml(ip, ports), "test.yaml"), {
      dataDir,
      httpPort,
      httpsPort: 0,
      events: { emit: () => undefined },
      logger: silentLogger,
    });
    kdc1 = host.devices.get("kdc1")!;
    kdc2 = host.devices.get("kdc2")!;
    radio = host.devices.get("radio")!;
  });
  after(async () => {
    await host?.close();
    removeTempDir(dataDir);
  });

  const login = (user: string, password: string) => radio.realmLogin()!.password({ realm: REALM, user }, password);

  test("the root password creates the database and starts the servers; it is asked once (§4.1.8.1 step 4)", async () => {
    assert.equal(((await call(kdc1, "GET", "/api/kerberos/server")).body as { state: string }).state, "no-database");
    assert.equal((await call(kdc2, "POST", "/api/kerberos/server", { rootPassword: ROOT })).status, 201);
    const setup = await call(kdc1, "POST", "/api/kerberos/server", { rootPassword: ROOT });
    assert.equal(setup.status, 201, JSON.stringify(setup.body));
    assert.equal((setup.body as { state: string }).state, "running");
    const again = await call(kdc1, "POST", "/api/kerberos/server", { rootPassword: ROOT });
    assert.equal(again.status, 409);
    const dir = join(dataDir, "kdc1", "kerberos", "server");
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    for (const file of ["principal", "stash"]) assert.equal(statSync(join(dir, file)).mode & 0o777, 0o600, file);
  });

  test("users with roles are made through the API and listed without passwords (§4.1.8.1 step 7)", async () => {
    for (const [name, role] of [
      ["alice", "administrator"],
      ["bob", "auditor"],
      ["jim", "join-realm"],
    ])
      assert.equal(
        (await call(kdc1, "POST", "/api/kerberos/users", { name, password: `${name}-pw`, role })).status,
        201,
      );
    const dup = await call(kdc1, "POST", "/api/kerberos/users", { name: "bob", password: "x", role: "auditor" });
    assert.equal(dup.status, 409);
    const users = await call(kdc1, "GET", "/api/kerberos/users");
    assert.deepEqual(users.body, [
      { name: "alice", role: "administrator" },
      { name: "bob", role: "auditor" },
      { name: "jim", role: "join-realm" },
    ]);
    assert.ok(!JSON.stringify(users.body).includes("-pw"));
    const onSecondary = await call(kdc2, "POST", "/api/kerberos/users", {
      name: "eve",
      password: "e",
      role: "auditor",
    });
    assert.equal(onSecondary.status, 409, "a secondary holds a copy: changes go to the primary");
  });

  test("an Auditor cannot join a device; a Join Realm account can, and the keytab is 0600 (§4.1.8.4)", async () => {
    const byAuditor = await call(radio, "POST", "/api/kerberos/client/join", {
      realm: REALM,
      user: "bob",
      password: "bob-pw",
    });
    assert.equal(byAuditor.status, 409, JSON.stringify(byAuditor.body));
    const wrong = await call(radio, "POST", "/api/kerberos/client/join", {
      realm: REALM,
      user: "jim",
      password: "nope",
    });
    assert.equal(wrong.status, 409);
    const joined = await call(radio, "POST", "/api/kerberos/client/join", {
      realm: REALM,
      user: "jim",
      password: "jim-pw",
    });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.deepEqual((joined.body as { membership: unknown }).membership, { realm: REALM, host: RADIO_HOST });
    const keytab = join(dataDir, "radio", "kerberos", "client", "krb5.keytab");
    assert.equal(statSync(keytab).mode & 0o777, 0o600);
    assert.deepEqual((await call(kdc1, "GET", "/api/kerberos/clients")).body, [RADIO_HOST]);
  });

  test("password logins: Administrator → system-admin, Auditor → auditor; the rest refused (§4.1.8.7)", async () => {
    assert.deepEqual(await login("alice", "alice-pw"), {
      ok: true,
      principal: `alice@${REALM}`,
      level: "system-admin",
    });
    assert.deepEqual(await login("bob", "bob-pw"), { ok: true, principal: `bob@${REALM}`, level: "auditor" });
    const joinOnly = await login("jim", "jim-pw");
    assert.equal(joinOnly.ok || joinOnly.reason, "role");
    assert.equal((await login("alice", "wrong")).ok || "refused", "refused");
    const wrong = await login("alice", "wrong");
    assert.equal(wrong.ok || wrong.reason, "credentials");
    const unknown = await login("nobody", "x");
    assert.equal(unknown.ok || unknown.reason, "credentials");
    const status = await call(radio, "GET", "/api/kerberos/client");
    assert.equal((status.body as { loginWorked: boolean }).loginWorked, true);
  });

  test("a changed role and a deleted user count at the next login (§4.1.8.5, §4.1.8.12)", async () => {
    assert.equal((await call(kdc1, "PATCH", "/api/kerberos/users/bob", { role: "administrator" })).status, 200);
    const bob = await login("bob", "bob-pw");
    assert.equal(bob.ok && bob.level, "system-admin");
    assert.equal((await call(kdc1, "PATCH", "/api/kerberos/users/bob", { role: "auditor" })).status, 200);
    assert.equal(
      (await call(kdc1, "POST", "/api/kerberos/users", { name: "tmp", password: "tmp-pw", role: "auditor" })).status,
      201,
    );
    assert.equal((await login("tmp", "tmp-pw")).ok, true);
    assert.equal((await call(kdc1, "DELETE", "/api/kerberos/users/tmp")).status, 200);
    const gone = await login("tmp", "tmp-pw");
    assert.equal(gone.ok || gone.reason, "credentials");
  });

  test("over the radio's HTTP API: REALM\\user and user@REALM log in by password with their role's rights", async () => {
    const get = async (user: string, password: string, method = "GET", path = "/api/status") =>
      (
        await fetch(`http://${ip(3)}:${httpPort}${path}`, {
          method,
          headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` },
        })
      ).status;
    assert.equal(await get(`${REALM}\\alice`, "alice-pw"), 200);
    assert.equal(await get(`${REALM}\\alice`, "alice-pw", "GET", "/api/config"), 200, "Administrator");
    assert.equal(await get(`bob@${REALM}`, "bob-pw"), 200);
    assert.equal(await get(`bob@${REALM}`, "bob-pw", "GET", "/api/config"), 403, "Auditor");
    assert.equal(await get(`${REALM}\\jim`, "jim-pw"), 401, "Join Realm cannot log in (§4.1.8.1)");
    assert.equal(await get(`${REALM}\\nobody`, "x"), 401);
    assert.equal(await get(`${REALM}\\alice`, "alice-pw"), 200, "another name's block is not alice's");
  });

  test(
    "SPNEGO: curl --negotiate with a ticket from kinit logs in to the radio's HTTP API (RFC 4559)",
    { skip: !hasGss && "the npm package kerberos is not installed" },
    async () => {
      const conf = join(dataDir, "tools-krb5.conf");
      writeToolConf(conf, REALM, [`${ip(1)}:${ports.port}`]);
      const env = { KRB5_CONFIG: conf, KRB5CCNAME: `FILE:${join(dataDir, "tools.ccache")}` };
      assert.equal((await runTool("kinit", [`alice@${REALM}`], env, "alice-pw\n")).code, 0);
      const url = (path: string) => `http://${RADIO_HOST}:${httpPort}${path}`;
      const curl = (path: string) =>
        runTool(
          "curl",
          [
            "-s",
            "-w",
            "\n%{http_code}",
            "--negotiate",
            "-u",
            ":",
            "--resolve",
            `${RADIO_HOST}:${httpPort}:${ip(3)}`,
            url(path),
          ],
          env,
        );
      const ok = await curl("/api/config");
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(ok.stdout.trim().split("\n").at(-1), "200", ok.stdout);
      assert.equal((await runTool("kinit", [`jim@${REALM}`], env, "jim-pw\n")).code, 0);
      const jim = await curl("/api/status");
      assert.equal(jim.stdout.trim().split("\n").at(-1), "401", "a Join Realm ticket is refused");
    },
  );

  test("with the primary stopped, the secondary serves password logins (§4.1.8.11)", async () => {
    const copied = await call(kdc1, "POST", "/api/kerberos/server/copy");
    assert.equal(copied.status, 200, JSON.stringify(copied.body));
    assert.equal((copied.body as { copyError?: string }).copyError, undefined);
    await kdc1.stop();
    try {
      assert.deepEqual(await login("alice", "alice-pw"), {
        ok: true,
        principal: `alice@${REALM}`,
        level: "system-admin",
      });
      const wrong = await login("alice", "wrong");
      assert.equal(wrong.ok || wrong.reason, "credentials");
    } finally {
      await kdc1.reset("immediate");
    }
  });

  test("a host principal deleted on the server: refused with 0x000c0403 until the device joins again (§6.2)", async () => {
    const dir = join(dataDir, "kdc1", "kerberos", "server");
    const env = { KRB5_CONFIG: join(dir, "krb5.conf"), KRB5_KDC_PROFILE: join(dir, "kdc.conf") };
    await runTool("kadmin.local", ["-q", `delprinc -force host/${RADIO_HOST}`], env);
    const v = await login("alice", "alice-pw");
    assert.equal(v.ok || v.reason, "not-joined");
    assert.ok(radio.alarms.active().some((a) => a.code === "0x000c0403"));
    const body = { realm: REALM, user: "jim", password: "jim-pw", force: "true" };
    assert.equal((await call(radio, "POST", "/api/kerberos/client/join", body)).status, 200);
    assert.ok(!radio.alarms.active().some((a) => a.code === "0x000c0403"));
    assert.equal((await login("alice", "alice-pw")).ok, true);
  });

  test("Deregister removes the radio's principal from the server (§4.1.8.13)", async () => {
    const r = await call(radio, "POST", "/api/kerberos/client/leave", {
      how: "deregister",
      user: "alice",
      password: "alice-pw",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const conf = join(dataDir, "kdc1", "kerberos", "server");
    const list = await runTool("kadmin.local", ["-q", "listprincs"], {
      KRB5_CONFIG: join(conf, "krb5.conf"),
      KRB5_KDC_PROFILE: join(conf, "kdc.conf"),
    });
    assert.ok(list.stdout.includes(`alice@${REALM}`), list.stdout + list.stderr);
    assert.ok(!list.stdout.includes(`host/${RADIO_HOST}@`), list.stdout);
    assert.equal(existsSync(join(dataDir, "radio", "kerberos", "client", "krb5.keytab")), false);
    const after = await login("alice", "alice-pw");
    assert.equal(after.ok || after.reason, "not-joined");
  });
});
