import assert from "node:assert/strict";
import { test } from "node:test";
import { ALARM, formatAlarmCode } from "../../src/core/alarms/index.js";
import { PariCore } from "../../src/pari/PariCore.js";
import type { PariEntry } from "../../src/pari/PariTable.js";
import type { Alarms } from "../../src/role/Alarms.js";
import { fakeRoleIo } from "../helpers/fakeIo.js";

/** A PARI Master core on a fake RoleIo (our own interface): alarms are real, the network is not used. */
function pariCore(kind: "IPBS" | "IPVM") {
  const { io, alarms } = fakeRoleIo({ kind });
  const core = new PariCore(
    {
      settings: { systemId: 293, sari: [], syncDepth: 10, band: "europe" },
      radioConfig: undefined,
      persisted: undefined,
      serving: () => true,
    },
    io,
    undefined,
  );
  return { core, alarms };
}

const entries = (n: number): PariEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    mac: `00:90:33:${((i >> 16) & 0xff).toString(16).padStart(2, "0")}:${((i >> 8) & 0xff).toString(16).padStart(2, "0")}:${(i & 0xff).toString(16).padStart(2, "0")}`,
    name: `r${i}`,
    kind: "IPBS",
    numbers: [1 + i],
    region: 0,
    rev: 1,
    deleted: false,
  }));

/** Gives the PARI Master a list of `n` radios (as the Standby PARI Master's copy would) and runs one sweep. */
function listRadios(core: PariCore, n: number): void {
  core.replica(
    { systemId: 293, entries: entries(n), saris: [], active: true, domain: 1 },
    { ip: "127.0.1.2", port: 1722 },
  );
  core.sweep();
}

const limitActive = (alarms: Alarms) =>
  alarms.active().some((a) => a.code === formatAlarmCode(ALARM.LIMIT_OF_STATIC_RADIOS_REACHED));

test("0x00030208 is raised when the radio list reaches 2100 (IPBS/IPBL) and cleared below", () => {
  const { core, alarms } = pariCore("IPBS");
  listRadios(core, 2099);
  assert.equal(limitActive(alarms), false, "2099 radios");
  listRadios(core, 2100);
  assert.equal(limitActive(alarms), true, "2100 radios");
  core.delete(entries(1)[0]!.mac);
  core.sweep();
  assert.equal(limitActive(alarms), false, "2099 after a Delete");
});

test("0x00030208 on an IPVM PARI Master: at 4000", () => {
  const { core, alarms } = pariCore("IPVM");
  listRadios(core, 3999);
  assert.equal(limitActive(alarms), false);
  listRadios(core, 4000);
  assert.equal(limitActive(alarms), true);
});
