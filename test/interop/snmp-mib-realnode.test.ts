/**
 * IPDECT-MIB served by a real node (issue 17): a PARI Master with two radios, users registering to a SIP proxy that
 * does not answer, an LDAP server, and a Standby replicating from it, as one `ipdect node` process, read with the
 * real net-snmp tools by the MIB's names: snmptable prints the radio table; snmpwalk and snmpbulkwalk with v1, v2c
 * and v3 authPriv (SHA/AES, SHA-256/AES-256) read every IPDECT-MIB table and the system group alike.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { freePort, freeUdpPort } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { NodeProcesses, waitFor } from "../helpers/nodes.js";
import { MIB_DIR, STANDARD_MIB_DIR } from "../snmp/mibTools.js";

const run = promisify(execFile);
/** SNMPv2-MIB, IPDECT-MIB and what they import: the Debian default MIB list names modules Debian does not ship. */
const MIBS = ["-M", `+${STANDARD_MIB_DIR}:${MIB_DIR}`, "-m", "SNMPv2-MIB:IPDECT-MIB"];
/** The agent's one SNMPv3 user (§4.9.5) with each authPriv pair the issue names; a node per pair. */
const PROFILES = [
  { auth: "SHA", priv: "AES" },
  { auth: "SHA-256", priv: "AES-256" },
] as const;
type Profile = (typeof PROFILES)[number];
const v3 = (p: Profile) => [
  "-v3",
  "-l",
  "authPriv",
  "-u",
  "watcher",
  "-a",
  p.auth,
  "-A",
  "auth-secret-1",
  "-x",
  p.priv,
  "-X",
  "priv-secret-1",
];
/** Every way the issue asks the agent to be read: version, security, tool. */
const reads = (
  p: Profile,
): readonly { readonly how: string; readonly tool: string; readonly args: readonly string[] }[] => [
  { how: "v1 snmpwalk", tool: "snmpwalk", args: ["-v1", "-c", "c1"] },
  { how: "v2c snmpwalk", tool: "snmpwalk", args: ["-v2c", "-c", "c1"] },
  { how: "v2c snmpbulkwalk", tool: "snmpbulkwalk", args: ["-v2c", "-c", "c1"] },
  { how: `v3 ${p.auth}/${p.priv} snmpwalk`, tool: "snmpwalk", args: v3(p) },
  { how: `v3 ${p.auth}/${p.priv} snmpbulkwalk`, tool: "snmpbulkwalk", args: v3(p) },
];
/** One row (or scalar) of each IPDECT-MIB table and group that must be there. */
const MASTER_OBJECTS = [
  "ipdectDeviceKind.0",
  "ipdectRadioName.1",
  "ipdectSyncRegionRadios.0",
  "ipdectSyncRadioState.1",
  "ipdectUsersTotal.0",
  "ipdectRegState.1",
  "ipdectLdapRxSearch.0",
  "ipdectAlarmActiveCode.1",
  "ipdectPerfFramesIn.0",
];

for (const profile of PROFILES)
  describe(`real node: IPDECT-MIB of a PARI Master with radios, read with net-snmp tools (v3 ${profile.auth}/${profile.priv})`, () => {
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
          authProtocol: profile.auth,
          authPassword: "auth-secret-1",
          privProtocol: profile.priv,
          privPassword: "priv-secret-1",
        },
      };
      // Nothing listens at NOWHERE: the SIP registrations fail and the AD replicator is refused (alarm 0x00030001).
      const NOWHERE = ip(9);
      // Users with subscribed handsets (the IPEIs and subscription data of examples/sip-4000.yaml): each registers.
      const users = [
        { number: "1000", ipei: "0100900100000", subs: "00000000000000000000000050000000" },
        { number: "1001", ipei: "0100900100011", subs: "00000000000000000000000050000001" },
      ].map((u) => ({ longName: `User ${u.number}`, name: u.number, password: `pw-${u.number}`, ...u }));
      const ldap = {
        server: { user: "ldap-user", password: "ldap-secret", port: await freePort(ip(1)) },
        replicator: {
          type: "ad",
          enabled: true,
          server: NOWHERE,
          user: "CN=reader",
          password: "reader-1",
          searchBase: "DC=x",
        },
      };
      const gatekeeper = { protocol: "sip-udp", proxy: NOWHERE, domain: "ipdect.test" };
      const master = { master: { mode: "active" }, pari: {}, snmp, gatekeeper, users, ldap };
      const devices = [
        { name: "pm", kind: "IPVM", mac: "00:90:33:21:00:01", ip: ip(1), ...master },
        { name: "r1", kind: "IPBS", mac: "00:90:33:21:00:02", ip: ip(2), radio: { master: ip(1) } },
        { name: "r2", kind: "IPBS", mac: "00:90:33:21:00:03", ip: ip(3), radio: { master: ip(1) } },
      ];
      await nodes.start("pm", `devices:\n${devices.map((d) => `  - ${JSON.stringify(d)}`).join("\n")}\n`);
      await waitFor(
        async () => {
          const r = await run("snmpwalk", [...MIBS, "-v2c", "-c", "c1", agent, "IPDECT-MIB::ipdectObjects"]).catch(
            () => ({ stdout: "" }),
          );
          const radios = r.stdout.split("\n").filter((l) => l.includes("ipdectRadioIp") && l.includes("IpAddress"));
          return radios.length === 2 && MASTER_OBJECTS.every((o) => r.stdout.includes(`IPDECT-MIB::${o} = `));
        },
        20_000,
        "both radios in the radio table and a row in every table",
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

    test("v1, v2c and v3 authPriv walks and bulkwalks read every table and the system group alike", async () => {
      const oids = (text: string) =>
        text
          .split("\n")
          .filter(Boolean)
          .map((l) => l.split(" = ")[0]);
      const walks = new Map<string, string>();
      for (const subtree of ["1.3.6.1.2.1.1", "1.3.6.1.4.1.99999"])
        for (const r of reads(profile))
          walks.set(`${r.how} ${subtree}`, (await run(r.tool, [...MIBS, ...r.args, agent, subtree])).stdout);
      const first = (subtree: string) => walks.get(`${reads(profile)[0]!.how} ${subtree}`)!;
      for (const object of MASTER_OBJECTS)
        assert.match(first("1.3.6.1.4.1.99999"), new RegExp(`IPDECT-MIB::${object.replace(".", "\\.")} = `), object);
      assert.match(first("1.3.6.1.2.1.1"), /SNMPv2-MIB::sysDescr\.0 = STRING: IPVM ipdect /);
      for (const subtree of ["1.3.6.1.2.1.1", "1.3.6.1.4.1.99999"])
        for (const r of reads(profile).slice(1))
          assert.deepEqual(oids(walks.get(`${r.how} ${subtree}`)!), oids(first(subtree)), `${r.how} ${subtree}`);
    });
  });
