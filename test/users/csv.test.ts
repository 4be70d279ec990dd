import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { IpdectError } from "../../src/core/errors.js";
import { Ipei } from "../../src/core/identity/Ipei.js";
import { SeededRng } from "../../src/core/Rng.js";
import { MemoryStore, type Store } from "../../src/core/Store.js";
import { CsvError, usersToCsv, anonymousToCsv } from "../../src/users/csv.js";
import { Directory } from "../../src/users/Directory.js";
import { importAnonymousCsv, importUsersCsv } from "../../src/users/importCsv.js";
import { CSV_MAX_BYTES, CSV_MAX_ROWS, USER_FIELD_MAX, type UserField } from "../../src/users/limits.js";
import { validateUser } from "../../src/users/User.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const ipei = (n: number) => Ipei.create(19, n).toString();
const row = (n: number, extra = "") => `User ${n};u${n};${1000 + n};;;;${ipei(n)};${extra};`;
const csv = (n: number, from = 1) =>
  ["Long Name;Name;Number;Display Name;Auth Name (SIP);Idle Display;IPEI/IPDI;Password;"]
    .concat(Array.from({ length: n }, (_, i) => row(from + i)))
    .join("\r\n");
const directory = (store: Store = new MemoryStore()) => Directory.load(store, new SeededRng(1), { gateway: "test" });

test("every user field at its maximum is accepted and one character more is refused, naming the field (§3.14)", () => {
  for (const field of Object.keys(USER_FIELD_MAX) as UserField[]) {
    if (field === "ipei") continue;
    const max = USER_FIELD_MAX[field];
    const fill = field === "authCode" ? "7" : "x";
    const base = { longName: "L", number: "1", authCode: "1234" };
    assert.equal(validateUser({ ...base, [field]: fill.repeat(max) })[field], fill.repeat(max), field);
    assert.throws(
      () => validateUser({ ...base, [field]: fill.repeat(max + 1) }),
      (e: unknown) => e instanceof IpdectError && e.context.field === field && e.message.includes(`at most ${max}`),
      field,
    );
  }
  assert.equal(
    validateUser({ longName: "L", number: "1", authCode: "1", ipei: "00019 0592015 3" }).ipei,
    "0001905920153",
  );
  assert.throws(() => validateUser({ longName: "L", number: "1", authCode: "1", ipei: "00019059201534" }), /IPEI/);
  assert.throws(() => validateUser({ number: "1", authCode: "1" }), /Long Name: mandatory/);
  assert.throws(() => validateUser({ longName: "L", authCode: "1" }), /Number: mandatory/);
});

test("a CSV of 1000 users imports with generated Auth. Codes; 1001 rows are refused whole (§3.14.3)", async () => {
  const dir = await directory();
  const added = await importUsersCsv(dir, utf8(csv(CSV_MAX_ROWS)));
  assert.equal(added.length, 1000);
  assert.ok(added.every((u) => /^\d{4}$/.test(u.authCode)));
  const fresh = await directory();
  await assert.rejects(importUsersCsv(fresh, utf8(csv(CSV_MAX_ROWS + 1))), (e: unknown) => {
    assert.ok(e instanceof CsvError && e.code === "CSV_TOO_MANY_ROWS", String(e));
    return true;
  });
  assert.equal(fresh.users.length, 0);
});

test("a CSV of exactly 128 KB is read; one byte more is refused", async () => {
  const body = csv(3);
  const pad = (n: number) => body + "\r\n" + " ".repeat(n - utf8(body).length - 2);
  assert.equal(utf8(pad(CSV_MAX_BYTES)).length, CSV_MAX_BYTES);
  assert.equal((await importUsersCsv(await directory(), utf8(pad(CSV_MAX_BYTES)))).length, 3);
  await assert.rejects(importUsersCsv(await directory(), utf8(pad(CSV_MAX_BYTES + 1))), /CSV_TOO_LARGE|128 KB/);
});

