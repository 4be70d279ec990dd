import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { DecodeError } from "../../src/core/errors.js";
import { formatBackupLines, formatUserLine, parseBackupLine, USERS_VIEW_LINE } from "../../src/users/backupLines.js";
import type { ConfigUser } from "../../src/users/configUser.js";
import { configUserArb } from "./arbitraries.js";

// Manual 003 App. C, "Removing a User Example" (the PDF wraps each record; on the device it is one line).
const VIEW = "mod cmd FLASHDIR0 add-view 101 cn=PBX0";
const USER_1950 =
  'mod cmd FLASHDIR0 add-item 101 (cn=1950)(guid;bin=80319FC0E909D311905C00013E00EFC8)(dn=1950)(h323=1950)(e164=1950)(pbx=<user admin="no"/>)(pbx=<gw name="DECT_CEg" ipei="002020173394" subs="977e9bfc568c8223197e4195bec9ec28"/>)(usn=14)';
const USER_1951 =
  'mod cmd FLASHDIR0 add-item 101 (cn=1951)(guid;bin=7B7C9D01E909D311905C00013E00EFC8)(dn=1951)(h323=1951)(e164=1951)(pbx=<user admin="no"/>)(pbx=<gw name="DECT_CEg" ipei="002020173479" subs="90bd79116daec066105610822cabc1e7"/>)(usn=15)';
// "Adding a User Example": guid;bin and usn removed, a space between (cn=1951) and (dn=1951) as printed.
const ADDED_1951 =
  'mod cmd FLASHDIR0 add-item 101 (cn=1951) (dn=1951)(h323=1951)(e164=1951)(pbx=<user admin="no"/>)(pbx=<gw name="DECT_CEg" ipei="002020173479" subs="90bd79116daec066105610822cabc1e7"/>)';

const item = (text: string, line = 1): ConfigUser => {
  const parsed = parseBackupLine(text, line);
  assert.equal(parsed?.kind, "item", text);
  return (parsed as { user: ConfigUser }).user;
};
const head = "mod cmd FLASHDIR0 add-item 101 ";

test("the manual's user records read as users: cn Long Name, dn Display Name, h323 Name, e164 Number (App. C)", () => {
  assert.deepEqual(parseBackupLine(VIEW, 1), { kind: "view" });
  assert.deepEqual(item(USER_1950), {
    longName: "1950",
    displayName: "1950",
    name: "1950",
    number: "1950",
    // The manual writes 12 digits (EMC 00202, PSN 0173394); the model holds the 13 with the check digit.
    ipei: "0020201733948",
    guid: "80319FC0E909D311905C00013E00EFC8",
    usn: 14,
    gateway: "DECT_CEg",
    subs: "977e9bfc568c8223197e4195bec9ec28",
  });
  assert.equal(item(USER_1951).usn, 15);
});

test("the manual's records are written back character for character", () => {
  assert.deepEqual(formatBackupLines([item(USER_1950), item(USER_1951)]), [VIEW, USER_1950, USER_1951]);
  assert.equal(USERS_VIEW_LINE, VIEW);
});

test("App. C step 4: a record without guid;bin and usn reads, with whitespace between attributes", () => {
  const u = item(ADDED_1951);
  assert.equal(u.guid, undefined);
  assert.equal(u.usn, undefined);
  assert.deepEqual(u, stripIds(item(USER_1951)));
  assert.equal(formatUserLine(u), ADDED_1951.replace(") (", ")("));
});

function stripIds({ guid: _g, usn: _u, ...rest }: ConfigUser): ConfigUser {
  return rest;
}

test("every field has its attribute; Idle Display is idle, Auth. Code authCode, Auth Name auth", () => {
  const u = item(
    `${head}(cn=Anna Berg)(e164=200)(auth=anna.sip)(password=pw)(authCode=1234)(idle=Anna B)(pbx=<gw ipei="0001905920153"/>)`,
  );
  assert.deepEqual(u, {
    longName: "Anna Berg",
    number: "200",
    authName: "anna.sip",
    password: "pw",
    authCode: "1234",
    idleDisplay: "Anna B",
    ipei: "0001905920153",
  });
  assert.equal(
    formatUserLine(u),
    `${head}(cn=Anna Berg)(e164=200)(auth=anna.sip)(password=pw)(authCode=1234)(idle=Anna B)(pbx=<user admin="no"/>)(pbx=<gw ipei="000190592015"/>)`,
  );
});

test('escaping: ( ) \\ " are written \\28 \\29 \\5c \\22 in plain and quoted values; any \\XX is a UTF-8 byte', () => {
  const u: ConfigUser = { longName: 'a(b)c\\d"e', number: "1", gateway: 'gw "(x)"' };
  const line = formatUserLine(u);
  assert.ok(line.includes("(cn=a\\28b\\29c\\5cd\\22e)"), line);
  assert.ok(line.includes('(pbx=<gw name="gw \\22\\28x\\29\\22"/>)'), line);
  assert.deepEqual(item(line), u);
  assert.equal(item(`${head}(cn=caf\\c3\\a9 \\41)(e164=1)`).longName, "café A");
});

test("any valid user → line → user is equal, and the line is one line (fast-check)", () => {
  fc.assert(
    fc.property(configUserArb, (u) => {
      const line = formatUserLine(u);
      assert.ok(!/[\r\n]/.test(line));
      assert.deepStrictEqual(item(line, 7), u);
      assert.equal(formatUserLine(item(line)), line);
    }),
    { seed: 3141, numRuns: 1000 },
  );
});

