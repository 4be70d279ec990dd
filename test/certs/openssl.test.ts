import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, describe, test } from "node:test";
import { CertsCode } from "../../src/certs/errors.js";
import { DecodeError, StateError } from "../../src/core/errors.js";
import { makeCa, makeLeaf, MAC, openssl, opensslTry, signCsr, storeRig, text, Workdir } from "./helpers.js";

/** The certificate store against the real openssl: what it makes, openssl accepts; what openssl makes, it takes. */
describe("certificates and openssl (§4.1.10.4)", () => {
  const w = new Workdir();
  after(() => w.close());
  makeCa(w);

  test("openssl verify accepts the default certificate (the MAC, 10 years) and a self-signed one on request", async () => {
    const { certs } = await storeRig();
    const dflt = await certs.device();
    assert.equal(dflt.origin, "default");
    assert.match(dflt.certificate.subject, new RegExp(`CN=${MAC}`));
    const years =
      (Date.parse(dflt.certificate.notAfter) - Date.parse(dflt.certificate.notBefore)) / (365.25 * 86_400_000);
    assert.ok(Math.abs(years - 10) < 0.01, `${years} years`);
    w.write("default.pem", await certs.devicePem());
    assert.match(openssl(w, ["verify", "-CAfile", "default.pem", "default.pem"]), /default\.pem: OK/);

    for (const [bits, hash] of [
      [1024, "sha1"],
      [2048, "sha384"],
      [4096, "sha512"],
    ] as const) {
      const view = await certs.selfSigned({ bits, hash, years: 3, commonName: "127.0.9.1", dns: "ipbs.example.com" });
      assert.equal(view.certificate.key, `rsa ${bits}`);
      w.write("self.pem", await certs.devicePem());
      // OpenSSL 3's default security level refuses SHA-1 signatures and 1024-bit keys; level 0 judges the chain only.
      assert.match(openssl(w, ["verify", "-auth_level", "0", "-CAfile", "self.pem", "self.pem"]), /self\.pem: OK/);
      const shown = openssl(w, ["x509", "-in", "self.pem", "-noout", "-text"]);
      assert.match(shown, new RegExp(`Signature Algorithm: ${hash}WithRSAEncryption`));
      assert.match(shown, /DNS:ipbs\.example\.com, IP Address:127\.0\.9\.1/);
      assert.match(shown, /TLS Web Server Authentication, TLS Web Client Authentication/);
      assert.match(shown, /Not After : .*20\d\d GMT/);
    }
  });

  test("openssl req -verify accepts our signing request; a CA-signed certificate for it installs and the request goes", async () => {
    const { certs, events } = await storeRig();
    const pem = await certs.createCsr({ bits: 2048, hash: "sha256", commonName: "ipbs-1", dns: "ipbs-1.example.com" });
    assert.equal(certs.csrPem(), pem);
    w.write("req.pem", pem);
    const verified = openssl(w, ["req", "-in", "req.pem", "-verify", "-noout", "-text"]);
    assert.match(verified, /self-signature verify OK/);
    assert.match(verified, /Subject: CN = ipbs-1[\s\S]*DNS:ipbs-1\.example\.com/);
    signCsr(w, "req.pem", "signed.pem");
    // The CA's answer with the CA's certificate after it: the chain the device presents.
    const view = await certs.installSigned(text(w.text("signed.pem") + w.text("ca.pem")));
    assert.equal(view.origin, "signed");
    assert.equal(view.certificate.subject, "CN=ipbs-1");
    assert.deepEqual(
      view.chain.map((c) => c.subject),
      ["CN=Test ca"],
    );
    assert.equal(certs.csr(), undefined, "§4.1.10.4.3: the request is deleted after the upload");
    assert.throws(
      () => certs.csrPem(),
      (e) => e instanceof StateError && e.code === CertsCode.NoCsr,
    );
    w.write("device.pem", await certs.devicePem());
    assert.match(openssl(w, ["verify", "-CAfile", "ca.pem", "device.pem"]), /device\.pem: OK/);
    assert.ok(events.some((e) => e.kind === "certificate" && e["action"] === "installed" && e["origin"] === "signed"));
  });

  test("a certificate signed for another key is refused, and the device certificate and the request stay", async () => {
    const { certs } = await storeRig();
    await certs.createCsr({ bits: 2048, hash: "sha256", commonName: "ipbs-2" });
    const before = await certs.device();
    makeLeaf(w, "other");
    await assert.rejects(
      certs.installSigned(w.read("other.pem")),
      (e) => e instanceof DecodeError && e.code === CertsCode.CsrMismatch,
    );
    assert.deepEqual(await certs.device(), before);
    assert.notEqual(certs.csr(), undefined);
  });

  test("the upload needs a pending request (§4.1.10.4 Note)", async () => {
    const { certs } = await storeRig();
    makeLeaf(w, "orphan");
    await assert.rejects(
      certs.installSigned(w.read("orphan.pem")),
      (e) => e instanceof StateError && e.code === CertsCode.NoCsr,
    );
  });

  test("an expired CA-signed certificate for the request is refused with the date", async () => {
    const { certs } = await storeRig();
    w.write("req2.pem", await certs.createCsr({ bits: 2048, hash: "sha256", commonName: "ipbs-3" }));
    signCsr(w, "req2.pem", "expired.pem", { days: -1 });
    await assert.rejects(
      certs.installSigned(w.read("expired.pem")),
      (e) => e instanceof DecodeError && e.code === CertsCode.Expired && /expired \d{4}-\d\d-\d\d/.test(e.message),
    );
    assert.equal((await certs.device()).origin, "default");
  });

  for (const legacy of [false, true])
    test(`a PKCS#12 file from openssl pkcs12 -export${legacy ? " -legacy (RC2/3DES, SHA-1 MAC)" : " (AES-256, PBKDF2, SHA-256 MAC)"} imports; a wrong password changes nothing`, async () => {
      const name = legacy ? "legacy" : "modern";
      makeLeaf(w, name);
      const args = ["pkcs12", "-export", "-inkey", `${name}.key`, "-in", `${name}.pem`, "-certfile", "ca.pem"];
      openssl(w, [...args, "-out", `${name}.p12`, "-passout", "pass:s3cret!", ...(legacy ? ["-legacy"] : [])]);
      const info = opensslTry(w, [
        "pkcs12",
        "-info",
        "-noout",
        "-in",
        `${name}.p12`,
        "-passin",
        "pass:s3cret!",
        ...(legacy ? ["-legacy"] : []),
      ]);
      assert.match(info.output, legacy ? /pbeWithSHA1And40BitRC2-CBC|RC2/ : /PBES2, PBKDF2, AES-256-CBC/);
      const { certs, store } = await storeRig();
      const before = { device: await certs.device(), files: await store.keys() };
      await assert.rejects(
        certs.importPkcs12(w.read(`${name}.p12`), "wrong"),
        (e) => e instanceof DecodeError && e.code === CertsCode.WrongPassword,
      );
      await assert.rejects(
        certs.trust(w.read(`${name}.p12`), "wrong"),
        (e) => e instanceof DecodeError && e.code === CertsCode.WrongPassword,
      );
      assert.deepEqual({ device: await certs.device(), files: await store.keys() }, before);
      assert.deepEqual(certs.trustList(), []);

      const view = await certs.importPkcs12(w.read(`${name}.p12`), "s3cret!");
      assert.equal(view.origin, "pkcs12");
      assert.equal(view.certificate.subject, `CN=${name}`);
      assert.deepEqual(
        view.chain.map((c) => c.subject),
        ["CN=Test ca"],
      );
      const id = await certs.identity();
      assert.ok(id.chain[0]!.checkPrivateKey((await import("node:crypto")).createPrivateKey(id.keyPem)));
      assert.equal(id.chain[0]!.fingerprint256, new X509Certificate(w.read(`${name}.pem`)).fingerprint256);
      // §4.1.10.3: uploaded to the trust list, the file's certificates are listed there.
      const added = await certs.trust(w.read(`${name}.p12`), "s3cret!");
      assert.deepEqual(added.map((c) => c.subject).sort(), [`CN=${name}`, "CN=Test ca"].sort());
    });

  test("a PKCS#12 without a password (openssl -passout pass:) imports with none given", async () => {
    makeLeaf(w, "nopass");
    openssl(w, [
      "pkcs12",
      "-export",
      "-inkey",
      "nopass.key",
      "-in",
      "nopass.pem",
      "-out",
      "nopass.p12",
      "-passout",
      "pass:",
    ]);
    const { certs } = await storeRig();
    assert.equal((await certs.importPkcs12(w.read("nopass.p12"), "")).certificate.subject, "CN=nopass");
  });

  test("a PKCS#12 file without a key cannot be the device certificate, only trusted", async () => {
    openssl(w, ["pkcs12", "-export", "-nokeys", "-in", "ca.pem", "-out", "cacert.p12", "-passout", "pass:pw"]);
    const { certs } = await storeRig();
    await assert.rejects(
      certs.importPkcs12(w.read("cacert.p12"), "pw"),
      (e) => e instanceof DecodeError && e.code === CertsCode.NoKey,
    );
    assert.deepEqual(
      (await certs.trust(w.read("cacert.p12"), "pw")).map((c) => c.subject),
      ["CN=Test ca"],
    );
  });

  test("trust list: PEM with many, DER, remove one by fingerprint, download all; openssl reads the download", async () => {
    makeCa(w, "ca2");
    openssl(w, ["x509", "-in", "ca2.pem", "-outform", "DER", "-out", "ca2.der"]);
    const { certs } = await storeRig();
    makeLeaf(w, "peer");
    const bundle = w.text("ca.pem") + "some text between blocks\n" + w.text("peer.pem");
    assert.equal((await certs.trust(text(bundle))).length, 2);
    assert.equal((await certs.trust(w.read("ca2.der"))).length, 1);
    assert.equal((await certs.trust(text(bundle))).length, 0, "a certificate already trusted is not added twice");
    const list = certs.trustList();
    assert.deepEqual(
      list.map((c) => c.subject),
      ["CN=Test ca", "CN=peer", "CN=Test ca2"],
    );
    w.write("all.pem", certs.trustPem());
    assert.match(openssl(w, ["verify", "-CAfile", "all.pem", "peer.pem"]), /peer\.pem: OK/);
    await certs.untrust(list[0]!.fingerprint.replaceAll(":", "").toLowerCase());
    assert.deepEqual(
      certs.trustList().map((c) => c.subject),
      ["CN=peer", "CN=Test ca2"],
    );
    w.write("all2.pem", certs.trustPem());
    assert.notEqual(opensslTry(w, ["verify", "-CAfile", "all2.pem", "-partial_chain", "ca.pem"]).status, 0);
    assert.equal(await certs.clearTrust(), 2);
    assert.equal(certs.trustPem(), "");
  });
});
