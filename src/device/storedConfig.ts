import type { DeviceConfig } from "../config/DeviceConfig.js";
import { formatNativeText, parseNativeText } from "../config/nativeText.js";
import type { Logger } from "../core/Logger.js";
import type { Store } from "../core/Store.js";
import { flashField, flashObject, FlashShapeError, isString, readFlashJson } from "../core/flashJson.js";

/**
 * The device's configuration on flash (§4.14, §4.18.1), one file so that it changes atomically (`Store.put`): the
 * seed it was first started with, the running configuration and the pending one, each as canonical native text
 * (parseNativeText reads formatNativeText's text back to the same DeviceConfig).
 */
const FLASH = "config/device.json";

interface Flash {
  readonly seed: string;
  readonly running: string;
  readonly pending?: string;
}

/** What a device starts with. */
export interface StartConfig {
  readonly cfg: DeviceConfig;
  /** A pending configuration was on flash: the start is the reset that puts it in force (§4.24). */
  readonly uploaded: boolean;
}

/**
 * The configuration a device starts with. The start configuration (`--config`, a fleet file's device) only seeds an
 * empty flash; after that the device starts with what its flash holds, as a real one does: every setting changed by
 * the API, `ipdect ctl` or a command file survives a kill -9 or a power cut. A pending configuration on flash is put
 * in force, as the reset that a power cut is. `reseed` (`ipdect node --reset-config`) replaces the flash with the
 * start configuration. A start configuration that differs from the seed is logged: the flash wins. A flash file that
 * cannot be read, or that holds another name or address, is logged and seeded again (docs/design.md "Configuration
 * on flash").
 */
export async function startConfig(seed: DeviceConfig, store: Store, log: Logger, reseed = false): Promise<StartConfig> {
  const seedText = formatNativeText(seed);
  const flash = reseed ? undefined : await readFlash(store, log);
  if (flash === undefined) {
    await store.put(FLASH, encode({ seed: seedText, running: seedText }));
    return { cfg: seed, uploaded: false };
  }
  const running = flash.pending ?? flash.running;
  const cfg = parseNativeText(running, FLASH);
  // Name and address cannot change by configuration (Device.configure): a flash holding others is another device's
  // (two devices of one name in one --data-dir) or the device was re-addressed in its file. Either way, seed again.
  if (cfg.name !== seed.name || cfg.ip !== seed.ip) {
    log.log("warn", "the configuration on flash is another device's: seeded again from the start configuration", {
      flash: `${cfg.name}@${cfg.ip}`,
    });
    await store.put(FLASH, encode({ seed: seedText, running: seedText }));
    return { cfg: seed, uploaded: false };
  }
  if (flash.seed !== seedText)
    log.log("warn", "the start configuration differs from the one that seeded flash: the flash is used", {
      hint: "ipdect node --reset-config starts with the file instead",
    });
  if (flash.pending !== undefined) await store.put(FLASH, encode({ seed: flash.seed, running }));
  return { cfg, uploaded: flash.pending !== undefined };
}

/** Keeps the running and (when one waits for a reset) the pending configuration, with the seed, in one write. */
export async function keepConfig(
  store: Store,
  seed: DeviceConfig,
  running: DeviceConfig,
  pending: DeviceConfig | undefined,
): Promise<void> {
  const texts = { seed: formatNativeText(seed), running: formatNativeText(running) };
  await store.put(FLASH, encode(pending === undefined ? texts : { ...texts, pending: formatNativeText(pending) }));
}

const encode = (f: Flash): Uint8Array => new TextEncoder().encode(JSON.stringify(f));

/** The file's shape; each text must also be a configuration this version reads. */
function flashShape(v: unknown): Flash {
  const o = flashObject(v);
  const f: Flash = {
    seed: flashField(o, "seed", isString, "a text"),
    running: flashField(o, "running", isString, "a text"),
    ...(o["pending"] === undefined ? {} : { pending: flashField(o, "pending", isString, "a text") }),
  };
  for (const text of [f.running, f.pending])
    if (text !== undefined)
      try {
        parseNativeText(text, FLASH);
      } catch (err) {
        throw new FlashShapeError(`a configuration this version refuses: ${String(err)}`);
      }
  return f;
}

async function readFlash(store: Store, log: Logger): Promise<Flash | undefined> {
  try {
    return await readFlashJson(store, FLASH, flashShape);
  } catch (err) {
    log.log("error", "configuration on flash unreadable: seeded again from the start configuration", {
      key: FLASH,
      error: String(err),
    });
    return undefined;
  }
}
