/**
 * HTTPS for the management API (§4.9.3) through the node adapter, checked with the real `curl`: the device certificate
 * validates against the CA a client holds, a new certificate counts from the next connection, and plain HTTP is
 * redirected before anything is read.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { startHttpServer, startHttpsRedirect } from "../../src/platform/node/HttpServer.js";
import { freePort, removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { selfSignedFor } from "../helpers/opensslCerts.js";

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
  const ip = loopbackBlock()(1);
  const dir = tempDir("ipdect-https-");
  const servers: Server[] = [];
  let port = 0;
  let tls = { key: "", cert: "" };
  const first = selfSignedFor(dir, "first", ip);
  const second = selfSignedFor(dir, "second", ip);
  const use = (c: typeof first) => (tls = { key: readFileSync(c.keyFile, "utf8"), cert: c.certPem });
  before(async () => {
    use(first);
    port = await freePort(ip);
    servers.push(
      await startHttpServer(
        ip,
        port,
        async (req) => ({ status: 200, body: { path: req.path } }),
        () => undefined,
        () => tls,
      ),
    );
  });
  after(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
    removeTempDir(dir);
  });

  test("curl --cacert with the device certificate gets the answer; without it curl refuses the server", async () => {
    const ok = await curl("--cacert", first.certFile, `https://${ip}:${port}/api/x`);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { path: "/api/x" });
    const refused = await curl(`https://${ip}:${port}/api/x`);
    assert.equal(refused.code, 60, refused.stderr); // CURLE_PEER_FAILED_VERIFICATION
  });

  test("a new device certificate is served from the next connection on", async () => {
    use(second);
    assert.equal((await curl("--cacert", first.certFile, `https://${ip}:${port}/`)).code, 60);
    assert.equal((await curl("--cacert", second.certFile, `https://${ip}:${port}/`)).code, 0);
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
