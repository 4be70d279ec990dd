import { IpdectError } from "../core/errors.js";
import {
  flashCheck,
  flashField,
  flashObject,
  isArray,
  isString,
  parseFlashJson,
  readFlashJson,
} from "../core/flashJson.js";
import type { Store } from "../core/Store.js";
import type { Emit } from "../role/EventLog.js";
import type { KerberosClient } from "./KerberosClient.js";
import { orderFingerprint, type JoinOrder, type JoinSource } from "./joinOrder.js";
import type { KerberosClientSettings } from "./settings.js";

/**
 * A join given from outside the device's own page waits on flash for the device's next start (App. E: the script's
 * `mod cmd UP1 check resetn` reboots it; §4.1.8.6: the added radio restarts). The store keeps every value 0600 (Store),
 * and the order with its admin password lives there only from the reset that applies it until the start that tries it:
 * it is read and removed before the join is tried, so it is tried once and its password is gone whatever the outcome.
 * docs/design.md "Kerberos joins".
 */
const PENDING_KEY = "kerberos/join.json";
/** The last order of a start configuration that was carried out, without its password (orderFingerprint). */
const DONE_KEY = "kerberos/join-done.json";
/** The client settings of a PARI Master's Add (§4.1.8.6): servers and flags, no password. */
const PROVISION_KEY = "kerberos/provision.json";

interface PendingJoin {
  readonly order: JoinOrder;
  readonly source: JoinSource;
}

const encode = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));

/** Client settings as kept: the servers and flags (a shape check, not the configuration's rules again). */
function clientShape(v: unknown): KerberosClientSettings {
  const o = flashObject(v);
  flashField(o, "servers", isArray, "a list").forEach((s, i) => flashObject(s, `servers[${i}]`));
  for (const f of ["aesRc4", "disableLocal"]) flashCheck(typeof o[f] === "boolean", `${f}: not true or false`);
  return o as unknown as KerberosClientSettings;
}

function pendingShape(v: unknown): PendingJoin {
  const o = flashObject(v);
  flashField(o, "source", isString, "text");
  const order = flashObject(o["order"], "order");
  flashField(order, "realm", isString, "text");
  flashObject(order["admin"], "order.admin");
  clientShape({ ...order, servers: order["servers"] });
  return o as unknown as PendingJoin;
}

const fingerprintShape = (v: unknown): string => {
  flashCheck(isString(v), "the file: not text");
  return v as string;
};

/** Keeps `order` for the next start, replacing any order still waiting. */
export async function keepJoin(store: Store, order: JoinOrder, source: JoinSource): Promise<void> {
  await store.put(PENDING_KEY, encode({ order, source } satisfies PendingJoin));
  await store.put(DONE_KEY, encode(orderFingerprint(order)));
}

/**
 * The order of a start configuration (`ipdect node --config`, read at every start): kept for this start unless the
 * same order (password aside) was carried out before, so a file that stays as it is joins once.
 */
export async function keepStartJoin(store: Store, order: JoinOrder): Promise<void> {
  if (!(await knownJoin(store, order))) await keepJoin(store, order, "update-script");
}

/** Whether `order` (password aside) is the last one this device kept: a repeat of it is not carried out again. */
export async function knownJoin(store: Store, order: JoinOrder): Promise<boolean> {
  // A damaged file is no order: the order is carried out again, which a join tolerates (docs/design.md "Flash you can
  // trust").
  try {
    return (await readFlashJson(store, DONE_KEY, fingerprintShape)) === orderFingerprint(order);
  } catch (e) {
    if (e instanceof IpdectError) return false;
    throw e;
  }
}

/** The Kerberos client settings a PARI Master's Add gave this radio (§4.1.8.6), kept across restarts. */
export function saveProvisionedClient(store: Store, settings: KerberosClientSettings): Promise<void> {
  return store.put(PROVISION_KEY, encode(settings));
}

/**
 * The client settings in force: the configured ones, else those an Add provisioned (like the radio's plug and play
 * settings, a configured client ignores provisioning).
 */
export async function clientSettings(
  configured: KerberosClientSettings | undefined,
  store: Store,
): Promise<KerberosClientSettings | undefined> {
  if (configured !== undefined) return configured;
  // A damaged file refuses the start (FLASH_CORRUPT), as the radio's own provisioning does.
  return readFlashJson(store, PROVISION_KEY, clientShape);
}

/**
 * Tries the waiting order once, if there is one: removes it from flash first, joins, and reports the outcome as a
 * `command` event `kerberos-join` (`result` joined or failed, `source`, `realm`, and `code`/`reason` of a failure;
 * never the password).
 */
export async function carryOutJoin(store: Store, client: KerberosClient | undefined, emit: Emit): Promise<void> {
  const b = await store.get(PENDING_KEY);
  if (b === undefined) return;
  await store.delete(PENDING_KEY);
  let pending: PendingJoin;
  try {
    pending = parseFlashJson(PENDING_KEY, b, pendingShape);
  } catch (e) {
    // A damaged order is dropped and reported, like a failed one: the operator gives it again.
    if (!(e instanceof IpdectError)) throw e;
    emit("command", { command: "kerberos-join", result: "failed", code: e.code, reason: e.message });
    return;
  }
  const { order, source } = pending;
  const about = { command: "kerberos-join", source, realm: order.realm, user: order.admin.user };
  if (client === undefined) {
    emit("command", { ...about, result: "failed", reason: "this device has no Kerberos client (kerberos.client)" });
    return;
  }
  try {
    const status = await client.join({
      realm: order.realm,
      ...(order.host === undefined ? {} : { host: order.host }),
      admin: order.admin,
      force: order.force,
    });
    emit("command", { ...about, result: "joined", host: status.membership?.host });
  } catch (e) {
    const code = e instanceof IpdectError ? e.code : "INTERNAL";
    emit("command", { ...about, result: "failed", code, reason: e instanceof Error ? e.message : String(e) });
  }
}
