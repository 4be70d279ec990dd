import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError } from "../../src/core/errors.js";
import { SimCode } from "../../sim/errors.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { startFleet } from "../helpers/sim.js";

const DEVICES = `name: cmds
devices:
  - { name: pari, kind: IPBS, mac: "00:90:33:00:01:01", ip: 127.0.1.1, master: { mode: active }, pari: { systemId: 12 } }
  - { name: fresh, kind: IPBS, mac: "00:90:33:00:04:01", ip: 127.0.4.1, radio: {} }
faults:
`;

/** The error of a fleet file with one fault (line 6). */
function refusal(fault: string): string {
  try {
    parseFleetFile(`${DEVICES}  - ${fault}\n`, "cmds.yaml");
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return `${err.code} ${err.message}`;
  }
  return assert.fail(`${fault} loaded`);
}

describe('command faults from the operator-command table (docs/design.md "Operator commands")', () => {
  test("a value that breaks the API's rule fails the file at load, with its line, key and the API's reason", () => {
    const cmd = SimCode.FleetCommand;
    const add = "{ at: 1s, command: radio-add, device: pari, radio: fresh, name: R";
    assert.equal(
      refusal(`${add}, region: 250 }`),
      `${cmd} cmds.yaml:6: faults[0].region: region must be a whole number from 0 to 249 (§3.3.5)`,
    );
    assert.equal(
      refusal(`${add}, standby: somewhere }`),
      `${cmd} cmds.yaml:6: faults[0].standby: standby must be an IPv4 address`,
    );
    assert.equal(
      refusal("{ at: 1s, command: sync-carriers, device: pari, carriers: '1,x' }"),
      `${cmd} cmds.yaml:6: faults[0].carriers: carriers must be carrier numbers separated by commas (e.g. 18,19,20,21) or all (§4.6.7)`,
    );
    assert.equal(
      refusal("{ at: 1s, command: sync-carriers, device: pari, carriers: all, band: mars }"),
      `${cmd} cmds.yaml:6: faults[0].band: band must be one of europe, thailand, south-america, north-america (§4.6.6)`,
    );
    assert.equal(
      refusal("{ at: 1s, command: sari, device: pari, sari: B-0A5E-0B-1 }"),
      `${cmd} cmds.yaml:6: faults[0].sari: sari must be string[]`,
    );
  });

  test("each command takes its own keys: one it needs is missing, one of another command is refused", () => {
    assert.match(
      refusal("{ at: 1s, command: radio-move, device: pari, radio: fresh }"),
      /^FLEET_COMMAND cmds\.yaml:6: faults\[0\]\.to: radio-move needs radio and to$/,
    );
    assert.match(
      refusal("{ at: 1s, command: reset, device: pari, region: 1 }"),
      /^FLEET_COMMAND cmds\.yaml:6: faults\[0\]\.region: reset takes no region$/,
    );
    assert.match(
      refusal("{ at: 1s, command: radio-delete, device: pari, radio: ghost }"),
      /^FLEET_UNKNOWN_DEVICE cmds\.yaml:6: faults\[0\]\.radio: no device named "ghost"/,
    );
    assert.match(refusal("{ at: 1s, command: sync-clear, device: pari, region: 0 }"), /command: must be one of/);
  });

  test("a command runs on the device as the API runs it: radio names become MACs, a refusal is a command event", async () => {
    await using fleet = await startFleet(
      `${DEVICES}  - { at: 5s, command: radio-add, device: pari, radio: fresh, name: Reception, region: 2 }
  - { at: 6s, command: sync-carriers, device: fresh, carriers: '0,1,2,3' }
`,
    );
    await fleet.runUntil(7_000);
    const commands = fleet.events.events.flatMap((e) => (e.kind === "command" ? [e] : []));
    assert.deepEqual(
      commands.filter((e) => e.device === "pari").map((e) => [e.command, e["mac"], e.result]),
      [["radio-add", "00:90:33:00:04:01", "sent"]],
    );
    assert.deepEqual(
      commands.filter((e) => e.command === "sync-carriers").map((e) => [e.device, e.result, e.reason]),
      [["fresh", "refused", "this device has no PARI function (§4.6.21)"]],
    );
  });
});
