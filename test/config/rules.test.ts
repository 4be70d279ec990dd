/**
 * One test per validation rule of deviceFromObject, each on both faces where it applies: YAML (file test.yaml)
 * and native text (file test.txt, through the same rules). Every error names its line and field.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConfigCode } from "../../src/core/config/configCodes.js";
import { REDUNDANCY_DEFAULTS } from "../../src/role/redundancy.js";
import { TIMING_MAX_MS } from "../../src/core/config/timing.js";
import { DecodeError } from "../../src/core/errors.js";
import { assertConfigError, fromNative, fromYaml, NATIVE_BASE, YAML_BASE } from "./helpers.js";

const native = (field: string, line: number | undefined, code: string) => ({ code, line, field, source: "test.txt" });
const yaml = (field: string, line: number | undefined, code: string) => ({ code, line, field });

test("name, kind, mac and ip are required", () => {
  const lines = YAML_BASE.split("\n");
  for (const [i, field] of ["name", "kind", "mac", "ip"].entries()) {
    const text = lines.filter((_, j) => j !== i).join("\n");
    assertConfigError(() => fromYaml(text), yaml(field, 1, ConfigCode.Required));
  }
  const dev = "config change DEV0 /name n1 /kind IPBS /mac 00:90:33:0a:0b:0c";
  for (const option of ["/name n1", "/kind IPBS", "/mac 00:90:33:0a:0b:0c"]) {
    const text = `${dev.replace(` ${option}`, "")}\nconfig add IP0 ETH0 /addr 127.0.1.2\n`;
    const field = `DEV0 ${option.split(" ")[0]}`;
    assertConfigError(() => fromNative(text), native(field, 1, ConfigCode.Required));
  }
  // The IP0 line is there but does not set /addr: the error points at it; with no IP0 line, there is no line.
  const noAddr = `${dev}\nconfig add IP0 ETH0 /mask 255.0.0.0\n`;
  assertConfigError(() => fromNative(noAddr), native("IP0 ETH0 /addr", 2, ConfigCode.Required));
  assertConfigError(() => fromNative(`${dev}\n`), native("IP0 ETH0 /addr", undefined, ConfigCode.Required));
});

test("kind is one of IPBS, IPBL, IPVM (App. J)", () => {
  const e = assertConfigError(
    () => fromYaml(YAML_BASE.replace("kind: IPBS", "kind: IPBX")),
    yaml("kind", 2, ConfigCode.Kind),
  );
  assert.match(e.message, /must be one of IPBS, IPBL, IPVM, got "IPBX"$/);
  assertConfigError(
    () => fromNative(NATIVE_BASE.replace("/kind IPBS", "/kind ipbs")),
    native("DEV0 /kind", 1, ConfigCode.Kind),
  );
  for (const kind of ["IPBS", "IPBL", "IPVM"]) assert.equal(fromYaml(YAML_BASE.replace("IPBS", kind)).kind, kind);
});

test("mac is a MAC address and keeps the decode error as its cause", () => {
  const e = assertConfigError(
    () => fromYaml(YAML_BASE.replace("00:90:33:0a:0b:0c", "00:90:33:0a:0b")),
    yaml("mac", 3, ConfigCode.Mac),
  );
  assert.ok(e.cause instanceof DecodeError);
  assertConfigError(
    () => fromYaml(YAML_BASE.replace("00:90:33:0a:0b:0c", "9033102030")),
    yaml("mac", 3, ConfigCode.Mac),
  );
  assertConfigError(
    () => fromNative(NATIVE_BASE.replace("0a:0b:0c", "0a:0b:0g")),
    native("DEV0 /mac", 1, ConfigCode.Mac),
  );
  assert.equal(
    fromYaml(YAML_BASE.replace("00:90:33:0a:0b:0c", "00-90-33-0A-0B-0C")).mac.toString(),
    "00:90:33:0a:0b:0c",
  );
});

test("ip is a dotted IPv4 address (loopback is not required at this layer)", () => {
  for (const bad of ["127.0.1", "127.0.1.256", "127.000.1.2", "localhost", "::1"]) {
    assertConfigError(() => fromYaml(YAML_BASE.replace("127.0.1.2", bad)), yaml("ip", 4, ConfigCode.Ipv4));
  }
  assertConfigError(
    () => fromNative(NATIVE_BASE.replace("127.0.1.2", "127.0.1.256")),
    native("IP0 ETH0 /addr", 2, ConfigCode.Ipv4),
  );
  assert.equal(fromYaml(YAML_BASE.replace("127.0.1.2", "10.0.0.1")).ip, "10.0.0.1");
  assertConfigError(() => fromYaml(`${YAML_BASE}gateway: 127.0.0\n`), yaml("gateway", 5, ConfigCode.Ipv4));
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config add IP0 RT0 /gateway 127.0.0\n`),
    native("IP0 RT0 /gateway", 3, ConfigCode.Ipv4),
  );
});

test("mask is a contiguous dotted subnet mask (App. J.2.1 /mask)", () => {
  assertConfigError(() => fromYaml(`${YAML_BASE}mask: 255.0.255.0\n`), yaml("mask", 5, ConfigCode.Netmask));
  assertConfigError(
    () => fromNative(NATIVE_BASE.replace("127.0.1.2", "127.0.1.2 /mask 255.255.255.1")),
    native("IP0 ETH0 /mask", 2, ConfigCode.Netmask),
  );
  for (const ok of ["0.0.0.0", "255.0.0.0", "255.255.255.252", "255.255.255.255"]) {
    assert.equal(fromYaml(`${YAML_BASE}mask: ${ok}\n`).mask, ok);
  }
});

test("master.mode is one of off, active, standby, mirror, deployment (§4.6.19)", () => {
  const e = assertConfigError(
    () => fromYaml(`${YAML_BASE}master:\n  mode: primary\n`),
    yaml("master.mode", 6, ConfigCode.MasterMode),
  );
  assert.match(e.message, /must be one of off, active, standby, mirror, deployment, got "primary"$/);
  assertConfigError(() => fromYaml(`${YAML_BASE}master:\n  id: 1\n`), yaml("master.mode", 5, ConfigCode.Required));
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change MASTER0 /mode Active\n`),
    native("MASTER0 /mode", 3, ConfigCode.MasterMode),
  );
});

test("deployment cannot be selected on an IPVM (§4.6.19)", () => {
  const ipvm = YAML_BASE.replace("IPBS", "IPVM");
  assertConfigError(
    () => fromYaml(`${ipvm}master:\n  mode: deployment\n`),
    yaml("master.mode", 6, ConfigCode.DeploymentOnIpvm),
  );
  assertConfigError(
    () => fromNative(`${NATIVE_BASE.replace("IPBS", "IPVM")}config change MASTER0 /mode deployment\n`),
    native("MASTER0 /mode", 3, ConfigCode.DeploymentOnIpvm),
  );
  assert.equal(fromYaml(`${YAML_BASE}master:\n  mode: deployment\n`).master?.mode, "deployment");
  assert.equal(fromYaml(`${ipvm}master:\n  mode: active\n`).master?.mode, "active");
});

test('master.id is a whole number from 0 to 254, default 1 (§4.6.20; §3.14.1.2: "Example where 0 is the Master id")', () => {
  const withId = (id: string) => `${YAML_BASE}master:\n  mode: active\n  id: ${id}\n`;
  for (const bad of ["255", "1.5", "-1", '"2"']) {
    assertConfigError(() => fromYaml(withId(bad)), yaml("master.id", 7, ConfigCode.MasterId));
  }
  // §3.14.1.2: "Example where 0 is the Master id, 200 is the extension and 1234 is the AC code: *0*200*1234#".
  assert.equal(fromYaml(withId("0")).master?.id, 0);
  assert.equal(fromNative(`${NATIVE_BASE}config change MASTER0 /mode active /id 0\n`).master?.id, 0);
  assert.equal(fromYaml(withId("1")).master?.id, 1);
  assert.equal(fromYaml(withId("254")).master?.id, 254);
  assert.equal(fromYaml(`${YAML_BASE}master:\n  mode: active\n`).master?.id, 1);
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change MASTER0 /mode active /id x\n`),
    native("MASTER0 /id", 3, ConfigCode.MasterId),
  );
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change MASTER0 /mode active /id 255\n`),
    native("MASTER0 /id", 3, ConfigCode.MasterId),
  );
});

test("a standby Master needs primary (§4.6.19 step 3)", () => {
  assertConfigError(
    () => fromYaml(`${YAML_BASE}master:\n  mode: standby\n`),
    yaml("master.primary", 5, ConfigCode.StandbyNeedsPrimary),
  );
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change MASTER0 /mode standby\n`),
    native("MASTER0 /primary", 3, ConfigCode.StandbyNeedsPrimary),
  );
  const ok = fromYaml(`${YAML_BASE}master:\n  mode: standby\n  primary: 127.0.1.1\n`);
  assert.equal(ok.master?.primary, "127.0.1.1");
});

/** NATIVE_BASE with a Time Server (DEV0 /ntp, §4.1.9): what a Mirror needs. */
const NATIVE_WITH_NTP = NATIVE_BASE.replace("/mac 00:90:33:0a:0b:0c", "/mac 00:90:33:0a:0b:0c /ntp 127.0.1.123");

