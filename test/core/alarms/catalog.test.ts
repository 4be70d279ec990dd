import assert from "node:assert/strict";
import { test } from "node:test";

import { ALARM_CATALOG, formatAlarmCode, lookupAlarm, type AlarmEntry } from "../../../src/core/alarms/index.js";
import { faultCodeSection } from "./manual.js";

const hex = (code: number): string => formatAlarmCode(code);

test("every catalog code is unique and the catalog is sorted by code (§6.2)", () => {
  for (let i = 1; i < ALARM_CATALOG.length; i++) {
    const prev = ALARM_CATALOG[i - 1]!.code;
    const code = ALARM_CATALOG[i]!.code;
    assert.ok(prev < code, `${hex(prev)} must come before ${hex(code)}, once`);
  }
  assert.equal(new Set(ALARM_CATALOG.map((e) => e.code)).size, ALARM_CATALOG.length);
});

test("the catalog and its rows are frozen", () => {
  assert.ok(Object.isFrozen(ALARM_CATALOG));
  for (const entry of ALARM_CATALOG) {
    assert.ok(Object.isFrozen(entry), hex(entry.code));
    assert.ok(Object.isFrozen(entry.devices), hex(entry.code));
  }
});

test("§6.2 prints 153 codes, 152 distinct (0x000c012f twice), and the catalog has exactly those", () => {
  const printed = faultCodeSection().match(/0x[0-9a-fA-F]+/g) ?? [];
  assert.equal(printed.length, 153);
  const distinct = new Set(printed.map((t) => t.toLowerCase()));
  assert.equal(distinct.size, 152);
  const twice = printed.filter((t, i) => printed.indexOf(t) !== i);
  assert.deepEqual(twice, ["0x000c012f"]);
  assert.equal(ALARM_CATALOG.length, distinct.size);
  assert.deepEqual(ALARM_CATALOG.map((e) => hex(e.code)).sort(), [...distinct].sort());
});

test("devices and severity match the Device and C/M/I columns of every §6.2 row", () => {
  // Each row ends in "<code> <devices>" and an X under C, M or I; in the text dump the X is 1, 2 or 3 spaces
  // after the devices.
  const rowRe = /(0x[0-9a-f]{8}) (IPBS\/IPBL\/IPVM|IPBS\/IPBL|IPBS|IPBL)( {1,3})X/g;
  const severityByGap = ["critical", "major", "indeterminate"] as const;
  let rows = 0;
  for (const m of faultCodeSection().matchAll(rowRe)) {
    rows++;
    const entry = lookupAlarm(parseInt(m[1]!.slice(2), 16));
    assert.equal(entry.devices.join("/"), m[2], m[1]);
    assert.equal(entry.severity, severityByGap[m[3]!.length - 1], m[1]);
  }
  assert.equal(rows, 153);
});

test("every title, area and detail is the manual's text (whitespace and hyphens at line ends aside)", () => {
  const squash = (s: string): string => s.replace(/[\s-]+/g, "");
  const manual = squash(faultCodeSection());
  for (const entry of ALARM_CATALOG) {
    const heading = entry.area === undefined ? entry.title : `${entry.title} (${entry.area})`;
    assert.ok(manual.includes(squash(heading)), `${hex(entry.code)}: "${heading}"`);
    if (entry.detail !== undefined) assert.ok(manual.includes(squash(entry.detail)), `${hex(entry.code)} detail`);
  }
});

test("kind is 'event' exactly for the rows whose text says 'This event is generated' (§6.2, §4.23.4)", () => {
  const events = ALARM_CATALOG.filter((e) => e.kind === "event").map((e) => hex(e.code));
  assert.deepEqual(events, ["0x00030206", "0x00030207", "0x00030210", "0x00030211", "0x00050002", "0x000b0001"]);
  for (const entry of ALARM_CATALOG) {
    assert.equal(entry.kind === "event", /This event is generated/.test(entry.detail ?? ""), hex(entry.code));
  }
});

test("severity counts per §6.2 columns: 6 critical, 87 major, 59 indeterminate", () => {
  const count = (s: AlarmEntry["severity"]): number => ALARM_CATALOG.filter((e) => e.severity === s).length;
  assert.deepEqual([count("critical"), count("major"), count("indeterminate")], [6, 87, 59]);
});

type Pinned = Pick<AlarmEntry, "title" | "area" | "devices" | "severity" | "kind">;
const pin = (code: number): Pinned => {
  const { title, area, devices, severity, kind } = lookupAlarm(code);
  return { title, area, devices: [...devices], severity, kind };
};