test("every refused row is reported by its line and nothing is imported: duplicates, bad fields, too many columns", async () => {
  const dir = await directory();
  await importUsersCsv(dir, utf8(csv(2)));
  const file = [
    row(3), // line 1: fine
    row(1), // line 2: Long Name, Number and IPEI of an existing user
    "New;n;2000;;;;12345;;", // line 3: not an IPEI
    `${"x".repeat(31)};n;2001;;;;;;`, // line 4: Long Name too long
    row(3).replace("User 3", "Other"), // line 5: Number and IPEI also on line 1
    "A;b;2002;;;;;;pw;1234;", // line 6: an Auth. Code column
  ].join("\n");
  await assert.rejects(importUsersCsv(dir, utf8(file)), (e: unknown) => {
    assert.ok(e instanceof CsvError);
    if (e.code === "CSV_REJECTED" && e.rejected.some((r) => r.row === 6)) {
      assert.deepEqual(
        e.rejected.map((r) => r.row),
        [6],
      );
      return true;
    }
    return false;
  });
  const withoutAc = file.split("\n").slice(0, 5).join("\n");
  await assert.rejects(importUsersCsv(dir, utf8(withoutAc)), (e: unknown) => {
    assert.ok(e instanceof CsvError && e.code === "CSV_REJECTED");
    const rows = [...new Set(e.rejected.map((r) => r.row))];
    assert.deepEqual(rows, [2, 3, 4, 5]);
    assert.match(e.rejected.find((r) => r.row === 2)!.reason, /already used/);
    assert.match(e.rejected.find((r) => r.row === 5)!.reason, /also on row 1/);
    assert.match(e.rejected.find((r) => r.row === 4)!.reason, /Long Name: at most 30/);
    return true;
  });
  assert.equal(dir.users.length, 2, "a refused file changes nothing");
});

test("a file with another separator is refused with the reason; TAB works like ;", async () => {
  await assert.rejects(importUsersCsv(await directory(), utf8("A,b,1000,,,,,\nB,c,1001,,,,,\n")), /separator/);
  const tabbed = await importUsersCsv(await directory(), utf8("A\tb\t1000\nB\tc\t1001\n"));
  assert.deepEqual(
    tabbed.map((u) => u.number),
    ["1000", "1001"],
  );
});

test("export leaves out Auth. Code and Password, and imports again as the same users (§4.10.6)", async () => {
  const dir = await directory();
  await importUsersCsv(dir, utf8(csv(3).replace(`${ipei(2)};;`, `${ipei(2)};secret;`)));
  const out = usersToCsv(dir.users);
  assert.doesNotMatch(out, /secret|Auth\. Code|Password/);
  for (const u of dir.users) assert.ok(!out.includes(`;${u.authCode};`));
  const again = await directory();
  await importUsersCsv(again, utf8(out));
  assert.deepEqual(
    again.users.map(({ authCode: _a, password: _p, ...rest }) => rest),
    dir.users.map(({ authCode: _a, password: _p, ...rest }) => rest),
  );
});

test("anonymous IPEIs: one per line, only new ones, 1000/1001 rows, export (§4.10.9, §4.10.10)", async () => {
  const dir = await directory();
  const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => ipei(from + i)).join("\n");
  assert.equal((await importAnonymousCsv(dir, utf8(lines(CSV_MAX_ROWS)))).length, 1000);
  await assert.rejects(importAnonymousCsv(await directory(), utf8(lines(CSV_MAX_ROWS + 1))), /at most 1000/);
  await assert.rejects(importAnonymousCsv(dir, utf8(`${ipei(5000)}\n${ipei(3)}\n`)), (e: unknown) => {
    assert.ok(e instanceof CsvError);
    assert.deepEqual(e.rejected, [{ row: 2, reason: `IPEI ${ipei(3)} is already known` }]);
    return true;
  });
  assert.equal(dir.anonymous.length, 1000);
  assert.equal(anonymousToCsv(dir.anonymous.slice(0, 2)), `${ipei(1)}\r\n${ipei(2)}\r\n`);
  // A user taking an anonymous IPEI takes it off the anonymous list.
  await importUsersCsv(dir, utf8(row(7)));
  assert.ok(!dir.anonymous.includes(ipei(7)));
});

test("a failed write changes nothing: the directory stays as it was, in memory and on flash", async () => {
  const store = new MemoryStore();
  const dir = await directory(store);
  await importUsersCsv(dir, utf8(csv(2)));
  const broken: Store = {
    get: (k) => store.get(k),
    keys: (p) => store.keys(p),
    delete: (k) => store.delete(k),
    put: () => Promise.reject(new Error("flash full")),
  };
  const failing = await directory(broken);
  await assert.rejects(importUsersCsv(failing, utf8(row(9))), /flash full/);
  assert.equal(failing.users.length, 2);
  assert.equal((await directory(store)).users.length, 2);
});

test("fuzz: 2000 arbitrary files are imported or refused with an IpdectError, never a crash", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.uint8Array({ maxLength: 300 }),
        fc
          .array(fc.array(fc.string({ maxLength: 12 }), { maxLength: 10 }), { maxLength: 6 })
          .map((rows) => utf8(rows.map((r) => r.join(";")).join("\n"))),
      ),
      async (bytes) => {
        const dir = await directory();
        for (const run of [() => importUsersCsv(dir, bytes), () => importAnonymousCsv(dir, bytes)]) {
          try {
            await run();
          } catch (e) {
            assert.ok(e instanceof IpdectError, String(e));
          }
        }
      },
    ),
    { numRuns: 2000, seed: 9 },
  );
});
