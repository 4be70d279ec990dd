/**
 * The `certificates` section of a device configuration (docs/user-guide.md "Certificates in a configuration"): a
 * device certificate carried with its key or made from the parameters of `certs-self-signed` (§4.1.10.4.2), and
 * trust list entries (§4.1.10.1). Certificates and keys are made by the real openssl.
 */
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, describe, test } from "node:test";
import { isMade, madeRequest, type CarriedCertificate } from "../../src/certs/configured.js";
import { CertsCode } from "../../src/certs/errors.js";
import { buildSelfSigned, rsaBits } from "../../src/certs/requests.js";
import { MAX_TRUSTED } from "../../src/certs/TrustList.js";
import { deviceFromObject } from "../../src/config/deviceFromObject.js";
import { deviceToObject } from "../../src/config/deviceToObject.js";
import { loadDeviceConfigs } from "../../src/config/loadDeviceConfigs.js";
import { formatNativeText } from "../../src/config/nativeText.js";
import { ConfigCode } from "../../src/core/config/configCodes.js";
import { formatYaml, parseYamlSource } from "../../src/core/config/yamlSource.js";
import { DecodeError } from "../../src/core/errors.js";
import { simKeys } from "../../sim/simKeys.js";
import { assertConfigError, YAML_BASE } from "../config/helpers.js";
import { makeCa, makeLeaf, NOW, openssl, Workdir } from "./helpers.js";

/** A PEM text as a YAML block scalar at `spaces` of indentation (the lines after `key: |`). */
const block = (pem: string, spaces: number) =>
  pem
    .trimEnd()
    .split("\n")
    .map((l) => `${" ".repeat(spaces)}${l}\n`)
    .join("");

/** The 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

/** One device (YAML_BASE, lines 1-4) with a certificates section; `now` judges expiry (absent: not judged). */
function fromYaml(text: string, now?: number) {
  const { value, locator } = parseYamlSource(text, "test.yaml");
  return deviceFromObject(value, locator, now);
}

/** A device carrying `certificate` and `key` (PEM texts); line 8 is the certificate's first PEM line. */
const carrying = (certificate: string, key: string) =>
  `${YAML_BASE}certificates:\n  device:\n    certificate: |\n${block(certificate, 6)}    key: |\n${block(key, 6)}`;

const trusting = (...pems: string[]) =>
  `${YAML_BASE}certificates:\n  trust:\n${pems.map((p) => `    - |\n${block(p, 6)}`).join("")}`;

