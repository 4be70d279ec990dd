/**
 * IPDECT-MIB served by a real node (issue 17): a PARI Master with two radios as one `ipdect node` process, read with
 * the real net-snmp tools by the MIB's names: snmptable prints the radio table, snmpwalk (v2c) and snmpbulkwalk (v3
 * authPriv) read the whole ipdect subtree.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { freeUdpPort } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { NodeProcesses, waitFor } from "../helpers/nodes.js";
import { MIB_DIR, STANDARD_MIB_DIR } from "../snmp/mibTools.js";

const run = promisify(execFile);
/** Only IPDECT-MIB and what it imports: the Debian default MIB list names modules Debian does not ship. */
const MIBS = ["-M", `+${STANDARD_MIB_DIR}:${MIB_DIR}`, "-m", "IPDECT-MIB"];
const V3 = [
  "-v3",
  "-l",
  "authPriv",
  "-u",
  "watcher",
  "-a",
  "SHA",
  "-A",
  "auth-secret-1",
  "-x",
  "AES",
  "-X",
  "priv-secret-1",
];

describe("real node: IPDECT-MIB of a PARI Master with radios, read with net-snmp tools", () => {
  const ip = loopbackBlock();
  const nodes = new NodeProcesses();
  let agent = "";

  before(async () => {
    const port = await freeUdpPort(ip(1));
    agent = `${ip(1)}:${port}`;
    const snmp = {
      enabled: true,
      port,
      community: "c1",
      v3: {
        user: "watcher",
        authProtocol: "SHA",
        authPassword: "auth-secret-1",
        privProtocol: "AES",
        privPassword: "priv-secret-1",
      },
    };
    const devices = [
      { name: "pm", kind: "IPVM", mac: "00:90:33:21:00:01", ip: ip(1), master: { mode: "active" }, pari: {}, snmp },
      { name: "r1", kind: "IPBS", mac: "00:90:33:21:00:02", ip: ip(2), radio: { master: ip(1) } },
      { name: "r2", kind: "IPBS", mac: "00:90:33:21:00:03", ip: ip(3), radio: { master: ip(1) } },
    ];
    await nodes.start("pm", `devices:\n${devices.map((d) => `  - ${JSON.stringify(d)}`).join("\n")}\n`);
    await waitFor(
      async () => {
        const r = await run("snmpwalk", [...MIBS, "-v2c", "-c", "c1", agent, "IPDECT-MIB::ipdectRadioIp"]).catch(
          () => ({ stdout: "" }),
        );
        return r.stdout.split("\n").filter((l) => l.includes("IpAddress")).length === 2;
      },
      20_000,
      "both radios in the radio table",
    );
  });
  after(() => nodes.close());

  test("snmptable prints the radio table with the MIB's column names (§4.11.1)", async () => {
    const { stdout } = await run("snmptable", [
      ...MIBS,
      "-v2c",
      "-c",
      "c1",
      "-Cb",
      agent,
      "IPDECT-MIB::ipdectRadioTable",
    ]);
    const lines = stdout.trim().split("\n");
    assert.match(lines[0]!, /SNMP table: IPDECT-MIB::ipdectRadioTable/);
    assert.match(lines[2]!, /Name\s+Rfpi\s+Ip\s+Sync\s+Region\s+DeviceName/);
    const rows = lines.slice(3);
    assert.equal(rows.length, 2);
    assert.ok(rows.some((r) => r.includes(ip(2)) && r.includes(" r1 ")));
    assert.ok(rows.some((r) => r.includes(ip(3)) && r.includes(" r2 ")));
  });

  test("v2c snmpwalk and v3 authPriv snmpbulkwalk read the same ipdect subtree", async () => {
    const walk = (await run("snmpwalk", [...MIBS, "-v2c", "-c", "c1", "-On", agent, "1.3.6.1.4.1.99999"])).stdout;
    const bulk = (await run("snmpbulkwalk", [...MIBS, ...V3, "-On", agent, "1.3.6.1.4.1.99999"])).stdout;
    const oids = (text: string) =>
      text
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(" = ")[0]);
    assert.deepEqual(oids(bulk), oids(walk));
    const named = (await run("snmpwalk", [...MIBS, "-v2c", "-c", "c1", agent, "1.3.6.1.4.1.99999"])).stdout;
    for (const object of ["ipdectDeviceKind.0", "ipdectDeviceMasterMode.0", "ipdectRadioName.1", "ipdectRadioMac.2"])
      assert.match(named, new RegExp(`IPDECT-MIB::${object.replace(".", "\\.")} = `), object);
  });
});
