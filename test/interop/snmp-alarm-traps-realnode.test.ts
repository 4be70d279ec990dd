/**
 * Alarm notifications of real `ipdect node` processes (§4.9.5, mibs/IPDECT-MIB.txt ipdectNotifications) received by
 * Net-SNMP's snmptrapd: the Standby of a Master/Standby pair raises 0x00030201 "Standby master active" when the
 * Master is killed (§4.6.20) and clears it when the Master returns; both reach snmptrapd as SNMPv2c and SNMPv3
 * (authPriv SHA/AES) notifications carrying code, severity, remote, source and text.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { freeUdpPort, removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { NodeProcesses, status, waitFor } from "../helpers/nodes.js";
import { Snmptrapd } from "../helpers/snmptrapd.js";
import { IPDECT_OIDS } from "../../src/snmp/ipdectOids.js";

const RAISED = `OID: .${IPDECT_OIDS.ipdectAlarmRaised.join(".")}`;
const CLEARED = `OID: .${IPDECT_OIDS.ipdectAlarmCleared.join(".")}`;
const object = (name: keyof typeof IPDECT_OIDS) => `.${IPDECT_OIDS[name].join(".")}.0`;
/** 0x00030201 "Standby master active" (§6.2), as snmptrapd prints an Unsigned32 without the MIB. */
const STANDBY_MASTER_ACTIVE = `${object("ipdectAlarmCode")} = Gauge32: ${0x00030201}`;
const V2C = "TRAP2, SNMP v2c, community monitor-ro";
const V3 = "TRAP2, SNMP v3, user mon";

describe("real nodes: alarm notifications to snmptrapd (§4.9.5, §4.23.3)", () => {
  const ip = loopbackBlock();
  const MASTER = ip(1);
  const STANDBY = ip(2);
  const TRAPD = ip(3);
  const nodes = new NodeProcesses();
  let dir = "";
  let trapd: Snmptrapd | undefined;

  before(async () => {
    dir = tempDir("ipdect-snmp-alarms-");
    // The Standby's engine ID: the ipdect enterprise (99999) with the top bit, format 3 (MAC), its MAC (RFC 3411 §5).
    trapd = await Snmptrapd.start(TRAPD, dir, [
      "createUser -e 0x8001869f03009033210002 mon SHA auth-secret-1 AES priv-secret-1",
    ]);
    await nodes.start(
      "master",
      `{ name: master, kind: IPVM, mac: "00:90:33:21:00:01", ip: ${MASTER}, master: { mode: active, id: 1 } }\n`,
    );
    const snmp = [
      "enabled: true",
      `port: ${await freeUdpPort(STANDBY)}`,
      "community: monitor-ro",
      `trapDestinations: [{ address: "${trapd.address}", version: v2c }, { address: "${trapd.address}", version: v3 }]`,
      "v3: { user: mon, authProtocol: SHA, authPassword: auth-secret-1, privProtocol: AES, privPassword: priv-secret-1 }",
    ].join(", ");
    await nodes.start(
      "standby",
      `{ name: standby, kind: IPVM, mac: "00:90:33:21:00:02", ip: ${STANDBY}, master: { mode: standby, id: 1, primary: ${MASTER} }, snmp: { ${snmp} } }\n`,
    );
    await waitFor(async () => trapd!.received("OID: .1.3.6.1.6.3.1.1.5.1").length >= 2, 10_000, "coldStart v2c and v3");
  });
  after(async () => {
    await nodes.close();
    await trapd?.stop();
    removeTempDir(dir);
  });

  test("kill the Master: the Standby's 0x00030201 notification arrives as v2c and v3, and its clear when the Master returns", async () => {
    await waitFor(
      async () => (await status(STANDBY))?.master?.state === "standby.watching",
      15_000,
      "Standby watching",
    );
    await nodes.kill("master");
    for (const how of [V2C, V3])
      await waitFor(
        async () => trapd!.received(how, RAISED, STANDBY_MASTER_ACTIVE).length === 1,
        15_000,
        `raised, ${how}`,
      );
    const [raised] = trapd!.received(V3, RAISED);
    // RFC 3416 §4.2.6: sysUpTime.0 and snmpTrapOID.0 first, then the OBJECTS of ipdectAlarmRaised in their order.
    const order = [
      ".1.3.6.1.2.1.1.3.0",
      ".1.3.6.1.6.3.1.1.4.1.0",
      ...(["Code", "Severity", "Remote", "Source", "Text"] as const).map((n) => object(`ipdectAlarm${n}`)),
    ];
    const at = order.map((oid) => raised!.indexOf(`${oid} =`));
    assert.ok(
      at.every((p, i) => p >= 0 && (i === 0 || p > at[i - 1]!)),
      `varbinds in MIB order: ${raised}`,
    );
    assert.match(raised!, new RegExp(`${object("ipdectAlarmSeverity")} = INTEGER: 4\\b`), "major (ITU-ALARM-TC 4)");
    assert.match(raised!, new RegExp(`${object("ipdectAlarmRemote")} = IpAddress: ${STANDBY.replaceAll(".", "\\.")}`));
    assert.match(raised!, /= STRING: "Standby master active"/);

    await nodes.start("master");
    for (const how of [V2C, V3])
      await waitFor(
        async () => trapd!.received(how, CLEARED, STANDBY_MASTER_ACTIVE).length === 1,
        20_000,
        `cleared, ${how}`,
      );
    assert.equal(trapd!.received(RAISED).length, 2, "one raise per destination, no repeats");
  });
});
