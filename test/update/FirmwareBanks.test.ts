import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CoreCode } from "../../src/core/coreErrors.js";
import { IpdectError } from "../../src/core/errors.js";
import { MemoryStore } from "../../src/core/Store.js";
import { UpdateCode } from "../../src/update/errors.js";
import { FirmwareBanks, type BankInfo } from "../../src/update/FirmwareBanks.js";
import { buildImage } from "../../src/update/image.js";

const FACTORY: BankInfo = { bank: "A", version: "ipdect 0.1.0", serial: "0.1.0", product: "IPBS2" };
const image = (serial: string, product: "IPBS2" | "IPBL" = "IPBS2") =>
  buildImage({ product, version: `ipdect ${serial}`, serial }, new TextEncoder().encode(`firmware ${serial}`));
const V2: BankInfo = { bank: "B", version: "ipdect 2.0.0", serial: "2.0.0", product: "IPBS2" };

const code = (c: string) => (e: unknown) => e instanceof IpdectError && e.code === c;

/** A store's keys and values, to show that a refused write changed nothing. */
async function snapshot(store: MemoryStore): Promise<Map<string, string>> {
  const keys = await store.keys();
  return new Map(
    await Promise.all(keys.map(async (k) => [k, Buffer.from((await store.get(k))!).toString("hex")] as const)),
  );
}