test('a Mirror needs NTP: §4.6.19 step 4, "If you have selected the Mirror mode, do the following: − Configure NTP settings"', () => {
  const mirror = "master:\n  mode: mirror\n  mirrorPeer: 127.0.1.3\n";
  const e = assertConfigError(
    () => fromYaml(`${YAML_BASE}${mirror}`),
    yaml("master.mode", 6, ConfigCode.MirrorNeedsNtp),
  );
  assert.match(e.message, /a Mirror needs NTP: set the Time Server/);
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change MASTER0 /mode mirror /mirror-peer 127.0.1.3\n`),
    native("MASTER0 /mode", 3, ConfigCode.MirrorNeedsNtp),
  );
  assert.equal(fromYaml(`${YAML_BASE}ntp: 127.0.1.123\n${mirror}`).master?.mode, "mirror");
  // Active, Standby and the others need none.
  assert.equal(fromYaml(`${YAML_BASE}master:\n  mode: active\n`).ntp, undefined);
});

test("a Mirror Master needs mirrorPeer (§4.6.19 step 4)", () => {
  assertConfigError(
    () => fromYaml(`${YAML_BASE}ntp: 127.0.1.123\nmaster:\n  mode: mirror\n`),
    yaml("master.mirrorPeer", 6, ConfigCode.MirrorNeedsPeer),
  );
  assertConfigError(
    () => fromNative(`${NATIVE_WITH_NTP}config change MASTER0 /mode mirror\n`),
    native("MASTER0 /mirror-peer", 3, ConfigCode.MirrorNeedsPeer),
  );
  const ok = fromNative(`${NATIVE_WITH_NTP}config change MASTER0 /mode mirror /mirror-peer 127.0.1.3\n`);
  assert.equal(ok.master?.mirrorPeer, "127.0.1.3");
});

test("primary is only for a standby Master", () => {
  assertConfigError(
    () => fromYaml(`${YAML_BASE}master:\n  mode: active\n  primary: 127.0.1.1\n`),
    yaml("master.primary", 7, ConfigCode.PrimaryOnlyStandby),
  );
  assertConfigError(
    () =>
      fromNative(
        `${NATIVE_WITH_NTP}config change MASTER0 /mode mirror /mirror-peer 127.0.1.3\nconfig add MASTER0 /primary 127.0.1.1\n`,
      ),
    native("MASTER0 /primary", 4, ConfigCode.PrimaryOnlyStandby),
  );
});

test("mirrorPeer is only for a Mirror Master", () => {
  assertConfigError(
    () => fromYaml(`${YAML_BASE}master:\n  mode: standby\n  primary: 127.0.1.1\n  mirrorPeer: 127.0.1.3\n`),
    yaml("master.mirrorPeer", 8, ConfigCode.MirrorPeerOnlyMirror),
  );
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change MASTER0 /mode off /mirror-peer 127.0.1.3\n`),
    native("MASTER0 /mirror-peer", 3, ConfigCode.MirrorPeerOnlyMirror),
  );
});

