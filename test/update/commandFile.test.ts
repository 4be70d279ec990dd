/** Command files of the update server (App. A.1.3–A.1.7, App. E), read all or nothing. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readNativeText } from "../../src/config/nativeLine.js";
import { DecodeError } from "../../src/core/errors.js";
import { MAX_COMMAND_FILE_BYTES, parseCommandFile, type UpdateCommand } from "../../src/update/commandFile.js";
import { UpdateCode } from "../../src/update/errors.js";
import { parseUpdateUrl } from "../../src/update/updateUrl.js";

const url = (text: string) => parseUpdateUrl(text, "test");
const one = (line: string): UpdateCommand => {
  const commands = parseCommandFile(line, "update-IPBL.htm");
  assert.equal(commands.length, 1);
  return commands[0]!;
};

/** Asserts that `text` is refused with `code`, naming `line`, with a message matching `message`. */
function refused(
  text: string | Uint8Array,
  code: string,
  line: number | undefined,
  message: RegExp,
  product?: "IPVM" | "IPBS2",
): void {
  assert.throws(
    () => parseCommandFile(text, "update-IPBS2.htm", product),
    (e: unknown) => {
      assert.ok(e instanceof DecodeError, String(e));
      assert.equal(e.code, code, e.message);
      assert.equal(e.context.line, line, e.message);
      assert.match(e.message, message);
      return true;
    },
  );
}

test("A.1.3's example lines: check with each final command, and times with /allow and /initial", () => {
  assert.deepEqual(one("mod cmd UP1 check resetn serial002"), {
    line: 1,
    module: "UP1",
    cmd: "check",
    final: "resetn",
    serial: "serial002",
  });
  for (const final of ["ireset", "reset", "iresetn", "resetn", "ser"])
    assert.equal((one(`mod cmd UP1 check ${final} 7`) as { final: string }).final, final);
  // "mod cmd UP1 times /allow 12,23,0,1,2,3,4 … allows command executions only between 12:00 and 12:59 and 23:00
  // and 4:59"
  assert.deepEqual(one("mod cmd UP1 times /allow 12,23,0,1,2,3,4"), {
    line: 1,
    module: "UP1",
    cmd: "times",
    allowHours: [12, 23, 0, 1, 2, 3, 4],
  });
  // "… suppresses any command file processing within the first six minutes after each boot"
  assert.deepEqual(one("mod cmd UP1 times /allow 12,23,1,2,3,4 /initial 6"), {
    line: 1,
    module: "UP1",
    cmd: "times",
    allowHours: [12, 23, 1, 2, 3, 4],
    initialMinutes: 6,
  });
  assert.deepEqual(one("mod cmd UP1 times"), { line: 1, module: "UP1", cmd: "times" });
  assert.deepEqual(one("mod cmd UP1 times /initial 0 /allow 0"), {
    line: 1,
    module: "UP1",
    cmd: "times",
    allowHours: [0],
    initialMinutes: 0,
  });
});

test("times: hours are 0–23 (A.1.3: a 24h clock), each once; /initial is a whole number of minutes", () => {
  assert.deepEqual(
    (one("mod cmd UP1 times /allow 23,00,07") as { allowHours: readonly number[] }).allowHours,
    [23, 0, 7],
  );
  const bad = (rest: string, message: RegExp) =>
    refused(`mod cmd UP1 times ${rest}`, UpdateCode.UpCommandSyntax, 1, message);
  bad("/allow 24", /UP1 times \/allow: "24" is not an hour 0–23/);
  bad("/allow 1,,2", /"" is not an hour/);
  bad("/allow 1,2,", /"" is not an hour/);
  bad("/allow -1", /"-1" is not an hour/);
  bad("/allow 1,1", /hour 1 is listed twice/);
  bad("/allow 100", /"100" is not an hour/);
  bad("/allow", /needs a value/);
  bad("/initial -5", /"-5" is not a whole number/);
  bad("/initial 1.5", /"1\.5" is not a whole number/);
  bad("/initial 1234567", /up to six digits/);
  bad("/allow 1 /allow 2", /\/allow: given twice/);
  bad("/allow 1 /forever", /unknown option "\/forever"/);
  bad("12,23", /unexpected "12,23"/);
});

