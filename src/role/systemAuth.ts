import { createHash } from "node:crypto";
import type { DectSystem } from "./system.js";

/**
 * Proofs already computed, by their whole input. A PARI Master checks one with every keep-alive of every radio and a
 * radio sends one with each, so a fleet would otherwise spend its time in SHA-256. Cleared when full: it only caches.
 */
const proofs = new Map<string, Uint8Array>();
const MAX_PROOFS = 8192;

function proof(system: DectSystem, mac: string): Uint8Array {
  const input = `${system.name}\n${system.password}\n${mac}`;
  let p = proofs.get(input);
  if (p === undefined) {
    if (proofs.size >= MAX_PROOFS) proofs.clear();
    p = new Uint8Array(createHash("sha256").update(input, "utf8").digest().subarray(0, 16));
    proofs.set(input, p);
  }
  return p;
}

/**
 * What a radio sends to prove it has the system name and password (§4.6.1, §4.6.32) without sending the password:
 * SHA-256 over name, password and the radio's MAC, first 16 bytes. Tied to the MAC so a captured value is of no use
 * to another radio.
 */
export function systemAuth(system: DectSystem, mac: string): Uint8Array {
  return new Uint8Array(proof(system, mac));
}

/** Constant-time comparison of a received proof with the expected one. */
export function authMatches(system: DectSystem, mac: string, received: Uint8Array): boolean {
  const want = proof(system, mac);
  if (received.length !== want.length) return false;
  let diff = 0;
  for (let i = 0; i < want.length; i++) diff |= want[i]! ^ received[i]!;
  return diff === 0;
}
