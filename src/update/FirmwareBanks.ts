import { StateError } from "../core/errors.js";
import { flashCheck, flashField, flashObject, isString, readFlashJson, type FlashShape } from "../core/flashJson.js";
import { InOrder } from "../core/InOrder.js";
import type { Store } from "../core/Store.js";
import { UpdateCode } from "./errors.js";
import { imageFor } from "./image.js";
import { isProduct, type Product } from "./product.js";

export type Bank = "A" | "B";

/** What a bank holds: the firmware's version, build serial (App. A.1.4) and product. */
export interface BankInfo {
  readonly bank: Bank;
  readonly version: string;
  readonly serial: string;
  readonly product: Product;
}

type Held = Omit<BankInfo, "bank">;

/**
 * The banks' record on flash. `good` is the bank the device last came up on; `pending` a bank written and waiting
 * for the next boot; `trial` a bank started on trial and not confirmed yet (it runs now). `held` says what a bank
 * holds: null is erased (a write under way, or one cut short), absent is never written, which for the factory's bank
 * means the factory software and for the other means empty.
 */
interface BanksRecord {
  readonly good: Bank;
  readonly pending?: Bank;
  readonly trial?: Bank;
  readonly held: Readonly<Partial<Record<Bank, Held | null>>>;
}

const STATE_KEY = "firmware/state.json";
const imageKey = (bank: Bank) => `firmware/${bank}.bin`;
const otherBank = (bank: Bank): Bank => (bank === "A" ? "B" : "A");
const isBank = (x: unknown): x is Bank => x === "A" || x === "B";

/**
 * A device's two firmware banks on flash (§4.15, App. A.1.4 `prot`; docs/design.md "Firmware images and banks").
 * `write` puts a verified image in the bank that does not run; the next `boot` tries it; `confirm` makes it the good
 * bank once the device is up on it. A trial that is started and not confirmed before the following boot falls back to
 * the good bank, so a firmware that cannot bring the device up costs one reset, not the device. A write marks its
 * bank erased in the small record (`firmware/state.json`), writes the image, then swaps the record to name it, so a
 * cut write never leaves a bank that claims an image it does not hold.
 */
export class FirmwareBanks {
  readonly #store: Store;
  readonly #factory: BankInfo;
  readonly #inOrder = new InOrder();

  /** `factory`: what runs when nothing was ever flashed (this software's own version), and in which bank. */
  constructor(store: Store, factory: BankInfo) {
    this.#store = store;
    this.#factory = factory;
  }

  /**
   * At device start: what runs now. A bank written and not yet started is tried now (a trial), if its image on flash
   * still verifies; a trial started at the boot before and never confirmed means the device did not come up on it,
   * so the good bank runs again, and the result says so.
   */
  boot(): Promise<{ running: BankInfo; fellBack?: { from: BankInfo; reason: string } }> {
    return this.#inOrder.run(async () => {
      const r = await this.#load();
      if (r.trial !== undefined) {
        await this.#save({ ...r, trial: undefined });
        const from = this.#held(r, r.trial);
        const reason = `bank ${r.trial} (${from.version}) was started on trial at the previous boot and the device never confirmed it came up: back on bank ${r.good}`;
        return { running: this.#held(r, r.good), fellBack: { from, reason } };
      }
      if (r.pending === undefined) return { running: this.#held(r, r.good) };
      const tried = this.#held(r, r.pending);
      const fault = await this.#fault(tried);
      if (fault !== undefined) {
        await this.#save({ ...r, pending: undefined });
        return {
          running: this.#held(r, r.good),
          fellBack: { from: tried, reason: `${fault}: back on bank ${r.good}` },
        };
      }
      await this.#save({ ...r, pending: undefined, trial: r.pending });
      return { running: tried };
    });
  }

