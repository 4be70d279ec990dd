import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, describe, test } from "node:test";
import { CertsCode } from "../../src/certs/errors.js";
import { FLASH } from "../../src/certs/flash.js";
import { keyUsageProblem } from "../../src/certs/keyUsage.js";
import { MAX_REJECTED, MAX_REJECTED_CHAIN } from "../../src/certs/RejectedList.js";
import { DAY_MS } from "../../src/certs/validity.js";
import { StateError } from "../../src/core/errors.js";
import { MemoryStore } from "../../src/core/Store.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { makeCa, makeLeaf, NOW, openssl, storeRig, text, Workdir } from "./helpers.js";

const EXPIRY = "0x000c1001";
const TIME_NOT_SET = "0x000c1000";
const active = (rig: { alarms: { active(): { code: string; source?: string }[] } }, code: string) =>
  rig.alarms
    .active()
    .filter((a) => a.code === code)
    .map((a) => a.source);

describe("the certificate store (§4.1.10)", () => {
  const w = new Workdir();
  after(() => w.close());
  makeCa(w);
  makeLeaf(w, "peer");
  makeLeaf(w, "soon", { days: 10 });

  test("the default certificate is made once: a restart finds it on flash", async () => {
    const store = new MemoryStore();
    const first = await storeRig({ store });
    const pem = await first.certs.devicePem();
    assert.deepEqual(await store.keys("certs/"), [FLASH.default]);
    const again = await storeRig({ store });
    assert.equal(again.certs.generating, false);
    assert.equal(await again.certs.devicePem(), pem);
  });

  test("Clear brings the default back (§4.1.10.4 Clear); the installed one is gone from flash", async () => {
    const { certs, store } = await storeRig();
    const dflt = await certs.devicePem();
    assert.equal(await certs.clearDevice(), false, "nothing installed: nothing to clear");
    await certs.selfSigned({ bits: 2048, hash: "sha256", years: 1, commonName: "x" });
    assert.notEqual(await certs.devicePem(), dflt);
    assert.equal(await certs.clearDevice(), true);
    assert.equal(await certs.devicePem(), dflt);
    assert.equal(await store.get(FLASH.device), undefined);
  });

  test("0x000c1001 for a trusted certificate that expires within 30 days, cleared when it leaves the list", async () => {
    const rig = await storeRig();
    await rig.certs.trust(w.read("peer.pem"));
    assert.deepEqual(active(rig, EXPIRY), []);
    const [soon] = await rig.certs.trust(w.read("soon.pem"));
    assert.deepEqual(active(rig, EXPIRY), [`trusted CN=soon (${soon!.fingerprint.slice(0, 11)})`]);
    await rig.certs.untrust(soon!.fingerprint);
    assert.deepEqual(active(rig, EXPIRY), []);
  });

  test("0x000c1001 comes with the daily check on the device's clock: 31 days before the device certificate ends", async () => {
    const rig = await storeRig();
    await rig.certs.selfSigned({ bits: 2048, hash: "sha256", years: 1, commonName: "x" });
    const end = Date.parse((await rig.certs.device()).certificate.notAfter);
    await rig.clock.runUntil(end - 32 * DAY_MS, afterChains);
    assert.deepEqual(active(rig, EXPIRY), []);
    await rig.clock.runUntil(end - 29 * DAY_MS, afterChains);
    assert.deepEqual(active(rig, EXPIRY), ["device certificate"]);
    await rig.certs.clearDevice();
    assert.deepEqual(active(rig, EXPIRY), [], "the default certificate has 9 more years");
    rig.certs.close();
  });

  test("an expired certificate found on flash at start raises 0x000c1001 at once", async () => {
    const store = new MemoryStore();
    const early = await storeRig({ store });
    await early.certs.trust(w.read("soon.pem"));
    const later = await storeRig({ store, now: NOW + 40 * DAY_MS });
    assert.equal(active(later, EXPIRY).length, 1);
  });

  test("until the time is set, validation is refused with 0x000c1000 and nothing is judged expired (§6.2)", async () => {
    const rig = await storeRig({ now: 0 });
    assert.throws(
      () => rig.certs.validationTime(),
      (e) => e instanceof StateError && e.code === CertsCode.TimeNotSet,
    );
    assert.deepEqual(active(rig, TIME_NOT_SET), [undefined]);
    // An upload is taken whatever its dates (they cannot be judged), and raises no expiry alarm.
    await rig.certs.trust(w.read("soon.pem"));
    assert.deepEqual(active(rig, EXPIRY), []);
    await rig.clock.runUntil(NOW, afterChains);
    assert.equal(rig.certs.validationTime(), NOW);
    assert.deepEqual(active(rig, TIME_NOT_SET), []);
    rig.certs.close();
  });

  test("rejected chains: listed with subject, issuer, fingerprint, reason, direction and time; Trust moves them", async () => {
    const rig = await storeRig();
    const peer = new X509Certificate(w.read("peer.pem"));
    const ca = new X509Certificate(w.read("ca.pem"));
    await rig.certs.reject([peer.raw, ca], "unable to get local issuer certificate", "out", "127.0.0.5:5061");
    await rig.certs.reject([peer, ca.raw], "unable to get local issuer certificate", "out", "127.0.0.5:5061");
    const [entry, ...rest] = rig.certs.rejected();
    assert.deepEqual(rest, []);
    assert.deepEqual(
      { ...entry, time: 0 },
      {
        subject: "CN=peer",
        issuer: "CN=Test ca",
        fingerprint: peer.fingerprint256,
        reason: "unable to get local issuer certificate",
        direction: "out",
        peer: "127.0.0.5:5061",
        time: 0,
        count: 2,
        certificates: 2,
      },
    );
    assert.equal(entry!.time, NOW);
    const added = await rig.certs.trustRejected(peer.fingerprint256);
    assert.deepEqual(
      added.map((c) => c.subject),
      ["CN=peer", "CN=Test ca"],
    );
    assert.deepEqual(rig.certs.rejected(), []);
    await assert.rejects(
      rig.certs.trustRejected(peer.fingerprint256),
      (e) => e instanceof StateError && e.code === CertsCode.NotRejected,
    );
    const rejectedEvents = rig.events.filter((e) => e.kind === "certificate" && e["action"] === "rejected");
    assert.equal(rejectedEvents.length, 1, "a chain refused again counts, but is no new event");
    assert.equal(rejectedEvents[0]!["direction"], "out");
  });

  test(`the rejected list is bounded: the newest ${MAX_REJECTED} chains of at most ${MAX_REJECTED_CHAIN} certificates`, async () => {
    const rig = await storeRig();
    for (let i = 0; i < MAX_REJECTED + 5; i++) {
      openssl(w, [
        "req",
        "-x509",
        "-newkey",
        "rsa:1024",
        "-nodes",
        "-keyout",
        "r.key",
        "-out",
        "r.pem",
        "-subj",
        `/CN=r${i}`,
        "-days",
        "1",
      ]);
      await rig.certs.reject(Array(MAX_REJECTED_CHAIN + 3).fill(w.read("r.pem")), "self-signed certificate", "in");
    }
    const list = rig.certs.rejected();
    assert.equal(list.length, MAX_REJECTED);
    assert.equal(list[0]!.subject, `CN=r${MAX_REJECTED + 4}`);
    assert.equal(list.at(-1)!.subject, "CN=r5");
    assert.ok(list.every((e) => e.certificates === MAX_REJECTED_CHAIN));
    await rig.certs.reject([text("not a certificate")], "garbage", "in");
    assert.equal(
      rig.certs.rejected()[0]!.subject,
      `CN=r${MAX_REJECTED + 4}`,
      "a chain without a readable leaf is not listed",
    );
    assert.equal(await rig.certs.clearRejected(), MAX_REJECTED);
  });

  test("TLS settings are the configuration's (TLS0): the store keeps no file of its own for them", async () => {
    const store = new MemoryStore();
    const a = await storeRig({ store });
    assert.deepEqual(a.certs.settings(), { profile: "normal", keyUsage: "standard" });
    a.certs.setSettings({ profile: "strict", keyUsage: "standard" });
    assert.deepEqual(a.certs.settings(), { profile: "strict", keyUsage: "standard" });
    const b = await storeRig({ store, settings: { profile: "fast", keyUsage: "extended" } });
    assert.deepEqual(b.certs.settings(), { profile: "fast", keyUsage: "extended" });
    assert.deepEqual(await store.keys("certs/"), ["certs/default.json"]);
  });

  test("a file on flash that does not read back is set aside with a warning; the rest loads", async () => {
    const store = new MemoryStore();
    const a = await storeRig({ store });
    await a.certs.trust(w.read("peer.pem"));
    await store.put(FLASH.default, text("{ not json"));
    const b = await storeRig({ store });
    assert.ok(
      b.events.some(
        (e) => e.kind === "warning" && e["code"] === CertsCode.Stored && /certs\/default\.json/.test(String(e["text"])),
      ),
    );
    assert.equal(b.certs.trustList().length, 1);
    assert.equal((await b.certs.device()).origin, "default", "a new default certificate was made");
  });

  test("key usage (§4.7.2.1): a CA-signed certificate without extended key usage passes the standard check only", () => {
    const peer = new X509Certificate(w.read("peer.pem"));
    assert.equal(keyUsageProblem(peer, "serverAuth", "standard"), undefined);
    assert.match(keyUsageProblem(peer, "serverAuth", "extended")!, /requires one naming serverAuth/);
    openssl(w, [
      "req",
      "-new",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "c.key",
      "-out",
      "c.csr",
      "-subj",
      "/CN=client",
      "-addext",
      "extendedKeyUsage=clientAuth",
    ]);
    openssl(w, [
      "x509",
      "-req",
      "-in",
      "c.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-copy_extensions",
      "copy",
      "-days",
      "5",
      "-out",
      "client.pem",
    ]);
    const client = new X509Certificate(w.read("client.pem"));
    assert.equal(keyUsageProblem(client, "clientAuth", "extended"), undefined);
    assert.match(keyUsageProblem(client, "serverAuth", "standard")!, /does not include serverAuth/);
    // Self-signed certificates are exempt: an administrator put them on the trust list.
    assert.equal(keyUsageProblem(new X509Certificate(w.read("ca.pem")), "serverAuth", "extended"), undefined);
  });
});
