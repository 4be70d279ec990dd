/**
 * Fleet file mistakes (issue 19 "Mistakes pass silently"): every mistake of a file is reported at once, each with the
 * file, line and a path in one style (`devices[2].radio.master`), and the rules between the parts of a file are
 * checked after it is read.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { describe, test } from "node:test";
import { ConfigErrors } from "../../src/core/errors.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { errorsOf, exampleYaml, where } from "../helpers/sim.js";

const MASTERS = `devices:
  - { name: master, kind: IPVM, mac: "00:90:33:00:01:01", ip: 127.0.1.1, master: { mode: active } }
  - { name: standby, kind: IPVM, mac: "00:90:33:00:01:02", ip: 127.0.1.2, master: { mode: standby, primary: 127.0.1.1 } }
`;
const radio = (n: number, extra = "") =>
  `  - { name: radio-${n}, kind: IPBS, mac: "00:90:33:00:02:0${n}", ip: 127.0.2.${n}, radio: { master: 127.0.1.1, alternateMaster: 127.0.1.2 }${extra} }\n`;

describe("fleet files: all errors at once", () => {
  test("a file with five different mistakes gets exactly five errors, each with its line and path", () => {
    const text = `name: five
until: 5m30s
${MASTERS}  - { name: radio-1, kind: IPBS, mac: "00:90:33:00:02:01", ip: 127.0.2.1, radio: { master: 127.0.1.9 } }
  - { name: radio-2, kind: IPBS, mac: "00:90:33:00:02:01", ip: 127.0.2.2, radio: { master: 127.0.1.1 } }
  - { name: radio-3, kind: IPBS, mac: "00:90:33:00:02:03", ip: 127.0.2.300, radio: { master: 127.0.1.1 } }
faults:
  - { at: 10s, stop: ghost }
  - { at: 6m, stop: master }
`;
    const errors = errorsOf(text);
    assert.deepEqual(
      errors.map((e) => [e.code, e.context.line, e.context.field]),
      [
        ["FLEET_UNKNOWN_ADDRESS", 6, "devices[2].radio.master"],
        ["FLEET_DUPLICATE_MAC", 7, "devices[3].mac"],
        ["CONFIG_IPV4", 8, "devices[4].ip"],
        ["FLEET_UNKNOWN_DEVICE", 10, "faults[0].stop"],
        ["FLEET_FAULT_AFTER_UNTIL", 11, "faults[1].at"],
      ],
    );
    for (const e of errors) assert.match(e.message, /^lab\.yaml:\d+: (devices|faults)\[\d\]\.[a-z.]+: /);
  });

  test("several mistakes in one device are all reported, and unknown keys each get their own error", () => {
    const text = `${MASTERS}  - { name: r, kind: IPBS, mac: nope, ip: 127.0.2.1, mask: 255.0.255.0, radio: { master: 127.0.1.1, masterr: 1, mastr: 2 } }
shape: round
`;
    assert.deepEqual(where(text), [
      ["CONFIG_MAC", 4, "devices[2].mac"],
      ["CONFIG_NETMASK", 4, "devices[2].mask"],
      ["CONFIG_UNKNOWN_KEY", 4, "devices[2].radio.masterr"],
      ["CONFIG_UNKNOWN_KEY", 4, "devices[2].radio.mastr"],
      ["FLEET_UNKNOWN_KEY", 5, "shape"],
    ]);
  });

  test("a typo'd key is one error, not also a missing key: the rest of its mapping is given up", () => {
    const text = `${MASTERS}  - { nmae: r, kind: IPBS, mac: nope, ip: 127.0.2.1 }
`;
    assert.deepEqual(where(text), [["CONFIG_UNKNOWN_KEY", 4, "devices[2].nmae"]]);
    const mirror = MASTERS.replace("mode: active", "mode: mirror, mirrorpeer: 127.0.1.2");
    assert.deepEqual(where(mirror), [["CONFIG_UNKNOWN_KEY", 2, "devices[0].master.mirrorpeer"]]);
  });

  test("a device with errors causes no second error: a fault or radio naming it is not reported", () => {
    const text = `devices:
  - { name: master, kind: IPVM, mac: "00:90:33:00:01:01", ip: 127.0.1.1, master: { mode: bogus } }
  - { name: radio-1, kind: IPBS, mac: "00:90:33:00:02:01", ip: 127.0.2.1, radio: { master: 127.0.1.1 } }
faults:
  - { at: 10s, stop: master }
`;
    const errors = errorsOf(text);
    assert.equal(errors.length, 1, errors.map((e) => e.message).join("\n"));
    assert.equal(errors[0]?.context.field, "devices[0].master.mode");
  });

  test("one error is thrown as itself; several as ConfigErrors whose message has one line each", () => {
    const one = errorsOf(
      `${MASTERS}${radio(1)}${radio(1).replace("radio-1", "radio-x").replace("127.0.2.1", "127.0.2.9")}`,
    );
    assert.equal(one.length, 1);
    try {
      parseFleetFile(`${MASTERS}  - { name: a, kind: X, mac: m, ip: i }\n`, "lab.yaml");
      assert.fail("no error");
    } catch (e) {
      assert.ok(e instanceof ConfigErrors);
      assert.equal(e.code, "CONFIG_ERRORS");
      assert.deepEqual(
        e.message.split("\n"),
        e.errors.map((x) => x.message),
      );
      assert.equal(e.errors.length, 3);
    }
  });
});

describe("fleet files: cross-reference checks", () => {
  test("duplicate MAC addresses: the second names the first's place", () => {
    const text = MASTERS + radio(1) + radio(1).replace("radio-1", "radio-9").replace("127.0.2.1", "127.0.2.9");
    const [e, ...rest] = errorsOf(text);
    assert.equal(rest.length, 0);
    assert.equal(e?.code, "FLEET_DUPLICATE_MAC");
    assert.equal(e?.context.field, "devices[3].mac");
    assert.match(
      e?.message ?? "",
      /^lab\.yaml:5: devices\[3\]\.mac: MAC address 00:90:33:00:02:01 is also used at devices\[2\]\.mac \(line 4\)$/,
    );
  });

  test("duplicate IP addresses and names, also between devices and PBXs", () => {
    const text = `${MASTERS}${radio(1).replace("127.0.2.1", "127.0.1.2")}${radio(2).replace("radio-2", "master")}pbx:
  - { name: radio-1, ip: 127.0.1.1 }
`;
    assert.deepEqual(where(text), [
      ["FLEET_DUPLICATE_IP", 4, "devices[2].ip"],
      ["FLEET_DUPLICATE_NAME", 5, "devices[3].name"],
      ["FLEET_DUPLICATE_NAME", 7, "pbx[0].name"],
      ["FLEET_DUPLICATE_IP", 7, "pbx[0].ip"],
    ]);
  });

  test("a radio's Master, alternate, PARI Master and Alt. PARI Master must be Masters of the fleet (§4.6.31, §4.6.32)", () => {
    const text = `${MASTERS}  - { name: r, kind: IPBS, mac: "00:90:33:00:02:01", ip: 127.0.2.1,
      radio: { master: 127.0.9.1, alternateMaster: 127.0.9.2, pariMaster: 127.0.2.1, altPariMaster: 127.0.1.2 } }
`;
    assert.deepEqual(where(text), [
      ["FLEET_UNKNOWN_ADDRESS", 5, "devices[2].radio.master"],
      ["FLEET_UNKNOWN_ADDRESS", 5, "devices[2].radio.alternateMaster"],
      ["FLEET_UNKNOWN_ADDRESS", 5, "devices[2].radio.pariMaster"], // a device, but not a Master
    ]);
    assert.match(errorsOf(text)[0]?.message ?? "", /no Master of this fleet has the address 127\.0\.9\.1/);
  });

  test("an address listed under external: is outside the fleet and not an error", () => {
    const text = `external: [127.0.9.1, 127.0.9.2]\n${MASTERS}${radio(1).replace("127.0.1.1, alternateMaster: 127.0.1.2", "127.0.9.1, alternateMaster: 127.0.9.2")}`;
    assert.deepEqual(where(text), []);
    assert.deepEqual(where(`external: [nope]\n${MASTERS}`), [["FLEET_EXTERNAL", 1, "external[0]"]]);
  });

  test("a Standby's primary must be a Master of the fleet (§4.6.19)", () => {
    assert.deepEqual(where(MASTERS.replace("primary: 127.0.1.1", "primary: 127.0.1.7")), [
      ["FLEET_UNKNOWN_ADDRESS", 3, "devices[1].master.primary"],
    ]);
  });

  test("a fault after until would never happen: an error naming both places", () => {
    const text = `until: 1m30s\n${MASTERS}faults:\n  - { at: 90s, stop: master }\n  - { at: 91s, start: master }\n`;
    const errors = errorsOf(text);
    assert.deepEqual(
      errors.map((e) => [e.code, e.context.line, e.context.field]),
      [["FLEET_FAULT_AFTER_UNTIL", 7, "faults[1].at"]],
    );
    assert.match(errors[0]?.message ?? "", /91s is after the end of the run \(until: 90s at until \(line 1\)\)/);
  });

  test("faults and partitions naming devices the fleet does not have", () => {
    const text = `${MASTERS}faults:\n  - { at: 1s, stop: ghost }\n  - { at: 2s, partition: [[master], [standby, phantom]] }\n`;
    assert.deepEqual(where(text), [
      ["FLEET_UNKNOWN_DEVICE", 5, "faults[0].stop"],
      ["FLEET_UNKNOWN_DEVICE", 6, "faults[1].partition[1][1]"],
    ]);
  });

  test("handsets need radios of the fleet, and their Master must be one", () => {
    const text = `${MASTERS}handsets:\n  master: ghost\n  groups: [{ count: 2, firstNumber: 100 }]\n`;
    assert.deepEqual(where(text), [
      ["FLEET_HANDSETS", 4, "handsets"],
      ["FLEET_HANDSETS", 5, "handsets.master"],
    ]);
  });
});

describe("fleet files: the examples", () => {
  const fleets = readdirSync(new URL("../../../examples/", import.meta.url)).filter(
    (f) => f.endsWith(".yaml") && /^devices:/m.test(exampleYaml(f)),
  );

  test("every fleet file in examples/ reads with no error", () => {
    assert.ok(fleets.length >= 8, fleets.join(", "));
    // node-radios.yaml is a node configuration whose Masters run in another process (node-standby-pair.yaml).
    for (const f of fleets.filter((f) => f !== "node-radios.yaml")) assert.deepEqual(where(exampleYaml(f)), [], f);
    assert.ok(where(exampleYaml("node-radios.yaml")).every(([code]) => code === "FLEET_UNKNOWN_ADDRESS"));
  });
});
