import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IpdectError } from "../../src/core/errors.js";
import { SeededRng } from "../../src/core/Rng.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { exampleYaml } from "../helpers/sim.js";

const PIECES = [
  ":",
  "-",
  " ",
  "\n",
  "[",
  "]",
  "{",
  "}",
  ",",
  '"',
  "'",
  "#",
  "&a",
  "*a",
  "!!binary",
  "0x",
  "1e999",
  "null",
  "~",
  "\t",
  "at: -1s",
  "stop: nobody",
];

describe("fleet files: bad input gets a clear error, never a crash", () => {
  test("2000 mutated fleet files either load or fail with an IpdectError that names the file", () => {
    const base = exampleYaml("mirror.yaml");
    const rng = new SeededRng("fleet-fuzz");
    let failed = 0;
    for (let i = 0; i < 2000; i++) {
      let text = base;
      for (let k = 1 + rng.int(4); k > 0; k--) {
        const at = rng.int(text.length);
        const cut = rng.int(12);
        const piece = rng.next() < 0.5 ? PIECES[rng.int(PIECES.length)]! : String.fromCharCode(rng.int(128));
        text = text.slice(0, at) + (rng.next() < 0.3 ? "" : piece) + text.slice(at + cut);
      }
      try {
        parseFleetFile(text, "fuzz.yaml");
      } catch (err) {
        failed++;
        assert.ok(err instanceof IpdectError, `mutation ${i} threw ${String(err)}`);
        assert.match(err.message, /^fuzz\.yaml/, `mutation ${i}: ${err.message}`);
      }
    }
    assert.ok(failed > 700, `most mutations are invalid (${failed})`);
  });

  test("each structural rule names its line: unknown device in a fault, duplicate IP, bad duration, loss over 1", () => {
    const cases: [string, RegExp][] = [
      ["faults:\n  - { at: 5s, stop: ghost }", /fuzz\.yaml:\d+: faults\[0\]\.stop: no device named "ghost"/],
      ["faults:\n  - { at: soon, stop: a }", /faults\[0\]\.at: not a duration/],
      ["faults:\n  - { at: 5s, loss: 1.5 }", /faults\[0\]\.loss: must be a number from 0 to 1/],
      ["faults:\n  - { at: 5s, stop: a, start: a }", /exactly one of/],
      ["network: { latencyMs: -1 }", /network\.latencyMs/],
    ];
    const devices = `devices:\n  - { name: a, kind: IPVM, mac: "00:90:33:00:00:01", ip: 127.0.0.2, master: { mode: active } }\n`;
    for (const [extra, re] of cases) assert.throws(() => parseFleetFile(devices + extra + "\n", "fuzz.yaml"), re);
    assert.throws(
      () =>
        parseFleetFile(devices + `  - { name: b, kind: IPVM, mac: "00:90:33:00:00:02", ip: 127.0.0.2 }\n`, "fuzz.yaml"),
      /fuzz\.yaml:3: devices\[1\]\.ip: IP address 127\.0\.0\.2 is also used at devices\[0\]\.ip \(line 2\)/,
    );
  });
});
