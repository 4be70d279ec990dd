/**
 * The certificates section's reader under damaged input (docs/style.md §2: every parser is fuzzed): PEM texts with
 * bits flipped, cut or padded, values of the wrong type, keys dropped or made up, and damaged YAML text. Each input is
 * read or refused with a ConfigError; nothing else escapes, and no message repeats a line of the private key.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { deviceFromObject } from "../../src/config/deviceFromObject.js";
import { locatorWithoutLines } from "../../src/core/config/Locator.js";
import { parseYamlSource } from "../../src/core/config/yamlSource.js";
import { ConfigError } from "../../src/core/errors.js";
import { SeededRng, type Rng } from "../../src/core/Rng.js";
import { makeCa, makeLeaf, mutate, NOW, Workdir } from "./helpers.js";

const INPUTS = 600;
const BASE = { name: "fuzz", kind: "IPBS", mac: "00:90:33:0f:00:01", ip: "127.0.15.1" };

/** A text damaged as bytes (latin1, so every byte stays one character). */
const damaged = (rng: Rng, s: string) => Buffer.from(mutate(rng, Buffer.from(s, "latin1"))).toString("latin1");

/** A value of a random wrong (or right) type. */
function anyValue(rng: Rng, pems: readonly string[]): unknown {
  switch (rng.int(7)) {
    case 0:
      return rng.int(5000) - 100;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return null;
    case 3:
      return [pems[rng.int(pems.length)]];
    case 4:
      return { certificate: pems[rng.int(pems.length)] };
    case 5:
      return "";
    default:
      return damaged(rng, pems[rng.int(pems.length)]!);
  }
}

/** A section with some of its values damaged, replaced, dropped, or keys made up. */
function mutateSection(rng: Rng, v: unknown, pems: readonly string[], depth = 0): unknown {
  if (typeof v === "string") return rng.next() < 0.5 ? damaged(rng, v) : rng.next() < 0.2 ? anyValue(rng, pems) : v;
  if (Array.isArray(v)) return v.map((x) => (rng.next() < 0.5 ? mutateSection(rng, x, pems, depth + 1) : x));
  if (typeof v !== "object" || v === null) return rng.next() < 0.3 ? anyValue(rng, pems) : v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (rng.next() < 0.1) continue;
    out[k] = rng.next() < 0.6 ? mutateSection(rng, x, pems, depth + 1) : x;
  }
  if (rng.next() < 0.1) out[["pem", "ca", "keys", "trusted", "bits"][rng.int(5)]!] = anyValue(rng, pems);
  return depth === 0 && rng.next() < 0.05 ? anyValue(rng, pems) : out;
}

describe("certificates section fuzz", () => {
  const w = new Workdir();
  after(() => w.close());
  makeCa(w);
  makeLeaf(w, "leaf");
  makeLeaf(w, "other");
  const [ca, leaf, key, otherKey] = [w.text("ca.pem"), w.text("leaf.pem"), w.text("leaf.key"), w.text("other.key")];
  const keyLines = (key + otherKey).split("\n").filter((l) => l.length > 16 && !l.startsWith("-----"));
  const seeds = [
    { device: { certificate: leaf + ca, key }, trust: [ca] },
    {
      device: { selfSigned: { bits: 2048, hash: "sha256", years: 5, cn: "fuzz.example.com", dns: "fuzz.example.com" } },
    },
    { trust: [ca + leaf, ca] },
    // A key of another certificate.
    { device: { certificate: leaf, key: otherKey } },
  ];

  test(`${INPUTS} damaged sections and YAML texts: each read or refused with a located ConfigError`, () => {
    const rng = new SeededRng("certificates-section-fuzz");
    const codes = new Map<string, number>();
    let read = 0;
    for (let i = 0; i < INPUTS; i++) {
      const seed = seeds[rng.int(seeds.length)]!;
      const asText = rng.next() < 0.2;
      const run = (): unknown => {
        if (!asText)
          return deviceFromObject(
            { ...BASE, certificates: mutateSection(rng, seed, [ca, leaf, key, otherKey]) },
            locatorWithoutLines("fuzz.json"),
            NOW,
          );
        const { value, locator } = parseYamlSource(damaged(rng, JSON.stringify({ ...BASE, certificates: seed })), "f");
        return deviceFromObject(value, locator, NOW);
      };
      try {
        run();
        read++;
      } catch (e) {
        assert.ok(e instanceof ConfigError, `input ${i}: ${String(e)}\n${(e as Error).stack}`);
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
        for (const l of keyLines)
          assert.ok(!e.message.includes(l.slice(0, 16)), `input ${i} shows the key: ${e.message}`);
      }
    }
    for (const code of ["CERTS_CONFIG_PEM", "CERTS_CONFIG_KEY", "CERTS_CONFIG_REQUEST", "CONFIG_UNKNOWN_KEY"])
      assert.ok((codes.get(code) ?? 0) > 0, `${code} never came: ${JSON.stringify([...codes])}`);
    assert.ok(read > 0 && read < INPUTS / 2, `${read} read`);
  });
});
