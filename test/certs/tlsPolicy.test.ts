/**
 * The device's TLS policy as its TLS clients use it (certs/tlsContext.ts `tlsPolicy` through the node transport's
 * `openTls`): a server chain from a trusted CA passes. A server certificate whose extended key usage names clientAuth
 * only is refused under both checks (RFC 5280: a present EKU must name the purpose; OpenSSL's own purpose check says
 * INVALID_PURPOSE). §4.7.2.1 "extended" also refuses a CA-signed server certificate without any EKU, which the
 * standard check lets through. A refusal goes to the rejected list and raises 0x000c012b "Unsupported certificate".
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { createServer, type Server } from "node:tls";
import { tlsPolicy } from "../../src/certs/tlsContext.js";
import { DEFAULT_TLS_SETTINGS } from "../../src/certs/settings.js";
import { openTls } from "../../src/platform/node/tlsClient.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { makeCa, openssl, storeRig, Workdir } from "./helpers.js";

const ip = loopbackBlock()(1);

/** A server certificate for `ip` signed by the CA, with an extended key usage or none. */
function leaf(w: Workdir, name: string, eku: string | undefined): void {
  openssl(w, [
    ...["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`],
    ...["-subj", `/CN=${name}`, "-addext", `subjectAltName=IP:${ip}`],
    ...(eku === undefined ? [] : ["-addext", `extendedKeyUsage=${eku}`]),
  ]);
  openssl(w, [
    ...["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"],
    ...["-copy_extensions", "copy", "-days", "30", "-out", `${name}.pem`],
  ]);
}

describe("TLS client policy: trust list and §4.7.2.1 key usage", () => {
  const w = new Workdir();
  makeCa(w);
  leaf(w, "plain", undefined);
  leaf(w, "client-only", "clientAuth");
  const servers: Server[] = [];
  after(() => {
    for (const s of servers) s.close();
    w.close();
  });
  const serve = async (name: string): Promise<number> => {
    const s = createServer({ key: w.text(`${name}.key`), cert: w.text(`${name}.pem`) }, (c) => c.end("hello"));
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, ip, () => r()));
    return (s.address() as { port: number }).port;
  };
  const attempt = async (keyUsage: "standard" | "extended", name: string) => {
    const rig = await storeRig({ settings: { ...DEFAULT_TLS_SETTINGS, keyUsage } });
    await rig.certs.trust(w.read("ca.pem"));
    const policy = tlsPolicy(rig.certs, rig.alarms);
    const to = { ip, port: await serve(name) };
    const outcome = await new Promise<string>((resolve) => {
      openTls(policy, to, ip, (sock) => (sock.destroy(), resolve("ok")), resolve);
    });
    await new Promise((r) => setTimeout(r, 50)); // the rejected list is written behind the callback
    return { outcome, rejected: rig.certs.rejected(), alarms: rig.alarms.active().map((a) => a.code) };
  };

  test("a CA-signed server certificate without EKU passes the standard check, not the extended one", async () => {
    assert.equal((await attempt("standard", "plain")).outcome, "ok");
    const r = await attempt("extended", "plain");
    assert.match(r.outcome, /not trusted \(INVALID_PURPOSE: no extended key usage, and §4\.7\.2\.1 requires one/);
    assert.ok(r.alarms.includes("0x000c012b"), `alarms: ${r.alarms.join(", ")}`);
  });

  test("an EKU of clientAuth only is refused as a server: rejected list and 0x000c012b, nothing sent", async () => {
    for (const check of ["standard", "extended"] as const) {
      const r = await attempt(check, "client-only");
      assert.match(r.outcome, /not trusted \(INVALID_PURPOSE/);
      assert.equal(r.rejected.length, 1);
      assert.match(r.rejected[0]!.reason, /^INVALID_PURPOSE/);
      assert.ok(r.alarms.includes("0x000c012b"), `alarms: ${r.alarms.join(", ")}`);
    }
  });
});
