/**
 * Active Directory replication over ldaps (§4.5.3.2 TLS) from a real slapd into a Master (NodeHost, HTTP API): the
 * server's chain is not on the device's trust list, so it goes to the rejected list (§4.1.10.2) with 0x000c0130
 * "Unknown CA" and slapd never sees a bind; after "Trust" on the rejected chain the replication comes up, loads every
 * entry, and the alarm clears.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadDeviceConfigs } from "../../src/config/loadDeviceConfigs.js";
import { silentLogger } from "../../src/core/Logger.js";
import type { AdReplicatorStatus } from "../../src/replication/AdReplicator.js";
import { NodeHost } from "../../src/node/NodeHost.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, HTTP_PORT, status, waitFor } from "../helpers/nodes.js";
import { ROOT_PW, Slapd } from "../helpers/slapd.js";

const PEOPLE = 50;
const BASE = "ou=Users,dc=example,dc=com";

interface Rejected {
  fingerprint: string;
  reason: string;
  direction: string;
  peer?: string;
}

describe("AD replication over ldaps into a real node: the trust list decides (§4.5.3.2, §4.1.10)", () => {
  const ip = loopbackBlock();
  const MASTER = ip(1);
  const dataDir = mkdtempSync(join(tmpdir(), "ipdect-ldaps-"));
  let slapd: Slapd;
  let host: NodeHost;
  let server: string;
  const replicator = async () => (await api(MASTER, "GET", "/api/ldap/replicator")).json as AdReplicatorStatus;
  const rejected = async () => (await api(MASTER, "GET", "/api/certs/rejected")).json as Rejected[];
  const alarms = async () => ((await status(MASTER))?.alarms ?? []) as { code: string; source?: string }[];
  const binds = () => slapd.log.split("\n").filter((l) => / BIND dn=.* method=/.test(l)).length;

  before(async () => {
    let ldif = `dn: ${BASE}\nobjectClass: organizationalUnit\nou: Users\n\n`;
    for (let i = 0; i < PEOPLE; i++)
      ldif += `dn: uid=p${i},${BASE}\nobjectClass: inetOrgPerson\nuid: p${i}\ncn: Person ${i}\nsn: P\ntelephoneNumber: ${5000 + i}\n\n`;
    slapd = await Slapd.start({ ip: ip(2), port: 10389, tlsPort: 10636, ldif, stats: true });
    server = `${ip(2)}:10636`;
    const [cfg] = loadDeviceConfigs(
      `{ name: master, kind: IPVM, mac: "00:90:33:06:00:41", ip: ${MASTER}, master: { mode: active, id: 1 } }\n`,
      "master.yaml",
    );
    host = await NodeHost.start(
      [
        {
          ...cfg!,
          ldap: {
            replicator: {
              type: "ad",
              enabled: true,
              server,
              tls: true,
              user: slapd.rootDn,
              password: ROOT_PW,
              searchBase: BASE,
              adFilter: "(objectClass=inetOrgPerson)",
              inMaps: [
                { source: "cn", pattern: "%cn" },
                { source: "telephoneNumber", pattern: "%tel" },
              ],
              outMaps: [
                { dest: "cn", value: "%cn" },
                { dest: "e164", value: "%tel" },
              ],
            },
          },
        },
      ],
      { dataDir, httpPort: HTTP_PORT, events: { emit: () => undefined }, logger: silentLogger },
    );
  });
  after(async () => {
    await host?.close();
    await slapd?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("untrusted slapd: rejected with `ldaps host:port` and 0x000c0130, no bind; after Trust every entry arrives and the alarm clears", async () => {
    await waitFor(async () => (await rejected()).length > 0, 20_000, "slapd's chain rejected");
    const [entry] = await rejected();
    assert.equal(entry!.reason, "SELF_SIGNED_CERT_IN_CHAIN");
    assert.equal(entry!.direction, "out");
    assert.equal(entry!.peer, `ldaps ${server}`);
    assert.ok(
      (await alarms()).some((a) => a.code === "0x000c0130" && a.source === `ldaps ${server}`),
      "Unknown CA for slapd",
    );
    assert.equal((await replicator()).state, "down");
    assert.equal(binds(), 0, "no bind reached the untrusted server");

    const trusted = await api(MASTER, "POST", `/api/certs/rejected/${entry!.fingerprint.replaceAll(":", "")}/trust`);
    assert.equal(trusted.status, 200, JSON.stringify(trusted.json));
    await waitFor(async () => (await replicator()).remote.state === "completed", 40_000, "the load after Trust");
    assert.equal((await replicator()).remote.paged, PEOPLE);
    assert.equal(host.devices.get("master")!.directory().users.length, PEOPLE);
    assert.ok(binds() >= 1);
    assert.ok(!(await alarms()).some((a) => a.code === "0x000c0130"), "Unknown CA cleared by the trusted handshake");
  });
});
