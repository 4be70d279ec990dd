import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { CertsCode } from "../../src/certs/errors.js";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_CERTS, decodeUpload } from "../../src/certs/upload.js";
import { DecodeError } from "../../src/core/errors.js";
import { makeCa, makeLeaf, openssl, storeRig, text, Workdir } from "./helpers.js";

/** Bad uploads (issue 15 "Bad input"): each refused with a code and a message naming the reason; nothing changes. */
describe("certificate uploads: what is refused and why (§4.1.10)", () => {
  const w = new Workdir();
  after(() => w.close());
  makeCa(w);
  makeLeaf(w, "leaf");
  openssl(w, ["x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der"]);
  openssl(w, ["pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-out", "leaf.p12", "-passout", "pass:pw"]);
  const pem = w.text("ca.pem");
  const der = w.read("ca.der");
  const p12 = w.read("leaf.p12");

  const refused = (bytes: Uint8Array, code: string, reason: RegExp, password?: string) =>
    assert.throws(
      () => decodeUpload(bytes, password),
      (e) => e instanceof DecodeError && e.code === code && reason.test(e.message),
      `${code} ${reason}`,
    );

  test("the good ones read: PEM, DER, PKCS#12 with its password", () => {
    assert.equal(decodeUpload(text(pem)).format, "pem");
    assert.equal(decodeUpload(der).format, "der");
    const p = decodeUpload(p12, "pw");
    assert.deepEqual([p.format, p.certs.length, p.keys.length], ["pkcs12", 1, 1]);
  });

  test("empty, oversized (over 64 KiB) and garbage", () => {
    refused(new Uint8Array(), CertsCode.UploadEmpty, /empty/);
    refused(text(pem.repeat(Math.ceil(MAX_UPLOAD_BYTES / pem.length) + 1)), CertsCode.UploadTooLarge, /at most 64 KiB/);
    refused(text("hello, this is not a certificate\n"), CertsCode.UploadFormat, /neither PEM .* nor DER/);
    refused(
      Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x00]),
      CertsCode.UploadFormat,
      /neither an X\.509 certificate nor a PKCS#12/,
    );
  });

  test("truncated PEM, DER and PKCS#12 say so", () => {
    refused(text(pem.slice(0, pem.length - 30)), CertsCode.BadPem, /truncated: 1 BEGIN line/);
    refused(
      der.subarray(0, der.length - 10),
      CertsCode.BadDer,
      /truncated: the DER says \d+ bytes, the upload has \d+/,
    );
    refused(p12.subarray(0, 200), CertsCode.BadPkcs12, /truncated/);
    refused(Uint8Array.from([...der, 0, 0]), CertsCode.BadDer, /2 bytes follow the end of the DER/);
  });

  test("a damaged PEM body: not base64, or base64 that is no certificate", () => {
    const lines = pem.split("\n");
    refused(
      text([lines[0], "!!!!" + lines[1]!.slice(4), ...lines.slice(2)].join("\n")),
      CertsCode.BadPem,
      /not base64/,
    );
    refused(
      text(`-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`),
      CertsCode.BadPem,
      /not an X\.509 certificate/,
    );
  });

  test("a PEM with a key and no certificate is refused, naming what it holds", () => {
    refused(text(w.text("leaf.key")), CertsCode.NoCertificate, /found: PRIVATE KEY/);
  });

  test("a PKCS#12 with a wrong password, and one damaged inside (its MAC no longer verifies)", () => {
    refused(p12, CertsCode.WrongPassword, /does not open with this password/, "wrong");
    refused(p12, CertsCode.WrongPassword, /password/);
    const flipped = Uint8Array.from(p12);
    flipped[Math.floor(p12.length / 2)]! ^= 0xff;
    assert.throws(
      () => decodeUpload(flipped, "pw"),
      (e) => e instanceof DecodeError && (e.code === CertsCode.WrongPassword || e.code === CertsCode.BadPkcs12),
    );
  });

  test(`more than ${MAX_UPLOAD_CERTS} certificates at once`, () => {
    refused(text(pem.repeat(MAX_UPLOAD_CERTS + 1)), CertsCode.TooManyCertificates, /at most 50/);
  });

  test("a PKCS#12 whose MAC asks for an absurd iteration count is refused before any work", () => {
    openssl(w, [
      "pkcs12",
      "-export",
      "-nokeys",
      "-in",
      "ca.pem",
      "-out",
      "iter.p12",
      "-passout",
      "pass:pw",
      "-maciter",
      "-iter",
      "300000",
    ]);
    refused(w.read("iter.p12"), CertsCode.BadPkcs12, /iterations; we take at most 200000/, "pw");
  });

  test("every refusal of an upload leaves the device certificate, the trust list and flash as they were", async () => {
    const { certs, store } = await storeRig();
    await certs.trust(text(pem));
    const snapshot = async () => ({
      device: await certs.devicePem(),
      trust: certs.trustPem(),
      files: await Promise.all((await store.keys()).map(async (k) => [k, await store.get(k)])),
    });
    const before = await snapshot();
    makeLeaf(w, "gone", { days: -1 });
    const bad: Uint8Array[] = [new Uint8Array(), text("garbage"), der.subarray(0, 100), p12, w.read("gone.pem")];
    for (const b of bad) {
      await assert.rejects(certs.trust(b), DecodeError);
      await assert.rejects(certs.importPkcs12(b, "wrong"), DecodeError);
    }
    await assert.rejects(
      certs.trust(w.read("gone.pem")),
      (e) => e instanceof DecodeError && e.code === CertsCode.Expired && /CN=gone .* expired/.test(e.message),
    );
    assert.deepEqual(await snapshot(), before);
  });
});
