import type { Clock } from "../core/Clock.js";
import type { Store } from "../core/Store.js";
import { AGENT_MAX_MESSAGE_SIZE } from "./messageSize.js";
import type { MibView, Oid } from "./mibView.js";
import { scalar } from "./systemGroup.js";
import { liveView } from "./views.js";

/**
 * The agent's snmpEngineBoots and snmpEngineTime (RFC 3414 §2.2) and the timeliness check they serve (§2.3, §3.2
 * step 7a): an authenticated request carries the agent's boots and time as its sender last learnt them, and one that
 * is not within 150 seconds of the agent's notion, or is from an earlier boot, is refused. A captured request can
 * therefore be replayed only within that window and never after the agent restarts; within the window RFC 3414 itself
 * accepts a replay (it bounds replay in time, it does not detect duplicates).
 */

/** RFC 3414 §2.2.3: the Time Window, ±150 seconds. */
export const TIME_WINDOW_S = 150;
/**
 * RFC 3411 SNMP-FRAMEWORK-MIB: the top of snmpEngineBoots and snmpEngineTime. Boots that reach it stay there, and
 * every authenticated message is then outside the window (RFC 3414 §2.2.2, §3.2 step 7a).
 */
export const MAX_ENGINE_VALUE = 2_147_483_647;
/** Where the device's flash keeps snmpEngineBoots (RFC 3414 §2.2.2: "non-volatile"). */
export const ENGINE_BOOTS_KEY = "snmp/engine-boots";

/** The authoritative engine's clock as a message carries it (msgAuthoritativeEngineBoots and …Time). */
export interface EngineTime {
  readonly boots: number;
  readonly time: number;
}

/** The boots of this start; `unreadable`: flash held something that is no count, and counting started again. */
export interface EngineBootsLoad {
  readonly boots: number;
  readonly unreadable?: true;
}

/**
 * Counts one more start of the engine on flash and returns the new snmpEngineBoots (RFC 3414 §2.2.2: incremented at
 * every re-initialisation, 1 at the first). A value that is no count (only something other than this code could have
 * written it: `Store.put` is atomic) starts the count again at 1, and says so for the log.
 */
export async function nextEngineBoots(store: Store): Promise<EngineBootsLoad> {
  const stored = await store.get(ENGINE_BOOTS_KEY);
  const text = stored === undefined ? undefined : new TextDecoder().decode(stored);
  const count = text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : undefined;
  const last = count !== undefined && count <= MAX_ENGINE_VALUE ? count : undefined;
  const boots = Math.min((last ?? 0) + 1, MAX_ENGINE_VALUE);
  await store.put(ENGINE_BOOTS_KEY, new TextEncoder().encode(String(boots)));
  return stored !== undefined && last === undefined ? { boots, unreadable: true } : { boots };
}

/**
 * snmpEngineTime (RFC 3411): whole seconds on the device's clock since the agent started with `boots`. Were it ever
 * to pass its top (68 years), boots go up by one and the time starts again at 0, as the MIB says; only in memory, as
 * the next start counts on from flash.
 */
export function engineClock(boots: number, clock: Clock): () => EngineTime {
  const since = clock.now();
  return () => {
    const seconds = Math.max(0, Math.floor((clock.now() - since) / 1000));
    const epochs = Math.floor(seconds / (MAX_ENGINE_VALUE + 1));
    return { boots: Math.min(boots + epochs, MAX_ENGINE_VALUE), time: seconds % (MAX_ENGINE_VALUE + 1) };
  };
}

/**
 * RFC 3414 §3.2 step 7a, the agent being the authoritative engine: an authenticated message is outside the Time
 * Window when the agent's boots are latched at their top, its msgAuthoritativeEngineBoots differ from the agent's, or
 * its msgAuthoritativeEngineTime is more than 150 seconds from the agent's snmpEngineTime either way.
 */
export function inTimeWindow(message: EngineTime, agent: EngineTime): boolean {
  return (
    agent.boots !== MAX_ENGINE_VALUE &&
    message.boots === agent.boots &&
    Math.abs(message.time - agent.time) <= TIME_WINDOW_S
  );
}

/** RFC 3411 SNMP-FRAMEWORK-MIB snmpEngine, snmpFrameworkMIBObjects.1. */
export const SNMP_ENGINE_GROUP: Oid = [1, 3, 6, 1, 6, 3, 10, 2, 1];

/** The snmpEngine group: snmpEngineID, snmpEngineBoots, snmpEngineTime, snmpEngineMaxMessageSize. */
export function snmpEngineView(engineIdHex: string, now: () => EngineTime): MibView {
  const id = hexBytes(engineIdHex);
  return liveView([
    scalar(SNMP_ENGINE_GROUP, 1, () => ({ type: "OctetString", value: id })),
    scalar(SNMP_ENGINE_GROUP, 2, () => ({ type: "Integer", value: now().boots })),
    scalar(SNMP_ENGINE_GROUP, 3, () => ({ type: "Integer", value: now().time })),
    scalar(SNMP_ENGINE_GROUP, 4, () => ({ type: "Integer", value: AGENT_MAX_MESSAGE_SIZE })),
  ]);
}

const hexBytes = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
