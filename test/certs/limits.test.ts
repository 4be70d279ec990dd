import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { test } from "node:test";
import { CertsCode } from "../../src/certs/errors.js";
import {
  buildSelfSigned,
  commonName,
  MAX_COMMON_NAME,
  MAX_VALIDITY_YEARS,
  validityYears,
} from "../../src/certs/requests.js";
import { MAX_TRUSTED, TrustList } from "../../src/certs/TrustList.js";
import { decodeUpload, MAX_UPLOAD_BYTES } from "../../src/certs/upload.js";
import { DAY_MS, EXPIRY_WARNING_MS } from "../../src/certs/validity.js";
import { DecodeError, StateError } from "../../src/core/errors.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { simKeys } from "../../sim/simKeys.js";
import { NOW, storeRig, text } from "./helpers.js";

/** Our limits (docs/user-guide.md "Certificates and TLS"), each at its boundary. */

const cert = async (cn: string, years = 1) =>
  new X509Certificate(
    buildSelfSigned(await simKeys.rsa(2048), { bits: 2048, hash: "sha256", years, commonName: cn }, NOW),
  );

test(`the trust list holds ${MAX_TRUSTED} certificates; one more is refused and changes nothing`, async () => {
  const certs = await Promise.all(Array.from({ length: MAX_TRUSTED + 1 }, (_, i) => cert(`c${i}`)));
  const full = new TrustList().adding(certs.slice(0, MAX_TRUSTED)).list;
  assert.equal(full.certificates.length, MAX_TRUSTED);
  assert.equal(full.adding(certs.slice(0, 5)).added.length, 0, "certificates already listed do not count");
  assert.throws(
    () => full.adding([certs[MAX_TRUSTED]!]),
    (e) => e instanceof StateError && e.code === CertsCode.TrustListFull,
  );
});

test(`validity 1..${MAX_VALIDITY_YEARS} years and a Common Name of 1..${MAX_COMMON_NAME} characters`, () => {
  const bad = (f: () => unknown) =>
    assert.throws(f, (e) => e instanceof DecodeError && e.code === CertsCode.BadRequest);
  assert.equal(validityYears(MAX_VALIDITY_YEARS, "years"), MAX_VALIDITY_YEARS);
  bad(() => validityYears(MAX_VALIDITY_YEARS + 1, "years"));
  bad(() => validityYears(0, "years"));
  bad(() => validityYears(1.5, "years"));
  assert.equal(commonName("x".repeat(MAX_COMMON_NAME), "cn").length, MAX_COMMON_NAME);
  bad(() => commonName("x".repeat(MAX_COMMON_NAME + 1), "cn"));
  bad(() => commonName("a\nb", "cn"));
});

test("an upload of exactly 64 KiB is read; one byte more is refused before any parsing", () => {
  const at = (n: number) => text("-----BEGIN CERTIFICATE-----\n".padEnd(n, " "));
  assert.throws(
    () => decodeUpload(at(MAX_UPLOAD_BYTES)),
    (e) => e instanceof DecodeError && e.code === CertsCode.BadPem,
  );
  assert.throws(
    () => decodeUpload(at(MAX_UPLOAD_BYTES + 1)),
    (e) => e instanceof DecodeError && e.code === CertsCode.UploadTooLarge,
  );
});

test("0x000c1001 from exactly 30 days before the end of a certificate (§6.2), not a minute earlier", async () => {
  const rig = await storeRig();
  const [trusted] = await rig.certs.trust(text((await cert("edge")).toString()));
  const end = Date.parse(trusted!.notAfter);
  const raised = () => rig.alarms.active().some((a) => a.code === "0x000c1001");
  await rig.clock.runUntil(end - EXPIRY_WARNING_MS - 60_000, afterChains);
  rig.certs.checkExpiry();
  assert.equal(raised(), false);
  await rig.clock.runUntil(end - EXPIRY_WARNING_MS, afterChains);
  rig.certs.checkExpiry();
  assert.equal(raised(), true);
  assert.equal(EXPIRY_WARNING_MS, 30 * DAY_MS);
  rig.certs.close();
});
