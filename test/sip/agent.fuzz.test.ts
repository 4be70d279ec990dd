import assert from "node:assert/strict";
import { test } from "node:test";
import { SeededRng, type Rng } from "../../src/core/Rng.js";
import { makeLogger } from "../../src/core/Logger.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { Fleet } from "../../sim/Fleet.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { sipFleetYaml } from "../../sim/generators/sip.js";

const VALID = [
  "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKabc\r\nFrom: <sip:1000@ipdect.sim>;tag=1\r\n" +
    "To: <sip:1000@ipdect.sim>;tag=2\r\nCall-ID: x@10.0.0.1\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n",
  "OPTIONS sip:10.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.9.1:5060;branch=z9hG4bKq\r\nFrom: <sip:pbx@ipdect.sim>;tag=9\r\n" +
    "To: <sip:10.0.0.1>\r\nCall-ID: o@10.0.9.1\r\nCSeq: 7 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
];

/** A message that breaks a rule of RFC 3261 §7/§8 in one of several ways, with random damage on top. */
function malformed(rng: Rng): Uint8Array {
  const base = VALID[rng.int(VALID.length)]!;
  const lines = base.split("\r\n");
  const damage = [
    () => lines.filter((l) => !/^(Via|From|To|Call-ID|CSeq):/i.test(l) || rng.next() < 0.5).join("\r\n"),
    () => base.replace(/^SIP\/2\.0 200/, `SIP/2.0 ${[99, 700, 1000][rng.int(3)]}`).replace(/^OPTIONS/, "OPT IONS"),
    () => base.replace("CSeq: 1 REGISTER", "CSeq: one REGISTER").replace("CSeq: 7 OPTIONS", "CSeq: 7 INVITE"),
    () => base.replace("Content-Length: 0", `Content-Length: ${1 + rng.int(5000)}`),
    () => base.replace("\r\nCall-ID", "\r\nCall-ID without colon\r\nCall-ID"),
    () => base.replace("SIP/2.0", "SIP/3.0"),
    () => String.fromCharCode(...Array.from({ length: 1 + rng.int(300) }, () => rng.int(256))),
    () => base.slice(0, rng.int(base.indexOf("CSeq"))),
    () => base.replace("Via: SIP/2.0/UDP", "Via: SIP/2.0/UDP " + "x".repeat(70_000)),
  ];
  const text = damage[rng.int(damage.length)]!();
  // Without CSeq, From, To, Call-ID or Via a message is broken however it was damaged: drop one of them too.
  const must = ["Via:", "From:", "To:", "Call-ID:", "CSeq:"][rng.int(5)]!;
  const broken = text.replace(new RegExp(`(^|\\r\\n)${must}[^\\r]*`), "");
  return new TextEncoder().encode(broken.length === 0 ? "\r\n" : broken);
}

test("10 000 malformed SIP messages at the gatekeeper: none crashes it, each is rejected with a log line", async () => {
  const lines: string[] = [];
  const logger = makeLogger((_l, msg) => lines.push(msg), "warn");
  const file = parseFleetFile(sipFleetYaml({ users: 20, ttlS: 60 }), "fuzz.yaml");
  await using fleet = await Fleet.start(file, { seed: 1, afterChains, logger });
  await fleet.runFor(5000);
  assert.equal(fleet.device("master").gatekeeperStatus().users.registered, 20);
  const attacker = fleet.net.attach("10.0.66.6");
  await attacker.open({ datagram: [5060], stream: [] }, { frame: () => undefined, malformed: () => undefined });
  const rng = new SeededRng("sip-fuzz");
  const before = fleet.device("master").gatekeeperStatus().counters!.rejected;
  for (let i = 0; i < 10_000; i++) {
    attacker.send({ ip: "10.0.0.1", port: 5060 }, "datagram", malformed(rng));
    if (i % 500 === 0) await fleet.runFor(10);
  }
  await fleet.runFor(5000);
  const s = fleet.device("master").gatekeeperStatus();
  assert.equal(s.counters!.rejected - before, 10_000, "every message rejected");
  assert.equal(lines.filter((l) => l === "sip message rejected").length, 10_000, "one log line each");
  assert.equal(s.counters!.requestsAnswered, 0, "nothing malformed was answered as a request");
  await fleet.runFor(2 * 60_000);
  assert.equal(fleet.device("master").gatekeeperStatus().users.registered, 20, "registrations carry on");
});
