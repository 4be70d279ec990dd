/** The RFC 5424 syslog format (src/logging/rfc5424.ts), byte for byte. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  formatSyslog,
  MAX_MESSAGE_OCTETS,
  MAX_PARAM_CHARS,
  paramValue,
  type SyslogEntry,
} from "../../src/logging/rfc5424.js";

const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const BOM = "\u{FEFF}";
const T = Date.UTC(2026, 11, 6, 17, 54, 18, 123);

const ALARM: SyslogEntry = {
  facility: 16,
  severity: 2,
  time: T,
  hostname: "standby-1",
  appName: "ipdect",
  procId: "4711",
  msgId: "ALARM",
  data: [
    {
      id: "ipdect@99999",
      params: [
        ["code", "0x00030201"],
        ["severity", "major"],
        ["source", "master-1"],
      ],
    },
  ],
  msg: "Master lost",
};

test("an alarm: PRI = facility × 8 + severity, VERSION 1, UTC TIMESTAMP, SD-ELEMENT, BOM before MSG (RFC 5424 §6)", () => {
  assert.equal(
    text(formatSyslog(ALARM)),
    `<130>1 2026-12-06T17:54:18.123Z standby-1 ipdect 4711 ALARM [ipdect@99999 code="0x00030201" severity="major" source="master-1"] ${BOM}Master lost`,
  );
  // The BOM is the three octets EF BB BF (§6.4).
  const bytes = formatSyslog(ALARM);
  const at = bytes.indexOf(0xef);
  assert.deepEqual([...bytes.subarray(at, at + 3)], [0xef, 0xbb, 0xbf]);
});

test("absent fields are the NILVALUE -, no SD is -, no MSG leaves no trailing space (RFC 5424 §6.2, §6.3)", () => {
  assert.equal(text(formatSyslog({ facility: 0, severity: 0, data: [] })), "<0>1 - - - - - -");
  assert.equal(text(formatSyslog({ facility: 23, severity: 7, data: [], msg: "" })), "<191>1 - - - - - -");
});

test('PARAM-VALUE escapes ", \\ and ] with a backslash and nothing else (RFC 5424 §6.3.3)', () => {
  assert.equal(paramValue('a"b\\c]d[e=f'), 'a\\"b\\\\c\\]d[e=f');
  const out = text(formatSyslog({ facility: 1, severity: 6, data: [{ id: "x@1", params: [["r", 'say "hi]"']] }] }));
  assert.equal(out, '<14>1 - - - - - [x@1 r="say \\"hi\\]\\""]');
});

test("header fields: non-PRINTUSASCII becomes _, each cut to its length (HOSTNAME 255, APP-NAME 48, MSGID 32)", () => {
  const out = text(
    formatSyslog({
      facility: 1,
      severity: 6,
      hostname: "Büro 1",
      appName: "a".repeat(60),
      msgId: "M".repeat(40),
      data: [],
    }),
  );
  assert.equal(out, `<14>1 - B_ro_1 ${"a".repeat(48)} - ${"M".repeat(32)} -`);
});

test('SD-NAME drops =, space, ] and " and is at most 32 characters (RFC 5424 §6.3.2)', () => {
  const out = text(formatSyslog({ facility: 1, severity: 6, data: [{ id: "a b", params: [['k=]"', "v"]] }] }));
  assert.equal(out, '<14>1 - - - - - [a_b k___="v"]');
});

test("a PARAM-VALUE is cut to MAX_PARAM_CHARS code points before escaping", () => {
  assert.equal([...paramValue("é".repeat(MAX_PARAM_CHARS + 10))].length, MAX_PARAM_CHARS);
});

test("the whole message is at most 2048 octets: a long MSG is cut between UTF-8 code points (RFC 5424 §6.1)", () => {
  const bytes = formatSyslog({ ...ALARM, msg: "€".repeat(MAX_MESSAGE_OCTETS) });
  assert.ok(bytes.length <= MAX_MESSAGE_OCTETS && bytes.length > MAX_MESSAGE_OCTETS - 3);
  assert.ok(text(bytes).endsWith("€"), "no half character at the end");
  assert.doesNotMatch(text(bytes), /\uFFFD/u);
});

test("structured data that cannot fit leaves - in its place", () => {
  const params = Array.from({ length: 20 }, (_, i) => [`p${i}`, "x".repeat(MAX_PARAM_CHARS)] as const);
  const out = text(formatSyslog({ facility: 1, severity: 6, data: [{ id: "x@1", params }], msg: "m" }));
  assert.equal(out, `<14>1 - - - - - - ${BOM}m`);
});

test("a time outside four-digit years is unknown, -", () => {
  assert.equal(text(formatSyslog({ facility: 1, severity: 6, time: 1e15, data: [] })), "<14>1 - - - - - -");
});
