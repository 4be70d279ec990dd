import assert from "node:assert/strict";
import { test } from "node:test";

import { ConfigCode } from "../../src/core/config/configCodes.js";
import { formatNativeText } from "../../src/config/nativeText.js";
import { assertConfigError, fromNative, fromYaml, NATIVE_BASE, YAML_BASE } from "./helpers.js";

const YAML_MASTER = `${YAML_BASE}master:\n  mode: active\n`; // lines 1-6
const NATIVE_MASTER = `${NATIVE_BASE}config change MASTER0 /mode active\n`; // lines 1-3
const VIEW = "mod cmd FLASHDIR0 add-view 101 cn=PBX0";
const ITEM = "mod cmd FLASHDIR0 add-item 101";

test("a YAML users list names fields as UserInput does; absent guid, usn and Auth. Code stay absent", () => {
  const cfg = fromYaml(
    `${YAML_MASTER}users:\n` +
      '  - { longName: Anna Berg, number: "200", name: anna, displayName: Anna, authName: a.sip, password: pw }\n' +
      '  - { longName: Bo, number: "201", ipei: "00019 0592015 3", authCode: "4321", idleDisplay: Bo B }\n' +
      '  - { longName: Cy, number: "202", guid: 80319fc0e909d311905c00013e00efc8, usn: 14, gateway: gw1 }\n',
  );
  assert.deepEqual(cfg.users, [
    { longName: "Anna Berg", number: "200", name: "anna", displayName: "Anna", authName: "a.sip", password: "pw" },
    { longName: "Bo", number: "201", ipei: "0001905920153", authCode: "4321", idleDisplay: "Bo B" },
    { longName: "Cy", number: "202", guid: "80319FC0E909D311905C00013E00EFC8", usn: 14, gateway: "gw1" },
  ]);
  assert.equal(fromYaml(YAML_MASTER).users, undefined);
  assert.deepEqual(fromYaml(`${YAML_MASTER}users: []\n`).users, []);
});

test("YAML user errors name the item index, the field and the line", () => {
  const users = (items: string) => `${YAML_MASTER}users:\n${items}`;
  const ok = '  - { longName: A, number: "1" }\n';
  assertConfigError(() => fromYaml(users(`${ok}  - { longName: B }\n`)), {
    code: ConfigCode.User,
    line: 9,
    field: "users[1].number",
  });
  const e = assertConfigError(() => fromYaml(users(`${ok}  - { longName: B, number: 2 }\n`)), {
    code: ConfigCode.User,
    line: 9,
    field: "users[1].number",
  });
  assert.match(e.message, /quote numbers/);
  assertConfigError(() => fromYaml(users(`${ok}  - { longName: B, number: "2", phone: "3" }\n`)), {
    code: ConfigCode.UnknownKey,
    line: 9,
    field: "users[1].phone",
  });
  assertConfigError(() => fromYaml(users(`${ok}  - { longName: B, number: "2", authCode: "12ab" }\n`)), {
    code: ConfigCode.User,
    line: 9,
    field: "users[1].authCode",
  });
  assertConfigError(() => fromYaml(users(`${ok}  - { longName: B, number: "2", usn: -1 }\n`)), {
    code: ConfigCode.User,
    line: 9,
    field: "users[1].usn",
  });
  assertConfigError(() => fromYaml(users("  - just a name\n")), {
    code: ConfigCode.Type,
    line: 8,
    field: "users[0]",
  });
  assertConfigError(() => fromYaml(`${YAML_MASTER}users: {}\n`), { code: ConfigCode.Type, line: 7, field: "users" });
});

test("Long Name, Number, IPEI and guid are unique in a configuration (§3.14); the message names the other item", () => {
  const e = assertConfigError(
    () => fromYaml(`${YAML_MASTER}users:\n  - { longName: A, number: "1" }\n  - { longName: B, number: "1" }\n`),
    { code: ConfigCode.UserDuplicate, line: 9, field: "users[1].number" },
  );
  assert.match(e.message, /Number 1 is used twice, also in users\[0\] \(line 8\)/);
  assertConfigError(
    () => fromYaml(`${YAML_MASTER}users:\n  - { longName: A, number: "1" }\n  - { longName: A, number: "2" }\n`),
    { code: ConfigCode.UserDuplicate, line: 9, field: "users[1].longName" },
  );
});