test("A.1.4's prot and boot examples, A.1.6's cfg: <url> <final-command> <serial>", () => {
  assert.deepEqual(one("mod cmd UP0 prot http://192.168.0.10/firm/ ireset 5.0.0"), {
    line: 1,
    module: "UP0",
    cmd: "prot",
    url: url("http://192.168.0.10/firm/"),
    final: "ireset",
    serial: "5.0.0",
  });
  // A.1.4 writes the boot example's URL without the '/' yet expands it: read as written (docs/design.md).
  assert.deepEqual(one("mod cmd UP0 boot http://192.168.0.10/firm ireset 5.0.0"), {
    line: 1,
    module: "UP0",
    cmd: "boot",
    url: url("http://192.168.0.10/firm"),
    final: "ireset",
    serial: "5.0.0",
  });
  assert.deepEqual(one("mod cmd UP0 cfg tftp://10.1.1.1/site.cfg resetn 42"), {
    line: 1,
    module: "UP0",
    cmd: "cfg",
    url: url("tftp://10.1.1.1/site.cfg"),
    final: "resetn",
    serial: "42",
  });
  refused(
    "mod cmd UP0 prot http://192.168.0.10/firm/ ireset",
    UpdateCode.UpCommandSyntax,
    1,
    /expected mod cmd UP0 prot <url>/,
  );
  refused("mod cmd UP0 prot http://fw.example/ ireset 5", UpdateCode.UpUrl, 1, /UP0 prot <url>: .*no host names/);
  refused("mod cmd UP0 cfg http://1.2.3.4/ now 5", UpdateCode.UpCommandSyntax, 1, /"now" is not a final command/);
  refused("mod cmd UP0 cfg http://1.2.3.4/ reset 5 6", UpdateCode.UpCommandSyntax, 1, /unexpected "6"/);
});

