import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { adminCheck, backupAdminLine, checkBackupAdmin, splitBackup } from "../../src/auth/backupAdmin.js";
import { AuthCode } from "../../src/auth/errors.js";
import { VerifiedPasswords } from "../../src/auth/passwordHash.js";
import { STANDARD_BACKUP, SystemAdmin } from "../../src/auth/SystemAdmin.js";
import { IpdectError } from "../../src/core/errors.js";
import { MemoryStore } from "../../src/core/Store.js";
import { throwsCode } from "../update/imageBytes.js";

const CONFIG = "config change DEV0 /name m /kind IPBS /mac 00:90:33:00:00:01\n";
const noDamage = () => assert.fail("the flash is not damaged");

describe("a backup's admin line (§4.14, §4.18.1)", () => {
  test("the check depends on name and password and on nothing else: the same on every device", () => {
    const check = adminCheck("admin", "changeme");
    assert.match(check, /^[0-9a-f]{64}$/);
    assert.equal(adminCheck("admin", "changeme"), check);
    assert.notEqual(adminCheck("admin", "changemf"), check);
    assert.notEqual(adminCheck("admim", "changeme"), check);
    assert.deepEqual(STANDARD_BACKUP(), { user: "admin", check });
  });

  test("written and read back, a name with a quote included; the line is blanked so the lines keep their numbers", () => {
    for (const user of ["admin", 'o"brien', "a/b"]) {
      const admin = { user, check: adminCheck(user, "pw") };
      const { admin: read, config } = splitBackup(backupAdminLine(admin) + CONFIG, "f");
      assert.deepEqual(read, admin);
      assert.equal(config, `\n${CONFIG}`);
    }
    const crlf = splitBackup(`${CONFIG}\r\nconfig   change backup0 /ADMIN x /Check ${"ab".repeat(32)}\r\n`, "f");
    assert.deepEqual(crlf.admin, { user: "x", check: "ab".repeat(32) });
  });

  test("no line, two, a broken one: AUTH_BACKUP_FILE naming the source and line", () => {
    const line = backupAdminLine({ user: "admin", check: adminCheck("admin", "pw") });
    throwsCode(() => splitBackup(CONFIG, "f"), AuthCode.BackupFile, /^f: not a backup/);
    throwsCode(() => splitBackup(line + line, "f"), AuthCode.BackupFile, /^f:2: a second BACKUP0 line/);
    for (const bad of [
      "config change BACKUP0",
      "config change BACKUP0 /admin admin",
      `config change BACKUP0 /check ${"0".repeat(64)} /admin admin`,
      `config change BACKUP0 /admin "" /check ${"0".repeat(64)}`,
      `config change BACKUP0 /admin "open /check ${"0".repeat(64)}`,
      "config change BACKUP0 /admin admin /check 00",
      `config change BACKUP0 /admin admin /check ${"0".repeat(63)}G`,
      `config change BACKUP0 /admin admin /check ${"0".repeat(64)} more`,
    ])
      throwsCode(() => splitBackup(`${CONFIG}${bad}\n`, "f"), AuthCode.BackupFile, /^f:2: /);
  });

  test("§4.18.1: another name or password is AUTH_BACKUP_ADMIN; an account without a check too", () => {
    const device = { user: "boss", check: adminCheck("boss", "pw") };
    checkBackupAdmin(device, device);
    throwsCode(() => checkBackupAdmin({ ...device, user: "admin" }, device), AuthCode.BackupAdmin);
    throwsCode(() => checkBackupAdmin({ ...device, check: adminCheck("boss", "pw2") }, device), AuthCode.BackupAdmin);
    throwsCode(() => checkBackupAdmin(device, undefined), AuthCode.BackupAdmin, /set its password again/);
  });

  test("the account keeps its check on flash; an account stored before checks has none", async () => {
    const store = new MemoryStore();
    const verified = new VerifiedPasswords();
    const fresh = await SystemAdmin.load(store, noDamage);
    assert.deepEqual(fresh.backup, STANDARD_BACKUP());
    await fresh.change({ user: "boss", oldPassword: "changeme", password: "pw" }, verified);
    const again = await SystemAdmin.load(store, noDamage);
    assert.deepEqual(again.backup, { user: "boss", check: adminCheck("boss", "pw") });
    const stored = JSON.parse(new TextDecoder().decode(await store.get("auth/admin.json"))) as Record<string, unknown>;
    assert.ok(!JSON.stringify(stored).includes('"pw"'), "never the password");
    delete stored["check"];
    await store.put("auth/admin.json", new TextEncoder().encode(JSON.stringify(stored)));
    const old = await SystemAdmin.load(store, noDamage);
    assert.equal(old.backup, undefined);
    assert.ok(old.verify("pw", verified));
  });

  test("2000 random and mutated files: a split or an auth-area IpdectError, nothing else", () => {
    let seed = 21;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const good = backupAdminLine({ user: "admin", check: adminCheck("admin", "pw") }) + CONFIG;
    const alphabet = ' \t\r\n"\\/abcBACKUP0config change admin check 0123456789abcdef\u00e9\u0000';
    for (let i = 0; i < 2000; i++) {
      const chars = [...good];
      for (let k = rnd(6); k >= 0; k--) {
        const at = rnd(chars.length + 1);
        const op = rnd(3);
        const c = alphabet[rnd(alphabet.length)]!;
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, c);
        else chars[at] = c;
      }
      const text =
        i % 4 === 0 ? Array.from({ length: rnd(80) }, () => alphabet[rnd(alphabet.length)]).join("") : chars.join("");
      try {
        const { admin, config } = splitBackup(text, "f");
        assert.ok(admin.user.length > 0 && /^[0-9a-f]{64}$/.test(admin.check));
        assert.equal(config.split("\n").length, text.split(/\r\n|\n|\r/).length);
      } catch (e) {
        assert.ok(e instanceof IpdectError && e.code === AuthCode.BackupFile, String(e));
      }
    }
  });
});
