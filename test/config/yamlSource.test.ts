import assert from "node:assert/strict";
import { test } from "node:test";

import { ConfigCode } from "../../src/core/config/configCodes.js";
import { deviceToObject } from "../../src/config/deviceToObject.js";
import { formatYaml, parseYamlSource } from "../../src/core/config/yamlSource.js";
import { loadDeviceConfigs } from "../../src/config/loadDeviceConfigs.js";
import { REDUNDANCY_DEFAULTS } from "../../src/role/redundancy.js";
import { assertConfigError, fromYaml, YAML_BASE } from "./helpers.js";

test("a YAML syntax error is a ConfigError with its line", () => {
  const dup = assertConfigError(() => parseYamlSource("name: a\nkind: IPBS\nname: b\n", "test.yaml"), {
    code: ConfigCode.YamlSyntax,
    line: 3,
    field: undefined,
  });
  assert.match(dup.message, /^test\.yaml:3: Map keys must be unique$/);
  assertConfigError(() => parseYamlSource("name: a\nkind: [IPBS\nmac: x\n", "test.yaml"), {
    code: ConfigCode.YamlSyntax,
    line: 3,
    field: undefined,
  });
});

test("an alias bomb is refused as a ConfigError", () => {
  const bomb =
    "a: &a [1,2]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c]\n";
  assertConfigError(() => parseYamlSource(bomb, "test.yaml"), {
    code: ConfigCode.YamlSyntax,
    line: undefined,
    field: undefined,
  });
});

test("the locator maps a path to the line of its key, else of the nearest parent", () => {
  const { locator } = parseYamlSource(
    "# fleet\ndevices:\n  - name: a\n  - name: b\n    master:\n      mode: x\n",
    "f.yaml",
  );
  assert.equal(locator.lineOf([]), 2);
  assert.equal(locator.lineOf(["devices"]), 2);
  assert.equal(locator.lineOf(["devices", 1]), 4);
  assert.equal(locator.lineOf(["devices", 1, "master", "mode"]), 6);
  assert.equal(locator.lineOf(["devices", 1, "master", "primary"]), 5);
  assert.equal(locator.lineOf(["devices", 7, "name"]), 2);
  assert.equal(parseYamlSource("", "empty.yaml").locator.lineOf(["name"]), undefined);
});

test("JSON is read by the same parser, with lines", () => {
  const json = '{\n  "name": "ipbs-1",\n  "kind": "IPBS",\n  "mac": "00:90:33:0a:0b:0c",\n  "ip": "127.0.1"\n}\n';
  assertConfigError(() => loadDeviceConfigs(json, "test.yaml"), { code: ConfigCode.Ipv4, line: 5, field: "ip" });
  assertConfigError(() => loadDeviceConfigs('{\n  "name": "a",\n  "kind": "IPBS"\n  "ip": 1\n}', "test.yaml"), {
    code: ConfigCode.YamlSyntax,
    line: 4,
    field: undefined,
  });
});

test("loadDeviceConfigs reads one device or { devices: [...] } and names devices[i] in errors", () => {
  assert.equal(loadDeviceConfigs(YAML_BASE, "one.yaml").length, 1);
  const device = (i: number, mode: string) =>
    `  - name: ipbs-${i}\n    kind: IPBS\n    mac: 00:90:33:0a:0b:0${i}\n    ip: 127.0.1.${i}\n    master:\n      mode: ${mode}\n`;
  const fleet = `devices:\n${device(1, "active")}${device(2, "standby\n      primary: 127.0.1.1")}`;
  assert.deepEqual(
    loadDeviceConfigs(fleet, "fleet.yaml").map((d) => [d.name, d.master?.mode]),
    [
      ["ipbs-1", "active"],
      ["ipbs-2", "standby"],
    ],
  );
  const bad = `${fleet}${device(3, "primary")}`;
  const e = assertConfigError(() => loadDeviceConfigs(bad, "fleet.yaml"), {
    code: ConfigCode.MasterMode,
    line: 20,
    field: "devices[2].master.mode",
    source: "fleet.yaml",
  });
  assert.equal(
    e.message,
    'fleet.yaml:20: devices[2].master.mode: must be one of off, active, standby, mirror, deployment, got "primary"',
  );
  assertConfigError(() => loadDeviceConfigs("devices: {}\n", "test.yaml"), {
    code: ConfigCode.Type,
    line: 1,
    field: "devices",
  });
  assertConfigError(() => loadDeviceConfigs("devices: []\nseed: 1\n", "test.yaml"), {
    code: ConfigCode.UnknownKey,
    line: 2,
    field: "seed",
  });
  assert.deepEqual(loadDeviceConfigs("devices: []\n", "test.yaml"), []);
});

test("YAML device → object → YAML is equal", () => {
  const yaml = [
    "name: ipbs-north-2",
    "kind: IPBS",
    "mac: 00:90:33:0a:0b:0c",
    "ip: 127.0.1.2",
    "mask: 255.0.0.0",
    "system:",
    "  name: Site North",
    "  password: n0rth!DECT",
    "master:",
    "  mode: standby",
    "  id: 2",
    "  primary: 127.0.1.1",
    `  probeIntervalMs: ${REDUNDANCY_DEFAULTS.probeIntervalMs}`,
    "  masterLostMs: 2000",
    `  radioLostMs: ${REDUNDANCY_DEFAULTS.radioLostMs}`,
    "radio:",
    "  enabled: true",
    "  master: 127.0.1.1",
    "  alternateMaster: 127.0.1.2",
    "  region: 0",
    "  heartbeatMs: 400",
    `  masterLostMs: ${REDUNDANCY_DEFAULTS.radioMasterLostMs}`,
    "  syncMode: master",
    "  referenceRfpi: 0A5E000020",
    "  resync: scheduled",
    "  resyncAt: 04:30",
    "position:",
    "  x: 42.5",
    "  y: -17",
    "  floor: 1",
    "users:",
    "  - longName: Anna Berg",
    '    number: "1950"',
    '    ipei: "0020201733948"',
    '    authCode: "1234"',
    "    usn: 14",
    "    gateway: DECT_CEg",
    "extra:",
    "  - config add NTP0 /addr 192.168.42.136",
    "  - mod cmd FLASHDIR0 add-item 102 (cn=other view)",
    "",
  ].join("\n");
  assert.equal(formatYaml(deviceToObject(fromYaml(yaml))), yaml);
});

test("deviceToObject is JSON-able and reads back equal; defaults are written out", () => {
  const cfg = fromYaml(`${YAML_BASE}radio:\n  master: 127.0.1.1\n`);
  const object = deviceToObject(cfg);
  assert.equal(object.mac, "00:90:33:0a:0b:0c");
  assert.deepEqual(object.radio, {
    enabled: true,
    master: "127.0.1.1",
    region: 0,
    heartbeatMs: REDUNDANCY_DEFAULTS.heartbeatMs,
    masterLostMs: REDUNDANCY_DEFAULTS.radioMasterLostMs,
    syncMode: "slave",
    resync: "manual",
    resyncAt: "03:00",
  });
  const again = loadDeviceConfigs(JSON.stringify(object), "device.json")[0]!;
  assert.deepEqual(deviceToObject(again), object);
  assert.ok(again.mac.equals(cfg.mac));
});