test('A.1.5\'s scfg example reads "no-op" as ser, with /force 168; scfg <url> alone saves each time', () => {
  // The manual's PDF wraps "/force" and "168" over two lines; a command file holds the command on one.
  assert.deepEqual(one("mod cmd UP0 scfg http://192.168.0.10/configs/saved/#h#b5.txt no-op WEEKLY /force 168"), {
    line: 1,
    module: "UP0",
    cmd: "scfg",
    template: "http://192.168.0.10/configs/saved/#h#b5.txt",
    final: "ser",
    serial: "WEEKLY",
    forceHours: 168,
  });
  assert.deepEqual(one("mod cmd UP0 scfg http://192.168.0.10/configs/#m-#d.txt"), {
    line: 1,
    module: "UP0",
    cmd: "scfg",
    template: "http://192.168.0.10/configs/#m-#d.txt",
  });
  assert.equal((one("mod cmd UP0 scfg http://1.2.3.4/c ser S") as { forceHours?: number }).forceHours, undefined);
  const bad = (rest: string, code: string, message: RegExp) => refused(`mod cmd UP0 scfg ${rest}`, code, 1, message);
  bad("http://1.2.3.4/c no-op", UpdateCode.UpCommandSyntax, /expected mod cmd UP0 scfg <url> \[<final-command>/);
  bad("http://1.2.3.4/c /force 5", UpdateCode.UpCommandSyntax, /comes after <final-command> <save-serial>/);
  bad("http://1.2.3.4/c ser S /force 0", UpdateCode.UpCommandSyntax, /"0" is not a whole number ≥ 1/);
  bad("http://1.2.3.4/c ser S /force", UpdateCode.UpCommandSyntax, /needs a value/);
  bad("http://1.2.3.4/#h#b.txt ser S", UpdateCode.UpUrl, /#b needs the number of backups/);
  bad("http://1.2.3.4/#q ser S", UpdateCode.UpUrl, /unknown sequence "#q"/);
  bad("", UpdateCode.UpCommandSyntax, /expected mod cmd UP0 scfg/);
});

test("A.1.7's RFP_UPDATE0 lines: firmware, select 0x2753 is RFPs 1,2,5,7,9,10,11,14, schedule, start /idle", () => {
  assert.deepEqual(one("mod cmd RFP_UPDATE0 firmware http://192.168.0.10/Worf4_GAP_R4H.s2"), {
    line: 1,
    module: "RFP_UPDATE0",
    cmd: "firmware",
    url: url("http://192.168.0.10/Worf4_GAP_R4H.s2"),
  });
  // '0x2753 specifies RFP "1,2,5,7,9,10,11,14" to be updated.'
  assert.deepEqual(one("mod cmd RFP_UPDATE0 select 0x2753"), {
    line: 1,
    module: "RFP_UPDATE0",
    cmd: "select",
    ports: [1, 2, 5, 7, 9, 10, 11, 14],
  });
  assert.deepEqual(one("mod cmd RFP_UPDATE0 schedule 16.03.2007-22:30"), {
    line: 1,
    module: "RFP_UPDATE0",
    cmd: "schedule",
    at: { year: 2007, month: 3, day: 16, hour: 22, minute: 30 },
  });
  // "If no date is provided, the update will be immediate when the start command is issued."
  assert.deepEqual(one("mod cmd RFP_UPDATE0 schedule"), { line: 1, module: "RFP_UPDATE0", cmd: "schedule" });
  assert.deepEqual(one("mod cmd RFP_UPDATE0 start /idle"), {
    line: 1,
    module: "RFP_UPDATE0",
    cmd: "start",
    idle: true,
    sequence: false,
  });
  const start = one("mod cmd RFP_UPDATE0 start /sequence /idle") as { idle: boolean; sequence: boolean };
  assert.deepEqual([start.idle, start.sequence], [true, true]);
  const plain = one("mod cmd RFP_UPDATE0 start") as { idle: boolean; sequence: boolean };
  assert.deepEqual([plain.idle, plain.sequence], [false, false]);
});

test('select: "port 1 at the LSB (0x0001) up to port 16 (0x8000)"; no RFP or a 17th bit is refused (A.1.7)', () => {
  const ports = (mask: string) => (one(`mod cmd RFP_UPDATE0 select ${mask}`) as { ports: readonly number[] }).ports;
  assert.deepEqual(ports("0x0001"), [1]);
  assert.deepEqual(ports("0x8000"), [16]);
  assert.deepEqual(
    ports("0xffff"),
    Array.from({ length: 16 }, (_, i) => i + 1),
  );
  assert.deepEqual(ports("0XFFFF"), ports("0xffff"));
  assert.deepEqual(ports("0x1"), [1]);
  for (const mask of ["0x10000", "0x1ffff", "0xffffffff", "0x100000000000000000000"])
    refused(`mod cmd RFP_UPDATE0 select ${mask}`, UpdateCode.UpCommandSyntax, 1, /more than 16 bits/);
  refused("mod cmd RFP_UPDATE0 select 0x0000", UpdateCode.UpCommandSyntax, 1, /selects no RFP/);
  for (const mask of ["2753", "0x", "0xg1", "ffff"])
    refused(`mod cmd RFP_UPDATE0 select ${mask}`, UpdateCode.UpCommandSyntax, 1, /not a hex mask like 0x2753/);
  refused("mod cmd RFP_UPDATE0 select", UpdateCode.UpCommandSyntax, 1, /expected mod cmd RFP_UPDATE0 select/);
});

test("schedule DD.MM.YYYY-HH:MM: only dates of the calendar and times of a 24 h clock", () => {
  const at = (w: string) => (one(`mod cmd RFP_UPDATE0 schedule ${w}`) as { at: { day: number } }).at;
  assert.equal(at("29.02.2024-23:59").day, 29);
  assert.equal(at("29.02.2000-00:00").day, 29);
  assert.equal(at("31.12.2026-12:00").day, 31);
  const bad = (w: string, message: RegExp) =>
    refused(`mod cmd RFP_UPDATE0 schedule ${w}`, UpdateCode.UpCommandSyntax, 1, message);
  bad("29.02.2023-00:00", /no such date/);
  bad("29.02.1900-00:00", /no such date/);
  bad("31.04.2026-00:00", /no such date/);
  bad("00.01.2026-00:00", /no such date/);
  bad("01.13.2026-00:00", /no such date/);
  bad("01.01.0000-00:00", /no such date/);
  bad("01.01.2026-24:00", /no such time of day/);
  bad("01.01.2026-23:60", /no such time of day/);
  bad("1.1.2026-10:00", /is not DD\.MM\.YYYY-HH:MM/);
  bad("DD.MM.YYYY-HH:MM", /is not DD\.MM\.YYYY-HH:MM/);
  bad("01.01.2026 10:00", /unexpected "10:00"/);
});

test("start takes /idle and /sequence only, each once", () => {
  refused("mod cmd RFP_UPDATE0 start /now", UpdateCode.UpCommandSyntax, 1, /unknown option "\/now"/);
  refused("mod cmd RFP_UPDATE0 start /idle /idle", UpdateCode.UpCommandSyntax, 1, /given twice/);
  refused("mod cmd RFP_UPDATE0 start idle", UpdateCode.UpCommandSyntax, 1, /unexpected "idle"/);
  refused("mod cmd RFP_UPDATE0 start /idle yes", UpdateCode.UpCommandSyntax, 1, /unexpected "yes"/);
});

/** A.1.7's "Example Update RFP Firmware", an "update file" for the IPBL. */
const A17_EXAMPLE = `mod cmd UP1 check ser 20070316-1

mod cmd RFP_UPDATE0 firmware http://172.20.8.125/ascom/rfp/Worf123.S2

mod cmd RFP_UPDATE0 select 0xffff

mod cmd RFP_UPDATE0 start /idle
`;

/**
 * App. E's update script; its vars line on one line as the file holds it (the PDF wraps it over four), with the
 * realms upper-cased as §4.1.8.1 has them (as test/kerberos/joinScript.test.ts does).
 */
const APP_E_EXAMPLE = [
  "mod cmd UP1 check resetn serial002",
  "config add NTP0 /addr 192.168.42.136",
  "config write",
  "config activate",
  'vars create CMD0/KCMD p <join+realm="NEGREALM1"+user="neguser1"+password="negpwd1"+force="true"+' +
    'disable-local="true"+kerberos-rc4="true"><server+realm="NEGREALM1"+address="192.168.42.34"><server+' +
    'realm="NEGREALM2"+addres="192.168.42.99"/></join>',
].join("\r\n");

test("A.1.7's example update file reads in order, with its blank lines", () => {
  const commands = parseCommandFile(A17_EXAMPLE, "update-IPBL.htm", "IPBL");
  assert.deepEqual(
    commands.map((c) => [c.line, c.module, "cmd" in c ? c.cmd : c.text]),
    [
      [1, "UP1", "check"],
      [3, "RFP_UPDATE0", "firmware"],
      [5, "RFP_UPDATE0", "select"],
      [7, "RFP_UPDATE0", "start"],
    ],
  );
});

test("App. E's script with CRLF: check, then config and vars lines passed on as device lines the device's reader takes", () => {
  const commands = parseCommandFile(APP_E_EXAMPLE, "update-IPBS2.htm", "IPBS2");
  assert.deepEqual(commands[0], { line: 1, module: "UP1", cmd: "check", final: "resetn", serial: "serial002" });
  const device = commands.filter((c) => c.module === "device");
  assert.deepEqual(
    device.map((c) => c.line),
    [2, 3, 4, 5],
  );
  assert.equal(device[3]!.text, APP_E_EXAMPLE.split("\r\n")[4]);
  // The device runs them with its native-text reader (config/nativeLine.ts), which takes every one of them (NTP0 is
  // not a module it models, so it keeps that line verbatim).
  const native = readNativeText(device.map((c) => c.text).join("\n"), "update-IPBS2.htm");
  assert.deepEqual(
    native.map((c) => c.kind),
    ["verbatim", "write", "activate", "kerberos-join"],
  );
});

test("a device line starts with config or vars; any other word is an unknown command (A.1.3)", () => {
  assert.deepEqual(one('  config change DECT0 /sysname "Site North"  '), {
    line: 1,
    module: "device",
    text: 'config change DECT0 /sysname "Site North"',
  });
  refused("reset", UpdateCode.UpCommandUnknown, 1, /unknown command "reset"/);
  refused("Config write", UpdateCode.UpCommandUnknown, 1, /unknown command "Config"/);
  refused("config", UpdateCode.UpCommandSyntax, 1, /"config" needs a command after it/);
  refused("vars", UpdateCode.UpCommandSyntax, 1, /"vars" needs a command after it/);
});

test("mod lines: unknown modules and commands, half-written lines, a second check", () => {
  refused("mod cmd UP2 check ser 1", UpdateCode.UpCommandUnknown, 1, /unknown module "UP2"/);
  refused("mod cmd FLASHDIR0 add-view 101 cn=PBX0", UpdateCode.UpCommandUnknown, 1, /unknown module "FLASHDIR0"/);
  refused("mod cmd up1 check ser 1", UpdateCode.UpCommandUnknown, 1, /unknown module "up1"/);
  refused("mod cmd UP1 poll", UpdateCode.UpCommandUnknown, 1, /mod cmd UP1 has no command "poll"/);
  refused("mod cmd UP0 check ser 1", UpdateCode.UpCommandUnknown, 1, /mod cmd UP0 has no command "check"/);
  refused("mod", UpdateCode.UpCommandSyntax, 1, /expected "mod cmd <module> <command>", got nothing/);
  refused("mod command UP1 check", UpdateCode.UpCommandSyntax, 1, /got "command"/);
  refused("mod cmd", UpdateCode.UpCommandSyntax, 1, /expected a module/);
  refused("mod cmd UP1", UpdateCode.UpCommandSyntax, 1, /expected a command after the module/);
  refused("mod cmd UP1 check", UpdateCode.UpCommandSyntax, 1, /expected mod cmd UP1 check <final-command> <serial>/);
  refused("mod cmd UP1 check ser", UpdateCode.UpCommandSyntax, 1, /expected mod cmd UP1 check/);
  refused('mod cmd UP1 check ser ""', UpdateCode.UpCommandSyntax, 1, /an empty word/);
  refused('mod cmd UP1 check ser "12', UpdateCode.UpCommandSyntax, 1, /not closed before the line ends/);
  refused(
    "mod cmd UP1 check maybe 1",
    UpdateCode.UpCommandSyntax,
    1,
    /"maybe" is not a final command; expected ireset/,
  );
  refused("mod cmd UP1 check ser 1\nmod cmd UP1 check ser 2", UpdateCode.UpCommandSyntax, 2, /first on line 1/);
});

test("without the product, every App. A module is known; with it, boot is not for the IPVM nor RFP_UPDATE0 for an IPBS", () => {
  assert.equal(parseCommandFile("mod cmd UP0 boot http://1.2.3.4/ ireset 1", "f").length, 1);
  assert.equal(parseCommandFile("mod cmd RFP_UPDATE0 select 0x1", "f", "IPBL").length, 1);
  refused(
    "mod cmd UP0 boot http://1.2.3.4/ ireset 1",
    UpdateCode.UpCommandUnknown,
    1,
    /boot is not for an IPVM/,
    "IPVM",
  );
  refused(
    "mod cmd RFP_UPDATE0 select 0x1",
    UpdateCode.UpCommandUnknown,
    1,
    /RFP_UPDATE0 select is not for an IPBS2/,
    "IPBS2",
  );
  refused("mod cmd RFP_UPDATE0 upgrade", UpdateCode.UpCommandUnknown, 1, /has no command "upgrade"/, "IPBS2");
});

test("all or nothing: one bad line refuses the file and names its line, counting blank lines and CRLF", () => {
  const file =
    "mod cmd UP1 check ser 1\r\n\r\n# a comment\r\nconfig write\r\nmod cmd UP0 prot http://1.2.3.4/ reboot 5\r\n";
  refused(
    file,
    UpdateCode.UpCommandSyntax,
    5,
    /^update-IPBS2\.htm:5: mod cmd UP0 prot: "reboot" is not a final command/,
  );
  assert.deepEqual(parseCommandFile("", "f"), []);
  assert.deepEqual(parseCommandFile("\n\r\n  \t\n# only comments\n", "f"), []);
  assert.deepEqual(
    parseCommandFile("config write\rconfig activate", "f").map((c) => c.line),
    [1, 2],
  );
});

test("a file that is not text, or over MAX_COMMAND_FILE_BYTES, is refused as a whole (UP_COMMAND_FILE)", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  refused("config write\nconfig\0 activate", UpdateCode.UpCommandFile, 2, /not text: character 0x00/);
  refused(enc("config write\n\n\x1b[0m"), UpdateCode.UpCommandFile, 3, /character 0x1b/);
  refused(Uint8Array.from([0x63, 0xff, 0x0a]), UpdateCode.UpCommandFile, undefined, /not UTF-8 text/);
  refused("config write \ud800", UpdateCode.UpCommandFile, 1, /not text: character 0xd800/);
  // A UTF-8 BOM, as Windows editors write it, is not part of the first line.
  assert.equal(parseCommandFile(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc("config write")]), "f").length, 1);
  const head = "mod cmd UP1 check ser 1\n#";
  const full = head + "x".repeat(MAX_COMMAND_FILE_BYTES - head.length);
  assert.equal(parseCommandFile(full, "f").length, 1);
  assert.equal(parseCommandFile(enc(full), "f").length, 1);
  refused(`${full}x`, UpdateCode.UpCommandFile, undefined, /over 262144 bytes/);
  refused(enc(`${full}x`), UpdateCode.UpCommandFile, undefined, /over 262144 bytes/);
  // Counted in UTF-8 bytes, not characters: "é" is two.
  refused(
    `${head}${"é".repeat(Math.ceil((MAX_COMMAND_FILE_BYTES - head.length) / 2) + 1)}`,
    UpdateCode.UpCommandFile,
    undefined,
    /over/,
  );
});
