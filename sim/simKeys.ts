import { generateKeyPairSync } from "node:crypto";
import type { KeySource, RsaBits } from "../src/certs/keys.js";

const made = new Map<RsaBits, string>();

/**
 * The sim's RSA keys (docs/design.md "Certificates"): one key per size for every device of the process, made once and
 * synchronously. Each device still makes its own certificate (its MAC, its dates) when first asked, but a 2047-radio
 * fleet does not spend minutes on keys that protect nothing in memory; and a key that is ready at once keeps a run in
 * virtual time free of thread-pool timing, so the event log stays the same for the same seed.
 */
export const simKeys: KeySource = {
  rsa: async (bits) => {
    let key = made.get(bits);
    if (key === undefined) {
      key = generateKeyPairSync("rsa", {
        modulusLength: bits,
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
        publicKeyEncoding: { type: "spki", format: "pem" },
      }).privateKey;
      made.set(bits, key);
    }
    return key;
  },
};
