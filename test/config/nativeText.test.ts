import assert from "node:assert/strict";
import { test } from "node:test";

import { ConfigCode } from "../../src/core/config/configCodes.js";
import { deviceToObject } from "../../src/config/deviceToObject.js";
import { formatNativeText, parseNativeText } from "../../src/config/nativeText.js";
import { readNativeText } from "../../src/config/nativeLine.js";
import { REDUNDANCY_DEFAULTS } from "../../src/role/redundancy.js";
import { assertConfigError, fromNative, NATIVE_BASE } from "./helpers.js";

const at = (field: string | undefined, line: number, code: string) => ({ code, line, field, source: "test.txt" });
const withLine = (line: string) => `${NATIVE_BASE}${line}\n`;

test("a line that is not config, mod, vars or a comment is an unknown command", () => {
  assertConfigError(() => fromNative(withLine("reset")), at(undefined, 3, ConfigCode.UnknownCommand));
  assertConfigError(
    () => fromNative(withLine("!config add LLDP0 /disable")),
    at(undefined, 3, ConfigCode.UnknownCommand),
  );
});

test("config with an unknown or missing verb is rejected", () => {
  const e = assertConfigError(
    () => fromNative(withLine("config delete MASTER0")),
    at(undefined, 3, ConfigCode.UnknownVerb),
  );
  assert.match(e.message, /one of add, change, rem, write, activate, got "delete"$/);
  assertConfigError(() => fromNative(withLine("config")), at(undefined, 3, ConfigCode.UnknownVerb));
});

test("config add, change and rem need a module", () => {
  assertConfigError(() => fromNative(withLine("config rem")), at(undefined, 3, ConfigCode.MissingModule));
});

test("a modelled module in the wrong letter case is rejected, not kept verbatim", () => {
  assertConfigError(
    () => fromNative(withLine("config change master0 /mode active")),
    at(undefined, 3, ConfigCode.ModuleCase),
  );
  assertConfigError(
    () => fromNative(withLine("config add IP0 eth0 /addr 127.0.0.1")),
    at(undefined, 3, ConfigCode.ModuleCase),
  );
});

test("an unknown option of a modelled module is rejected with the module's options", () => {
  const e = assertConfigError(
    () => fromNative(withLine("config change MASTER0 /mode active /mirrorpeer 127.0.1.3")),
    at("MASTER0 /mirrorpeer", 3, ConfigCode.UnknownOption),
  );
  assert.match(
    e.message,
    /MASTER0 has \/mode, \/id, \/primary, \/mirror-peer, \/region-code, \/probe-interval, \/master-lost, \/radio-lost$/,
  );
  assertConfigError(
    () => fromNative(withLine("config add IP0 ETH0 /addr 127.0.1.2 /dhcp on")),
    at("IP0 ETH0 /dhcp", 3, ConfigCode.UnknownOption),
  );
});

test("an option that takes a value needs one", () => {
  assertConfigError(
    () => fromNative(withLine("config change MASTER0 /mode /id 2")),
    at("MASTER0 /mode", 3, ConfigCode.MissingValue),
  );
  assertConfigError(
    () => fromNative(withLine("config change POS0 /x 1 /y")),
    at("POS0 /y", 3, ConfigCode.MissingValue),
  );
});

test("stray values, values after flags and values in rem are rejected", () => {
  assertConfigError(
    () => fromNative(withLine("config change DECT0 North")),
    at("DECT0", 3, ConfigCode.UnexpectedValue),
  );
  assertConfigError(
    () => fromNative(withLine("config change RADIO0 /disable yes")),
    at("RADIO0 /disable", 3, ConfigCode.UnexpectedValue),
  );
  assertConfigError(
    () => fromNative(withLine("config rem MASTER0 /id 2")),
    at("MASTER0 /id", 3, ConfigCode.UnexpectedValue),
  );
  assertConfigError(() => fromNative(withLine("config write now")), at(undefined, 3, ConfigCode.UnexpectedValue));
});

test("an option given twice in one line is rejected, /enable with /disable too", () => {
  assertConfigError(
    () => fromNative(withLine("config change MASTER0 /mode active /id 2 /id 3")),
    at("MASTER0 /id", 3, ConfigCode.DuplicateOption),
  );
  assertConfigError(
    () => fromNative(withLine("config change RADIO0 /enable /disable")),
    at("RADIO0 /disable", 3, ConfigCode.DuplicateOption),
  );
});

test("an unterminated quote names the option it was meant for", () => {
  assertConfigError(
    () => fromNative(withLine('config change DECT0 /sysname "Site North /syspwd x')),
    at("DECT0 /sysname", 3, ConfigCode.UnterminatedQuote),
  );
});

