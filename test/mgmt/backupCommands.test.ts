import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { adminCheck } from "../../src/auth/backupAdmin.js";
import { AuthCode } from "../../src/auth/errors.js";
import { ConfigCode } from "../../src/core/config/configCodes.js";
import { UpdateCode } from "../../src/update/errors.js";
import { buildImage, IMAGE_MAX_BYTES } from "../../src/update/image.js";
import { apiGate, handleApi, type TestRequest } from "../helpers/api.js";
import { startFleet } from "../helpers/sim.js";
import { basic, setUpLab, withLab } from "../helpers/testRealm.js";
import { sampleImage } from "../update/imageBytes.js";

const FACTORY = basic("admin", "changeme");
const AUDITOR = basic("LAB\\kaudit", "kaudit-pw");
const OCTETS = "application/octet-stream";

const req = (method: string, path: string, who: string | undefined, body?: string | Uint8Array): TestRequest => {
  const url = new URL(path, "http://x");
  const base = { method, path: url.pathname, query: url.searchParams, authorization: who };
  if (body instanceof Uint8Array) return { ...base, bytes: body, contentType: OCTETS };
  return { ...base, body: body ?? "" };
};

const codeOf = (body: unknown): string => (body as { error: { code: string } }).error.code;

describe("Backup (§4.14) and Update → Config, Firmware, Boot (§4.18.1–§4.18.3) over HTTP", async () => {
  const fleet = await startFleet(
    withLab(`
name: api-backup
devices:
  - name: m
    kind: IPBS
    mac: 00:90:33:21:10:01
    ip: 127.0.1.1
    master: { mode: active }
  - name: v
    kind: IPVM
    mac: 00:90:33:21:10:02
    ip: 127.0.1.2
    master: { mode: active }
`),
  );
  await setUpLab(fleet);
  after(() => fleet.close());
  const ctxOf = (name: string) => ({ device: () => fleet.device(name), events: () => fleet.events.events });
  const ctx = ctxOf("m");
  let admin = FACTORY;
  const call = (method: string, path: string, body?: string | Uint8Array, who = admin) =>
    handleApi(ctx, req(method, path, who, body));
  const banks = async () => (await call("GET", "/api/firmware", undefined, AUDITOR)).body;
  const reset = async () => assert.equal((await call("POST", "/api/reset?mode=immediate")).status, 200);

  test("§3.4.2: downloads and uploads are the System Administrator's, refused from the head; the banks an Auditor's", async () => {
    for (const [method, path] of [
      ["GET", "/api/backup"],
      ["GET", "/api/backup?standard=true"],
      ["PUT", "/api/backup"],
      ["PUT", "/api/firmware"],
      ["PUT", "/api/firmware/boot"],
    ] as const) {
      const head = (who: string | undefined) => ({ ...req(method, path, who), body: undefined });
      const auditor = await apiGate(ctx, head(AUDITOR));
      assert.ok("answer" in auditor && auditor.answer.status === 403, `${method} ${path}`);
      const anonymous = await apiGate(ctx, head(undefined));
      assert.ok("answer" in anonymous && anonymous.answer.status === 401, `${method} ${path}`);
      assert.ok("proceed" in (await apiGate(ctx, head(admin))), `${method} ${path}`);
    }
    const r = await call("GET", "/api/firmware", undefined, AUDITOR);
    assert.equal(r.status, 200);
    assert.equal((r.body as { running: { bank: string } }).running.bank, "A");
  });

  test("§4.14: the backup names its admin account; with standard password it names admin/changeme", async () => {
    const factory = await call("GET", "/api/backup");
    assert.equal(factory.status, 200);
    assert.match(String(factory.contentType), /^text\/plain/);
    const text = String(factory.body);
    const standard = `config change BACKUP0 /admin admin /check ${adminCheck("admin", "changeme")}\n`;
    assert.ok(text.startsWith(standard), text.slice(0, 120));
    assert.match(text, /^config change DEV0 \/name m /m);
    // The factory account's own backup and the standard one are the same file.
    assert.equal(String((await call("GET", "/api/backup?standard=true")).body), text);
    assert.equal(codeOf((await call("GET", "/api/backup?standard=yes")).body), "BAD_FLAG");

    const changed = await call(
      "PUT",
      "/api/admin/account",
      JSON.stringify({ user: "boss", oldPassword: "changeme", password: "s3cret!" }),
    );
    assert.equal(changed.status, 200);
    admin = basic("boss", "s3cret!");
    const own = String((await call("GET", "/api/backup")).body);
    assert.ok(own.startsWith(`config change BACKUP0 /admin boss /check ${adminCheck("boss", "s3cret!")}\n`));
    assert.ok(String((await call("GET", "/api/backup?standard=true")).body).startsWith(standard));
  });

  test("§4.18.1: a backup of another admin name or password is refused (409) and stores nothing", async () => {
    const standard = String((await call("GET", "/api/backup?standard=true")).body);
    const other = `config change BACKUP0 /admin boss /check ${adminCheck("boss", "other1")}\n${standard.split("\n").slice(1).join("\n")}`;
    for (const file of [standard, other]) {
      const r = await call("PUT", "/api/backup", file);
      assert.equal(r.status, 409);
      assert.equal(codeOf(r.body), AuthCode.BackupAdmin);
      assert.equal(fleet.device("m").pendingConfig, undefined);
    }
  });

  test("a file that is not a backup is 400 AUTH_BACKUP_FILE; a bad line names its line; nothing is stored", async () => {
    const own = String((await call("GET", "/api/backup")).body);
    const [line, ...rest] = own.split("\n");
    const bad = async (file: string, code: string, message?: RegExp) => {
      const r = await call("PUT", "/api/backup", file);
      assert.equal(r.status, 400, file.slice(0, 80));
      assert.equal(codeOf(r.body), code);
      if (message !== undefined) assert.match((r.body as { error: { message: string } }).error.message, message);
      assert.equal(fleet.device("m").pendingConfig, undefined);
    };
    await bad(rest.join("\n"), AuthCode.BackupFile, /not a backup/);
    await bad(`${line}\n${line}\n${rest.join("\n")}`, AuthCode.BackupFile, /:2: a second BACKUP0 line/);
    await bad(`${line!.replace(/\/check \w+/, "/check zz")}\n${rest.join("\n")}`, AuthCode.BackupFile, /64 hex/);
    await bad(`${line!} /extra\n${rest.join("\n")}`, AuthCode.BackupFile, /nothing else/);
    await bad("", AuthCode.BackupFile);
    // A backup is no configuration to load as it is: PUT /api/config refuses its admin line, naming the line.
    const asConfig = await call("PUT", "/api/config", own);
    assert.equal(asConfig.status, 400);
    assert.equal(codeOf(asConfig.body), ConfigCode.BackupAdminLine);
    assert.match((asConfig.body as { error: { message: string } }).error.message, /^request body:1: /);
    await bad("\u0000\u0001garbage", AuthCode.BackupFile);
    // The blanked BACKUP0 line still counts: the reader names the line of the file as uploaded.
    const last = own.split("\n").length;
    await bad(
      `${own}config change MASTER0 /mode sideways\n`,
      ConfigCode.MasterMode,
      new RegExp(`request body:${last}: `),
    );
  });

  test("§4.18.1: an accepted backup is pending (202) and in force after the reset; no event holds its check", async () => {
    const own = String((await call("GET", "/api/backup")).body);
    const check = own.split("\n")[0]!.split(" ").at(-1)!;
    const r = await call("PUT", "/api/backup", `${own}config change UP1 /poll 30\n`);
    assert.equal(r.status, 202);
    assert.deepEqual(r.body, { result: "stored", pendingReset: true });
    assert.equal(fleet.device("m").config.update, undefined);
    await reset();
    assert.equal(fleet.device("m").config.update?.pollMinutes, 30);
    const log = JSON.stringify(fleet.events.events);
    assert.ok(!log.includes(check) && !log.includes("s3cret!"), "no event holds the check or the password");
  });

  test("§4.18.2: a bad image is refused with its code and the banks stay as they were", async () => {
    const before = await banks();
    const wrongProduct = buildImage({ product: "IPBL", version: "2.0.0", serial: "2.0.0-42" }, new Uint8Array(8));
    const damaged = sampleImage();
    damaged[damaged.length - 1]! ^= 1;
    for (const [what, body, status, code] of [
      ["garbage", new TextEncoder().encode("not an image at all"), 400, UpdateCode.ImageHeader],
      ["damaged", damaged, 400, UpdateCode.ImageChecksum],
      ["wrong product", wrongProduct, 400, UpdateCode.ImageProduct],
      ["empty", new Uint8Array(0), 400, UpdateCode.ImageHeader],
      ["huge", new Uint8Array(IMAGE_MAX_BYTES + 1), 413, "TOO_LARGE"],
    ] as const) {
      const r = await call("PUT", "/api/firmware", body);
      assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
      assert.equal(codeOf(r.body), code, what);
      assert.deepEqual(await banks(), before, what);
    }
  });

  test("§4.18.2: a good image goes to the other bank, runs after the reset; an update/upload event says so", async () => {
    const r = await call("PUT", "/api/firmware", sampleImage());
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.deepEqual((r.body as { written: object }).written, {
      bank: "B",
      version: "2.0.0",
      serial: "2.0.0-42",
      product: "IPBS2",
    });
    const pending = (await banks()) as { running: { bank: string }; next?: string };
    assert.equal(pending.running.bank, "A");
    assert.equal(pending.next, "B");
    // The four refused images the device read (the huge one was refused before its body was read), then this one.
    const uploads = fleet.events.events.flatMap((e) =>
      e.kind === "update" && e.action === "upload" && e.device === "m" ? [[e.result, e.version]] : [],
    );
    assert.deepEqual(uploads, [...Array.from({ length: 4 }, () => ["failed", undefined]), ["done", "2.0.0"]]);
    await reset();
    const status = fleet.device("m").status();
    assert.deepEqual(status.firmware, { bank: "B", version: "2.0.0", serial: "2.0.0-42", product: "IPBS2" });
  });

  test("§4.18.3: a boot file is checked and reported, nothing written; an IPVM has none (BOOT_NONE)", async () => {
    const before = await banks();
    const r = await call("PUT", "/api/firmware/boot", sampleImage());
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal((r.body as { result: string }).result, "checked");
    assert.deepEqual(await banks(), before);
    const garbage = await call("PUT", "/api/firmware/boot", new TextEncoder().encode("garbage"));
    assert.equal(codeOf(garbage.body), UpdateCode.ImageHeader);
    const ipvm = await handleApi(ctxOf("v"), req("PUT", "/api/firmware/boot", FACTORY, sampleImage()));
    assert.equal(ipvm.status, 409);
    assert.equal(codeOf(ipvm.body), UpdateCode.BootNone);
  });
});
