import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { dnsResolver } from "../../src/platform/node/DnsResolver.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { startKamailioForPbx } from "../helpers/kamailio.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, NodeProcesses, waitFor } from "../helpers/nodes.js";
import { gatekeeperNodeYaml, gatekeeperStatus as gk, sipUsers } from "../helpers/sipNodes.js";

const failing = async (ip: string) =>
  ((await api(ip, "GET", "/api/status")).json as { alarms: { code: string; source?: string }[] }).alarms
    .filter((a) => a.code === "0x00030202")
    .map((a) => a.source);

const PBX_PORT = 15070;
const DNS_PORT = 10053;
const SIP_PORT = 15060;
const USERS = 20;
const REALM = "ipdect.test";

/**
 * A fleet file's PBX and DNS as real servers of a live lab (issue 19): `ipdect pbx` and `ipdect dns` run from the
 * file, and a real `ipdect node` Master registers its users there (§4.6.23) as it does with the sim's PBX.
 */
describe("ipdect pbx and ipdect dns: a fleet file's servers for real nodes", () => {
  const ip = loopbackBlock();
  const nodes = new NodeProcesses();
  const fleet = join(nodes.dir, "fleet.yaml");
  before(async () => {
    writeFileSync(
      fleet,
      `name: servers
devices:
  - { name: m, kind: IPVM, mac: "00:90:33:20:19:01", ip: ${ip(1)}, master: { mode: active } }
pbx:
  - { name: pbx1, ip: ${ip(101)}, port: ${PBX_PORT}, realm: ${REALM}, passwordPrefix: "pw-", minExpires: 10 }
  - { name: pbx2, ip: ${ip(102)}, port: ${PBX_PORT}, realm: ${REALM}, password: common-secret, minExpires: 10 }
external: [${ip(102)}]
dns:
  srv:
    - { service: _sip._udp.${REALM}, target: pbx1.${REALM}, port: ${PBX_PORT}, priority: 10, weight: 100 }
  a: { pbx1.${REALM}: ${ip(101)} }
`,
    );
    await nodes.startFleetServer("pbx1", "pbx", fleet, ["--name", "pbx1"]);
    await nodes.startFleetServer("dns", "dns", fleet, ["--listen", `${ip(53)}:${DNS_PORT}`]);
  });
  after(async () => {
    await nodes.terminate("dns"); // SIGTERM: ipdect dns stops its dnsmasq (a SIGKILL would leave it running)
    await nodes.close();
  });

  const master = (
    n: number,
    gatekeeper: Record<string, unknown>,
    extra: Record<string, unknown> = {},
    password?: string,
  ) => {
    const name = `m${n}`;
    const wrong = String(1000 + 100 * n + 7);
    const users = sipUsers(USERS, 1000 + 100 * n, [wrong]).map((u) =>
      password === undefined || u["number"] === wrong ? u : { ...u, password },
    );
    const yaml = gatekeeperNodeYaml({
      name,
      ip: ip(n),
      mac: `00:90:33:20:19:0${n}`,
      master: { mode: "active" },
      gatekeeper: { domain: REALM, localPort: SIP_PORT, ...gatekeeper },
      users,
    });
    return nodes.start(name, JSON.stringify({ ...JSON.parse(yaml), ...extra }) + "\n");
  };

  for (const [n, protocol] of [
    [2, "sip-udp"],
    [3, "sip-tcp"],
  ] as const)
    test(`${protocol}: every user with passwordPrefix + Auth Name registers; the wrong password fails that user only`, async () => {
      await master(n, { protocol, proxy: `${ip(101)}:${PBX_PORT}` });
      await waitFor(async () => (await gk(ip(n)))?.users.registered === USERS - 1, 30_000, `${USERS - 1} registered`);
      await waitFor(async () => (await gk(ip(n)))?.users.failed === 1, 30_000, "the wrong password failed");
      assert.deepEqual(await failing(ip(n)), [String(1000 + 100 * n + 7)], "User registration failure for that user");
      await nodes.kill(`m${n}`);
    });

  test("ipdect dns answers the file's SRV and A records; a node with that DNS server finds the PBX", async () => {
    const resolver = dnsResolver([`${ip(53)}:${DNS_PORT}`]);
    assert.deepEqual(await resolver.srv(`_sip._udp.${REALM}`), [
      { name: `pbx1.${REALM}`, port: PBX_PORT, priority: 10, weight: 100 },
    ]);
    assert.deepEqual(await resolver.a(`pbx1.${REALM}`), [ip(101)]);
    assert.deepEqual(await resolver.srv(`_sip._tcp.${REALM}`), [], "a name the file does not have: no records");
    await master(4, { proxy: REALM }, { dns: `${ip(53)}:${DNS_PORT}` });
    await waitFor(async () => (await gk(ip(4)))?.users.registered === USERS - 1, 30_000, "registered through SRV");
    await nodes.kill("m4");
  });

  test("kamailio in place of a PBX the file lists as external: same address, realm and password rule", async () => {
    const file = parseFleetFile(readFileSync(fleet, "utf8"), fleet);
    const pbx2 = file.pbx.find((p) => p.name === "pbx2")!;
    const k = await startKamailioForPbx(pbx2);
    try {
      await master(5, { proxy: `${pbx2.ip}:${pbx2.port}` }, {}, "common-secret");
      await waitFor(async () => (await gk(ip(5)))?.users.registered === USERS - 1, 30_000, "registered at kamailio");
      const aors = await k.registeredAors();
      assert.equal(aors.size, USERS - 1);
      assert.ok(!aors.has("1507"), "the wrong password is not registered");
    } finally {
      await nodes.kill("m5");
      await k.close();
    }
  });

  test("SIGTERM: ipdect pbx prints its counters (REGISTERs, challenges, failed authentications) and exits", async () => {
    const out = await nodes.terminate("pbx1");
    const line = /ipdect pbx: stopped (\{.*\})/.exec(out);
    assert.ok(line !== null, out);
    const counters = JSON.parse(line[1]!) as { registers: number; challenged: number; authFailed: number };
    assert.ok(counters.registers >= 3 * USERS, out);
    assert.ok(counters.challenged >= 3 * USERS, out);
    assert.ok(counters.authFailed >= 3, out);
    assert.match(await nodes.terminate("dns"), /ipdect dns: stopped/);
  });
});
