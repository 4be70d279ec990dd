/**
 * Cross-realm logins through the product (§4.1.8.9, §4.1.8.10): a real Samba AD DC, the device's own Kerberos server
 * role (MIT krb5kdc via NodeHost) trusting it through our API, radios joined to the device's realm, and domain users
 * logging in to the radios' real HTTP API as `DOMAIN\user` (DOMAIN is the AD realm) with the rights the radio's
 * Authentication Server row for the domain gives: by domain group RID, or every domain user as Administrator or
 * Auditor. The trust's Kerberos details are pinned in kerberos-cross-realm-samba.test.ts.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadDeviceConfigs } from "../../src/config/loadDeviceConfigs.js";
import { silentLogger } from "../../src/core/Logger.js";
import type { Device } from "../../src/device/Device.js";
import { NodeHost } from "../../src/node/NodeHost.js";
import { freePort, removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { call, realmPorts, runTool, type RealmPorts } from "../helpers/kerberos.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { krb5Conf } from "../helpers/mitKdc.js";
import { SambaAd, type AdGroup } from "../helpers/sambaAd.js";

const AD = "WINAD.TEST";
const MIT = "IPDECT.TEST";
const TRUST_PASSWORD = "Tru5t-shared-secret";
const PASSWORD = { alice: "Al1ce!pass", bob: "B0b!passwd", carol: "C4rol!pass" };
const ADMIN = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;
/** In a variable: the build must not need the optional package. */
const GSS = "kerberos";
const hasGss = await import(GSS).then(
  () => true,
  () => false,
);

/** Three radios of the realm, one per Authorization of the domain (§4.1.8.9 step 4). */
const RADIOS = { byGroup: 3, allAdmins: 4, allAuditors: 5 } as const;
type RadioName = keyof typeof RADIOS;
/** A radio's host name: its MAC (§4.1.8.4 step 3). */
const hostOf = (n: number) => `0030421e000${n}`;

function yaml(ip: (n: number) => string, p: RealmPorts, admins: AdGroup, auditors: AdGroup): string {
  const home = `{ realm: ${MIT}, address: ${ip(1)}, port: ${p.port}, adminPort: ${p.adminPort} }`;
  const ad = (authz: string) => `{ realm: ${AD}, address: ${ip(77)}, ${authz} }`;
  const authz: Record<RadioName, string> = {
    byGroup: `authorization: domain-group, adminGroupRid: ${admins.rid}, auditorGroupRid: ${auditors.rid}`,
    allAdmins: "authorization: administrator",
    allAuditors: "authorization: auditor",
  };
  const radios = Object.entries(RADIOS).map(
    ([name, n]) => `  - { name: ${name}, kind: IPBS, mac: "00:30:42:1e:00:0${n}", ip: ${ip(n)},
      kerberos: { client: { aesRc4: true, servers: [${home}, ${ad(authz[name as RadioName])}] } } }`,
  );
  const server = `{ realm: ${MIT}, port: ${p.port}, adminPort: ${p.adminPort}, passwordPort: ${p.passwordPort}, propPort: ${p.propPort} }`;
  return `devices:
  - { name: kdc, kind: IPVM, mac: "00:30:42:1e:00:01", ip: ${ip(1)}, kerberos: { server: ${server} } }
${radios.join("\n")}
`;
}

