/**
 * The certificates section applied at start (certs/provision.ts, docs/design.md "Certificates"): the configuration
 * provisions the store at the first start and again only where it changed, so an operator's change stands over
 * restarts until the configuration itself changes.
 */
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, describe, test } from "node:test";
import { FLASH } from "../../src/certs/flash.js";
import { provision } from "../../src/certs/provision.js";
import { silentLogger } from "../../src/core/Logger.js";
import { MemoryStore, type Store } from "../../src/core/Store.js";
import { fromYaml, YAML_BASE } from "../config/helpers.js";
import { makeCa, makeLeaf, NOW, storeRig, Workdir } from "./helpers.js";

const block = (pem: string) =>
  pem
    .trimEnd()
    .split("\n")
    .map((l) => `      ${l}\n`)
    .join("");

describe("the certificates section at start (provision)", () => {
  const w = new Workdir();
  after(() => w.close());
  makeCa(w);
  makeCa(w, "ca2");
  makeLeaf(w, "leaf");
  makeLeaf(w, "leaf2");
  makeLeaf(w, "short", { days: 1 });
  const pem = (name: string) => w.text(name);
  const fp = (name: string) => new X509Certificate(pem(name)).fingerprint256;

  const carried = (leaf: string) =>
    `  device:\n    certificate: |\n${block(pem(`${leaf}.pem`))}    key: |\n${block(pem(`${leaf}.key`))}`;
  const trust = (...names: string[]) =>
    names.length === 0
      ? "  trust: []\n"
      : `  trust:\n${names.map((n) => `    - |\n${block(pem(`${n}.pem`))}`).join("")}`;
  const section = (...parts: string[]) => `${YAML_BASE}certificates:\n${parts.join("")}`;

  /** A start of the device on `store`: the store loads, then the configuration's section is applied. */
  async function start(store: Store, yaml: string, now = NOW) {
    const rig = await storeRig({ store, now });
    const before = rig.events.length;
    await provision(rig.certs, fromYaml(yaml).certificates!, {
      store,
      log: silentLogger,
      emit: (kind, f) => rig.events.push({ kind, ...f }),
    });
    const view = await rig.certs.device();
    return {
      ...rig,
      applied: rig.events.slice(before),
      device: { origin: view.origin, fingerprint: view.certificate.fingerprint, subject: view.certificate.subject },
      trusted: rig.certs.trustList().map((c) => c.fingerprint),
    };
  }

  test("first start: the carried certificate is presented and the trust entries are trusted; a restart changes nothing", async () => {
    const store = new MemoryStore();
    const yaml = section(carried("leaf"), trust("ca"));
    const first = await start(store, yaml);
    assert.deepEqual(first.device, { origin: "configured", fingerprint: fp("leaf.pem"), subject: "CN=leaf" });
    assert.deepEqual(first.trusted, [fp("ca.pem")]);
    assert.deepEqual(
      first.applied.map((e) => [e.kind, e["action"]]),
      [
        ["certificate", "installed"],
        ["certificate", "trusted"],
      ],
    );
    const marker = new TextDecoder().decode(await store.get(FLASH.configured));
    assert.doesNotMatch(marker, /PRIVATE KEY|BEGIN/, "what was applied is kept as fingerprints, never the key");
    assert.doesNotMatch(JSON.stringify(first.events), /PRIVATE KEY/);
    const again = await start(store, yaml);
    assert.deepEqual([again.device, again.trusted, again.applied], [first.device, first.trusted, []]);
  });

  test("an operator's changes stand over restarts until the configuration changes; then only what changed is applied", async () => {
    const store = new MemoryStore();
    const yaml = section(carried("leaf"), trust("ca", "ca2"));
    const first = await start(store, yaml);
    // The operator makes a new certificate, removes one configured entry and adds one of their own.
    const made = await first.certs.selfSigned({ bits: 1024, hash: "sha256", years: 1, commonName: "operator" });
    await first.certs.untrust(fp("ca2.pem"));
    await first.certs.trust(new TextEncoder().encode(pem("leaf2.pem")));
    const kept = await start(store, yaml);
    assert.equal(kept.device.fingerprint, made.certificate.fingerprint, "the operator's certificate is kept");
    assert.deepEqual(kept.trusted, [fp("ca.pem"), fp("leaf2.pem")], "ca2 stays removed, the operator's entry stays");
    assert.deepEqual(kept.applied, []);
    // The configuration changes: a new certificate, ca withdrawn, ca2 kept (the operator's removal stands), leaf
    // new; the operator's own leaf2 is not the configuration's to remove.
    const changed = await start(store, section(carried("leaf2"), trust("ca2", "leaf")));
    assert.deepEqual(changed.device, { origin: "configured", fingerprint: fp("leaf2.pem"), subject: "CN=leaf2" });
    assert.deepEqual(changed.trusted, [fp("leaf2.pem"), fp("leaf.pem")]);
    assert.deepEqual(
      changed.applied.map((e) => [e["action"], e["subject"]]),
      [
        ["installed", "CN=leaf2"],
        ["untrusted", "CN=Test ca"],
        ["trusted", "CN=leaf"],
      ],
    );
    // `trust: []` withdraws what the configuration added; an absent part says nothing.
    const none = await start(store, section(trust()));
    assert.deepEqual([none.device.fingerprint, none.trusted], [fp("leaf2.pem"), [fp("leaf2.pem")]]);
  });

  test("a self-signed certificate from parameters is made once, and again only when the parameters change", async () => {
    const store = new MemoryStore();
    const params = (cn: string) => `  device: { selfSigned: { bits: 1024, years: 3, cn: ${cn} } }\n`;
    const first = await start(store, section(params("ipbs.example.com")));
    assert.deepEqual([first.device.origin, first.device.subject], ["self-signed", "CN=ipbs.example.com"]);
    assert.equal((await first.certs.device()).certificate.key, "rsa 1024");
    // `bits: 1024` and the default hash written out are the same request.
    const same = await start(
      store,
      section("  device: { selfSigned: { bits: 1024, hash: sha256, years: 3, cn: ipbs.example.com } }\n"),
    );
    assert.deepEqual([same.device, same.applied], [first.device, []]);
    const other = await start(store, section(params("ipbs2.example.com")));
    assert.equal(other.device.subject, "CN=ipbs2.example.com");
  });

  test("a part expired by the device's clock is not applied: a warning, the store as it was, tried again next start", async () => {
    const store = new MemoryStore();
    const later = NOW + 3 * 86_400_000;
    const yaml = section(carried("short"), trust("short", "ca"));
    const s = await start(store, yaml, later);
    assert.equal(s.device.origin, "default");
    assert.deepEqual(s.trusted, []);
    assert.deepEqual(
      s.applied.map((e) => [e.kind, e["code"]]),
      [
        ["warning", "CERTS_PROVISION"],
        ["warning", "CERTS_PROVISION"],
      ],
    );
    assert.match(String(s.applied[0]!["text"]), /device certificate is not applied: certificate CN=short .* expired/);
    assert.equal(await store.get(FLASH.configured), undefined, "nothing recorded as applied");
    const retried = await start(store, yaml);
    assert.deepEqual([retried.device.origin, retried.trusted.length], ["configured", 2]);
  });
});
