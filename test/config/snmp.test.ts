import { parseNetwork } from "../../src/core/config/ipv4.js";
/**
 * The `snmp` section (§4.9.5) on both faces: YAML and the native modules SNMP0, SNMPTRAP0, SNMPNET0 and SNMPV3. Every
 * error names its line and field; a community or password never appears in a message.
 */
import { SnmpCode } from "../../src/snmp/errors.js";
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConfigCode } from "../../src/core/config/configCodes.js";
import { deviceToObject } from "../../src/config/deviceToObject.js";
import { formatNativeText } from "../../src/config/nativeText.js";
import { type DeviceConfig } from "../../src/config/DeviceConfig.js";
import { assertConfigError, fromNative, fromYaml, NATIVE_BASE, YAML_BASE } from "./helpers.js";

/** `snmp:` is line 5 of every YAML case. */
const withSnmp = (body: string) => fromYaml(`${YAML_BASE}snmp:\n${body}`);
const yaml = (field: string, line: number | undefined, code: string) => ({ code, line, field });

function roundTrip(cfg: DeviceConfig): string {
  const text = formatNativeText(cfg);
  const back = fromNative(text);
  assert.deepEqual(back.snmp, cfg.snmp);
  assert.deepEqual(deviceToObject(back), deviceToObject(cfg));
  assert.equal(formatNativeText(back), text);
  return text;
}

test("SNMP is disabled by default, community public, port 161, no auth trap (§4.9.5, App. H)", () => {
  const cfg = withSnmp("  deviceName: ward-3\n");
  assert.deepEqual(cfg.snmp, {
    enabled: false,
    port: 161,
    community: "public",
    deviceName: "ward-3",
    authTrap: false,
    trapDestinations: [],
    allowedNetworks: [],
  });
  assert.match(roundTrip(cfg), /^config change SNMP0 \/device-name ward-3$/m);
});

test("every setting of §4.9.5 survives YAML → native text → YAML", () => {
  const cfg = withSnmp(
    [
      "  enabled: true",
      "  port: 1161",
      "  community: 'not public'",
      "  contact: 'Ops, +46 8 555 0100'",
      "  location: Building A",
      "  authTrap: true",
      "  trapDestinations: [{ address: 10.0.0.5, version: v1 }, { address: '10.0.0.6:1162', version: v2c-inform }]",
      "  allowedNetworks: [{ network: 10.0.0.0/8 }, { network: 192.168.1.7 }]",
      "  v3: { user: mon, authProtocol: SHA-256, authPassword: auth-pass1, privProtocol: AES-256, privPassword: priv-pass1 }",
      "",
    ].join("\n"),
  );
  const text = roundTrip(cfg);
  assert.match(text, /^config add SNMPTRAP0 \/addr 10\.0\.0\.6:1162 \/version v2c-inform$/m);
  assert.match(text, /^config add SNMPNET0 \/net 10\.0\.0\.0\/8$/m);
  assert.match(text, /^config change SNMPV3 \/user mon \/auth SHA-256 \/auth-password auth-pass1 /m);
  const native = fromNative(
    `${NATIVE_BASE}config change SNMP0 /enable /port 1161\nconfig add SNMPNET0 /net 127.0.0.0/8\n`,
  );
  assert.equal(native.snmp?.enabled, true);
  assert.deepEqual(native.snmp?.allowedNetworks, [{ network: "127.0.0.0/8" }]);
});

test("encryption without authentication is refused (§4.9.5: encryption requires authentication)", () => {
  const err = assertConfigError(
    () => withSnmp("  v3: { user: mon, privProtocol: AES, privPassword: priv-secret }\n"),
    yaml("snmp.v3.privProtocol", 6, SnmpCode.Settings),
  );
  assert.match(err.message, /encryption needs authentication/);
  assert.doesNotMatch(err.message, /priv-secret/);
});

test("v3: every algorithm of the drop-downs, a password with each, 8 characters at least (RFC 3414 §11.2)", () => {
  for (const a of ["MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"])
    for (const p of ["DES", "AES", "AES-256"])
      withSnmp(
        `  v3: { user: u, authProtocol: ${a}, authPassword: aaaaaaaa, privProtocol: ${p}, privPassword: pppppppp }\n`,
      );
  assertConfigError(
    () => withSnmp("  v3: { user: u, authProtocol: SHA-1 }\n"),
    yaml("snmp.v3.authProtocol", 6, SnmpCode.Settings),
  );
  assertConfigError(
    () => withSnmp("  v3: { user: u, authProtocol: SHA }\n"),
    yaml("snmp.v3.authPassword", 6, "CONFIG_REQUIRED"),
  );
  const short = assertConfigError(
    () => withSnmp("  v3: { user: u, authProtocol: SHA, authPassword: s3cret }\n"),
    yaml("snmp.v3.authPassword", 6, SnmpCode.Settings),
  );
  assert.doesNotMatch(short.message, /s3cret/);
  assertConfigError(
    () => withSnmp("  v3: { user: u, authPassword: aaaaaaaa }\n"),
    yaml("snmp.v3.authPassword", 6, SnmpCode.Settings),
  );
});