test('values may be double-quoted, with \\" and \\\\ inside quotes', () => {
  const cfg = fromNative(withLine('config change DECT0 /sysname "Site \\"North\\" \\\\ 2" /syspwd "x"'));
  assert.equal(cfg.system.name, 'Site "North" \\ 2');
  assert.equal(cfg.system.password, "x");
  const text = formatNativeText(cfg);
  assert.match(text, /^config change DECT0 \/sysname "Site \\"North\\" \\\\ 2" \/syspwd x$/m);
  assert.deepEqual(deviceToObject(fromNative(text)), deviceToObject(cfg));
  assert.equal(fromNative(withLine('config change DECT0 /sysname "/etc"')).system.name, "/etc");
});

test("config change replaces a module's options, add merges, rem resets to the default", () => {
  const master = (...lines: string[]) => fromNative(`${NATIVE_BASE}${lines.join("\n")}\n`).master;
  assert.deepEqual(
    master("config change MASTER0 /mode active /id 7 /probe-interval 200", "config change MASTER0 /mode off"),
    {
      mode: "off",
      id: 1,
      probeIntervalMs: REDUNDANCY_DEFAULTS.probeIntervalMs,
      masterLostMs: REDUNDANCY_DEFAULTS.masterLostMs,
      radioLostMs: REDUNDANCY_DEFAULTS.radioLostMs,
    },
  );
  const merged = master("config change MASTER0 /mode active /id 7", "config add MASTER0 /probe-interval 200");
  assert.equal(merged?.id, 7);
  assert.equal(merged?.probeIntervalMs, 200);
  const reset = master(
    "config change MASTER0 /mode active /id 7 /probe-interval 200",
    "config rem MASTER0 /id /probe-interval",
  );
  assert.equal(reset?.id, 1);
  assert.equal(reset?.probeIntervalMs, REDUNDANCY_DEFAULTS.probeIntervalMs);
});

test("config rem MASTER0 and config rem RADIO0 with no option turn the role off", () => {
  const cfg = fromNative(
    withLine(
      "config change MASTER0 /mode active\nconfig change RADIO0 /master 127.0.1.1\nconfig rem MASTER0\nconfig rem RADIO0",
    ),
  );
  assert.equal(cfg.master, undefined);
  assert.equal(cfg.radio, undefined);
  assert.equal("master" in cfg, false);
});

test("an error caused by a later line points at that line", () => {
  // Line 3 sets a valid standby; line 4 removes its primary: the rule breaks at line 4.
  assertConfigError(
    () => fromNative(withLine("config change MASTER0 /mode standby /primary 127.0.1.1\nconfig rem MASTER0 /primary")),
    at("MASTER0 /primary", 4, ConfigCode.StandbyNeedsPrimary),
  );
});

test("mod, vars and config lines of other modules are kept verbatim and in order", () => {
  const lines = [
    "mod cmd UP1 check resetn serial002",
    "config add NTP0 /addr 192.168.42.136",
    'vars create CMD1/NOTE p "site north"',
    "config add IP0 ETH1 /addr 192.168.1.2",
    "config change DHCP0 /mode off",
    'config add LLDP0 "unbalanced',
  ];
  const text = `${lines[0]}\n${NATIVE_BASE}${lines.slice(1, 3).join("\n")}\nconfig write\nconfig activate\n  ${lines.slice(3).join("\n")}\n`;
  const cfg = fromNative(text);
  assert.deepEqual(cfg.extra, lines);
  assert.ok(formatNativeText(cfg).includes(`${lines.join("\n")}\nconfig write\nconfig activate\n`));
});

test("comments and blank lines are dropped; CRLF and CR line ends are read and counted", () => {
  const text = `# backup of ipbs-north-2\r\n\r\n   # indented comment\r\n${NATIVE_BASE.replace("\n", "\r")}`;
  const cfg = fromNative(text);
  assert.equal(cfg.name, "ipbs-north-2");
  assert.equal(cfg.ip, "127.0.1.2");
  assert.deepEqual(cfg.extra, []);
  assert.ok(!formatNativeText(cfg).includes("#"));
  assertConfigError(
    () => fromNative(`${text}config change MASTER0 /mode on\r\n`),
    at("MASTER0 /mode", 6, ConfigCode.MasterMode),
  );
});

