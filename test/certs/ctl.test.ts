import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT } from "../helpers/cli.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { HTTP_PORT, NodeProcesses } from "../helpers/nodes.js";
import { makeCa, makeLeaf, openssl, signCsr, Workdir } from "./helpers.js";

/** `ipdect ctl …` without blocking this process's event loop; its exit code and output. */
function ctl(node: string, args: readonly string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, "bin/ipdect.js"), "ctl", ...args, "--node", `${node}:${HTTP_PORT}`],
      (err, stdout, stderr) =>
        resolve({ code: err === null ? 0 : Number((err as { code?: unknown }).code ?? 1), out: stdout + stderr }),
    );
  });
}

describe("ipdect ctl certs … against a real node (§4.1.10)", () => {
  const ip = loopbackBlock()(1);
  const nodes = new NodeProcesses();
  const w = new Workdir();
  before(async () => {
    await nodes.start("dut", `name: dut\nkind: IPBS\nmac: "00:90:33:0c:0e:77"\nip: ${ip}\n`);
  });
  after(async () => {
    await nodes.close();
    w.close();
  });
  makeCa(w);

  test("certs shows the default certificate; CSR out, CA-signed certificate in, as a DER file", async () => {
    const shown = await ctl(ip, ["certs"]);
    assert.equal(shown.code, 0, shown.out);
    assert.match(shown.out, /^Device certificate {2}CN=00:90:33:0c:0e:77 {2}\(default, rsa 2048, until \d{4}-/m);
    assert.match(shown.out, /^TLS +profile normal, key usage check standard$/m);
    const csr = await ctl(ip, [
      "certs-csr",
      "--cn",
      "dut.example.com",
      "--bits",
      "2048",
      "--hash",
      "sha256",
      "--out",
      w.path("dut.csr"),
    ]);
    assert.equal(csr.code, 0, csr.out);
    assert.match(openssl(w, ["req", "-in", "dut.csr", "-verify", "-noout"]), /verify OK/);
    signCsr(w, "dut.csr", "dut.pem");
    openssl(w, ["x509", "-in", "dut.pem", "-outform", "DER", "-out", "dut.der"]);
    const up = await ctl(ip, ["certs-upload", w.path("dut.der")]);
    assert.equal(up.code, 0, up.out);
    assert.match((await ctl(ip, ["certs"])).out, /CN=dut\.example\.com {2}\(signed/);
    assert.equal((await ctl(ip, ["certs-pem", "--out", w.path("device.pem")])).code, 0);
    assert.match(openssl(w, ["verify", "-CAfile", "ca.pem", "device.pem"]), /OK/);
  });

  test("trust-upload of a PKCS#12 with --pkcs12-password (a wrong one exits 2 with the reason), trust, rejected", async () => {
    makeLeaf(w, "pbx");
    openssl(w, [
      "pkcs12",
      "-export",
      "-inkey",
      "pbx.key",
      "-in",
      "pbx.pem",
      "-certfile",
      "ca.pem",
      "-out",
      "pbx.p12",
      "-passout",
      "pass:pw",
    ]);
    const wrong = await ctl(ip, ["trust-upload", w.path("pbx.p12"), "--pkcs12-password", "nope"]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.out, /^error: .*\[CERTS_WRONG_PASSWORD\]$/m);
    const ok = await ctl(ip, ["trust-upload", w.path("pbx.p12"), "--pkcs12-password", "pw"]);
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /^subject +until +SHA-256$/m);
    assert.match((await ctl(ip, ["trust"])).out, /CN=pbx[\s\S]*CN=Test ca|CN=Test ca[\s\S]*CN=pbx/);
    assert.equal((await ctl(ip, ["trust-pem", "--out", w.path("trust.pem")])).code, 0);
    assert.match(openssl(w, ["verify", "-CAfile", "trust.pem", "pbx.pem"]), /OK/);
    assert.match((await ctl(ip, ["rejected"])).out, /no rejected certificates/);
  });

  test("tls-set keeps the profile over a restart of the node; the keys on its flash are mode 0600", async () => {
    assert.equal((await ctl(ip, ["tls-set", "--profile", "bogus"])).code, 2);
    assert.equal((await ctl(ip, ["tls-set", "--profile", "secure"])).code, 0);
    await nodes.kill("dut");
    await nodes.start("dut");
    assert.match((await ctl(ip, ["tls", "--json"])).out, /"profile": "secure"/);
    for (const f of ["default.json", "device.json"])
      assert.equal(statSync(join(nodes.dir, "data", "dut", "certs", f)).mode & 0o777, 0o600, f);
  });
});
