import { InOrder } from "../core/InOrder.js";
import { generateKeyPair } from "node:crypto";

/** §4.1.10.4.2: the key sizes a new device certificate or signing request may have. */
export const RSA_BITS = [1024, 2048, 4096] as const;
export type RsaBits = (typeof RSA_BITS)[number];

/**
 * Where a device's RSA key pairs come from (§4.1.10.4): a private key as PKCS#8 PEM. Real nodes generate each key
 * (rsaKeys); the sim hands every device of a process one key per size, because a 2047-radio fleet would otherwise
 * spend minutes generating keys that protect nothing in memory (docs/design.md "Certificates").
 */
export interface KeySource {
  rsa(bits: RsaBits): Promise<string>;
}

/** node:crypto's key generation, off the event loop (libuv's thread pool). */
export const rsaKeys: KeySource = {
  rsa: (bits) =>
    new Promise((resolve, reject) =>
      generateKeyPair(
        "rsa",
        {
          modulusLength: bits,
          privateKeyEncoding: { type: "pkcs8", format: "pem" },
          publicKeyEncoding: { type: "spki", format: "pem" },
        },
        (err, _publicKey, privateKey) => (err === null ? resolve(privateKey) : reject(err)),
      ),
    ),
};

/**
 * One key at a time from `source`: a process with many devices that all generate their default certificate at first
 * start (a real-node test with hundreds of radios) keeps one core for that work and the other for its devices.
 */
export function oneAtATime(source: KeySource): KeySource {
  const keys = new InOrder();
  return { rsa: (bits) => keys.run(() => source.rsa(bits)) };
}