test("config write and config activate are read in order but do not change the model", () => {
  const text = `${NATIVE_BASE}config activate\nconfig write\nmod cmd UP1 check resetn serial002\n`;
  const kinds = readNativeText(text, "test.txt").map((c) => `${c.kind}@${c.line}`);
  assert.deepEqual(kinds, ["config@1", "config@2", "activate@3", "write@4", "verbatim@5"]);
  assert.deepEqual(
    deviceToObject(fromNative(text)),
    deviceToObject(fromNative(`${NATIVE_BASE}mod cmd UP1 check resetn serial002`)),
  );
});

test("the manual's IPVM console commands parse (App. J.2.1, without the reset)", () => {
  const text = [
    "config change DEV0 /name ipvm-1 /kind IPVM /mac 00:90:33:0a:0b:0d",
    "config add IP0 ETH0 /addr 192.168.0.20 /mask 255.255.255.0 /dns 192.168.0.1 /dns2 192.168.0.2",
    "config add IP0 RT0 /gateway 192.168.0.1",
    "config add DHCP0 /mode off",
    "config write",
  ].join("\n");
  const cfg = fromNative(text);
  assert.deepEqual(
    { ip: cfg.ip, mask: cfg.mask, dns: cfg.dns, dns2: cfg.dns2, gateway: cfg.gateway, extra: cfg.extra },
    {
      ip: "192.168.0.20",
      mask: "255.255.255.0",
      dns: "192.168.0.1",
      dns2: "192.168.0.2",
      gateway: "192.168.0.1",
      extra: ["config add DHCP0 /mode off"],
    },
  );
});

test("formatNativeText writes modules in canonical order and leaves out defaults", () => {
  const cfg = fromNative(
    [
      "config change POS0 /x 1 /y 2 /floor 0",
      "config change RADIO0 /enable /master 127.0.1.1 /heartbeat 500",
      `config change MASTER0 /mode active /id 1 /master-lost ${REDUNDANCY_DEFAULTS.masterLostMs + 1}`,
      "config change DECT0 /sysname ipdect /syspwd ip-dect",
      NATIVE_BASE,
    ].join("\n"),
  );
  assert.equal(
    formatNativeText(cfg),
    [
      NATIVE_BASE.replace(/\n$/, ""),
      "config change DECT0",
      `config change MASTER0 /mode active /master-lost ${REDUNDANCY_DEFAULTS.masterLostMs + 1}`,
      "config change RADIO0 /master 127.0.1.1",
      "config change POS0 /x 1 /y 2",
      "config write",
      "config activate",
      "",
    ].join("\n"),
  );
  const disabled = fromNative(withLine("config change RADIO0 /disable"));
  assert.match(formatNativeText(disabled), /^config change RADIO0 \/disable$/m);
});

test("PARI0, RCFG0 and the PARI/IPBL options of RADIO0 round-trip (§4.6.21, §4.6.33, §4.6.35, §4.11.2)", () => {
  const text = [
    "config change DEV0 /name pari /kind IPBL /mac 00:90:33:0a:0b:0c /ntp 192.0.2.1",
    "config add IP0 ETH0 /addr 127.0.1.2",
    "config change DECT0",
    "config change MASTER0 /mode active",
    "config change PARI0 /sysid 293 /sari B-0A5E-24-0,B-0A5E-24-1 /sync-depth 6 /band south-america /enabled-carriers 18,19,20,21",
    "config change RCFG0 /ntp 10.0.0.9 /update-url http://10.0.0.8/up /mask 255.255.0.0",
    "config change RADIO0 /pari-master 127.0.1.2 /alt-pari-master 127.0.1.3 /region 9 /rfps 4 /cable 40 /rfp-error-rate 0.01 /sync-mode restricted /sync-rfpi 0A5E000010 /alt-sync-rfpi b-7 /ref-rfpi 0A5E000020 /alt-ref-rfpi b-9 /resync scheduled /resync-at 04:30",
    "config write",
    "config activate",
    "",
  ].join("\n");
  const cfg = parseNativeText(text, "pari.txt");
  assert.deepEqual(cfg.pari, {
    systemId: 293,
    sari: ["B-0A5E-24-0", "B-0A5E-24-1"],
    syncDepth: 6,
    band: "south-america",
    carriers: [18, 19, 20, 21],
  });
  assert.equal(cfg.radio?.syncMode, "restricted");
  assert.equal(cfg.radio?.altSyncRfpi, "b-7");
  assert.equal(cfg.radio?.resyncAt, "04:30");
  assert.deepEqual(cfg.radioConfig, { ntp: "10.0.0.9", updateUrl: "http://10.0.0.8/up", mask: "255.255.0.0" });
  assert.equal(cfg.radio?.rfps, 4);
  assert.equal(cfg.radio?.cableM, 40);
  assert.equal(cfg.ntp, "192.0.2.1");
  assert.equal(formatNativeText(cfg), text);
});
