/** The `users:` list of a Master (YAML): initial users of its directory (§3.14), checked by the directory's rules. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigCode } from "../../../src/core/config/index.js";
import { assertConfigError, fromYaml, YAML_BASE } from "./helpers.js";

const yaml = (field: string, line: number | undefined, code: string) => ({ code, line, field });
/** Lines 1-6: a Master; `users:` items from line 7. */
const withUsers = (items: string) => fromYaml(`${YAML_BASE}master: { mode: active }\nusers:\n${items}`);

test("users are §3.14 fields under their model names, kept in order", () => {
  const cfg = withUsers(
    "  - { longName: Ann, number: '100', ipei: 00019 0592015 3 }\n  - { longName: Bob, number: '101' }\n",
  );
  assert.deepEqual(cfg.users, [
    { longName: "Ann", number: "100", ipei: "00019 0592015 3" },
    { longName: "Bob", number: "101" },
  ]);
  assert.deepEqual(withUsers("  []\n").users, []);
});

test("a user breaking a §3.14 rule, a duplicate, a number not quoted or no Master: errors with line and field", () => {
  assertConfigError(
    () => withUsers(`  - { longName: ${"x".repeat(31)}, number: '1' }\n`),
    yaml("users[0].longName", 7, ConfigCode.User),
  );
  assertConfigError(() => withUsers("  - { longName: Ann }\n"), yaml("users[0].number", 7, ConfigCode.User));
  assertConfigError(
    () => withUsers("  - { longName: Ann, number: 100 }\n"),
    yaml("users[0].number", 7, ConfigCode.User),
  );
  assertConfigError(
    () => withUsers("  - { longName: Ann, number: '1', ipei: '12' }\n"),
    yaml("users[0].ipei", 7, ConfigCode.User),
  );
  assertConfigError(
    () => withUsers("  - { longName: Ann, number: '1', mail: a }\n"),
    yaml("users[0].mail", 7, ConfigCode.UnknownKey),
  );
  assertConfigError(
    () => withUsers("  - { longName: Ann, number: '1' }\n  - { longName: Bob, number: '1' }\n"),
    yaml("users[1].number", 8, ConfigCode.UserDuplicate),
  );
  const e = assertConfigError(
    () => withUsers("  - { longName: Ann, number: '1', password: 1234567890123456789012345678901 }\n"),
    yaml("users[0].password", 7, ConfigCode.User),
  );
  assert.doesNotMatch(e.message, /12345678901/);
  assertConfigError(() => fromYaml(`${YAML_BASE}users: []\n`), yaml("users", 5, ConfigCode.UsersNeedMaster));
});
