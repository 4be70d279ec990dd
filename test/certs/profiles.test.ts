import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { connect, createServer, getCiphers, type Server } from "node:tls";
import type { AddressInfo } from "node:net";
import { after, describe, test } from "node:test";
import { APPENDIX_K, TLS_PROFILES, tlsProfileOptions } from "../../src/certs/profiles.js";
import { tlsContextOptions } from "../../src/certs/tlsContext.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { storeRig, text, Workdir } from "./helpers.js";

/** `openssl s_client` against host:port with `args`; resolves with its exit status and output (never blocks the loop). */
function sClient(
  host: string,
  port: number,
  args: readonly string[],
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const p = spawn("openssl", ["s_client", "-connect", `${host}:${port}`, "-brief", ...args], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    p.stdout.on("data", (b: Buffer) => (output += b.toString()));
    p.stderr.on("data", (b: Buffer) => (output += b.toString()));
    p.stdin.end("Q\n");
    p.on("close", (status) => resolve({ status, output }));
  });
}

describe("TLS profiles (§4.3.3, App. K)", () => {
  const w = new Workdir();
  const ip = loopbackBlock()(1);
  const servers: Server[] = [];
  after(() => {
    w.close();
    for (const s of servers) s.close();
  });

  test("every App. K cipher has an OpenSSL name Node knows, in App. K's order; Strict is AEAD only, Secure and Strict TLS 1.2+", () => {
    const known = new Set(getCiphers().map((c) => c.toUpperCase()));
    for (const p of TLS_PROFILES) {
      const o = tlsProfileOptions(p);
      const names = o.ciphers.split(":").filter((c) => !c.startsWith("@"));
      assert.equal(names.length, APPENDIX_K[p].ciphers.length, p);
      for (const n of names) assert.ok(known.has(n.toUpperCase()), `${p}: ${n}`);
      assert.equal(o.minVersion, p === "secure" || p === "strict" ? "TLSv1.2" : "TLSv1");
    }
    assert.deepEqual(tlsProfileOptions("strict").ciphers.split(":"), [
      "TLS_AES_256_GCM_SHA384",
      "TLS_AES_128_GCM_SHA256",
      "ECDHE-RSA-AES256-GCM-SHA384",
      "ECDHE-RSA-AES128-GCM-SHA256",
    ]);
    assert.equal(tlsProfileOptions("strict").dhparam, undefined);
    assert.ok(
      tlsProfileOptions("fast").ciphers.startsWith("TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:AES128-SHA:"),
    );
  });

  /** A TLS server of the device with its certificate store's options under `profile`. */
  async function serve(profile: (typeof TLS_PROFILES)[number]): Promise<{ port: number; device: string }> {
    const { certs } = await storeRig({ ip });
    const server = createServer(await tlsContextOptions(certs, profile), (s) => s.end("hello\n"));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, ip, () => r()));
    return { port: (server.address() as AddressInfo).port, device: await certs.devicePem() };
  }

  test("Strict refuses TLS 1.1, a non-AEAD cipher and a TLS 1.3 suite outside App. K; takes ECDHE-RSA-AES128-GCM", async () => {
    const { port, device } = await serve("strict");
    const ca = w.write("strict.pem", device);
    const verify = ["-CAfile", ca, "-verify_return_error", "-verify_ip", ip];
    assert.notEqual((await sClient(ip, port, ["-tls1_1", "-cipher", "ALL:@SECLEVEL=0"])).status, 0);
    assert.notEqual((await sClient(ip, port, ["-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256"])).status, 0);
    assert.notEqual((await sClient(ip, port, ["-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"])).status, 0);
    const ok = await sClient(ip, port, [...verify, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"]);
    assert.equal(ok.status, 0, ok.output);
    assert.match(ok.output, /Ciphersuite: ECDHE-RSA-AES128-GCM-SHA256[\s\S]*Verification: OK/);
    assert.match((await sClient(ip, port, [...verify, "-tls1_3"])).output, /Ciphersuite: TLS_AES_256_GCM_SHA384/);
  });

  test("Normal takes what App. K lists for it: TLS 1.0 with AES128-SHA, DHE, and prefers TLS 1.3 with AES-256", async () => {
    const { port } = await serve("normal");
    const tls10 = await sClient(ip, port, ["-tls1", "-cipher", "AES128-SHA:@SECLEVEL=0"]);
    assert.match(tls10.output, /Protocol version: TLSv1\n[\s\S]*Ciphersuite: AES128-SHA/, tls10.output);
    assert.match(
      (await sClient(ip, port, ["-tls1_2", "-cipher", "DHE-RSA-AES256-GCM-SHA384"])).output,
      /Ciphersuite: DHE-RSA-AES256-GCM-SHA384/,
    );
    assert.match(
      (await sClient(ip, port, [])).output,
      /Protocol version: TLSv1.3[\s\S]*Ciphersuite: TLS_AES_256_GCM_SHA384/,
    );
    assert.notEqual((await sClient(ip, port, ["-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"])).status, 0);
  });

  test("a client with the trust list as its CAs trusts a device whose certificate is on it, and no other", async () => {
    const { port, device } = await serve("secure");
    const client = await storeRig();
    const tryConnect = async () => {
      const o = await tlsContextOptions(client.certs);
      return new Promise<string>((resolve) => {
        const s = connect({ host: ip, port, ca: o.ca, minVersion: o.minVersion, ciphers: o.ciphers }, () => {
          resolve("connected");
          s.end();
        });
        s.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      });
    };
    assert.equal(
      await tryConnect(),
      "DEPTH_ZERO_SELF_SIGNED_CERT",
      "an empty trust list trusts nobody, not even Node's CAs",
    );
    await client.certs.trust(text(device));
    assert.equal(await tryConnect(), "connected");
  });
});
