/**
 * Device templates and named groups of a fleet file (issue 19 "Writing a fleet is slow"): one entry makes many
 * devices, faults name groups and ranges, and every mistake in them is a clear error that names the entry and the
 * generated device.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { parseFleetFile, type FleetFile } from "../../sim/FleetFile.js";
import { errorsOf, where } from "../helpers/sim.js";

const MASTER = `devices:
  - { name: master, kind: IPVM, mac: "00:90:33:00:01:01", ip: 127.0.1.1, master: { mode: active } }
`;
const RADIOS = `  - count: 40
    name: "radio-{n}"
    kind: IPBS
    mac: "00:90:33:00:02:{n:02x}"
    ip: "127.0.2.{n}"
    position: { x: "{n*40}", y: "{(n-1)/10*25}" }
    radio: { master: 127.0.1.1, region: "{n%3}" }
`;

describe("fleet files: templates", () => {
  test("one entry with count makes its devices, n in names, MACs (hex), addresses and numbers", () => {
    const file: FleetFile = parseFleetFile(MASTER + RADIOS, "lab.yaml");
    assert.equal(file.devices.length, 41);
    const r7 = file.devices.find((d) => d.name === "radio-7")!;
    assert.equal(r7.mac.toString(), "00:90:33:00:02:07");
    assert.equal(r7.ip, "127.0.2.7");
    assert.deepEqual(r7.position, { x: 280, y: 0, floor: 0 });
    assert.equal(r7.radio?.region, 1);
    const r40 = file.devices.find((d) => d.name === "radio-40")!;
    assert.equal(r40.mac.toString(), "00:90:33:00:02:28");
    assert.equal(r40.position?.y, 75);
  });

  test("first, widths and literal braces", () => {
    const text = `${MASTER}  - { count: 2, first: 9, name: "r{n:03}-{{x}}", kind: IPBS, mac: "00:90:33:00:02:{n:02X}", ip: "127.0.2.{n+100}" }\n`;
    const names = parseFleetFile(text, "lab.yaml").devices.map((d) => [d.name, d.mac.toString(), d.ip]);
    assert.deepEqual(names.slice(1), [
      ["r009-{x}", "00:90:33:00:02:09", "127.0.2.109"],
      ["r010-{x}", "00:90:33:00:02:0a", "127.0.2.110"],
    ]);
  });

  test("an error in a generated device names the entry, the device and the line", () => {
    const text = `${MASTER}  - { count: 3, name: "radio-{n}", kind: IPBS, mac: "00:90:33:00:02:{n:02x}", ip: "127.0.2.{n*100}" }\n`;
    assert.deepEqual(where(text), [["CONFIG_IPV4", 3, "devices[1] (radio-3).ip"]]);
  });

  test("bad patterns and counts get FLEET_TEMPLATE errors at their key, all at once", () => {
    const text = `${MASTER}  - { count: 0, name: "a-{n}", kind: IPBS, mac: "00:90:33:00:02:01", ip: 127.0.2.1 }
  - { count: 2, name: "b-{n", kind: IPBS, mac: "00:90:33:00:03:01", ip: 127.0.3.1 }
  - { count: 2, name: "c-{m}", kind: IPBS, mac: "00:90:33:00:04:01", ip: 127.0.4.1 }
  - { count: 2, name: "d-{n:q}", kind: IPBS, mac: "00:90:33:00:05:01", ip: 127.0.5.1 }
  - { count: 2, name: "e-{n/0}", kind: IPBS, mac: "00:90:33:00:06:01", ip: 127.0.6.1 }
  - { count: 99999, name: "f-{n}", kind: IPBS, mac: "00:90:33:00:07:01", ip: 127.0.7.1 }
`;
    const errors = errorsOf(text);
    assert.deepEqual(
      errors.map((e) => [e.code, e.context.line, e.context.field]),
      [
        ["FLEET_TEMPLATE", 3, "devices[1].count"],
        ["FLEET_TEMPLATE", 4, "devices[2].name"],
        ["FLEET_TEMPLATE", 5, "devices[3].name"],
        ["FLEET_TEMPLATE", 6, "devices[4].name"],
        ["FLEET_TEMPLATE", 7, "devices[5].name"],
        ["FLEET_TEMPLATE", 8, "devices[6].count"],
      ],
    );
    assert.match(errors[1]!.message, /unclosed \{/);
    assert.match(errors[2]!.message, /unexpected "m"/);
    assert.match(errors[4]!.message, /division by zero/);
  });

  test("a template with an error keeps its names known: a fault naming its devices gets no second error", () => {
    const text = `${MASTER}  - { count: 3, name: "radio-{n}", kind: IPBS, mac: "00:90:33:00:02:{n:0q}", ip: "127.0.2.{n}" }
faults:
  - { at: 10s, stop: radio-2 }
  - { at: 20s, partition: [[master], "radio-{1..3}"] }
`;
    assert.deepEqual(where(text), [["FLEET_TEMPLATE", 3, "devices[1].mac"]]);
  });

  test("two templates that overlap get a duplicate error, not a silent second device", () => {
    const text = `${MASTER}  - { count: 2, name: "a-{n}", kind: IPBS, mac: "00:90:33:00:02:{n:02x}", ip: "127.0.2.{n}" }
  - { count: 2, name: "b-{n}", kind: IPBS, mac: "00:90:33:00:02:{n+1:02x}", ip: "127.0.3.{n}" }
`;
    const errors = errorsOf(text);
    assert.deepEqual(
      errors.map((e) => e.code),
      ["FLEET_DUPLICATE_MAC"],
    );
    assert.equal(
      errors[0]!.message,
      "lab.yaml:4: devices[2].mac: MAC address 00:90:33:00:02:02 by b-1 is also used by a-2 at devices[1].mac (line 3)",
    );
  });

  test("any placeholder text either fills in or is a clear error, never a crash", () => {
    const piece = fc.constantFrom("{", "}", "n", "1", "0", "+", "-", "*", "/", "%", "(", ")", ":", "x", "02", " ", "a");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const name = JSON.stringify(`r${parts.join("")}`);
        const text = `${MASTER}  - { count: 3, name: ${name}, kind: IPBS, mac: "00:90:33:00:02:{n:02x}", ip: "127.0.2.{n}" }\n`;
        for (const e of errorsOf(text)) assert.match(e.message, /^lab\.yaml:\d+: devices\[1\]/);
      }),
      { numRuns: 500 },
    );
  });
});

describe("fleet files: named groups and ranges", () => {
  const base = MASTER + RADIOS;

  test("faults name groups and ranges; they are device names once read", () => {
    const text = `${base}groups:
  east: [radio-1, radio-2]
  west: "radio-{3..40}"
faults:
  - { at: 10s, stop: east }
  - { at: 20s, partition: [[master, east], west] }
  - { at: 30s, heal: all }
  - { at: 40s, start: [radio-1, "radio-{2..2}"] }
`;
    const file = parseFleetFile(text, "lab.yaml");
    assert.deepEqual(file.groups.get("east"), ["radio-1", "radio-2"]);
    assert.equal(file.groups.get("west")?.length, 38);
    const stops = file.faults.filter((f) => f.action === "stop");
    assert.deepEqual(
      stops.map((f) => ("device" in f ? f.device : "")),
      ["radio-1", "radio-2"],
    );
    const partition = file.faults.find((f) => f.action === "partition");
    assert.ok(partition !== undefined && "groups" in partition);
    const groups = partition.groups as readonly [readonly string[], readonly string[]];
    assert.deepEqual(groups[0], ["master", "radio-1", "radio-2"]);
    assert.equal(groups[1].length, 38);
    assert.equal(file.faults.filter((f) => f.action === "start").length, 2);
  });

  test("unknown names in groups and faults, bad ranges and group names are errors, all at once", () => {
    const text = `${base}groups:
  east: [radio-1, radio-99]
  west: "radio-{40..3}"
  master: [radio-1]
faults:
  - { at: 10s, stop: north }
  - { at: 20s, partition: [east, "radio-{1..41}"] }
`;
    const errors = errorsOf(text);
    assert.deepEqual(
      errors.map((e) => [e.code, e.context.line, e.context.field]),
      [
        ["FLEET_UNKNOWN_DEVICE", 11, "groups.east[1]"],
        ["FLEET_GROUP", 12, "groups.west"],
        ["FLEET_GROUP", 13, "groups.master"],
        ["FLEET_UNKNOWN_DEVICE", 15, "faults[0].stop"],
        ["FLEET_UNKNOWN_DEVICE", 16, "faults[1].partition[1]"],
      ],
    );
    assert.match(errors[4]!.message, /"radio-41".*from radio-\{1\.\.41\}/);
  });
});
