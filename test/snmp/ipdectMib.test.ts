import { test } from "node:test";
import assert from "node:assert/strict";
import { exampleYaml, startFleet } from "../helpers/sim.js";
import { IPDECT_OIDS } from "../../src/snmp/ipdectOids.js";
import { compareOid } from "../../src/snmp/mibView.js";
import { walkText } from "../../src/snmp/walkText.js";

test("the demo fleet's PARI Master serves a row of ipdectRadioTable per radio, in index order (§4.11.1)", async () => {
  await using fleet = await startFleet(exampleYaml("redundancy.yaml"));
  await fleet.runUntil(50_000);
  const master = fleet.device("master");
  const view = master.ipdectMib();
  const name = IPDECT_OIDS.ipdectRadioName;
  const rows = view.varbinds.filter((v) => compareOid(v.oid.slice(0, name.length), name) === 0);
  const radios = master.status().pari!.radios;
  assert.equal(rows.length, radios.length);
  assert.equal(rows.length, 4);
  assert.deepEqual(rows.map((r) => r.value.value).sort(), radios.map((r) => r.name).sort());
  // GetNext from the column walks the rows in index order, then leaves the column.
  let at = view.next(name);
  for (const r of rows) {
    assert.deepEqual(at?.oid, r.oid);
    at = view.next(at!.oid);
  }
  assert.ok(at !== undefined && compareOid(at.oid.slice(0, name.length), name) !== 0);
  assert.deepEqual(view.get(rows[0]!.oid), rows[0]);
  assert.equal(view.get([...name, 9999]), undefined);
  assert.match(walkText(view.varbinds), /IPDECT-MIB::ipdectRadioName\.\d+ = STRING: "ipbl-00-02-04"/);
});