test("an IPVM has no radio (§4.6.31 does not apply to IPVM)", () => {
  assertConfigError(
    () => fromYaml(`${YAML_BASE.replace("IPBS", "IPVM")}radio:\n  master: 127.0.1.1\n`),
    yaml("radio", 5, ConfigCode.IpvmRadio),
  );
  assertConfigError(
    () => fromNative(`${NATIVE_BASE.replace("IPBS", "IPVM")}config change RADIO0 /disable\n`),
    native("RADIO0", 3, ConfigCode.IpvmRadio),
  );
});

test("timing fields are positive whole milliseconds up to 2^31-1", () => {
  const master = (v: string) => `${YAML_BASE}master:\n  mode: active\n  probeIntervalMs: ${v}\n`;
  for (const bad of ["0", "-500", "1.5", '"500"', String(TIMING_MAX_MS + 1)]) {
    assertConfigError(() => fromYaml(master(bad)), yaml("master.probeIntervalMs", 7, ConfigCode.Timing));
  }
  assert.equal(fromYaml(master("1")).master?.probeIntervalMs, 1);
  assert.equal(fromYaml(master(String(TIMING_MAX_MS))).master?.probeIntervalMs, TIMING_MAX_MS);
  assertConfigError(
    () => fromYaml(`${YAML_BASE}radio:\n  master: 127.0.1.1\n  heartbeatMs: 0\n`),
    yaml("radio.heartbeatMs", 7, ConfigCode.Timing),
  );
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change MASTER0 /mode active /radio-lost 0\n`),
    native("MASTER0 /radio-lost", 3, ConfigCode.Timing),
  );
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change RADIO0 /master 127.0.1.1 /master-lost 3s\n`),
    native("RADIO0 /master-lost", 3, ConfigCode.Timing),
  );
  const defaults = fromYaml(`${YAML_BASE}master:\n  mode: active\nradio:\n  master: 127.0.1.1\n`);
  assert.equal(defaults.master?.masterLostMs, REDUNDANCY_DEFAULTS.masterLostMs);
  assert.equal(defaults.master?.radioLostMs, REDUNDANCY_DEFAULTS.radioLostMs);
  assert.equal(defaults.radio?.masterLostMs, REDUNDANCY_DEFAULTS.radioMasterLostMs);
  assert.equal(defaults.radio?.heartbeatMs, REDUNDANCY_DEFAULTS.heartbeatMs);
});