test("users need a Master section (§4.10), in both faces", () => {
  assertConfigError(() => fromYaml(`${YAML_BASE}users: []\n`), {
    code: ConfigCode.UsersNeedMaster,
    line: 5,
    field: "users",
  });
  assertConfigError(() => fromNative(`${NATIVE_BASE}${VIEW}\n`), {
    code: ConfigCode.UsersNeedMaster,
    line: 3,
    field: "users",
    source: "test.txt",
  });
});

test("native App. C lines become users and leave extra; other FLASHDIR0 views stay verbatim", () => {
  const text =
    `${NATIVE_MASTER}mod cmd UP1 check resetn serial002\n${VIEW}\n` +
    `${ITEM} (cn=Anna)(e164=200)(password=pw)(authCode=1234)\n` +
    `${ITEM} (cn=Bo) (e164=201)(pbx=<gw name="gw1" ipei="000190592015"/>)(usn=7)\n` +
    "mod cmd FLASHDIR0 add-view 102 cn=OTHER\n";
  const cfg = fromNative(text);
  assert.deepEqual(cfg.users, [
    { longName: "Anna", number: "200", password: "pw", authCode: "1234" },
    { longName: "Bo", number: "201", ipei: "0001905920153", gateway: "gw1", usn: 7 },
  ]);
  assert.deepEqual(cfg.extra, ["mod cmd UP1 check resetn serial002", "mod cmd FLASHDIR0 add-view 102 cn=OTHER"]);
});

test("formatNativeText writes the view row, then one record per user, after extra and before config write", () => {
  const cfg = fromNative(`${NATIVE_MASTER}mod cmd UP1 check resetn serial002\n${VIEW}\n${ITEM} (cn=Anna)(e164=200)\n`);
  assert.ok(
    formatNativeText(cfg).endsWith(
      `mod cmd UP1 check resetn serial002\n${VIEW}\n${ITEM} (cn=Anna)(e164=200)(pbx=<user admin="no"/>)\n` +
        "config write\nconfig activate\n",
    ),
  );
  // No users: the view row alone (a restore then empties the directory); none at all: no FLASHDIR0 lines.
  assert.deepEqual(fromNative(`${NATIVE_MASTER}${VIEW}\n`).users, []);
  assert.ok(formatNativeText(fromNative(`${NATIVE_MASTER}${VIEW}\n`)).includes(`${VIEW}\nconfig write`));
  assert.ok(!formatNativeText(fromNative(NATIVE_MASTER)).includes("FLASHDIR0"));
});

test("native user line errors say file, line and attribute; records must follow the view row once", () => {
  assertConfigError(() => fromNative(`${NATIVE_MASTER}${VIEW}\n${ITEM} (cn=Anna)(e164=200)(idle=x\n`), {
    code: ConfigCode.UserLine,
    line: 5,
    field: undefined,
    source: "test.txt",
  });
  assertConfigError(() => fromNative(`${NATIVE_MASTER}${VIEW}\n${ITEM} (cn=Anna)\n`), {
    code: ConfigCode.UserLine,
    line: 5,
    field: "e164",
    source: "test.txt",
  });
  assertConfigError(() => fromNative(`${NATIVE_MASTER}${ITEM} (cn=Anna)(e164=200)\n${VIEW}\n`), {
    code: ConfigCode.UserLineOrder,
    line: 4,
    field: undefined,
    source: "test.txt",
  });
  assertConfigError(() => fromNative(`${NATIVE_MASTER}${VIEW}\n${VIEW}\n`), {
    code: ConfigCode.UserLineOrder,
    line: 5,
    field: undefined,
    source: "test.txt",
  });
  const dup = `${NATIVE_MASTER}${VIEW}\n${ITEM} (cn=A)(e164=200)\n${ITEM} (cn=B)(e164=200)\n`;
  const e = assertConfigError(() => fromNative(dup), {
    code: ConfigCode.UserDuplicate,
    line: 6,
    field: "users[1].number",
    source: "test.txt",
  });
  assert.match(e.message, /also in users\[0\] \(line 5\)/);
});

test("App. C user lines are refused in YAML extra: they belong in users", () => {
  assertConfigError(() => fromYaml(`${YAML_MASTER}extra:\n  - ${ITEM} (cn=A)(e164=1)\n`), {
    code: ConfigCode.ExtraLine,
    line: 8,
    field: "extra[0]",
  });
});
