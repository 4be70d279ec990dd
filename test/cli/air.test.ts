import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { runIpdect } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "ipdect-cli-air-"));
const ipdect = (...args: string[]) => runIpdect(args);

describe("ipdect air and ipdect node --air (command line)", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("a missing --fleet, a bad --listen or --air, and a bad fleet file exit with 2 and say why", () => {
    const noFleet = ipdect("air");
    assert.equal(noFleet.status, 2);
    assert.match(noFleet.stderr, /ipdect air needs --fleet <fleet.yaml>/);
    for (const listen of ["localhost:17300", "127.0.0.1:0", "127.0.0.1:x", "127.0.0.1:1:2"]) {
      const r = ipdect("air", "--fleet", "examples/site-200.yaml", "--listen", listen);
      assert.equal(r.status, 2, listen);
      assert.match(r.stderr, new RegExp(`--listen must be <IPv4>\\[:<port 1..65535>\\], not ${listen}`));
    }
    const badAir = ipdect("node", "--config", "examples/node-radios.yaml", "--air", "air-service");
    assert.equal(badAir.status, 2);
    assert.match(badAir.stderr, /--air must be <IPv4>/);
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "name: bad\ndevices: []\n");
    const bad = ipdect("air", "--fleet", file);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bad\.yaml:2: devices: a fleet needs a non-empty list of devices/);
  });
});
