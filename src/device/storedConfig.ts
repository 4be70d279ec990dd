import type { DeviceConfig } from "../config/DeviceConfig.js";
import { formatNativeText, parseNativeText } from "../config/nativeText.js";
import type { Logger } from "../core/Logger.js";
import type { Store } from "../core/Store.js";

/** The configuration in force after the last reset that applied a new one (§4.18.1, §4.24), as native text. */
const RUNNING = "config/running.txt";
/** The start configuration (`--config`, or the fleet file's device) that RUNNING was made from, as native text. */
const START = "config/start.txt";

const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

/**
 * The configuration a device starts with. A device keeps its configuration on flash (§4.14): one stored by a reset
 * after `config-set`, PUT /api/snmp and the like is what it starts with again, as long as the start configuration it
 * was derived from is unchanged. An edited start file is a deliberate new configuration and wins; the stored one is
 * then forgotten (docs/design.md "Configuration on flash"). A stored text that no longer parses is logged and the
 * start configuration used: nothing stored is ever half-applied.
 */
export async function startConfig(start: DeviceConfig, store: Store, log: Logger): Promise<DeviceConfig> {
  const [running, from] = [text(await store.get(RUNNING)), text(await store.get(START))];
  if (running === undefined) return start;
  if (from !== formatNativeText(start)) {
    log.log("info", "start configuration changed: the configuration kept on flash is replaced by it", {});
    await forgetRunning(store);
    return start;
  }
  try {
    return parseNativeText(running, RUNNING);
  } catch (err) {
    log.log("error", "configuration on flash unreadable: starting with the start configuration", {
      error: String(err),
    });
    return start;
  }
}

/** Keeps the configuration a reset put in force, with the start configuration it came from (see startConfig). */
export async function keepRunning(store: Store, start: DeviceConfig, running: DeviceConfig): Promise<void> {
  const encode = (s: string) => new TextEncoder().encode(s);
  await store.put(START, encode(formatNativeText(start)));
  await store.put(RUNNING, encode(formatNativeText(running)));
}

async function forgetRunning(store: Store): Promise<void> {
  await store.delete(RUNNING);
  await store.delete(START);
}