describe("a domain user logs in to a device as DOMAIN\\user with the rights of its group (§4.1.8.9, §4.1.8.10)", () => {
  const ip = loopbackBlock();
  const dataDir = tempDir("ipdect-xrealm-dev-");
  let samba: SambaAd;
  let host: NodeHost;
  let kdc: Device;
  let httpPort: number;
  let ports: RealmPorts;
  const radio = (name: RadioName) => host.devices.get(name)!;

  /** One request to a radio's real HTTP API with Basic credentials; the status. */
  async function get(on: RadioName, user: string, password: string, path = "/api/status"): Promise<number> {
    const auth = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    const res = await fetch(`http://${ip(RADIOS[on])}:${httpPort}${path}`, { headers: { authorization: auth } });
    await res.arrayBuffer();
    return res.status;
  }
  const crossRealmAlarm = (name: RadioName) =>
    radio(name)
      .alarms.active()
      .some((a) => a.code === "0x000c0407");

  before(async () => {
    samba = await SambaAd.start({ ip: ip(77), realm: AD, domain: "WINAD" });
    const admins = await samba.addGroup("ipdect-admins");
    const auditors = await samba.addGroup("ipdect-auditors");
    for (const [user, password] of Object.entries(PASSWORD)) await samba.addUser(user, password);
    await samba.addMembers("ipdect-admins", "alice");
    await samba.addMembers("ipdect-auditors", "bob");
    // The domain's side of the trust, as the manual's Windows steps make it (§4.1.8.9 steps 6-15).
    await samba.trustRealm(MIT, TRUST_PASSWORD);
    ports = await realmPorts(ip(1));
    httpPort = await freePort(ip(RADIOS.byGroup));
    host = await NodeHost.start(loadDeviceConfigs(yaml(ip, ports, admins, auditors), "test.yaml"), {
      dataDir,
      httpPort,
      httpsPort: 0,
      events: { emit: () => undefined },
      logger: silentLogger,
    });
    kdc = host.devices.get("kdc")!;
    const ok = (r: { status: number; body: unknown }, status: number) =>
      assert.equal(r.status, status, JSON.stringify(r.body));
    ok(await call(kdc, "POST", "/api/kerberos/server", { rootPassword: "root-secret-1" }), 201);
    ok(await call(kdc, "POST", "/api/kerberos/users", { name: "jim", password: "jim-pw", role: "join-realm" }), 201);
    // The device's side of the trust through the API (§4.1.8.9 "On the device (the Kerberos server)" steps 2-3).
    ok(await call(kdc, "POST", "/api/kerberos/trusts", { realm: AD, password: TRUST_PASSWORD }), 201);
    for (const name of Object.keys(RADIOS) as RadioName[]) {
      ok(
        await call(radio(name), "POST", "/api/kerberos/client/join", { realm: MIT, user: "jim", password: "jim-pw" }),
        200,
      );
      // The DC's LDAPS certificate on the radio's trust list (§4.1.10.1), over the radio's HTTP API.
      const res = await fetch(`http://${ip(RADIOS[name])}:${httpPort}/api/certs/trust`, {
        method: "POST",
        headers: { authorization: ADMIN },
        body: samba.cert.certPem,
      });
      assert.equal(res.status, 200, await res.text());
    }
  });
  after(async () => {
    await host?.close();
    await samba?.close();
    removeTempDir(dataDir);
  });

  test("Use domain group: the Admin Group's member is a System Administrator, the Auditor Group's an Auditor", async () => {
    assert.equal(await get("byGroup", `${AD}\\alice`, PASSWORD.alice, "/api/config"), 200);
    assert.equal(await get("byGroup", `bob@${AD}`, PASSWORD.bob), 200);
    assert.equal(await get("byGroup", `bob@${AD}`, PASSWORD.bob, "/api/config"), 403, "an Auditor reads only");
    assert.deepEqual(await radio("byGroup").realmLogin()!.password({ realm: AD, user: "bob" }, PASSWORD.bob), {
      ok: true,
      principal: `bob@${AD}`,
      level: "auditor",
    });
  });

  test("Use domain group: a user in neither group, and a wrong password, are refused (401)", async () => {
    assert.equal(await get("byGroup", `${AD}\\carol`, PASSWORD.carol), 401);
    const v = await radio("byGroup").realmLogin()!.password({ realm: AD, user: "carol" }, PASSWORD.carol);
    assert.equal(v.ok || v.reason, "role");
    assert.equal(await get("byGroup", `${AD}\\alice`, "Wr0ng!pass"), 401);
  });

  test("Administrator and Auditor: every domain user gets that level without asking the domain controller", async () => {
    assert.equal(await get("allAdmins", `${AD}\\carol`, PASSWORD.carol, "/api/config"), 200);
    assert.equal(await get("allAuditors", `${AD}\\carol`, PASSWORD.carol), 200);
    assert.equal(await get("allAuditors", `${AD}\\carol`, PASSWORD.carol, "/api/config"), 403);
  });

  test(
    "SPNEGO with a domain user's ticket: Administrator authorizes it, Use domain group cannot (no password, no PAC)",
    { skip: !hasGss && "the npm package kerberos is not installed" },
    async () => {
      const conf = join(dataDir, "tools-krb5.conf");
      const realms = [
        { realm: AD, kdc: ip(77) },
        { realm: MIT, kdc: `${ip(1)}:${ports.port}` },
      ];
      const hosts = Object.values(RADIOS).map((n) => `  ${hostOf(n)} = ${MIT}`);
      writeFileSync(conf, `${krb5Conf(realms, [[AD, MIT]])}[domain_realm]\n${hosts.join("\n")}\n`);
      const env = { KRB5_CONFIG: conf, KRB5CCNAME: `FILE:${join(dataDir, "tools.ccache")}` };
      assert.equal((await runTool("kinit", [`alice@${AD}`], env, `${PASSWORD.alice}\n`)).code, 0);
      const curl = async (on: RadioName) => {
        const n = RADIOS[on];
        const r = await runTool(
          "curl",
          ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--negotiate", "-u", ":"].concat([
            "--resolve",
            `${hostOf(n)}:${httpPort}:${ip(n)}`,
            `http://${hostOf(n)}:${httpPort}/api/config`,
          ]),
          env,
        );
        return r.stdout.trim();
      };
      assert.equal(await curl("allAdmins"), "200");
      assert.equal(await curl("byGroup"), "401", "Use domain group needs the password to read the groups");
    },
  );

  test("trust passwords that differ: refused as cross-realm with 0x000c0407, cleared once they match (§6.2)", async () => {
    assert.equal((await call(kdc, "DELETE", `/api/kerberos/trusts/${AD}`)).status, 200);
    assert.equal(
      (await call(kdc, "POST", "/api/kerberos/trusts", { realm: AD, password: "An0ther!secret" })).status,
      201,
    );
    const v = await radio("allAdmins").realmLogin()!.password({ realm: AD, user: "bob" }, PASSWORD.bob);
    assert.equal(v.ok || v.reason, "cross-realm", JSON.stringify(v));
    // The device's KDC cannot decrypt the domain's cross-realm ticket (krbtgt/IPDECT.TEST@WINAD.TEST).
    assert.match(!v.ok ? v.detail : "", /Decrypt integrity check failed while getting credentials/);
    assert.equal(await get("allAdmins", `${AD}\\bob`, PASSWORD.bob), 401);
    assert.ok(crossRealmAlarm("allAdmins"));
    assert.equal((await call(kdc, "DELETE", `/api/kerberos/trusts/${AD}`)).status, 200);
    assert.equal(
      (await call(kdc, "POST", "/api/kerberos/trusts", { realm: AD, password: TRUST_PASSWORD })).status,
      201,
    );
    assert.equal(await get("allAdmins", `${AD}\\alice`, PASSWORD.alice, "/api/config"), 200);
    assert.ok(!crossRealmAlarm("allAdmins"));
  });
});
