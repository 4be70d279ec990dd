import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../src/core/errors.js";
import { startFleet } from "../helpers/sim.js";

const FLEET = `name: certs
until: 30s
devices:
  - { name: master, kind: IPBS, mac: "00:90:33:00:01:01", ip: 127.0.1.1, master: { mode: active }, tls: { profile: secure } }
  - { name: radio, kind: IPBS, mac: "00:90:33:00:02:01", ip: 127.0.2.1, radio: { master: 127.0.1.1 } }
faults:
  - { at: 5s, command: certs-self-signed, device: master, years: 5, cn: master.example.com, dns: master.example.com, hash: sha512 }
  - { at: 6s, command: tls-set, device: master, profile: strict, keyUsage: extended }
  - { at: 10s, stop: master }
  - { at: 12s, start: master }
`;

async function run(seed: number) {
  await using fleet = await startFleet(FLEET, seed);
  await fleet.runFor(30_000);
  const master = fleet.device("master").certificates();
  return {
    log: fleet.events.toJsonl(),
    device: await master.device(),
    radio: await fleet.device("radio").certificates().device(),
    tls: master.settings(),
  };
}

test("fleet files: every sim device has its default certificate; self-signed and TLS settings as commands; same seed, same log", async () => {
  const a = await run(3);
  assert.equal(a.radio.origin, "default");
  assert.equal(a.radio.certificate.subject, "CN=00:90:33:00:02:01");
  assert.equal(a.device.origin, "self-signed", "kept on the sim's flash over the stop and start");
  assert.equal(a.device.certificate.subject, "CN=master.example.com");
  assert.equal(a.device.certificate.altNames, "DNS:master.example.com");
  assert.deepEqual(a.tls, { profile: "strict", keyUsage: "extended" });
  const lines = a.log.split("\n").filter((l) => /"kind":"certificate"|"command":"tls"/.test(l));
  assert.deepEqual(lines, [
    '{"t":5000,"device":"master","kind":"certificate","action":"generated","origin":"self-signed","subject":"CN=master.example.com","expires":"1975-01-01T00:00:05.000Z"}',
    '{"t":6000,"device":"master","kind":"command","command":"tls","result":"set","profile":"strict","keyUsage":"extended"}',
  ]);
  assert.doesNotMatch(a.log, /0x000c10/, "the sim's clock is not set: no expiry is judged (§6.2 0x000c1000)");
  assert.equal((await run(3)).log, a.log);
});

test("a fleet file with an unknown profile is refused at load, with the line and the API's reason", async () => {
  const bad = FLEET.replace("profile: strict, keyUsage: extended", "profile: nonsense");
  await assert.rejects(
    async () => startFleet(bad),
    (e) =>
      e instanceof ConfigError &&
      /test-fleet\.yaml:8: faults\[1\]\.profile: profile must be one of normal/.test(e.message),
  );
});
