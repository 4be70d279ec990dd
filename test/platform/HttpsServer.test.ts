/**
 * HTTPS for the management API (§4.9.3) through the node adapter with the device's TLS policy, checked with the real
 * `curl`: the device certificate validates against the CA a client holds, a new certificate counts from the next
 * connection, a client's alert raises the remote TLS alarm (§6.2 0x000c0230) until its next good handshake, and plain
 * HTTP is redirected before anything is read.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import type { Server } from "node:http";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { tlsPolicy } from "../../src/certs/tlsContext.js";
import { startHttpServer, startHttpsRedirect } from "../../src/platform/node/HttpServer.js";
import { storeRig, Workdir, type StoreRig } from "../certs/helpers.js";
import { freePort } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";

const run = promisify(execFile);
const curl = async (...args: string[]) => {
  try {
    return { ...(await run("curl", ["-sS", "--max-time", "5", ...args])), code: 0 };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
};

describe("HTTPS management interface (node adapter) against curl", () => {
  const block = loopbackBlock();
  const ip = block(1);

  const w = new Workdir();
  const servers: Server[] = [];
  let port = 0;
  let rig: StoreRig;
  before(async () => {
    rig = await storeRig({ ip });
    w.write("first.pem", await rig.certs.devicePem());
    port = await freePort(ip);
    const policy = tlsPolicy(rig.certs, rig.alarms);
    servers.push(
      await startHttpServer(
        ip,
        port,
        // Only the TLS layer is under test: an answer that says which path it got.
        (req, res) => res.end(JSON.stringify({ path: req.url })),
        { policy: () => policy, mutual: false },
      ),
    );
  });
  after(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
    rig.certs.close();
    w.close();
  });
  const alarms = () => rig.alarms.active().map((a) => `${a.code} ${a.source ?? ""}`);

  test("curl --cacert with the device certificate gets the answer; without it curl refuses the server", async () => {
    const ok = await curl("--cacert", w.path("first.pem"), `https://${ip}:${port}/api/x`);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { path: "/api/x" });
    const refused = await curl(`https://${ip}:${port}/api/x`);
    assert.equal(refused.code, 60, refused.stderr); // CURLE_PEER_FAILED_VERIFICATION
  });

  test("curl that does not trust the device raises 0x000c0230 Unknown CA with its address; its next good handshake clears it (§6.2)", async () => {
    const client = block(2);
    assert.equal((await curl("--interface", client, `https://${ip}:${port}/`)).code, 60);
    await waitForAlarms(() => alarms().includes(`0x000c0230 https client ${client}`));
    assert.equal(rig.alarms.active().find((a) => a.code === "0x000c0230")?.text, "Unknown CA");
    // Another client's good handshake leaves it; this client's clears it.
    assert.equal((await curl("--cacert", w.path("first.pem"), `https://${ip}:${port}/`)).code, 0);
    assert.ok(alarms().includes(`0x000c0230 https client ${client}`));
    const ok = await curl("--interface", client, "--cacert", w.path("first.pem"), `https://${ip}:${port}/`);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(alarms(), []);
  });

  test("a new device certificate is served from the next connection on", async () => {
    await rig.certs.selfSigned({ bits: 2048, hash: "sha256", commonName: ip, years: 1 });
    w.write("second.pem", await rig.certs.devicePem());
    assert.equal((await curl("--cacert", w.path("first.pem"), `https://${ip}:${port}/`)).code, 60);
    assert.equal((await curl("--cacert", w.path("second.pem"), `https://${ip}:${port}/`)).code, 0);
  });

  test("plain HTTP is redirected to HTTPS with the same path", async () => {
    const httpPort = await freePort(ip);
    servers.push(await startHttpsRedirect(ip, httpPort, port));
    const r = await curl(
      "-o",
      "/dev/null",
      "-w",
      "%{http_code} %{redirect_url}",
      `http://${ip}:${httpPort}/api/status?x=1`,
    );
    assert.equal(r.stdout, `301 https://${ip}:${port}/api/status?x=1`);
  });
});

/** The server reports a client's alert from its socket's events: a moment after curl has exited. */
async function waitForAlarms(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(ok(), "the alarm did not come");
}
