/**
 * Active Directory replication over ldaps (§4.5.3.2 TLS) from a real Active Directory (a Samba AD DC provisioned by
 * the test) into a Master (NodeHost, HTTP API): the DC's self-signed certificate is not on the device's trust list,
 * so it goes to the rejected list (§4.1.10.2) with 0x000c0130 "Unknown CA" and the DC never sees a bind; after
 * "Trust" on the rejected certificate the replication comes up, loads every user, and the alarm clears. The generic
 * LDAP path over ldaps (slapd, a CA-signed chain) is test/platform/LdapsClient.test.ts.
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
import { SAMBA_ADMIN_PASSWORD, SambaAd } from "../helpers/sambaAd.js";

const PEOPLE = 50;

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
  let samba: SambaAd;
  let host: NodeHost;
  let server: string;
  /** Binds the DC saw from the test's own set-up (ldapadd). */
  let setupBinds = 0;
  const replicator = async () => (await api(MASTER, "GET", "/api/ldap/replicator")).json as AdReplicatorStatus;
  const rejected = async () => (await api(MASTER, "GET", "/api/certs/rejected")).json as Rejected[];
  const alarms = async () => ((await status(MASTER))?.alarms ?? []) as { code: string; source?: string }[];

  before(async () => {
    // Simple binds only over TLS: Samba's default, as a Windows DC with LDAPServerIntegrity 2.
    samba = await SambaAd.start({ ip: ip(2), realm: "WINAD.TEST", domain: "WINAD", auditBinds: true });
    let ldif = `dn: OU=Phones,${samba.baseDn}\nobjectClass: organizationalUnit\n\n`;
    for (let i = 0; i < PEOPLE; i++)
      ldif += `dn: CN=Person ${i},OU=Phones,${samba.baseDn}\nobjectClass: user\nsAMAccountName: p${i}\ntelephoneNumber: ${5000 + i}\n\n`;
    await samba.ldap("ldapadd", ldif);
    setupBinds = samba.binds();
    server = `${ip(2)}:636`;
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
              // No port: 636 with Use TLS (App. H).
              server: ip(2),
              tls: true,
              user: `Administrator@${samba.realm}`,
              password: SAMBA_ADMIN_PASSWORD,
              searchBase: `OU=Phones,${samba.baseDn}`,
              // No maps: the defaults of the manual's Attribute Mappings table (adMaps.ts DEFAULT_IN_MAPS).
            },
          },
        },
      ],
      { dataDir, httpPort: HTTP_PORT, events: { emit: () => undefined }, logger: silentLogger },
    );
  });
  after(async () => {
    await host?.close();
    await samba?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("untrusted DC: rejected with `ldaps host:port` and 0x000c0130, no bind; after Trust every user arrives and the alarm clears", async () => {
    await waitFor(async () => (await rejected()).length > 0, 20_000, "the DC's certificate rejected");
    const [entry] = await rejected();
    assert.equal(entry!.reason, "DEPTH_ZERO_SELF_SIGNED_CERT");
    assert.equal(entry!.direction, "out");
    assert.equal(entry!.peer, `ldaps ${server}`);
    assert.ok(
      (await alarms()).some((a) => a.code === "0x000c0130" && a.source === `ldaps ${server}`),
      "Unknown CA for the DC",
    );
    assert.equal((await replicator()).state, "down");
    assert.equal(samba.binds(), setupBinds, "no bind reached the untrusted server");

    const trusted = await api(MASTER, "POST", `/api/certs/rejected/${entry!.fingerprint.replaceAll(":", "")}/trust`);
    assert.equal(trusted.status, 200, JSON.stringify(trusted.json));
    await waitFor(async () => (await replicator()).remote.state === "completed", 40_000, "the load after Trust");
    assert.equal((await replicator()).remote.paged, PEOPLE);
    const dir = host.devices.get("master")!.directory();
    assert.equal(dir.users.length, PEOPLE);
    assert.equal(dir.findUser("number", "5007")?.user.longName, "Person 7");
    assert.deepEqual(dir.findUser("number", "5007")?.ad?.fields, ["longName", "number", "displayName"]);
    assert.ok(samba.binds() > setupBinds);
    assert.ok(!(await alarms()).some((a) => a.code === "0x000c0130"), "Unknown CA cleared by the trusted handshake");
  });
});
