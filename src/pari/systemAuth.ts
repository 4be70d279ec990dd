import { createHash } from "node:crypto";
import type { DectSystem } from "../core/config/DeviceConfig.js";

/**
 * What a radio sends to prove it has the system name and password (§4.6.1, §4.6.32) without sending the password:
 * SHA-256 over name, password and the radio's MAC, first 16 bytes. Tied to the MAC so a captured value is of no use
 * to another radio.
 */
export function systemAuth(system: DectSystem, mac: string): Uint8Array {
  const h = createHash("sha256").update(`${system.name}\n${system.password}\n${mac}`, "utf8").digest();
  return new Uint8Array(h.subarray(0, 16));
}

/** Constant-time comparison of a received proof with the expected one. */
export function authMatches(system: DectSystem, mac: string, received: Uint8Array): boolean {
  const want = systemAuth(system, mac);
  if (received.length !== want.length) return false;
  let diff = 0;
  for (let i = 0; i < want.length; i++) diff |= want[i]! ^ received[i]!;
  return diff === 0;
}