describe("the certificates section (§4.1.10 in a configuration)", () => {
  const w = new Workdir();
  after(() => w.close());
  makeCa(w);
  makeLeaf(w, "leaf", { san: "IP:127.0.1.2" });
  makeLeaf(w, "other");
  makeLeaf(w, "gone", { days: -1 });
  openssl(w, ["rsa", "-in", "leaf.key", "-traditional", "-out", "leaf-pkcs1.key"]);
  openssl(w, ["pkcs8", "-topk8", "-in", "leaf.key", "-passout", "pass:pw", "-out", "leaf-enc.key"]);
  openssl(w, ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.key"]);
  openssl(w, ["req", "-x509", "-key", "ec.key", "-out", "ec.pem", "-subj", "/CN=ec", "-days", "30"]);
  const pem = (name: string) => w.text(name);
  const fingerprint = (name: string) => new X509Certificate(pem(name)).fingerprint256;
  const keyBody = pem("leaf.key").split("\n")[1]!;

  test("a carried certificate with its key: the certificate the key fits comes first, the key is kept as PKCS#8", () => {
    for (const key of ["leaf.key", "leaf-pkcs1.key"]) {
      // The chain given CA first: the device still presents its own certificate first.
      const cfg = fromYaml(carrying(pem("ca.pem") + pem("leaf.pem"), pem(key)), NOW);
      const device = cfg.certificates?.device as CarriedCertificate;
      const chain = device.certificate.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)!;
      assert.deepEqual(
        chain.map((c) => new X509Certificate(c).fingerprint256),
        [fingerprint("leaf.pem"), fingerprint("ca.pem")],
      );
      assert.match(device.key, /^-----BEGIN PRIVATE KEY-----\n/, key);
      assert.equal(cfg.certificates?.trust, undefined, "no trust key: the section says nothing of the trust list");
    }
  });

  test("selfSigned takes the keys of certs-self-signed; absent bits and hash are the command's defaults", () => {
    const cfg = fromYaml(`${YAML_BASE}certificates: { device: { selfSigned: { years: 5, cn: ipbs.example.com } } }\n`);
    const device = cfg.certificates!.device!;
    assert.ok(isMade(device));
    assert.deepEqual(device.selfSigned, { years: 5, cn: "ipbs.example.com" });
    assert.deepEqual(madeRequest(device), { bits: 2048, hash: "sha256", commonName: "ipbs.example.com", years: 5 });
    const full = fromYaml(
      `${YAML_BASE}certificates: { device: { selfSigned: { bits: 4096, hash: SHA-512, years: 1, cn: a, dns: a.example.com } } }\n`,
    );
    assert.deepEqual(madeRequest(full.certificates!.device as never), {
      bits: 4096,
      hash: "sha512",
      commonName: "a",
      dns: "a.example.com",
      years: 1,
    });
  });

  test("bad selfSigned parameters are refused with the command's own reason, at their line and field (§4.1.10.4.2)", () => {
    const cases: [string, string, string][] = [
      ["bits: 3000, years: 1, cn: a", "bits", CertsCode.ConfigRequest],
      ['bits: "2048", years: 1, cn: a', "bits", CertsCode.ConfigRequest],
      ["hash: md5, years: 1, cn: a", "hash", CertsCode.ConfigRequest],
      ["years: 0, cn: a", "years", CertsCode.ConfigRequest],
      ["years: 31, cn: a", "years", CertsCode.ConfigRequest],
      ['years: 1, cn: ""', "cn", CertsCode.ConfigRequest],
      ["years: 1, cn: a, dns: not a name", "dns", CertsCode.ConfigRequest],
      ["cn: a", "years", ConfigCode.Required],
      ["years: 1, cn: a, ca: true", "ca", ConfigCode.UnknownKey],
    ];
    for (const [params, key, code] of cases)
      assertConfigError(() => fromYaml(`${YAML_BASE}certificates:\n  device:\n    selfSigned: { ${params} }\n`), {
        code,
        line: 7,
        field: `certificates.device.selfSigned.${key}`,
      });
    const e = assertConfigError(
      () => fromYaml(`${YAML_BASE}certificates:\n  device:\n    selfSigned: { bits: 3000, years: 1, cn: a }\n`),
      { code: CertsCode.ConfigRequest, line: 7, field: "certificates.device.selfSigned.bits" },
    );
    assert.throws(
      () => rsaBits(3000, "bits"),
      (d: DecodeError) => e.reason === d.reason,
    );
  });

  test("trust entries: a bundle is split, each certificate kept once, a YAML alias reads as its anchor", () => {
    const cfg = fromYaml(trusting(pem("ca.pem") + pem("other.pem"), pem("ca.pem")), NOW);
    assert.deepEqual(
      cfg.certificates!.trust!.map((p) => new X509Certificate(p).fingerprint256),
      [fingerprint("ca.pem"), fingerprint("other.pem")],
    );
    const aliased = loadDeviceConfigs(
      `devices:\n  - { name: a, kind: IPBS, mac: "00:90:33:00:00:01", ip: 127.0.0.11, certificates: { trust: [&ca "${pem("ca.pem").replaceAll("\n", "\\n")}"] } }\n` +
        `  - { name: b, kind: IPBS, mac: "00:90:33:00:00:02", ip: 127.0.0.12, certificates: { trust: [*ca] } }\n`,
      "fleet.yaml",
    );
    assert.deepEqual(aliased[1]!.certificates, aliased[0]!.certificates);
    assert.deepEqual(fromYaml(`${YAML_BASE}certificates: { trust: [] }\n`).certificates, { trust: [] });
    assert.equal(fromYaml(`${YAML_BASE}certificates: {}\n`).certificates, undefined);
  });

  test("garbage, cut or damaged PEM, and a key where a certificate belongs, are refused at their line", () => {
    const cutEnd = pem("leaf.pem").replace("-----END CERTIFICATE-----", "");
    const damaged = pem("leaf.pem").replace(/\n[A-Za-z0-9+/]{10}/, "\n**********");
    for (const [certificate, why] of [
      ["hello", /no -----BEGIN CERTIFICATE----- line/],
      [cutEnd, /truncated/],
      [damaged, /not base64/],
      [pem("leaf.pem") + pem("leaf.key"), /holds a private key/],
      ["-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", /CERTIFICATE REQUEST block/],
    ] as const) {
      const e = assertConfigError(() => fromYaml(carrying(certificate, pem("leaf.key"))), {
        code: CertsCode.ConfigPem,
        line: 7,
        field: "certificates.device.certificate",
      });
      assert.match(e.message, why);
      assert.ok(!e.message.includes(keyBody), "no part of the key in the message");
    }
    assertConfigError(() => fromYaml(`${YAML_BASE}certificates: { trust: [42] }\n`), {
      code: CertsCode.ConfigPem,
      line: 5,
      field: "certificates.trust[0]",
    });
  });

  test("a key that is garbage, encrypted, a certificate or not the certificate's is refused; no message shows it", () => {
    const keyLine = lineOf(carrying(pem("leaf.pem"), pem("leaf.key")), "key: |");
    const cases = [
      [pem("leaf.key").replace(keyBody, keyBody.split("").reverse().join("")), CertsCode.ConfigPem, /does not read/],
      [pem("leaf.key").slice(0, 200), CertsCode.ConfigPem, /is cut/],
      ["not a key", CertsCode.ConfigPem, /found no PEM block/],
      [pem("leaf-enc.key"), CertsCode.ConfigPem, /is encrypted/],
      [pem("ca.pem"), CertsCode.ConfigPem, /found CERTIFICATE/],
      [pem("other.key"), CertsCode.ConfigKey, /does not fit the certificate/],
    ] as const;
    for (const [key, code, why] of cases) {
      const e = assertConfigError(() => fromYaml(carrying(pem("leaf.pem"), key)), {
        code,
        line: keyLine,
        field: "certificates.device.key",
      });
      assert.match(e.message, why);
      for (const l of key.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----")))
        assert.ok(!e.message.includes(l.slice(0, 20)), `the message shows the key: ${e.message}`);
    }
    const ec = assertConfigError(() => fromYaml(carrying(pem("ec.pem"), pem("ec.key"))), {
      code: CertsCode.ConfigKey,
      line: lineOf(carrying(pem("ec.pem"), pem("ec.key")), "key: |"),
      field: "certificates.device.key",
    });
    assert.match(ec.message, /not RSA/);
  });

  test("an expired certificate is refused when the time is known (the command line gives it), taken otherwise", () => {
    const text = carrying(pem("gone.pem"), pem("gone.key"));
    const e = assertConfigError(() => fromYaml(text, NOW), {
      code: CertsCode.ConfigExpired,
      line: 7,
      field: "certificates.device.certificate",
    });
    assert.match(e.message, /CN=gone .* expired \d{4}-\d\d-\d\d/);
    assertConfigError(() => fromYaml(trusting(pem("ca.pem"), pem("gone.pem")), NOW), {
      code: CertsCode.ConfigExpired,
      line: lineOf(trusting(pem("ca.pem"), pem("gone.pem")), "- |") + pem("ca.pem").trimEnd().split("\n").length + 1,
      field: "certificates.trust[1]",
    });
    assert.ok(fromYaml(text).certificates?.device, "without a time nothing is judged");
  });

  test("a device certificate given twice, half or not at all, and unknown keys, are refused", () => {
    const both = `${YAML_BASE}certificates:\n  device:\n    selfSigned: { years: 1, cn: a }\n    key: x\n`;
    assertConfigError(() => fromYaml(both), {
      code: CertsCode.ConfigDevice,
      line: 7,
      field: "certificates.device.selfSigned",
    });
    const half = `${YAML_BASE}certificates:\n  device:\n    certificate: |\n${block(pem("leaf.pem"), 6)}`;
    assertConfigError(() => fromYaml(half), {
      code: CertsCode.ConfigDevice,
      line: 6,
      field: "certificates.device.key",
    });
    const keyOnly = `${YAML_BASE}certificates:\n  device:\n    key: |\n${block(pem("leaf.key"), 6)}`;
    assertConfigError(() => fromYaml(keyOnly), {
      code: CertsCode.ConfigDevice,
      line: 6,
      field: "certificates.device.certificate",
    });
    assertConfigError(() => fromYaml(`${YAML_BASE}certificates: { device: {} }\n`), {
      code: CertsCode.ConfigDevice,
      line: 5,
      field: "certificates.device",
    });
    assertConfigError(() => fromYaml(`${YAML_BASE}certificates: { device: { pem: x } }\n`), {
      code: ConfigCode.UnknownKey,
      line: 5,
      field: "certificates.device.pem",
    });
    assertConfigError(() => fromYaml(`${YAML_BASE}certificates:\n  trusted: []\n`), {
      code: ConfigCode.UnknownKey,
      line: 6,
      field: "certificates.trusted",
    });
  });

  test(`the trust list holds at most ${MAX_TRUSTED} certificates, in a configuration too`, async () => {
    const key = await simKeys.rsa(1024);
    const certs = Array.from({ length: MAX_TRUSTED + 1 }, (_, i) =>
      buildSelfSigned(key, { bits: 1024, hash: "sha256", commonName: `t${i}`, years: 1 }, NOW),
    );
    assert.equal(fromYaml(trusting(...certs.slice(1)), NOW).certificates?.trust?.length, MAX_TRUSTED);
    assertConfigError(() => fromYaml(trusting(...certs), NOW), {
      code: CertsCode.ConfigTrust,
      line: 6,
      field: "certificates.trust",
    });
  });

  test("exports leave the private key out: deviceToObject, the YAML written from it, the native text", () => {
    const cfg = fromYaml(carrying(pem("leaf.pem"), pem("leaf.key")) + "  trust:\n    - |\n" + block(pem("ca.pem"), 6));
    const exported = deviceToObject(cfg);
    assert.deepEqual(exported.certificates, {
      device: { certificate: (cfg.certificates!.device as CarriedCertificate).certificate },
      trust: cfg.certificates!.trust,
    });
    for (const text of [JSON.stringify(exported), formatYaml(exported), formatNativeText(cfg)]) {
      assert.doesNotMatch(text, /PRIVATE KEY/);
      assert.ok(!text.includes(keyBody));
    }
    assert.doesNotMatch(formatNativeText(cfg), /BEGIN/, "the native text form carries no certificates");
    // Read back, the export says what is missing instead of pretending it holds the key.
    assertConfigError(() => loadDeviceConfigs(formatYaml(exported), "test.yaml"), {
      code: CertsCode.ConfigDevice,
      line: lineOf(formatYaml(exported), "device:"),
      field: "certificates.device.key",
    });
    // Without a carried key, an export reads back to the same configuration.
    const made = fromYaml(
      `${YAML_BASE}certificates:\n  device: { selfSigned: { years: 2, cn: b, hash: sha384 } }\n  trust:\n    - |\n${block(pem("ca.pem"), 6)}`,
    );
    assert.deepEqual(loadDeviceConfigs(formatYaml(deviceToObject(made)), "back.yaml")[0], made);
  });
});
