import assert from "node:assert/strict";
import { test } from "node:test";
import { formatNativeText } from "../../src/config/nativeText.js";
import { CertsCode } from "../../src/certs/errors.js";
import { assertConfigError, fromNative, fromYaml, NATIVE_BASE, YAML_BASE } from "../config/helpers.js";

/** The `tls` section (§4.3.3 TLS profile, §4.7.2.1 key usage) in both faces of the configuration. */

test("absent, the tls section is absent and the device runs Normal with the standard key usage check (§4.3.3)", () => {
  assert.equal(fromYaml(YAML_BASE).tls, undefined);
  assert.deepEqual(fromYaml(`${YAML_BASE}tls: { profile: strict }\n`).tls, { profile: "strict", keyUsage: "standard" });
});

test("TLS0 in the native text form: options that differ from the defaults, none for an absent section", () => {
  const cfg = fromNative(`${NATIVE_BASE}config change TLS0 /profile secure /key-usage extended\n`);
  assert.deepEqual(cfg.tls, { profile: "secure", keyUsage: "extended" });
  assert.match(formatNativeText(cfg), /^config change TLS0 \/profile secure \/key-usage extended$/m);
  assert.match(formatNativeText(fromYaml(`${YAML_BASE}tls: { profile: normal }\n`)), /^config change TLS0$/m);
  assert.doesNotMatch(formatNativeText(fromYaml(YAML_BASE)), /TLS0/);
  assert.deepEqual(fromNative(formatNativeText(cfg)).tls, cfg.tls);
});

test("an unknown profile or key usage check is refused with its line and field", () => {
  assertConfigError(() => fromYaml(`${YAML_BASE}tls: { profile: experimental }\n`), {
    code: CertsCode.TlsProfile,
    line: 5,
    field: "tls.profile",
  });
  assertConfigError(() => fromNative(`${NATIVE_BASE}config change TLS0 /key-usage strict\n`), {
    code: CertsCode.TlsKeyUsage,
    line: 3,
    field: "TLS0 /key-usage",
    source: "test.txt",
  });
});