/** Asserts a DecodeError at `line` whose field and reason match. */
function refused(text: string, field: string | undefined, reason: RegExp, line = 9): DecodeError {
  try {
    parseBackupLine(text, line);
  } catch (e) {
    assert.ok(e instanceof DecodeError, String(e));
    assert.equal(e.context.line, line);
    assert.equal(e.context.field, field, e.message);
    assert.match(e.reason, reason);
    assert.ok(e.message.startsWith(`line ${line}: `), e.message);
    return e;
  }
  assert.fail(`accepted: ${text}`);
}

test("bad records are refused with line, attribute and reason", () => {
  refused(`${head}(cn=A)(e164=1)(foo=bar)`, "foo", /unknown attribute/);
  refused(`${head}(cn=A)`, "e164", /Number: mandatory/);
  refused(`${head}(e164=1)`, "cn", /Long Name: mandatory/);
  refused(`${head}(cn=A)(e164=1`, undefined, /not closed/);
  refused(`${head}(cn=A)x(e164=1)`, undefined, /expected \(/);
  refused(`${head}(cn=a(b)(e164=1)`, "cn", /\\28/);
  refused(`${head}(cn=a\\x)(e164=1)`, "cn", /escape/);
  refused(`${head}(cn=\\ff)(e164=1)`, "cn", /UTF-8/);
  refused(`${head}(cn)(e164=1)`, undefined, /name=value/);
  refused(`${head}(cn=A)(cn=B)(e164=1)`, "cn", /twice/);
  refused(`${head}(cn=A)(e164=1)(usn=-1)`, "usn", /whole number/);
  refused(`${head}(cn=A)(e164=1)(guid;bin=XYZ)`, "guid;bin", /32 hex digits/);
  refused(`${head}(cn=A)(e164=1)(authCode=12a)`, "authCode", /digits only/);
  refused(`${head}(cn=A)(e164=1)(pbx=<user admin="yes"/>)`, "pbx user", /admin="no"/);
  refused(`${head}(cn=A)(e164=1)(pbx=<user admin="no"/>)(pbx=<user admin="no"/>)`, "pbx user", /twice/);
  refused(`${head}(cn=A)(e164=1)(pbx=<fax/>)`, "pbx", /unknown element/);
  refused(`${head}(cn=A)(e164=1)(pbx=<gw nam="x"/>)`, "pbx gw", /unknown attribute nam/);
  refused(`${head}(cn=A)(e164=1)(pbx=<gw name="x">)`, "pbx", /expected <user/);
  refused(`${head}(cn=A)(e164=1)(pbx=<gw ipei="999990000000"/>)`, "pbx gw ipei", /EMC/);
  refused(`${head}(cn=A)(e164=1)(pbx=<gw ipei="0001905920154"/>)`, "pbx gw ipei", /not an IPEI/);
  refused(`${head}(cn=A)(e164=1)(pbx=<gw subs="ab"/>)`, "pbx gw subs", /needs an IPEI/);
  refused(`${head}(cn=${"x".repeat(31)})(e164=1)`, "cn", /at most 30/);
  refused("mod cmd FLASHDIR0 add-view 101 cn=PBX1", undefined, /exactly/);
});

test("the offset points at the attribute; a refused Password or Auth. Code is never echoed", () => {
  assert.equal(refused(`${head}(cn=A) (e164=1)(x=y)`, "x", /unknown/).context.offset, head.length + 15);
  const secret = "s3cr3t-".repeat(5);
  assert.doesNotMatch(refused(`${head}(cn=A)(e164=1)(password=${secret})`, "password", /at most 30/).message, /s3cr3t/);
  assert.doesNotMatch(refused(`${head}(cn=A)(e164=1)(authCode=98x76)`, "authCode", /digits/).message, /98x76/);
});

test("other FLASHDIR0 views and other commands are not user lines", () => {
  assert.equal(parseBackupLine("mod cmd FLASHDIR0 add-view 102 cn=OTHER", 1), undefined);
  assert.equal(parseBackupLine("mod cmd FLASHDIR0 add-item 1010 (cn=A)", 1), undefined);
  assert.equal(parseBackupLine("mod cmd UP1 check resetn serial002", 1), undefined);
});

const FUZZ_UNITS = [...'()\\"=<>/;x0 ', "\\28", "\\5c", "(cn=", "(e164=", "(pbx=<gw ", 'ipei="', '"/>)', "(usn="];
const mutated = fc
  .tuple(fc.constantFrom(USER_1950, USER_1951, ADDED_1951, VIEW), fc.nat(), fc.nat(), fc.string({ maxLength: 4 }))
  .map(([line, at, cut, insert]) => {
    const i = at % (line.length + 1);
    return line.slice(0, i) + insert + line.slice(i + (cut % 6));
  });
const soup = fc
  .array(fc.oneof(fc.constantFrom(...FUZZ_UNITS), fc.string({ unit: "binary", maxLength: 3 })), { maxLength: 20 })
  .map((parts) => head + parts.join(""));

test("fuzz: 2000 mutated or random records either read or throw a DecodeError with the line", () => {
  fc.assert(
    fc.property(fc.oneof(mutated, soup), fc.integer({ min: 1, max: 5000 }), (text, line) => {
      let parsed;
      try {
        parsed = parseBackupLine(text, line);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        assert.equal(e.context.line, line);
        return;
      }
      if (parsed?.kind === "item") assert.deepStrictEqual(item(formatUserLine(parsed.user)), parsed.user);
    }),
    { seed: 42, numRuns: 2000 },
  );
});
