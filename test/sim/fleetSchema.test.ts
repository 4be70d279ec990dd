/**
 * The fleet file's JSON Schema (issue 19 "Schema"): generated from the readers' declarations, it accepts every file
 * in examples/ and refuses wrong ones, checked by an independent validator (ajv); the committed file is the
 * generated one.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { deviceSchema, fleetSchema } from "../../sim/fleetSchema.js";

const root = new URL("../../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const ajv = new Ajv({ allErrors: true, strict: false });
const fleet = ajv.compile(fleetSchema());
const device = ajv.compile(deviceSchema());

/** The schema a file names in its `# yaml-language-server: $schema=…` line. */
const schemaLine = (text: string) =>
  /^# yaml-language-server: \$schema=\.\.\/schema\/(\w+)\.schema\.json$/m.exec(text)?.[1];

const MASTER = `{ name: m, kind: IPVM, mac: "00:90:33:00:01:01", ip: 127.0.1.1, master: { mode: active } }`;

describe("fleet file schema", () => {
  test("every example names its schema and validates against it", () => {
    const files = readdirSync(new URL("examples/", root)).filter((f) => f.endsWith(".yaml"));
    assert.ok(files.length >= 10);
    for (const f of files) {
      const text = read(`examples/${f}`);
      const which = schemaLine(text);
      assert.ok(which === "fleet" || which === "device", `${f} has no $schema line`);
      const validate = which === "fleet" ? fleet : device;
      assert.ok(validate(parse(text)), `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
  });

  test("templates, groups, external and command faults validate", () => {
    const text = `devices:
  - ${MASTER}
  - { count: 4, name: "r-{n}", kind: IPBS, mac: "00:90:33:00:02:{n:02x}", ip: "127.0.2.{n}", position: { x: "{n*40}", y: 0 }, radio: { master: 127.0.1.1 } }
external: [127.0.9.9]
groups: { east: [r-1, r-2], west: "r-{3..4}" }
faults:
  - { at: 10s, stop: east }
  - { at: 20s, partition: [east, [m, west]] }
  - { at: 30s, heal: all }
  - { at: 40s, command: switch-mirror, device: m }
`;
    assert.ok(fleet(parse(text)), JSON.stringify(fleet.errors?.slice(0, 3)));
  });

  test("wrong files are refused by ajv too", () => {
    const wrong = [
      `devices: []`,
      `devices: [${MASTER}]\ntypo: 1`,
      `devices: [{ name: m, kind: IPXX, mac: "00:90:33:00:01:01", ip: 127.0.1.1 }]`,
      `devices: [{ name: m, kind: IPVM, mac: "00:90:33:00:01:01", ip: 127.0.1.300 }]`,
      `devices: [{ name: m, kind: IPVM, mac: "00:90:33:00:01:01", ip: 127.0.1.1, master: { mode: active, id: 999 } }]`,
      `devices: [{ name: m, kind: IPBS, mac: "00:90:33:00:01:01", ip: 127.0.1.1, radio: { sycnMode: master } }]`,
      `devices: [{ count: 0, name: "r-{n}", kind: IPBS, mac: "00:90:33:00:02:{n:02x}", ip: "127.0.2.{n}" }]`,
      `devices: [${MASTER}]\nfaults: [{ at: 10s, stop: m, start: m }]`,
      `devices: [${MASTER}]\nfaults: [{ at: 10s, command: no-such-command, device: m }]`,
      `devices: [${MASTER}]\nuntil: soon`,
      `devices: [${MASTER}]\npbx: [{ name: p, ip: 127.0.5.1, port: 70000 }]`,
    ];
    for (const text of wrong) assert.equal(fleet(parse(text)), false, text);
  });

  test("the committed schema files are the generated ones (npm run schema)", () => {
    assert.deepEqual(JSON.parse(read("schema/fleet.schema.json")), fleetSchema());
    assert.deepEqual(JSON.parse(read("schema/device.schema.json")), deviceSchema());
  });
});
