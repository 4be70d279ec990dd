/** Services → HTTP (§4.9.3) as the `http` section: both faces, defaults, and the rules on ports. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { AuthCode } from "../../src/auth/errors.js";
import { DEFAULT_HTTP, stationAllowed } from "../../src/auth/settings.js";
import { formatNativeText } from "../../src/config/nativeText.js";
import { assertConfigError, fromNative, fromYaml, NATIVE_BASE, YAML_BASE } from "../config/helpers.js";

test("absent means the manual's defaults (80, 443, no Force HTTPS); the section fills what it does not say", () => {
  assert.equal(fromYaml(YAML_BASE).http, undefined);
  assert.deepEqual(DEFAULT_HTTP, {
    port: 80,
    httpsPort: 443,
    forceHttps: false,
    mutualTls: false,
    noCache: false,
    allowedStations: [],
  });
  assert.deepEqual(fromYaml(`${YAML_BASE}http: { forceHttps: true }\n`).http, { ...DEFAULT_HTTP, forceHttps: true });
});

test("native text: HTTP0 reads and writes back; port 0 turns HTTP off as §4.9.3 recommends", () => {
  const cfg = fromNative(`${NATIVE_BASE}config change HTTP0 /port 0 /https-port 8443\n`);
  assert.deepEqual(cfg.http, { ...DEFAULT_HTTP, port: 0, httpsPort: 8443 });
  const text = formatNativeText(cfg);
  assert.match(text, /^config change HTTP0 \/port 0 \/https-port 8443$/m);
  assert.deepEqual(fromNative(text).http, cfg.http);
});

test("native text: No Cache and one HTTPNET0 line per allowed station (§4.9.3) read and write back", () => {
  const cfg = fromNative(
    `${NATIVE_BASE}config change HTTP0 /no-cache\nconfig add HTTPNET0 /net 172.16.0.0/255.255.0.0\nconfig add HTTPNET0 /net 10.1.0.0/16\n`,
  );
  assert.equal(cfg.http?.noCache, true);
  assert.deepEqual(cfg.http?.allowedStations, [{ network: "172.16.0.0/255.255.0.0" }, { network: "10.1.0.0/16" }]);
  const text = formatNativeText(cfg);
  assert.match(text, /^config add HTTPNET0 \/net 172\.16\.0\.0\/255\.255\.0\.0$/m);
  assert.deepEqual(fromNative(text).http, cfg.http);
  assert.equal(stationAllowed(cfg.http!, "172.16.200.1"), true);
  assert.equal(stationAllowed(cfg.http!, "::ffff:10.1.2.3"), true);
  assert.equal(stationAllowed(cfg.http!, "172.17.0.1"), false);
  assert.equal(stationAllowed(DEFAULT_HTTP, "192.0.2.1"), true, "no stations listed: everyone");
  assertConfigError(() => fromYaml(`${YAML_BASE}http: { allowedStations: [{ network: "10.0.0.0/255.0.255.0" }] }\n`), {
    code: AuthCode.HttpStation,
    line: 5,
    field: "http.allowedStations[0].network",
  });
});

test("refused: both off, one shared port, Force HTTPS without HTTPS, a port out of range", () => {
  const yaml = (http: string) => () => fromYaml(`${YAML_BASE}http: ${http}\n`);
  assertConfigError(yaml("{ port: 0, httpsPort: 0 }"), { code: AuthCode.HttpPorts, line: 5, field: "http" });
  assertConfigError(yaml("{ port: 8080, httpsPort: 8080 }"), {
    code: AuthCode.HttpPorts,
    line: 5,
    field: "http.httpsPort",
  });
  assertConfigError(yaml("{ httpsPort: 0, forceHttps: true }"), {
    code: AuthCode.HttpPorts,
    line: 5,
    field: "http.forceHttps",
  });
  assertConfigError(yaml("{ port: 70000 }"), { code: AuthCode.HttpPort, line: 5, field: "http.port" });
});