test("a radio without Master or PARI Master is a plug and play radio (§3.11, §4.6.32)", () => {
  const pnp = fromYaml(`${YAML_BASE}radio:\n  enabled: true\n`).radio;
  assert.equal(pnp?.master, undefined);
  assert.equal(pnp?.pariMaster, undefined);
  assert.equal(pnp?.region, 0);
  assert.equal(fromNative(`${NATIVE_BASE}config change RADIO0 /disable\n`).radio?.enabled, false);
  assertConfigError(() => fromYaml(`${YAML_BASE}radio:\n  region: 250\n`), yaml("radio.region", 6, ConfigCode.Region));
  assert.equal(fromYaml(`${YAML_BASE}radio:\n  region: 249\n`).radio?.region, 249);
  assertConfigError(() => fromYaml(`${YAML_BASE}radio:\n  rfps: 4\n`), yaml("radio.rfps", 6, ConfigCode.Rfps));
});

test('the PARI function needs a Master, System ID 1..296; "Up to 10 SARIs can be added in the PARI Master" (§4.6.21, §4.6.34, §4.6.35)', () => {
  assertConfigError(() => fromYaml(`${YAML_BASE}pari: {}\n`), yaml("pari", 5, ConfigCode.PariNeedsMaster));
  const withPari = (p: string) => `${YAML_BASE}master:\n  mode: active\npari:\n${p}`;
  for (const bad of ["0", "297", "1.5"])
    assertConfigError(() => fromYaml(withPari(`  systemId: ${bad}\n`)), yaml("pari.systemId", 8, ConfigCode.SystemId));
  assert.equal(fromYaml(withPari("  systemId: 296\n")).pari?.systemId, 296);
  const saris = (n: number) =>
    Array.from({ length: n }, (_, i) => `B-0A5E-${(i + 1).toString(16).padStart(2, "0").toUpperCase()}-0`);
  // 10 in all: the SARI and 9 guests ("approx. 6 s to broadcast 10 SARIs" is the longest cycle).
  assert.equal(fromYaml(withPari(`  sari: [${saris(10).join(", ")}]\n`)).pari?.sari.length, 10);
  assertConfigError(
    () => fromYaml(withPari(`  sari: [${saris(11).join(", ")}]\n`)),
    yaml("pari.sari", 8, ConfigCode.Sari),
  );
  assertConfigError(() => fromYaml(withPari(`  sari: [x]\n`)), yaml("pari.sari[0]", 8, ConfigCode.Sari));
  const native = fromNative(
    `${NATIVE_BASE}config change MASTER0 /mode active\nconfig change PARI0 /sysid 7 /sari B-0A5E-01-0,B-0A5E-02-0\n`,
  );
  assert.deepEqual(native.pari, { systemId: 7, sari: ["B-0A5E-01-0", "B-0A5E-02-0"], syncDepth: 10, band: "europe" });
  assertConfigError(
    () => fromYaml(`${YAML_BASE}master:\n  mode: active\nradioConfig:\n  ntp: 10.0.0.1\n`),
    yaml("radioConfig", 7, ConfigCode.RadioConfigNeedsPari),
  );
});

