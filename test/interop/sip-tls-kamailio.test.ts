/**
 * SIP/TLS (§4.6.23 Protocol sip-tls) from a real `ipdect node` Master to kamailio with its tls module: the PBX's
 * certificate is not on the device's trust list, so the chain goes to the rejected list with 0x000c0130 "Unknown CA"
 * and nobody registers; after "Trust" on the rejected chain (§4.1.10.2) every user registers over TLS.
 */
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, describe, test } from "node:test";
import { removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { startKamailio } from "../helpers/kamailio.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, NodeProcesses, waitFor } from "../helpers/nodes.js";
import { selfSignedFor } from "../helpers/opensslCerts.js";
import { gatekeeperNodeYaml, sipUsers } from "../helpers/sipNodes.js";

const USERS = 200;

interface Rejected {
  fingerprint: string;
  reason: string;
  direction: string;
  peer?: string;
}

describe("real node against kamailio over SIP/TLS: the trust list decides", () => {
  const ip = loopbackBlock();
  const nodes = new NodeProcesses();
  const dir = tempDir("ipdect-sips-");
  const cleanup: (() => Promise<void>)[] = [];
  after(async () => {
    await nodes.close();
    for (const c of cleanup) await c();
    removeTempDir(dir);
  });

  test(`an untrusted PBX is rejected with its chain and an alarm; after Trust all ${USERS} users register`, async () => {
    const pbx = selfSignedFor(dir, "pbx", ip(100));
    const k = await startKamailio({ ip: ip(100), tls: { certFile: pbx.certFile, keyFile: pbx.keyFile } });
    cleanup.push(() => k.close());
    const master = ip(1);
    await nodes.start(
      "master",
      gatekeeperNodeYaml({
        name: "master",
        ip: master,
        mac: "00:90:33:08:10:01",
        master: { mode: "active" },
        gatekeeper: {
          protocol: "sip-tls",
          proxy: `${k.ip}:${k.tlsPort}`,
          domain: k.realm,
          localPort: 15061,
          registrationTtlS: 10,
        },
        users: sipUsers(USERS),
      }),
    );
    const fingerprint = new X509Certificate(pbx.certPem).fingerprint256;
    const rejected = async () => (await api(master, "GET", "/api/certs/rejected")).json as Rejected[];
    await waitFor(
      async () => (await rejected()).some((r) => r.fingerprint === fingerprint),
      30_000,
      "PBX chain rejected",
    );
    const entry = (await rejected()).find((r) => r.fingerprint === fingerprint)!;
    assert.equal(entry.reason, "DEPTH_ZERO_SELF_SIGNED_CERT");
    assert.equal(entry.direction, "out");
    assert.equal(entry.peer, `${k.ip}:${k.tlsPort}`);
    const status = (await api(master, "GET", "/api/status")).json as { alarms: { code: string; source?: string }[] };
    assert.ok(
      status.alarms.some((a) => a.code === "0x000c0130" && a.source === `${k.ip}:${k.tlsPort}`),
      "Unknown CA for the PBX",
    );
    assert.equal((await k.registeredAors()).size, 0, "no REGISTER reached an untrusted PBX");

    const trusted = await api(master, "POST", `/api/certs/rejected/${fingerprint.replaceAll(":", "")}/trust`);
    assert.equal(trusted.status, 200, JSON.stringify(trusted.json));
    const ms = await waitFor(
      async () => (await k.registeredAors()).size === USERS,
      60_000,
      `${USERS} users registered over TLS`,
    );
    console.log(`sip-tls: ${USERS} users registered ${ms} ms after Trust`);
    const contacts = await k.contacts();
    assert.ok(
      contacts.every((c) => c.transport === "tls"),
      "every binding came over TLS",
    );
    const after = (await api(master, "GET", "/api/status")).json as { alarms: { code: string }[] };
    assert.ok(!after.alarms.some((a) => a.code === "0x000c0130"), "Unknown CA cleared by the trusted handshake");
  });
});