test("spot checks: Gateway, Users and Master rows (§6.2)", () => {
  const all = ["IPBS", "IPBL", "IPVM"];
  assert.deepEqual(pin(0x00010002), {
    title: "Registration down",
    area: "Gateway",
    devices: all,
    severity: "major",
    kind: "alarm",
  });
  assert.deepEqual(pin(0x00030001), {
    title: "The LDAP replicator is not connected",
    area: "Users",
    devices: all,
    severity: "major",
    kind: "alarm",
  });
  assert.deepEqual(pin(0x00030201), {
    title: "Standby master active",
    area: "Master",
    devices: all,
    severity: "major",
    kind: "alarm",
  });
  assert.deepEqual(pin(0x00030204), {
    title: "Connection to Radio lost",
    area: "Master",
    devices: all,
    severity: "major",
    kind: "alarm",
  });
  assert.deepEqual(pin(0x00030206), {
    title: "Master active",
    area: "Master",
    devices: all,
    severity: "indeterminate",
    kind: "event",
  });
  assert.deepEqual(pin(0x00030207), {
    title: "Master inactive",
    area: "Master",
    devices: all,
    severity: "indeterminate",
    kind: "event",
  });
  assert.deepEqual(pin(0x00030208), {
    title: "Limit of static radios is reached",
    area: "Master",
    devices: all,
    severity: "major",
    kind: "alarm",
  });
  assert.match(lookupAlarm(0x00030208).detail ?? "", /reaching 2100 \(for IPBS\/IPBL\) or 4000 \(for IPVM\)/);
  assert.match(lookupAlarm(0x00030206).detail ?? "", /Mirror becomes active/);
});

test("spot checks: radio, sync, certificate and update server rows (§6.2)", () => {
  assert.deepEqual(pin(0x00140068), {
    title: "RFPI Collision",
    area: "Dect",
    devices: ["IPBS", "IPBL", "IPVM"],
    severity: "critical",
    kind: "alarm",
  });
  assert.deepEqual(pin(0x000e0005), {
    title: "RFP unsynchronized",
    area: "RFPInit",
    devices: ["IPBS"],
    severity: "major",
    kind: "alarm",
  });
  assert.match(lookupAlarm(0x000e0005).detail ?? "", /lost contact for nine minutes/);
  assert.deepEqual(pin(0x000e0006), {
    title: "Synchronization to reference system lost",
    area: "RFPInit",
    devices: ["IPBS"],
    severity: "major",
    kind: "alarm",
  });
  assert.match(lookupAlarm(0x000e0006).detail ?? "", /either manually or automatically \(scheduled\)/);
  assert.deepEqual(pin(0x000e0008), {
    title: "Other DECT system with same sysid detected",
    area: "RFPInit",
    devices: ["IPBS"],
    severity: "major",
    kind: "alarm",
  });
  assert.deepEqual(pin(0x000e0009), {
    title: "Sync master failed to resynchronize to reference",
    area: "RFPInit",
    devices: ["IPBS"],
    severity: "major",
    kind: "alarm",
  });
  assert.deepEqual(pin(0x000c1001), {
    title: "Certificate expired/Will expire soon",
    area: "X509",
    devices: ["IPBS", "IPBL", "IPVM"],
    severity: "indeterminate",
    kind: "alarm",
  });
  assert.match(lookupAlarm(0x000c1001).detail ?? "", /during the next 30 days/);
  assert.deepEqual(pin(0x00210001), {
    title: "Read update script",
    area: undefined,
    devices: ["IPBS", "IPBL", "IPVM"],
    severity: "major",
    kind: "alarm",
  });
  assert.equal(lookupAlarm(0x00210001).detail, "Failed to read script from update server.");
});

test("spot checks: the critical rows are IPBL hardware, memory and RFPI collision (§6.2 column C)", () => {
  const critical = ALARM_CATALOG.filter((e) => e.severity === "critical").map((e) => hex(e.code));
  assert.deepEqual(critical, ["0x000f0001", "0x000f0002", "0x000f0004", "0x000f0008", "0x00120001", "0x00140068"]);
});

test("spot checks: areas the PDF split or spelled oddly", () => {
  assert.equal(lookupAlarm(0x00060005).area, "H323"); // printed "(H 323)"
  assert.equal(lookupAlarm(0x000c0407).area, "Kerb client"); // "(Kerb" / "client)" over two lines
  assert.equal(lookupAlarm(0x000b0001).title, "Unexpected restart (watchdog/reset/power on)");
  assert.equal(lookupAlarm(0x000b0001).area, "Cmd");
  assert.equal(lookupAlarm(0x000e000a).area, undefined);
  assert.equal(lookupAlarm(0x000c012c).title, "Revoced certificate"); // sic
});
