/**
 * Client certificates at the device's TLS servers, through the node transport's stream port (the SIPS listener) and
 * the device's own TLS policy (certs/tlsContext.ts): §4.1.10.2 "in". A client chain that does not validate against
 * the trust list goes to the rejected list as `in` with the peer `sips client <address>`, raises the local TLS alarm
 * (§6.2 0x000c01xx) and its connection ends before a frame is read; "Trust" lets it in from the next handshake and the
 * alarm clears. A client without a certificate is taken. §4.7.2.1 holds for clients as for servers (clientAuth).
 * Device to device, the client side (tlsClient.ts `openTls`) presents its certificate: the TLS is mutual. A client
 * that does not trust the device's certificate says so with an alert: the remote TLS alarm (§6.2 0x000c02xx) for
 * the same peer, until that client finishes a handshake.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createConnection } from "node:net";
import { after, describe, test } from "node:test";
import { connect } from "node:tls";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_TLS_SETTINGS, type KeyUsageCheck } from "../../src/certs/settings.js";
import { tlsPolicy } from "../../src/certs/tlsContext.js";
import { SocketTransport } from "../../src/platform/node/SocketTransport.js";
import { lengthPrefixed } from "../../src/wire/frame.js";
import type { Endpoint } from "../../src/wire/Transport.js";
import { freePort } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { selfSignedFor } from "../helpers/opensslCerts.js";
import { fixedTlsPolicy } from "../helpers/tlsPolicy.js";
import { makeCa, openssl, storeRig, text, Workdir, type StoreRig } from "./helpers.js";

const ip = loopbackBlock();
const SERVER = ip(1);

/** A client certificate signed by the CA of `w`, with an extended key usage or none. */
function clientLeaf(w: Workdir, name: string, eku: string | undefined): void {
  openssl(w, [
    ...["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`],
    ...["-subj", `/CN=${name}`, ...(eku === undefined ? [] : ["-addext", `extendedKeyUsage=${eku}`])],
  ]);
  openssl(w, [
    ...["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"],
    ...["-copy_extensions", "copy", "-days", "30", "-out", `${name}.pem`],
  ]);
}

/** A device (its certificate store and TLS policy) whose transport listens with TLS on one stream port. */
async function device(keyUsage: KeyUsageCheck = "standard") {
  const rig = await storeRig({ ip: SERVER, settings: { ...DEFAULT_TLS_SETTINGS, keyUsage } });
  const transport = new SocketTransport(SERVER, undefined, tlsPolicy(rig.certs, rig.alarms));
  const heard: { frame: string; from: Endpoint }[] = [];
  const port = await freePort(SERVER);
  await transport.open(
    { datagram: [], stream: [port] },
    {
      frame: (f, from) => void heard.push({ frame: new TextDecoder().decode(f), from }),
      malformed: () => undefined,
    },
  );
  return { rig, transport, heard, to: { ip: SERVER, port }, pem: rig.certs.current!.chain[0]!.toString() };
}

/**
 * What the store made of the refusals: the rejected entries and the TLS alarms (§6.2 0x000c01xx). With `expected`
 * refusals, waits (up to 5 s, a loaded machine is slow to write) until that many entries are there.
 */
async function refusals(rig: StoreRig, expected = 0) {
  const read = () => ({
    rejected: rig.certs.rejected().map((r) => ({ subject: r.subject, direction: r.direction, peer: r.peer })),
    alarms: rig.alarms
      .active()
      .filter((a) => a.code.startsWith("0x000c01"))
      .map((a) => `${a.code} ${a.source ?? ""}`),
  });
  await sleep(50);
  for (let waited = 0; read().rejected.length < expected && waited < 5000; waited += 50) await sleep(50);
  return read();
}

/** A foreign client (node:tls) from `from` presenting `cert` (or none) sends one frame; answers whether it arrived. */
async function foreignClient(
  d: Awaited<ReturnType<typeof device>>,
  from: string,
  cert?: { key: string; cert: string },
): Promise<boolean> {
  const tag = `hello from ${from} ${d.heard.length}`;
  const tcp = createConnection({ host: SERVER, port: d.to.port, localAddress: from });
  const sock = connect({ socket: tcp, host: SERVER, ca: [d.pem], ...(cert ?? {}) });
  sock.on("error", () => undefined);
  await new Promise((r) => sock.once("secureConnect", r));
  sock.write(lengthPrefixed(text(tag)));
  await Promise.race([new Promise((r) => sock.once("close", r)), sleep(300)]);
  sock.destroy();
  return d.heard.some((h) => h.frame === tag);
}

describe("TLS servers and client certificates (§4.1.10.2 in, §4.7.2.1 clientAuth)", () => {
  const w = new Workdir();
  makeCa(w);
  clientLeaf(w, "plain", undefined);
  clientLeaf(w, "server-only", "serverAuth");
  clientLeaf(w, "client", "clientAuth");
  const closing: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of closing) await c();
    w.close();
  });
  const started = async (keyUsage?: KeyUsageCheck) => {
    const d = await device(keyUsage);
    closing.push(() => d.transport.close());
    return d;
  };
  const pair = (name: string) => ({ key: w.text(`${name}.key`), cert: w.text(`${name}.pem`) });

  test("device to device the TLS is mutual: an untrusted client device is refused as in, and Trust lets it in", async () => {
    const d = await started();
    const other = selfSignedFor(w.dir, "other-device", ip(2));
    const client = new SocketTransport(
      ip(2),
      undefined,
      fixedTlsPolicy({
        key: readFileSync(other.keyFile, "utf8"),
        cert: other.certPem,
        ca: [d.pem],
        minVersion: "TLSv1.2",
        ciphers: "DEFAULT",
      }),
    );
    closing.push(() => client.close());
    await client.open({ datagram: [], stream: [] }, { frame: () => undefined, malformed: () => undefined });
    client.send(d.to, "stream", text("first frame"));
    const refused = await refusals(d.rig, 1);
    assert.deepEqual(refused.rejected, [{ subject: "CN=other-device", direction: "in", peer: `sips client ${ip(2)}` }]);
    assert.deepEqual(refused.alarms, [`0x000c0130 sips client ${ip(2)}`], "Unknown CA for the client's address");
    assert.equal(d.heard.length, 0, "nothing of a refused connection is read");

    await d.rig.certs.trustRejected(d.rig.certs.rejected()[0]!.fingerprint);
    // The refused connection is gone once the client sees it closed; the next send opens a new one.
    for (let i = 0; i < 50 && d.heard.length === 0; i++) {
      client.send(d.to, "stream", text("again, trusted"));
      await sleep(50);
    }
    assert.deepEqual(
      d.heard.map((h) => [h.frame, h.from.ip]),
      [["again, trusted", ip(2)]],
    );
    assert.deepEqual((await refusals(d.rig)).alarms, [], "a trusted handshake from there clears the alarm");
  });

  test("a client without a certificate is taken (the service's login applies)", async () => {
    const d = await started();
    assert.ok(await foreignClient(d, ip(3)));
    assert.deepEqual(await refusals(d.rig), { rejected: [], alarms: [] });
  });

  test("a client that does not trust the device sends unknown_ca: 0x000c0230 for it, cleared by its next finished handshake", async () => {
    const d = await started();
    const from = ip(6);
    const remote = () =>
      d.rig.alarms
        .active()
        .filter((a) => a.code.startsWith("0x000c02"))
        .map((a) => `${a.code} ${a.source ?? ""}`);
    // openssl s_client whose trust list lacks the device's certificate; not spawnSync: the server runs in this process.
    const client = spawn(
      "openssl",
      ["s_client", "-connect", `${SERVER}:${d.to.port}`, "-bind", `${from}:0`, "-verify_return_error"],
      { stdio: ["ignore", "ignore", "ignore"] },
    );
    assert.notEqual(await new Promise((r) => client.once("exit", r)), 0);
    for (let i = 0; i < 100 && remote().length === 0; i++) await sleep(20);
    assert.deepEqual(remote(), [`0x000c0230 sips client ${from}`]);
    assert.ok(await foreignClient(d, from));
    assert.deepEqual(remote(), [], "the client took the device's certificate");
  });

  test("a client certificate whose EKU is serverAuth only is refused under both checks, with 0x000c012b", async () => {
    for (const check of ["standard", "extended"] as const) {
      const d = await started(check);
      await d.rig.certs.trust(w.read("ca.pem"));
      assert.ok(!(await foreignClient(d, ip(4), pair("server-only"))), check);
      const r = await refusals(d.rig, 1);
      assert.deepEqual(r.rejected, [{ subject: "CN=server-only", direction: "in", peer: `sips client ${ip(4)}` }]);
      assert.match(d.rig.certs.rejected()[0]!.reason, /^INVALID_PURPOSE/);
      assert.deepEqual(r.alarms, [`0x000c012b sips client ${ip(4)}`]);
      assert.ok(await foreignClient(d, ip(4), pair("client")), `${check}: clientAuth is taken`);
    }
  });

  test("§4.7.2.1 extended: a CA-signed client certificate without EKU is refused; standard takes it", async () => {
    const standard = await started("standard");
    await standard.rig.certs.trust(w.read("ca.pem"));
    assert.ok(await foreignClient(standard, ip(5), pair("plain")));
    const extended = await started("extended");
    await extended.rig.certs.trust(w.read("ca.pem"));
    assert.ok(!(await foreignClient(extended, ip(5), pair("plain"))));
    assert.match(extended.rig.certs.rejected()[0]!.reason, /INVALID_PURPOSE: no extended key usage.*clientAuth/);
  });
});
