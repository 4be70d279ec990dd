/**
 * The node transport's TLS client (src/platform/node/tlsClient.ts) against kamailio's tls module, a real SIPS server
 * (RFC 3261 §26.2): a trusted server gets the frames; an untrusted one gets none, and its chain is handed over for
 * the rejected list (§4.1.10).
 */
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { SIP_FRAMING } from "../../src/platform/node/sipFraming.js";
import { SocketTransport } from "../../src/platform/node/SocketTransport.js";
import type { Endpoint } from "../../src/wire/Transport.js";
import { removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { startKamailio, type Kamailio } from "../helpers/kamailio.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { selfSignedFor, type OpensslCert } from "../helpers/opensslCerts.js";
import { fixedTlsPolicy } from "../helpers/tlsPolicy.js";

const options = (ip: string, port: number, tag: string) =>
  new TextEncoder().encode(
    [
      `OPTIONS sip:${ip}:${port};transport=tls SIP/2.0`,
      `Via: SIP/2.0/TLS ${ip}:5061;branch=z9hG4bK-${tag}`,
      "Max-Forwards: 70",
      `From: <sip:probe@${ip}>;tag=${tag}`,
      `To: <sip:${ip}:${port}>`,
      `Call-ID: ${tag}@${ip}`,
      "CSeq: 1 OPTIONS",
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"),
  );

/** Opens a TLS transport on `ip`, sends one OPTIONS, and says what came back within a few seconds. */
async function optionsOverTls(ip: string, to: Endpoint, ca: string, own: OpensslCert) {
  const rejected: { chain: readonly Uint8Array[]; reason: string; peer: string }[] = [];
  const tlsOptions = {
    key: readFileSync(own.keyFile, "utf8"),
    cert: own.certPem,
    ca: [ca],
    minVersion: "TLSv1.2" as const,
    ciphers: "DEFAULT",
  };
  const client = fixedTlsPolicy(tlsOptions, {
    rejected: (chain, reason, peer) => void rejected.push({ chain, reason, peer }),
  });
  const t = new SocketTransport(ip, SIP_FRAMING, client);
  const answers: string[] = [];
  const unreachable: string[] = [];
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 5000);
    void t
      .open(
        { datagram: [], stream: [] },
        {
          frame: (f) => {
            answers.push(new TextDecoder().decode(f));
            clearTimeout(timer);
            resolve();
          },
          malformed: () => undefined,
          unreachable: (_to, _c, reason) => {
            unreachable.push(reason);
            clearTimeout(timer);
            resolve();
          },
        },
      )
      .then(() => t.send(to, "stream", options(to.ip, to.port, "t1")));
  });
  await t.close();
  return { answers, unreachable, rejected };
}

describe("SIP over TLS from the node transport to kamailio", () => {
  const ip = loopbackBlock();
  const dir = tempDir("ipdect-tls-");
  let pbx: OpensslCert;
  let other: OpensslCert;
  let k: Kamailio;
  before(async () => {
    pbx = selfSignedFor(dir, "pbx", ip(1));
    other = selfSignedFor(dir, "other", ip(1));
    k = await startKamailio({ ip: ip(1), tls: { certFile: pbx.certFile, keyFile: pbx.keyFile } });
  });
  after(async () => {
    await k.close();
    removeTempDir(dir);
  });

  test("a server whose certificate is on the trust list answers over TLS", async () => {
    const r = await optionsOverTls(ip(2), { ip: ip(1), port: k.tlsPort! }, pbx.certPem, other);
    assert.deepEqual(r.unreachable, []);
    assert.deepEqual(r.rejected, []);
    assert.match(r.answers[0] ?? "", /^SIP\/2\.0 200 /);
  });

  test("an untrusted server gets nothing; its chain and the reason go to the rejected list", async () => {
    const r = await optionsOverTls(ip(3), { ip: ip(1), port: k.tlsPort! }, other.certPem, other);
    assert.deepEqual(r.answers, []);
    assert.equal(r.rejected.length, 1);
    assert.equal(r.rejected[0]!.reason, "DEPTH_ZERO_SELF_SIGNED_CERT");
    const leaf = new X509Certificate(r.rejected[0]!.chain[0]!);
    assert.equal(leaf.fingerprint256, new X509Certificate(pbx.certPem).fingerprint256);
    assert.equal(r.rejected[0]!.peer, `${ip(1)}:${k.tlsPort!}`);
    assert.match(r.unreachable[0] ?? "", /not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
  });

  test("a trusted certificate for another address is refused by name (RFC 6125)", async () => {
    const wrongName = selfSignedFor(dir, "elsewhere", ip(9));
    const k2 = await startKamailio({ ip: ip(4), tls: { certFile: wrongName.certFile, keyFile: wrongName.keyFile } });
    try {
      const r = await optionsOverTls(ip(5), { ip: ip(4), port: k2.tlsPort! }, wrongName.certPem, other);
      assert.deepEqual(r.answers, []);
      assert.equal(r.rejected[0]?.reason, "ERR_TLS_CERT_ALTNAME_INVALID");
    } finally {
      await k2.close();
    }
  });
});
