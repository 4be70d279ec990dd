/**
 * The certificates section in a fleet file, end to end through `ipdect sim` (examples/certificates.yaml): the sim has
 * no TLS, so what a lab user sees is the event log, the `certificates` part of each device's status in the report,
 * and the Certificates table `ipdect sim` prints. And bad certificates in a file stop `ipdect sim` and `ipdect node`
 * with exit code 2, the file, line, field and reason, and no stack trace.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, describe, test } from "node:test";
import { X509Certificate } from "node:crypto";
import type { CarriedCertificate } from "../../src/certs/configured.js";
import type { DeviceStatus } from "../../src/device/status.js";
import type { DeviceEvent } from "../../src/role/EventLog.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { runIpdect } from "../helpers/cli.js";
import { exampleYaml } from "../helpers/sim.js";
import { makeCa, makeLeaf, Workdir } from "./helpers.js";

const indent = (pem: string, spaces: number) =>
  pem
    .trimEnd()
    .split("\n")
    .map((l) => `${" ".repeat(spaces)}${l}\n`)
    .join("");

describe("certificates in a fleet file (ipdect sim)", () => {
  const w = new Workdir();
  after(() => w.close());

  test("examples/certificates.yaml: the Master presents its certificate, the radios trust it, the operator's change stands over a restart; same seed, same log", () => {
    const run = (n: number) =>
      runIpdect([
        ...["sim", "examples/certificates.yaml", "--seed", "5"],
        ...["--events", w.path(`e${n}.jsonl`), "--report", w.path(`r${n}.json`)],
      ]);
    const first = run(1);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(run(2).status, 0);
    const log = w.text("e1.jsonl");
    assert.equal(log, w.text("e2.jsonl"));
    const configured = parseFleetFile(exampleYaml("certificates.yaml"), "certificates.yaml").devices[0]!.certificates!
      .device as CarriedCertificate;
    const masterCert = new X509Certificate(configured.certificate);
    const events = log
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as DeviceEvent)
      .filter((e) => e.kind === "certificate");
    assert.deepEqual(
      events.map((e) => [e.t, e.device, e.action, e.origin ?? e.fingerprint, e.subject]),
      [
        [0, "master", "installed", "configured", "CN=master.lab.example, O=ipdect example"],
        [0, "radio-1", "trusted", masterCert.fingerprint256, "CN=master.lab.example, O=ipdect example"],
        [0, "radio-2", "trusted", masterCert.fingerprint256, "CN=master.lab.example, O=ipdect example"],
        [0, "radio-3", "generated", "self-signed", "CN=radio-3.lab.example"],
        [0, "radio-3", "trusted", masterCert.fingerprint256, "CN=master.lab.example, O=ipdect example"],
        // The operator's certificate at 60 s; the restart at 91 s applies nothing: the file did not change.
        [60_000, "master", "generated", "self-signed", "CN=operator.lab.example"],
      ],
    );
    assert.doesNotMatch(log + readFileSync(w.path("r1.json"), "utf8") + first.stdout, /PRIVATE KEY/);
    const report = JSON.parse(w.text("r1.json")) as { devices: Record<string, DeviceStatus> };
    const certs = (name: string) => report.devices[name]!.certificates!;
    assert.deepEqual(
      [certs("master").device?.origin, certs("master").device?.subject, certs("master").trusted],
      ["self-signed", "CN=operator.lab.example", []],
    );
    for (const radio of ["radio-1", "radio-2", "radio-3"])
      assert.deepEqual(certs(radio).trusted, [
        { subject: "CN=master.lab.example, O=ipdect example", fingerprint: masterCert.fingerprint256 },
      ]);
    assert.equal(certs("radio-1").device, undefined, "a sim radio makes its default certificate only when asked");
    assert.equal(certs("radio-3").device?.subject, "CN=radio-3.lab.example");
    assert.match(first.stdout, /Certificates \(§4\.1\.10\)\n/);
    assert.match(first.stdout, /radio-2 +CN=master\.lab\.example, O=ipdect example \(2E:CA:87:5D\)/);
    assert.match(first.stdout, /master +certificate action=installed origin=configured/);
  });

  test("an expired certificate or a key that does not fit: exit code 2 with file, line, field and reason (sim and node)", () => {
    makeCa(w);
    makeLeaf(w, "gone", { days: -1 });
    makeLeaf(w, "leaf");
    makeLeaf(w, "other");
    const device = (name: string, key: string) =>
      `  - name: m\n    kind: IPBS\n    mac: "00:90:33:00:01:01"\n    ip: 127.0.1.1\n    certificates:\n      device:\n` +
      `        certificate: |\n${indent(w.text(`${name}.pem`), 10)}        key: |\n${indent(w.text(`${key}.key`), 10)}`;
    w.write("expired.yaml", `name: expired\ndevices:\n${device("gone", "gone")}`);
    const sim = runIpdect(["sim", w.path("expired.yaml")]);
    assert.equal(sim.status, 2, sim.stderr);
    assert.match(
      sim.stderr,
      /^error: \S+expired\.yaml:9: devices\[0\]\.certificates\.device\.certificate: certificate CN=gone \(\S+\) expired \d{4}-\d\d-\d\d\n$/,
    );
    w.write("mismatch.yaml", `devices:\n${device("leaf", "other")}`);
    const node = runIpdect(["node", "--config", w.path("mismatch.yaml"), "--data-dir", w.path("data")]);
    assert.equal(node.status, 2, node.stderr);
    const keyLine = 9 + w.text("leaf.pem").trimEnd().split("\n").length;
    assert.match(
      node.stderr,
      new RegExp(
        `^error: \\S+mismatch\\.yaml:${keyLine}: devices\\[0\\]\\.certificates\\.device\\.key: does not fit the certificate`,
      ),
    );
    for (const r of [sim, node]) {
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.doesNotMatch(r.stderr, /PRIVATE KEY|MII/);
    }
  });
});
