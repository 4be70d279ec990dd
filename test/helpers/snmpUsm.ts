/**
 * SNMPv3 authPriv requests built by hand, for what Net-SNMP's tools will not send: a message whose
 * msgAuthoritativeEngineBoots or msgAuthoritativeEngineTime the test picks, correctly authenticated and encrypted so
 * that only the Time Window (RFC 3414 §3.2 step 7a) can refuse it. USM with HMAC-SHA-96 (RFC 3414 §7) and
 * CFB128-AES-128 (RFC 3826), keys from passwords and localised to the engine ID (RFC 3414 §2.6, A.2.2).
 */
import { createCipheriv, createHash, createHmac } from "node:crypto";
import { int, octets, tlv } from "./snmp.js";

/** The localised keys of one user at one engine (RFC 3414 §2.6): SHA-1 authentication, AES-128 privacy. */
export interface UsmKeys {
  readonly engineId: Buffer;
  readonly user: string;
  readonly auth: Buffer;
  readonly priv: Buffer;
}

/** RFC 3414 A.2.2: SHA-1 over 1 MiB of the password repeated, then localised as SHA-1(Ku | engineID | Ku). */
function localizedKey(password: string, engineId: Buffer): Buffer {
  const pw = Buffer.from(password);
  const mega = Buffer.alloc(1_048_576);
  for (let i = 0; i < mega.length; i++) mega[i] = pw[i % pw.length]!;
  const ku = createHash("sha1").update(mega).digest();
  return createHash("sha1")
    .update(Buffer.concat([ku, engineId, ku]))
    .digest();
}

export function usmKeys(user: string, authPassword: string, privPassword: string, engineId: Buffer): UsmKeys {
  // RFC 3826 §1.2: the AES-128 key is the first 16 octets of the localised privacy key.
  return {
    engineId,
    user,
    auth: localizedKey(authPassword, engineId),
    priv: localizedKey(privPassword, engineId).subarray(0, 16),
  };
}

/** RFC 3412 §6.4 msgFlags. */
const AUTH = 1;
const PRIV = 2;
const REPORTABLE = 4;

/**
 * An authPriv SNMPv3 message carrying `body` (a PDU) with the given engine boots and time: the ScopedPDU encrypted
 * with AES-128-CFB (IV = boots | time | salt, RFC 3826 §3.1.2.1), then the whole message authenticated with
 * HMAC-SHA-96 (RFC 3414 §7.3.1). `reportable`: whether the agent may answer an error with a report (default yes).
 */
export function v3AuthPrivMessage(o: {
  keys: UsmKeys;
  boots: number;
  time: number;
  body: Buffer;
  msgId?: number;
  reportable?: boolean;
}): Buffer {
  const { keys } = o;
  const salt = Buffer.alloc(8);
  salt.writeUInt32BE(o.msgId ?? 4712, 4);
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(o.boots, 0);
  iv.writeUInt32BE(o.time, 4);
  salt.copy(iv, 8);
  const scoped = tlv(0x30, octets(keys.engineId), octets(""), o.body);
  const cipher = createCipheriv("aes-128-cfb", keys.priv, iv);
  const encrypted = Buffer.concat([cipher.update(scoped), cipher.final()]);
  const flags = AUTH | PRIV | (o.reportable === false ? 0 : REPORTABLE);
  const header = tlv(0x30, int(o.msgId ?? 4712), int(65_507), octets(Buffer.from([flags])), int(3));
  const digestAt = tlv(0x04, Buffer.alloc(12));
  const usm = tlv(0x30, octets(keys.engineId), int(o.boots), int(o.time), octets(keys.user), digestAt, octets(salt));
  const message = tlv(0x30, int(3), header, octets(usm), octets(encrypted));
  // The digest goes where its 12 zero octets were, over the message holding them (RFC 3414 §6.3.1).
  const at = message.indexOf(usm) + usm.indexOf(digestAt) + 2;
  createHmac("sha1", keys.auth).update(message).digest().copy(message, at, 0, 12);
  return message;
}
