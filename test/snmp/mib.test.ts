import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { MIB_DIR, snmpTool, STANDARD_MIB_DIR } from "./mibTools.js";
import { IPDECT_OIDS, IPDECT_READABLE, type IpdectName } from "../../src/snmp/ipdectOids.js";

test("smilint -l 3 reports nothing for mibs/IPDECT-MIB.txt (issue 17 acceptance)", () => {
  const r = spawnSync("smilint", ["-l", "3", join(MIB_DIR, "IPDECT-MIB.txt")], {
    encoding: "utf8",
    env: { ...process.env, SMIPATH: STANDARD_MIB_DIR },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout + r.stderr, "");
});

test("snmptranslate -Tp draws the IPDECT-MIB tree with its tables", () => {
  const tree = snmpTool("snmptranslate", ["-Tp", "IPDECT-MIB::ipdect"]);
  for (const node of ["ipdectRadioTable", "ipdectSyncRegionTable", "ipdectAlarmActiveTable", "ipdectAlarmRaised"])
    assert.match(tree, new RegExp(`${node}\\(`));
});

test("every name of src/snmp/ipdectOids.ts has the OID snmptranslate -On gives it from the MIB file", () => {
  const names = Object.keys(IPDECT_OIDS) as IpdectName[];
  const out = snmpTool("snmptranslate", ["-On", ...names.map((n) => `IPDECT-MIB::${n}`)])
    .split("\n")
    .filter((l) => l !== "");
  assert.equal(out.length, names.length);
  names.forEach((n, i) => assert.equal(out[i], `.${IPDECT_OIDS[n].join(".")}`, n));
});

test("the table holds every named node of the MIB but the conformance statements", () => {
  const all = snmpTool("snmptranslate", ["-Tz"])
    .split("\n")
    .map((l) => /^"(ipdect\w*)"/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined && !/(Group|Compliances?|Groups|Conformance)$/.test(n));
  assert.deepEqual(all.sort(), Object.keys(IPDECT_OIDS).sort());
});

test("the readable object types are exactly the MIB's read-only OBJECT-TYPEs (noSuchInstance under them, RFC 3416 §4.2.1)", () => {
  const names = Object.keys(IPDECT_OIDS) as IpdectName[];
  const access = new Map<string, string>();
  let name = "";
  for (const line of snmpTool("snmptranslate", ["-Td", ...names.map((n) => `IPDECT-MIB::${n}`)]).split("\n")) {
    name = /^IPDECT-MIB::(\w+)$/.exec(line)?.[1] ?? name;
    const m = /^\s+MAX-ACCESS\s+(\S+)/.exec(line);
    if (m !== null) access.set(name, m[1]!);
  }
  const readOnly = names.filter((n) => access.get(n) === "read-only").map((n) => IPDECT_OIDS[n].join("."));
  assert.equal(readOnly.length, 92);
  assert.deepEqual(IPDECT_READABLE.map((o) => o.join(".")).sort(), readOnly.sort());
});
