/**
 * Alerts a server sends to the device's TLS client (platform/node/tlsClient.ts `openTls`, the SIP/TLS client) through
 * the device's TLS policy, against the real `openssl s_server`: one that refuses the device's certificate sends
 * unknown_ca, raised as 0x000c0230 with the server as source (§6.2: 0x000c0200 + the alert the peer sent) and cleared
 * when a server there takes the device's certificate and answers; one that offers only a cipher outside the device's
 * profile sends handshake_failure, 0x000c0228.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { DEFAULT_TLS_SETTINGS } from "../../src/certs/settings.js";
import { tlsPolicy } from "../../src/certs/tlsContext.js";
import { openTls } from "../../src/platform/node/tlsClient.js";
import type { Endpoint } from "../../src/wire/Transport.js";
import { makeCa, storeRig, type StoreRig, Workdir } from "../certs/helpers.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { startSServer, type OpensslServer } from "../helpers/opensslServer.js";
import { selfSignedFor } from "../helpers/opensslCerts.js";

const HTTP_GET = "GET / HTTP/1.0\r\n\r\n";

describe("TLS client: alerts the server sends (§6.2 0x000c02xx)", () => {
  const ip = loopbackBlock();
  const w = new Workdir();
  makeCa(w, "clients");
  const cert = selfSignedFor(w.dir, "server", ip(1));
  const servers: OpensslServer[] = [];
  after(async () => {
    for (const s of servers) await s.stop();
    w.close();
  });
  const serve = async (args: readonly string[], port?: number) => {
    const s = await startSServer(ip(1), cert, args, port);
    servers.push(s);
    return s;
  };

  /** Opens TLS with the device's policy, asks s_server for its page: "answered", or why it failed. */
  const attempt = (rig: StoreRig, to: Endpoint) =>
    new Promise<string>((resolve) => {
      const policy = tlsPolicy(rig.certs, rig.alarms);
      openTls(
        policy,
        to,
        ip(2),
        (sock) => {
          sock.write(HTTP_GET);
          sock.once("data", () => (sock.destroy(), resolve("answered")));
        },
        resolve,
      );
    });
  const alarms = (rig: StoreRig) =>
    rig.alarms
      .active()
      .filter((a) => /^0x000c0[12]/.test(a.code))
      .map((a) => `${a.code} ${a.text} ${a.source ?? ""}`);
  const trusting = async (settings = DEFAULT_TLS_SETTINGS) => {
    const rig = await storeRig({ settings });
    await rig.certs.trust(new TextEncoder().encode(cert.certPem));
    return rig;
  };

  test("a server that wants a client certificate from another CA sends unknown_ca: 0x000c0230 until one there answers", async () => {
    const rig = await trusting();
    const refusing = await serve(["-Verify", "1", "-verify_return_error", "-CAfile", w.path("clients.pem")]);
    const to = { ip: refusing.ip, port: refusing.port };
    assert.equal(await attempt(rig, to), "TLS: the server sent the alert unknown_ca (48)");
    assert.deepEqual(alarms(rig), [`0x000c0230 Unknown CA ${to.ip}:${to.port}`]);
    assert.equal(rig.certs.rejected().length, 0, "the device trusted the server");

    // The same server, now taking the device's certificate: its answer clears the alarm.
    await refusing.stop();
    w.write("device.pem", await rig.certs.devicePem());
    await serve(["-Verify", "1", "-verify_return_error", "-CAfile", w.path("device.pem")], to.port);
    assert.equal(await attempt(rig, to), "answered");
    assert.deepEqual(alarms(rig), []);
  });

  test("a server offering only a cipher outside the Strict profile sends handshake_failure: 0x000c0228", async () => {
    const rig = await trusting({ ...DEFAULT_TLS_SETTINGS, profile: "strict" });
    const cbc = await serve(["-tls1_2", "-cipher", "AES128-SHA"]);
    const to = { ip: cbc.ip, port: cbc.port };
    assert.equal(await attempt(rig, to), "TLS: the server sent the alert handshake_failure (40)");
    assert.deepEqual(alarms(rig), [`0x000c0228 Handshake failure ${to.ip}:${to.port}`]);
    // Under Normal, which lists AES128-SHA (App. K), the same server answers and the alarm clears.
    rig.certs.setSettings({ ...DEFAULT_TLS_SETTINGS, profile: "normal" });
    assert.equal(await attempt(rig, to), "answered");
    assert.deepEqual(alarms(rig), []);
  });
});