test("air sync settings: mode, RFPI or name, resync time, depth 1..32 (§4.6.36; carriers: test/config/bands.test.ts)", () => {
  const radio = (r: string) => fromYaml(`${YAML_BASE}radio:\n  master: 127.0.1.1\n${r}`).radio!;
  assert.equal(radio("").syncMode, "slave");
  assert.equal(radio("  syncMode: restricted\n").syncMode, "restricted");
  assert.equal(radio("  syncRfpi: 0a5e000010\n").syncRfpi, "0A5E000010");
  assert.equal(radio("  referenceRfpi: b2-r01\n").referenceRfpi, "b2-r01");
  assert.equal(radio("  resync: scheduled\n  resyncAt: '23:59'\n").resyncAt, "23:59");
  assertConfigError(() => radio("  syncMode: boss\n"), yaml("radio.syncMode", 7, ConfigCode.Sync));
  for (const bad of ["24:00", "3:00", "12:60"])
    assertConfigError(() => radio(`  resyncAt: '${bad}'\n`), yaml("radio.resyncAt", 7, ConfigCode.Sync));
  assertConfigError(() => radio("  resync: hourly\n"), yaml("radio.resync", 7, ConfigCode.Sync));
  const withPari = (p: string) => fromYaml(`${YAML_BASE}master:\n  mode: active\npari:\n${p}`).pari!;
  assert.equal(withPari("  syncDepth: 1\n").syncDepth, 1);
  assert.equal(withPari("  syncDepth: 32\n").syncDepth, 32);
  for (const bad of ["0", "33"])
    assertConfigError(() => withPari(`  syncDepth: ${bad}\n`), yaml("pari.syncDepth", 8, ConfigCode.Sync));
});

test("unknown keys are rejected with the list of allowed keys", () => {
  const e = assertConfigError(
    () => fromYaml(`${YAML_BASE}master:\n  mode: mirror\n  mirrorpeer: 127.0.1.3\n`),
    yaml("master.mirrorpeer", 7, ConfigCode.UnknownKey),
  );
  assert.match(
    e.message,
    /allowed keys: mode, id, primary, mirrorPeer, regionCode, probeIntervalMs, masterLostMs, radioLostMs$/,
  );
  assertConfigError(() => fromYaml(`Name: x\n${YAML_BASE}`), yaml("Name", 1, ConfigCode.UnknownKey));
  assertConfigError(() => fromYaml(`${YAML_BASE}system:\n  pwd: x\n`), yaml("system.pwd", 6, ConfigCode.UnknownKey));
  assertConfigError(
    () => fromYaml(`${YAML_BASE}position:\n  x: 1\n  y: 2\n  z: 3\n`),
    yaml("position.z", 8, ConfigCode.UnknownKey),
  );
});