describe('firmware banks (§4.15, App. A.1.4; docs/design.md "Firmware images and banks")', () => {
  test("a fresh flash runs the factory software in bank A, the other bank empty; booting writes nothing", async () => {
    const store = new MemoryStore();
    const banks = new FirmwareBanks(store, FACTORY);
    assert.deepEqual(await banks.boot(), { running: FACTORY });
    assert.deepEqual(await banks.banks(), { running: FACTORY });
    await banks.confirm();
    assert.deepEqual(await store.keys(), []);
  });

  test("write → the other bank, next after reset; boot runs it on trial; confirm makes it the good bank", async () => {
    const store = new MemoryStore();
    const banks = new FirmwareBanks(store, FACTORY);
    await banks.boot();
    assert.deepEqual(await banks.write(image("2.0.0"), "IPBS2", "ipbs2.bin"), V2);
    assert.deepEqual(await banks.banks(), { running: FACTORY, other: V2, next: "B" });
    assert.deepEqual(await banks.boot(), { running: V2 });
    assert.deepEqual(await banks.banks(), { running: V2, other: FACTORY });
    await banks.confirm();
    assert.deepEqual(await banks.boot(), { running: V2 }, "confirmed: it stays");
    assert.deepEqual(await banks.boot(), { running: V2 });
    // The next write goes to bank A, over the factory software.
    const v3 = await banks.write(image("3.0.0"), "IPBS2", "ipbs2.bin");
    assert.deepEqual(v3, { bank: "A", version: "ipdect 3.0.0", serial: "3.0.0", product: "IPBS2" });
    assert.deepEqual(await banks.boot(), { running: v3 });
  });

  test("a trial not confirmed before the next boot falls back to the good bank and says why; it is not tried again", async () => {
    const banks = new FirmwareBanks(new MemoryStore(), FACTORY);
    await banks.write(image("2.0.0"), "IPBS2", "ipbs2.bin");
    assert.deepEqual(await banks.boot(), { running: V2 });
    const second = await banks.boot();
    assert.deepEqual(second.running, FACTORY);
    assert.deepEqual(second.fellBack?.from, V2);
    assert.match(
      second.fellBack!.reason,
      /^bank B \(ipdect 2\.0\.0\) was started on trial at the previous boot and the device never confirmed it came up: back on bank A$/,
    );
    assert.deepEqual(await banks.boot(), { running: FACTORY });
    assert.deepEqual(await banks.banks(), { running: FACTORY, other: V2 }, "bank B still holds what failed");
    await banks.confirm();
    assert.deepEqual(await banks.boot(), { running: FACTORY });
  });

  test("a bad image (checksum, header, product) is refused with its code; both banks and the record are untouched", async () => {
    const store = new MemoryStore();
    const banks = new FirmwareBanks(store, FACTORY);
    await banks.write(image("2.0.0"), "IPBS2", "ipbs2.bin");
    await banks.boot();
    await banks.confirm();
    await banks.write(image("3.0.0"), "IPBS2", "ipbs2.bin");
    const before = await snapshot(store);
    const damaged = image("4.0.0");
    damaged[damaged.length - 1]! ^= 0x80;
    const refusals: [Uint8Array, string][] = [
      [damaged, UpdateCode.ImageChecksum],
      [image("4.0.0").subarray(0, 100), UpdateCode.ImageHeader],
      [new TextEncoder().encode("<html>Not Found</html>"), UpdateCode.ImageHeader],
      [image("4.0.0", "IPBL"), UpdateCode.ImageProduct],
    ];
    for (const [bytes, c] of refusals) await assert.rejects(banks.write(bytes, "IPBS2", "ipbs2.bin"), code(c));
    assert.deepEqual(await snapshot(store), before);
    assert.deepEqual(await banks.banks(), {
      running: V2,
      other: { bank: "A", version: "ipdect 3.0.0", serial: "3.0.0", product: "IPBS2" },
      next: "A",
    });
  });

  test("a write while a trial is not confirmed is refused (BANK_TRIAL): the last good firmware is kept", async () => {
    const store = new MemoryStore();
    const banks = new FirmwareBanks(store, FACTORY);
    await banks.write(image("2.0.0"), "IPBS2", "ipbs2.bin");
    await banks.boot();
    const before = await snapshot(store);
    await assert.rejects(
      banks.write(image("3.0.0"), "IPBS2", "ipbs2.bin"),
      (e: unknown) =>
        code(UpdateCode.BankTrial)(e) && /bank B runs on trial .* bank A holds the last good/.test(String(e)),
    );
    assert.deepEqual(await snapshot(store), before);
  });

  test("the banks persist: a new FirmwareBanks on the same flash (a restart) continues where the last one was", async () => {
    const store = new MemoryStore();
    await new FirmwareBanks(store, FACTORY).write(image("2.0.0"), "IPBS2", "ipbs2.bin");
    assert.deepEqual(await new FirmwareBanks(store, FACTORY).boot(), { running: V2 });
    // Power cut before the confirm: the next start falls back.
    const restarted = await new FirmwareBanks(store, FACTORY).boot();
    assert.deepEqual(restarted.running, FACTORY);
    assert.ok(restarted.fellBack !== undefined);
    // A newer factory software (ipdect reinstalled) is what bank A reports while it was never written.
    const newer = { ...FACTORY, version: "ipdect 0.2.0", serial: "0.2.0" };
    assert.deepEqual(await new FirmwareBanks(store, newer).banks(), { running: newer, other: V2 });
  });

  test("an image damaged on flash before its trial is not started: the good bank runs, and the result says why", async () => {
    const store = new MemoryStore();
    const banks = new FirmwareBanks(store, FACTORY);
    await banks.write(image("2.0.0"), "IPBS2", "ipbs2.bin");
    const onFlash = (await store.get("firmware/B.bin"))!;
    onFlash[130]! ^= 1;
    await store.put("firmware/B.bin", onFlash);
    const r = await banks.boot();
    assert.deepEqual(r.running, FACTORY);
    assert.match(
      r.fellBack!.reason,
      /^bank B's image fails its check: flash firmware\/B\.bin: checksum: .*: back on bank A$/,
    );
    await store.delete("firmware/B.bin");
    await banks.write(image("2.0.0"), "IPBS2", "ipbs2.bin");
    await store.delete("firmware/B.bin");
    assert.match((await banks.boot()).fellBack!.reason, /^bank B's image is gone from flash/);
  });

  test("a write cut before its record names the image leaves the bank empty, never a mix", async () => {
    const store = new MemoryStore();
    const banks = new FirmwareBanks(store, FACTORY);
    await banks.write(image("2.0.0"), "IPBS2", "ipbs2.bin");
    await banks.boot();
    await banks.confirm();
    // The first step of a write of bank A: the record marks it erased; the cut comes before the image is on flash.
    const record = JSON.parse(Buffer.from((await store.get("firmware/state.json"))!).toString());
    await store.put(
      "firmware/state.json",
      Buffer.from(JSON.stringify({ ...record, held: { ...record.held, A: null } })),
    );
    assert.deepEqual(await banks.banks(), { running: V2 });
    assert.deepEqual(await banks.boot(), { running: V2 });
  });

  test("a damaged record is FLASH_CORRUPT naming the file and what is wrong", async () => {
    const cases: [string, RegExp][] = [
      ["{", /flash firmware\/state\.json: not JSON/],
      ['{"good":"C","held":{}}', /good: not A or B/],
      ['{"good":"B","held":{}}', /good: bank B holds no firmware/],
      ['{"good":"A","pending":"B","held":{"B":null}}', /pending: bank B holds no firmware/],
      [
        '{"good":"A","held":{"B":{"version":"v","serial":"s","product":"IPXX"}}}',
        /held\.B\.product: IPXX is not a product/,
      ],
    ];
    for (const [text, message] of cases) {
      const store = new MemoryStore();
      await store.put("firmware/state.json", new TextEncoder().encode(text));
      await assert.rejects(
        new FirmwareBanks(store, FACTORY).boot(),
        (e: unknown) => code(CoreCode.FlashCorrupt)(e) && message.test(String(e)),
      );
    }
  });
});