  /** The device came up on the running bank: a trial becomes the good bank. */
  confirm(): Promise<void> {
    return this.#inOrder.run(async () => {
      const r = await this.#load();
      if (r.trial !== undefined) await this.#save({ ...r, good: r.trial, trial: undefined });
    });
  }

  /**
   * Verifies the image (`imageFor`) and writes it to the bank that does not run; it runs after the next reset. A bad
   * image throws before anything is written. Refused (BANK_TRIAL) while a trial is not confirmed: the bank that does
   * not run then holds the last good firmware, the one a failed trial falls back to.
   */
  write(image: Uint8Array, product: Product, source: string): Promise<BankInfo> {
    return this.#inOrder.run(async () => {
      const { header } = imageFor(image, product, source);
      const r = await this.#load();
      if (r.trial !== undefined)
        throw new StateError(
          UpdateCode.BankTrial,
          `bank ${r.trial} runs on trial and is not confirmed yet; bank ${r.good} holds the last good firmware and is kept`,
          { source },
        );
      const bank = otherBank(r.good);
      await this.#save({ good: r.good, held: { ...r.held, [bank]: null } });
      await this.#store.put(imageKey(bank), image);
      const held: Held = { version: header.version, serial: header.serial, product: header.product };
      await this.#save({ good: r.good, pending: bank, held: { ...r.held, [bank]: held } });
      return { bank, ...held };
    });
  }

  /** What runs, what the other bank holds (undefined: empty), and the bank written to run after the next reset. */
  banks(): Promise<{ running: BankInfo; other?: BankInfo; next?: Bank }> {
    return this.#inOrder.run(async () => {
      const r = await this.#load();
      const running = r.trial ?? r.good;
      const other = this.#info(r, otherBank(running));
      return {
        running: this.#held(r, running),
        ...(other === undefined ? {} : { other }),
        ...(r.pending === undefined ? {} : { next: r.pending }),
      };
    });
  }

  async #load(): Promise<BanksRecord> {
    const factory = this.#factory.bank;
    return (await readFlashJson(this.#store, STATE_KEY, recordShape(factory))) ?? { good: factory, held: {} };
  }

  async #save(r: BanksRecord): Promise<void> {
    await this.#store.put(STATE_KEY, new TextEncoder().encode(JSON.stringify(r)));
  }

  #info(r: BanksRecord, bank: Bank): BankInfo | undefined {
    const held = r.held[bank];
    if (held === null) return undefined;
    if (held !== undefined) return { bank, ...held };
    return bank === this.#factory.bank ? this.#factory : undefined;
  }

  /** A bank the record says runs or is to run: it holds firmware (`recordShape` checked it). */
  #held(r: BanksRecord, bank: Bank): BankInfo {
    return this.#info(r, bank)!;
  }

  /** Why a bank about to be tried cannot be (its image gone or damaged on flash, or not what the record says). */
  async #fault(info: BankInfo): Promise<string | undefined> {
    const key = imageKey(info.bank);
    const bytes = await this.#store.get(key);
    if (bytes === undefined) return `bank ${info.bank}'s image is gone from flash`;
    try {
      const { header } = imageFor(bytes, info.product, `flash ${key}`);
      if (header.serial !== info.serial || header.version !== info.version)
        return `bank ${info.bank} holds ${header.version} (${header.serial}), its record says ${info.version} (${info.serial})`;
      return undefined;
    } catch (e) {
      return `bank ${info.bank}'s image fails its check: ${(e as Error).message}`;
    }
  }
}

const heldShape = (v: unknown, bank: Bank): Held | null => {
  if (v === null) return null;
  const o = flashObject(v, `held.${bank}`);
  const product = flashField(o, "product", isString, "a string");
  flashCheck(isProduct(product), `held.${bank}.product: ${product} is not a product`);
  return {
    version: flashField(o, "version", isString, "a string"),
    serial: flashField(o, "serial", isString, "a string"),
    product: product as Product,
  };
};

/**
 * The record's shape, and that every bank it names to run holds firmware: a written one (pending, trial) its image,
 * the good one its image or, never written, the factory software.
 */
const recordShape =
  (factory: Bank): FlashShape<BanksRecord> =>
  (v) => {
    const o = flashObject(v);
    const heldIn = flashObject(o["held"] ?? {}, "held");
    const held: Partial<Record<Bank, Held | null>> = Object.fromEntries(
      (["A", "B"] as const).filter((b) => heldIn[b] !== undefined).map((b) => [b, heldShape(heldIn[b], b)]),
    );
    const bankOf = (field: string) => (o[field] === undefined ? undefined : flashField(o, field, isBank, "A or B"));
    const good = flashField(o, "good", isBank, "A or B");
    const pending = bankOf("pending");
    const trial = bankOf("trial");
    const holds = (field: string, bank: Bank | undefined, factoryToo: boolean) =>
      flashCheck(
        bank === undefined || !!held[bank] || (factoryToo && bank === factory && held[bank] === undefined),
        `${field}: bank ${bank} holds no firmware`,
      );
    holds("good", good, true);
    holds("pending", pending, false);
    holds("trial", trial, false);
    return {
      good,
      ...(pending === undefined ? {} : { pending }),
      ...(trial === undefined ? {} : { trial }),
      held,
    };
  };
