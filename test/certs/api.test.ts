import { basic } from "../helpers/testRealm.js";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { deviceFromObject } from "../../src/config/deviceFromObject.js";
import { locatorWithoutLines } from "../../src/core/config/Locator.js";
import { makeLogger } from "../../src/core/Logger.js";
import { SeededRng } from "../../src/core/Rng.js";
import { Device } from "../../src/device/Device.js";
import type { ApiRequest, ApiResponse } from "../../src/mgmt/api.js";
import { handleApi } from "../helpers/api.js";
import { FileStore } from "../../src/platform/node/FileStore.js";
import { SocketTransport } from "../../src/platform/node/SocketTransport.js";
import { systemClock } from "../../src/platform/node/SystemClock.js";
import { EventRecorder } from "../../src/role/EventLog.js";
import { SimRealms } from "../../sim/SimRealms.js";
import { call as kerberosCall } from "../helpers/kerberos.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { makeCa, makeLeaf, openssl, signCsr, text, Workdir } from "./helpers.js";

const ADMIN = basic("admin", "changeme");
const AUDITOR = basic("LAB\\kaudit", "kaudit-pw");
const MAC = "00:90:33:0c:0e:42";

/** The certificate routes end to end: HTTP API → Device → certificate store → flash files, on a real node's world. */
describe("certificates through the management API on a real device (§4.1.10)", () => {
  const w = new Workdir();
  const ip = loopbackBlock()(1);
  const dataDir = w.path("flash");
  const events = new EventRecorder();
  const logged: string[] = [];
  const logger = makeLogger((level, msg, fields) => logged.push(JSON.stringify({ level, msg, fields })), "debug");
  const answers: string[] = [];
  let device: Device;
  // The Auditor is a Kerberos principal (§3.4.5.3) of a realm modelled in process (sim/SimRealms.ts).
  const realms = new SimRealms();
  const kdcIp = loopbackBlock()(2);
  let kdc: Device;
  const client = { client: { servers: [{ realm: "LAB", address: kdcIp }] } };
  const start = async () => {
    device = await Device.start(
      deviceFromObject({ name: "dut", kind: "IPVM", mac: MAC, ip, kerberos: client }, locatorWithoutLines("t")),
      {
        clock: systemClock,
        transport: new SocketTransport(ip),
        store: await FileStore.open(dataDir),
        events,
        logger,
        rng: new SeededRng("certs-api"),
        kerberos: realms.world(ip),
      },
    );
    if (device.kerberosClient().status().membership === undefined)
      await device.kerberosClient().join({ realm: "LAB", admin: { user: "kjoin", password: "kjoin-pw" } });
  };
  before(async () => {
    kdc = await Device.start(
      deviceFromObject(
        { name: "kdc", kind: "IPVM", mac: "00:90:33:0c:0e:43", ip: kdcIp, kerberos: { server: { realm: "LAB" } } },
        locatorWithoutLines("t"),
      ),
      {
        clock: systemClock,
        transport: new SocketTransport(kdcIp),
        store: await FileStore.open(w.path("kdc")),
        events: new EventRecorder(),
        logger,
        rng: new SeededRng("certs-api-kdc"),
        kerberos: realms.world(kdcIp),
      },
    );
    assert.equal((await kerberosCall(kdc, "POST", "/api/kerberos/server", { rootPassword: "r" })).status, 201);
    const user = { name: "kaudit", password: "kaudit-pw", role: "auditor" };
    assert.equal((await kerberosCall(kdc, "POST", "/api/kerberos/users", user)).status, 201);
    const joiner = { name: "kjoin", password: "kjoin-pw", role: "join-realm" };
    assert.equal((await kerberosCall(kdc, "POST", "/api/kerberos/users", joiner)).status, 201);
  });
  after(async () => {
    await device.stop();
    await kdc.stop();
    w.close();
  });
  makeCa(w);

  const call = async (
    method: string,
    path: string,
    auth = ADMIN,
    body: string | Uint8Array = "",
  ): Promise<ApiResponse> => {
    const url = new URL(path, "http://x");
    const req: ApiRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      authorization: auth,
      body: typeof body === "string" ? body : "",
      ...(typeof body === "string" ? {} : { bytes: body }),
    };
    const r = await handleApi({ device: () => device, events: () => events.events }, req);
    answers.push(typeof r.body === "string" ? r.body : JSON.stringify(r.body));
    return r;
  };
  const error = (r: ApiResponse) => (r.body as { error: { code: string } }).error.code;

  test("the default certificate, made at first start, carries the MAC; an Auditor reads, only an admin changes", async () => {
    await start();
    const r = await call("GET", "/api/certs", AUDITOR);
    assert.equal(r.status, 200);
    const o = r.body as { device: { origin: string; certificate: { subject: string } }; tls: { profile: string } };
    assert.equal(o.device.origin, "default");
    assert.equal(o.device.certificate.subject, `CN=${MAC}`);
    assert.equal(o.tls.profile, "normal");
    const pem = await call("GET", "/api/certs/device.pem", AUDITOR);
    assert.match(pem.body as string, /^-----BEGIN CERTIFICATE-----/);
    assert.equal(pem.contentType, "application/x-pem-file");
    assert.equal((await call("POST", "/api/certs/device/self-signed", AUDITOR, '{"years":1,"cn":"x"}')).status, 403);
    assert.equal((await call("POST", "/api/certs/trust", AUDITOR, "x")).status, 403);
  });

  test("self-signed on request; bad key size, hash, validity or DNS name are 400 naming the field", async () => {
    const ok = await call(
      "POST",
      "/api/certs/device/self-signed",
      ADMIN,
      '{"bits":2048,"hash":"sha384","years":2,"cn":"dut.example.com","dns":"dut.example.com"}',
    );
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal((ok.body as { origin: string }).origin, "self-signed");
    for (const body of [
      '{"bits":512,"years":1,"cn":"x"}',
      '{"hash":"md5","years":1,"cn":"x"}',
      '{"years":0,"cn":"x"}',
      '{"years":1,"cn":"x","dns":"a b"}',
    ]) {
      const r = await call("POST", "/api/certs/device/self-signed", ADMIN, body);
      assert.deepEqual([r.status, error(r)], [400, "CERTS_BAD_REQUEST"], body);
    }
  });

  test("CSR, then the CA's certificate for it: installed; one for another key: 400 and nothing changes", async () => {
    const csr = await call("POST", "/api/certs/csr", ADMIN, '{"cn":"dut","dns":"dut.example.com"}');
    assert.equal(csr.status, 200);
    assert.equal((await call("GET", "/api/certs/csr.pem", AUDITOR)).body, csr.body);
    w.write("dut.csr", csr.body as string);
    signCsr(w, "dut.csr", "dut.pem");
    makeLeaf(w, "stranger");
    const before = (await call("GET", "/api/certs/device.pem")).body;
    const wrong = await call("PUT", "/api/certs/device", ADMIN, w.read("stranger.pem"));
    assert.deepEqual([wrong.status, error(wrong)], [400, "CERTS_CSR_MISMATCH"]);
    assert.equal((await call("GET", "/api/certs/device.pem")).body, before);
    openssl(w, ["x509", "-in", "dut.pem", "-outform", "DER", "-out", "dut.der"]);
    const r = await call("PUT", "/api/certs/device", ADMIN, w.read("dut.der"));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal((r.body as { origin: string }).origin, "signed");
    assert.deepEqual(error(await call("GET", "/api/certs/csr.pem")), "CERTS_NO_CSR");
  });

  test("PKCS#12: a wrong password is 400 CERTS_WRONG_PASSWORD, the right one installs", async () => {
    makeLeaf(w, "p12");
    openssl(w, [
      "pkcs12",
      "-export",
      "-inkey",
      "p12.key",
      "-in",
      "p12.pem",
      "-out",
      "dut.p12",
      "-passout",
      "pass:top secret",
    ]);
    const wrong = await call("PUT", "/api/certs/device/pkcs12?password=nope", ADMIN, w.read("dut.p12"));
    assert.deepEqual([wrong.status, error(wrong)], [400, "CERTS_WRONG_PASSWORD"]);
    const r = await call(
      "PUT",
      `/api/certs/device/pkcs12?password=${encodeURIComponent("top secret")}`,
      ADMIN,
      w.read("dut.p12"),
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  test("trust list: upload PEM and PKCS#12, list, download all, remove one, a bad fingerprint; rejected → Trust", async () => {
    makeLeaf(w, "pbx");
    const added = await call("POST", "/api/certs/trust", ADMIN, text(w.text("ca.pem")));
    assert.equal((added.body as { added: unknown[] }).added.length, 1);
    const list = (await call("GET", "/api/certs/trust", AUDITOR)).body as { fingerprint: string; subject: string }[];
    assert.deepEqual(
      list.map((c) => c.subject),
      ["CN=Test ca"],
    );
    assert.equal((await call("GET", "/api/certs/trust.pem", AUDITOR)).body, w.text("ca.pem"));
    const bad = await call("DELETE", "/api/certs/trust/zz");
    assert.deepEqual([bad.status, error(bad)], [400, "BAD_FIELD"], "not a fingerprint: a malformed path");
    const absent = await call("DELETE", `/api/certs/trust/${"0".repeat(64)}`);
    assert.deepEqual([absent.status, error(absent)], [409, "CERTS_NOT_TRUSTED"]);

    // The TLS services report a refused chain through the store (part 2 of issue 15 calls this).
    await device.certificates().reject([text("not a certificate")], "garbage", "out");
    const pbx = new X509Certificate(w.read("pbx.pem"));
    await device.certificates().reject([pbx], "certificate signed by unknown authority", "out", `${ip}:5061`);
    const rejected = (await call("GET", "/api/certs/rejected", AUDITOR)).body as {
      fingerprint: string;
      reason: string;
    }[];
    assert.equal(rejected.length, 1);
    const moved = await call("POST", `/api/certs/rejected/${rejected[0]!.fingerprint}/trust`);
    assert.equal(moved.status, 200);
    assert.deepEqual(((await call("GET", "/api/certs/trust")).body as unknown[]).length, 2);
    assert.deepEqual((await call("GET", "/api/certs/rejected")).body, []);
    assert.equal((await call("DELETE", `/api/certs/trust/${list[0]!.fingerprint}`)).status, 200);
    assert.deepEqual(
      ((await call("GET", "/api/certs/trust")).body as { subject: string }[]).map((c) => c.subject),
      ["CN=pbx"],
    );
  });

  test("TLS profile: set, an unknown one refused (400), kept on flash over a restart; the backup carries it", async () => {
    const bad = await call("PUT", "/api/tls", ADMIN, '{"profile":"experimental"}');
    assert.deepEqual([bad.status, error(bad)], [400, "CERTS_BAD_PROFILE"]);
    assert.equal((await call("PUT", "/api/tls", ADMIN, '{"profile":"strict","keyUsage":"extended"}')).status, 200);
    const tls = (await call("GET", "/api/tls", AUDITOR)).body as {
      profile: string;
      minVersion: string;
      openssl: string;
    };
    assert.deepEqual([tls.profile, tls.minVersion], ["strict", "TLSv1.2"]);
    const pemBefore = (await call("GET", "/api/certs/device.pem")).body;
    await device.stop();
    await start();
    const o = (await call("GET", "/api/certs")).body as { device: { origin: string }; tls: object; trusted: number };
    assert.deepEqual(o.tls, { profile: "strict", keyUsage: "extended" });
    assert.equal(o.device.origin, "pkcs12");
    assert.equal(o.trusted, 1);
    assert.equal((await call("GET", "/api/certs/device.pem")).body, pemBefore);
    const config = (await call("GET", "/api/config")).body as { running: string };
    assert.match(config.running, /^config change TLS0 \/profile strict \/key-usage extended$/m);
  });

  test("keys sit in files of mode 0600; no key appears in an answer, an event, a log line or the configuration", async () => {
    for (const f of ["default.json", "device.json"])
      assert.equal(statSync(join(dataDir, "certs", f)).mode & 0o777, 0o600, f);
    await call("POST", "/api/certs/csr", ADMIN, '{"cn":"again"}');
    assert.equal(statSync(join(dataDir, "certs", "csr.json")).mode & 0o777, 0o600);
    const stored = (f: string) => (JSON.parse(readFileSync(join(dataDir, "certs", f), "utf8")) as { key: string }).key;
    const keys = [stored("default.json"), stored("device.json"), w.text("p12.key")];
    const seen = [...answers, events.toJsonl(), ...logged].join("\n");
    for (const key of keys) {
      const body = key.split("\n").slice(2, 4).join("");
      assert.ok(body.length > 100);
      assert.ok(!seen.includes(body), "a private key left the device");
    }
  });
});