test("trap destinations and allowed networks: bad ones name the item", () => {
  assertConfigError(
    () => withSnmp("  trapDestinations: [{ address: host.example, version: v2c }]\n"),
    yaml("snmp.trapDestinations[0].address", 6, SnmpCode.Settings),
  );
  assertConfigError(
    () => withSnmp("  trapDestinations: [{ address: 10.0.0.1, version: v2 }]\n"),
    yaml("snmp.trapDestinations[0].version", 6, SnmpCode.Settings),
  );
  assertConfigError(
    () => withSnmp("  trapDestinations: [{ address: 10.0.0.1, version: v3 }]\n"),
    yaml("snmp.trapDestinations[0].version", 6, SnmpCode.Settings),
  );
  assertConfigError(
    () => withSnmp("  allowedNetworks: [{ network: 10.0.0.0/33 }]\n"),
    yaml("snmp.allowedNetworks[0].network", 6, SnmpCode.Settings),
  );
  assertConfigError(() => withSnmp("  port: 0\n"), yaml("snmp.port", 6, ConfigCode.Port));
  assertConfigError(() => withSnmp("  community: ''\n"), yaml("snmp.community", 6, "CONFIG_TEXT"));
});

test("a CIDR is a network and mask; a bare address is /32", () => {
  assert.deepEqual(parseNetwork("10.1.2.3/8"), { net: 0x0a000000, mask: 0xff000000 });
  assert.deepEqual(parseNetwork("10.1.2.3"), { net: 0x0a010203, mask: 0xffffffff });
  assert.deepEqual(parseNetwork("0.0.0.0/0"), { net: 0, mask: 0 });
  assert.equal(parseNetwork("10.1.2/8"), undefined);
  assert.deepEqual(parseNetwork("172.16.9.9/255.255.0.0"), { net: 0xac100000, mask: 0xffff0000 });
  assert.equal(parseNetwork("10.0.0.0/255.0.255.0"), undefined, "a mask's one bits are contiguous");
  assert.equal(parseNetwork("10.0.0.0/33"), undefined);
});

test("an inform waits 15 s and is sent again 3 times unless it says otherwise (RFC 3413 §3.3, SNMP-TARGET-MIB)", () => {
  const cfg = withSnmp(
    [
      "  trapDestinations:",
      "    - { address: 10.0.0.5, version: v2c-inform }",
      "    - { address: 10.0.0.6, version: v2c-inform, timeoutMs: 2500, retries: 0 }",
      "    - { address: 10.0.0.7, version: v2c }",
      "",
    ].join("\n"),
  );
  assert.deepEqual(cfg.snmp?.trapDestinations, [
    { address: "10.0.0.5", version: "v2c-inform", timeoutMs: 15_000, retries: 3 },
    { address: "10.0.0.6", version: "v2c-inform", timeoutMs: 2500, retries: 0 },
    { address: "10.0.0.7", version: "v2c" },
  ]);
  const text = roundTrip(cfg);
  assert.match(text, /^config add SNMPTRAP0 \/addr 10\.0\.0\.5 \/version v2c-inform$/m);
  assert.match(text, /^config add SNMPTRAP0 \/addr 10\.0\.0\.6 \/version v2c-inform \/timeout 2500 \/retries 0$/m);
  const native = fromNative(`${NATIVE_BASE}config add SNMPTRAP0 /addr 10.0.0.8 /version v2c-inform /retries 5\n`);
  assert.deepEqual(native.snmp?.trapDestinations, [
    { address: "10.0.0.8", version: "v2c-inform", timeoutMs: 15_000, retries: 5 },
  ]);
});

test("inform timing: a timeout from 1 ms, 0 to 255 retries, and none on a trap, which gets no response", () => {
  const dest = (extra: string, version = "v2c-inform") =>
    withSnmp(`  trapDestinations: [{ address: 10.0.0.1, version: ${version}, ${extra} }]\n`);
  assertConfigError(() => dest("timeoutMs: 0"), yaml("snmp.trapDestinations[0].timeoutMs", 6, ConfigCode.Timing));
  assertConfigError(() => dest("retries: 256"), yaml("snmp.trapDestinations[0].retries", 6, SnmpCode.Settings));
  assertConfigError(() => dest("retries: -1"), yaml("snmp.trapDestinations[0].retries", 6, SnmpCode.Settings));
  const trap = assertConfigError(
    () => dest("retries: 2", "v2c"),
    yaml("snmp.trapDestinations[0].retries", 6, SnmpCode.Settings),
  );
  assert.match(trap.message, /only an inform is sent again/);
  assertConfigError(() => fromNative(`${NATIVE_BASE}config add SNMPTRAP0 /addr 10.0.0.8 /version v1 /timeout 500\n`), {
    code: SnmpCode.Settings,
    field: "SNMPTRAP0 /timeout",
    line: 3,
    source: "test.txt",
  });
  assert.equal(dest("retries: 255").snmp?.trapDestinations[0]?.retries, 255);
});