test("position has numbers x and y and a whole floor, default 0", () => {
  assert.deepEqual(fromYaml(`${YAML_BASE}position:\n  x: -1.5\n  y: 2\n`).position, { x: -1.5, y: 2, floor: 0 });
  assertConfigError(
    () => fromYaml(`${YAML_BASE}position:\n  x: 1\n  y: a\n`),
    yaml("position.y", 7, ConfigCode.Position),
  );
  assertConfigError(() => fromYaml(`${YAML_BASE}position:\n  x: 1\n`), yaml("position.y", 5, ConfigCode.Required));
  assertConfigError(
    () => fromYaml(`${YAML_BASE}position:\n  x: 1\n  y: 1\n  floor: 1.5\n`),
    yaml("position.floor", 8, ConfigCode.Position),
  );
  assertConfigError(
    () => fromYaml(`${YAML_BASE}position:\n  x: .inf\n  y: 1\n`),
    yaml("position.x", 6, ConfigCode.Position),
  );
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change POS0 /x 1 /y 2m\n`),
    native("POS0 /y", 3, ConfigCode.Position),
  );
});

test("the DECT system password has 1 to 15 allowed characters (§4.6.1)", () => {
  const pwd = (p: string) => `${YAML_BASE}system:\n  password: "${p}"\n`;
  assert.equal(fromYaml(pwd("A".repeat(15))).system.password, "A".repeat(15));
  assert.equal(fromYaml(pwd("!#$%&'()*+,-.:;")).system.password, "!#$%&'()*+,-.:;");
  for (const bad of ["A".repeat(16), "has space", "é"]) {
    assertConfigError(() => fromYaml(pwd(bad)), yaml("system.password", 6, ConfigCode.SystemPassword));
  }
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change DECT0 /sysname North /syspwd ${"x".repeat(16)}\n`),
    native("DECT0 /syspwd", 3, ConfigCode.SystemPassword),
  );
  assert.deepEqual(fromYaml(YAML_BASE).system, { name: "ipdect", password: "ip-dect" });
});

test("texts are non-empty and hold no control characters", () => {
  assertConfigError(() => fromYaml(YAML_BASE.replace("ipbs-north-2", '"a\\tb"')), yaml("name", 1, ConfigCode.Text));
  assertConfigError(() => fromYaml(YAML_BASE.replace("ipbs-north-2", '""')), yaml("name", 1, ConfigCode.Text));
  assertConfigError(() => fromYaml(YAML_BASE.replace("ipbs-north-2", "42")), yaml("name", 1, ConfigCode.Text));
  assertConfigError(
    () => fromNative(NATIVE_BASE.replace("ipbs-north-2", '""')),
    native("DEV0 /name", 1, ConfigCode.Text),
  );
});

test("sections are mappings, enabled is a boolean, extra is a list", () => {
  assertConfigError(() => fromYaml(`${YAML_BASE}master: active\n`), yaml("master", 5, ConfigCode.Type));
  assertConfigError(() => fromYaml(`${YAML_BASE}radio:\n  enabled: yes\n`), yaml("radio.enabled", 6, ConfigCode.Type));
  assertConfigError(() => fromYaml(`${YAML_BASE}extra: mod cmd UP1 x\n`), yaml("extra", 5, ConfigCode.Type));
  assertConfigError(() => fromYaml("- a\n- b\n"), { code: ConfigCode.Type, line: 1, field: undefined });
});

test("extra holds only lines the native form keeps verbatim", () => {
  const extra = (line: string) => `${YAML_BASE}extra:\n  - mod cmd UP1 check resetn serial002\n  - ${line}\n`;
  for (const bad of [
    "config change MASTER0 /mode active",
    "config write",
    "'# comment'",
    "' mod cmd UP1 x'",
    "42",
    "reset",
    // App. E's join line is carried out, not kept (kerberos/joinScript.ts).
    "vars create CMD0/KCMD p <join/>",
  ]) {
    assertConfigError(() => fromYaml(extra(bad)), yaml("extra[1]", 7, ConfigCode.ExtraLine));
  }
  assert.deepEqual(fromYaml(extra("vars create CMD1/NOTE p x")).extra, [
    "mod cmd UP1 check resetn serial002",
    "vars create CMD1/NOTE p x",
  ]);
});
