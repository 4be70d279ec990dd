/**
 * LDAPS (App. H 636): the LDAP server inside TLS with the device certificate and its TLS policy, read by the real
 * `ldapsearch` that trusts it through LDAPTLS_CACERT, and refused by one that does not. It asks for a client
 * certificate: none or a trusted one is taken, any other is refused and goes to the rejected list as "in"
 * (§4.1.10.2) with the local TLS alarm. `openssl s_client` that does not trust the device sends unknown_ca, which
 * raises the remote TLS alarm (§6.2 0x000c0230). A connection takes its slot before the handshake (src/ldap/limits.ts),
 * so one that never starts it is closed by the idle watch.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { connect } from "node:net";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { tlsPolicy } from "../../src/certs/tlsContext.js";
import { silentLogger } from "../../src/core/Logger.js";
import { LDAP_MAX_CONNECTIONS_PER_ADDRESS, LDAP_UNAUTHENTICATED_IDLE_MS } from "../../src/ldap/limits.js";
import type { LdapListener } from "../../src/ldap/listener.js";
import { listenLdap } from "../../src/platform/node/LdapServer.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { VirtualClock } from "../../sim/VirtualClock.js";
import { makeCa, makeLeaf, storeRig, Workdir, type StoreRig } from "../certs/helpers.js";
import { freePort } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { selfSignedFor, type OpensslCert } from "../helpers/opensslCerts.js";
import { directory, service, users } from "../ldap/helpers.js";

const run = promisify(execFile);

/**
 * How the device names the clients here: ldapsearch and s_client leave from 127.0.0.1, the kernel's source address
 * for the loopback net.
 */
const CLIENT = "ldaps client 127.0.0.1";

describe("LDAPS server (App. H 636) against ldapsearch and openssl s_client", () => {
  const block = loopbackBlock();
  const ip = block(1);
  /** The service's clock: idle watches move only when a test says so. */
  const clock = new VirtualClock();
  const w = new Workdir();
  const stranger = selfSignedFor(w.dir, "stranger", ip);
  // A CA for the trust list (§4.1.10.1); it signed one valid client certificate and one that has expired.
  makeCa(w);
  makeLeaf(w, "client");
  makeLeaf(w, "expired", { days: -1 });
  const client = (name: string): OpensslCert => ({
    certFile: w.path(`${name}.pem`),
    keyFile: w.path(`${name}.key`),
    certPem: w.text(`${name}.pem`),
  });
  let rig: StoreRig;
  let listener: LdapListener;
  let svc: ReturnType<typeof service>;
  let port = 0;
  before(async () => {
    rig = await storeRig({ ip });
    await rig.certs.trust(w.read("ca.pem"));
    w.write("device.pem", await rig.certs.devicePem());
    port = await freePort(ip);
    svc = service(await directory(users(5)), {}, undefined, clock);
    listener = await listenLdap(ip, port, svc, silentLogger, tlsPolicy(rig.certs, rig.alarms));
  });
  after(async () => {
    await listener.close();
    svc.close();
    rig.certs.close();
    w.close();
  });

  /** ldapsearch trusting `caFile`, presenting `client`'s certificate when given (LDAPTLS_CERT/LDAPTLS_KEY). */
  const ldapsearch = (caFile: string, client?: OpensslCert) =>
    run(
      "ldapsearch",
      [
        ...["-x", "-H", `ldaps://${ip}:${port}`, "-D", "cn=ldap-user", "-w", "ldap-secret"],
        ...["-b", "cn=PBX0", "-LLL", "(e164=*)", "dn"],
      ],
      {
        env: {
          ...process.env,
          LDAPTLS_CACERT: caFile,
          LDAPTLS_REQCERT: "demand",
          ...(client === undefined ? {} : { LDAPTLS_CERT: client.certFile, LDAPTLS_KEY: client.keyFile }),
        },
      },
    );
  const dns = (stdout: string) => stdout.split("\n").filter((l) => l.startsWith("dn: ")).length;
  const alarms = () => rig.alarms.active().map((a) => `${a.code} ${a.text} ${a.source}`);

  test("ldapsearch with LDAPTLS_CACERT = the device certificate reads the directory over TLS", async () => {
    assert.equal(dns((await ldapsearch(w.path("device.pem"))).stdout), 5);
  });

  test("ldapsearch that trusts another certificate refuses the server (no data crosses)", async () => {
    await assert.rejects(ldapsearch(stranger.certFile), /Can't contact LDAP server/);
  });

  test("a client certificate from a trusted CA is taken; an expired one is refused before the bind, rejected as in with 0x000c012d (§4.1.10.2)", async () => {
    assert.equal(dns((await ldapsearch(w.path("device.pem"), client("client"))).stdout), 5);
    assert.deepEqual(rig.certs.rejected(), []);
    await assert.rejects(ldapsearch(w.path("device.pem"), client("expired")), /Can't contact LDAP server/);
    for (let i = 0; i < 100 && rig.certs.rejected().length === 0; i++) await sleep(20);
    assert.deepEqual(
      rig.certs.rejected().map((r) => [r.reason, r.direction, r.peer, r.subject, r.certificates]),
      [["CERT_HAS_EXPIRED", "in", CLIENT, "CN=expired", 2]],
    );
    assert.deepEqual(alarms(), [`0x000c012d Expired certificate ${CLIENT}`]);
    assert.equal(dns((await ldapsearch(w.path("device.pem"), client("client"))).stdout), 5);
    assert.deepEqual(alarms(), [], "the client's next trusted certificate clears the alarm");
  });

  test("openssl s_client that does not trust the device sends unknown_ca: 0x000c0230 with its address (§6.2)", async () => {
    // Not spawnSync: the server runs in this process. Its stdin is empty, so it ends after the handshake.
    const client = spawn(
      "openssl",
      ["s_client", "-connect", `${ip}:${port}`, "-verify_return_error", "-CAfile", stranger.certFile],
      { stdio: ["ignore", "ignore", "ignore"] },
    );
    const status = await new Promise<number | null>((resolve) => client.once("exit", resolve));
    assert.notEqual(status, 0);
    for (let i = 0; i < 100 && rig.alarms.active().length === 0; i++) await sleep(20);
    assert.deepEqual(alarms(), [`0x000c0230 Unknown CA ${CLIENT}`]);
  });

  test(`connections that never start their handshake hold slots (${LDAP_MAX_CONNECTIONS_PER_ADDRESS} per address, one more closed at once) until the idle watch closes them`, async () => {
    const from = block(50);
    const open = () => {
      const sock = connect({ host: ip, port, localAddress: from });
      sock.on("error", () => undefined);
      return { sock, closed: new Promise<void>((r) => sock.once("close", () => r())) };
    };
    const held = Array.from({ length: LDAP_MAX_CONNECTIONS_PER_ADDRESS }, open);
    await Promise.all(held.map((h) => new Promise((r) => h.sock.once("connect", r))));
    await open().closed;
    assert.equal(svc.status().counters.refused, 1);
    assert.equal(dns((await ldapsearch(w.path("device.pem"))).stdout), 5, "another address is served meanwhile");
    await clock.runUntil(clock.now() + LDAP_UNAUTHENTICATED_IDLE_MS, afterChains);
    await Promise.all(held.map((h) => h.closed));
    assert.equal(svc.status().counters.idleClosed, LDAP_MAX_CONNECTIONS_PER_ADDRESS);
    for (let i = 0; i < 100 && svc.status().counters.connections > 0; i++) await sleep(20);
    assert.equal(svc.status().counters.connections, 0, "and their slots are free");
  });
});
