import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";

import { deviceToObject } from "../../src/config/deviceToObject.js";
import { formatNativeText, parseNativeText } from "../../src/config/nativeText.js";
import { formatYaml } from "../../src/core/config/yamlSource.js";
import { loadDeviceConfigs } from "../../src/config/loadDeviceConfigs.js";
import { ConfigError } from "../../src/core/errors.js";
import { deviceConfig } from "./arbitraries.js";

const EXAMPLE = readFileSync(new URL("../../../examples/config/ipbs-standby.txt", import.meta.url), "utf8");
const EXAMPLE_LINES = EXAMPLE.split("\n");
const RUNS = { seed: 20240601, numRuns: 500 };

test("any valid DeviceConfig → formatNativeText → parseNativeText is equal, and the text is stable", () => {
  fc.assert(
    fc.property(deviceConfig, (cfg) => {
      const text = formatNativeText(cfg);
      const back = parseNativeText(text, "property.txt");
      // deepStrictEqual cannot see inside Mac (#private bytes): compare the MAC separately.
      assert.deepStrictEqual(back, cfg);
      assert.ok(back.mac.equals(cfg.mac));
      assert.deepStrictEqual(deviceToObject(back), deviceToObject(cfg));
      assert.equal(formatNativeText(back), text);
    }),
    RUNS,
  );
});

test("any valid DeviceConfig → deviceToObject → YAML → loadDeviceConfigs is equal", () => {
  fc.assert(
    fc.property(deviceConfig, (cfg) => {
      const [back] = loadDeviceConfigs(formatYaml(deviceToObject(cfg)), "property.yaml");
      assert.deepStrictEqual(deviceToObject(back!), deviceToObject(cfg));
    }),
    RUNS,
  );
});

const WORDS = [
  "config",
  "add",
  "change",
  "rem",
  "write",
  "activate",
  "mod",
  "cmd",
  "vars",
  "create",
  "DEV0",
  "IP0",
  "ETH0",
  "RT0",
  "DECT0",
  "MASTER0",
  "RADIO0",
  "POS0",
  "LDAP0",
  "LDAPREP0",
  "LDAPIN0",
  "LDAPOUT0",
  "GK0",
  "GK0ANON",
  "/protocol",
  "sip-tls",
  "/proxy",
  "/alt-proxy1",
  "/alt-proxy2",
  "/alt-proxy3",
  "/domain",
  "/reg-ttl",
  "/temp-failure",
  "486",
  "/local-port",
  "/number",
  "/deactivate-master",
  "pbx.example.com",
  "127.0.0.1:5070",
  "/dns",
  "/user",
  "/password",
  "/write-access",
  "/type",
  "full",
  "ad",
  "/search-base",
  "/source",
  "/pattern",
  "/dest",
  "/value",
  "NTP0",
  "master0",
  "/name",
  "/kind",
  "/mac",
  "/addr",
  "/mask",
  "/gateway",
  "/mode",
  "/id",
  "/primary",
  "/mirror-peer",
  "/probe-interval",
  "/enable",
  "/disable",
  "/master",
  "/x",
  "/y",
  "/floor",
  "standby",
  "mirror",
  "deployment",
  "IPVM",
  "127.0.1.1",
  "00:90:33:0a:0b:0c",
  "0",
  "-1",
  "1e400",
  '"',
  '\\"',
  '"a b"',
  "#",
  "",
  "\t",
  "\u00a0",
  "\u2028",
];
const soup = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((w) => w.join(" "));
const mutated = fc
  .tuple(fc.constantFrom(...EXAMPLE_LINES), fc.nat(), fc.nat(), fc.string({ maxLength: 4, unit: "binary" }))
  .map(([line, at, cut, insert]) => {
    const i = at % (line.length + 1);
    return line.slice(0, i) + insert + line.slice(i + (cut % 5));
  });
const fuzzLine = fc.oneof(soup, mutated, fc.string({ maxLength: 80, unit: "binary" }));

test("fuzz: 2000 random or mutated lines either parse or throw a ConfigError", { timeout: 60_000 }, () => {
  fc.assert(
    fc.property(fuzzLine, fc.nat(), (line, where) => {
      const lines = [...EXAMPLE_LINES];
      lines.splice(where % (lines.length + 1), where % 3 === 0 ? 1 : 0, line);
      let cfg;
      try {
        cfg = parseNativeText(lines.join("\n"), "fuzz.txt");
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        assert.ok(e.message.startsWith("fuzz.txt"), e.message);
        return;
      }
      // Whatever parses must also survive its own round trip.
      const text = formatNativeText(cfg);
      assert.equal(formatNativeText(parseNativeText(text, "again.txt")), text);
    }),
    { seed: 7, numRuns: 2000 },
  );
});
