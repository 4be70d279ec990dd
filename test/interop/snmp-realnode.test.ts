/**
 * The SNMP agent of real `ipdect node` processes (§4.9.5, App. H) against Net-SNMP's own tools (Debian snmp,
 * snmptrapd): snmpget, snmpwalk, snmpbulkwalk and snmpset with v1, v2c and v3 (authPriv SHA/AES and SHA-256/AES-256),
 * snmptrapd in the foreground receiving coldStart and authenticationFailure, and allowed networks. Bad input (Sets,
 * unknown OIDs, oversize requests, fuzzed and truncated packets) is in snmp-badinput-realnode.test.ts, informs in
 * snmp-inform-realnode.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { freeUdpPort, removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { NodeProcesses, waitFor } from "../helpers/nodes.js";
import { engineIdHex, nodeYaml, tool } from "../helpers/snmp.js";
import { Snmptrapd } from "../helpers/snmptrapd.js";

const COMMUNITY = "monitor-ro";
const SYS_DESCR = ".1.3.6.1.2.1.1.1.0";
const SYS_NAME = ".1.3.6.1.2.1.1.5.0";
const SNMP_IN_BAD_COMMUNITY_NAMES = ".1.3.6.1.2.1.11.4.0";
const USM_UNKNOWN_USER_NAMES = ".1.3.6.1.6.3.15.1.1.3.0";
const USM_WRONG_DIGESTS = ".1.3.6.1.6.3.15.1.1.5.0";
const COLD_START = ".1.3.6.1.6.3.1.1.5.1";
const AUTH_FAILURE = ".1.3.6.1.6.3.1.1.5.5";

describe("real node: SNMP agent (§4.9.5) against Net-SNMP's tools", () => {
  const ip = loopbackBlock();
  const A = ip(1);
  const B = ip(2);
  const TRAPD = ip(3);
  const MANAGER = ip(4);
  const OUTSIDER = ip(20);
  const nodes = new NodeProcesses();
  let dir = "";
  let trapd: Snmptrapd | undefined;
  let portA = 0;
  let portB = 0;

  /** `-v2c -c monitor-ro` from the manager's address to node A. */
  const v2c = (t: string, args: readonly string[], to = `${A}:${portA}`, from = MANAGER) =>
    tool(t, ["-v2c", "-c", COMMUNITY, `--clientaddr=${from}`, "-t", "1", "-r", "0", to, ...args]);
  const value = async (oid: string, to = `${A}:${portA}`): Promise<number> =>
    Number((await v2c("snmpget", ["-Oqv", oid], to)).stdout.trim());

  before(async () => {
    dir = tempDir("ipdect-snmp-");
    [portA, portB] = [await freeUdpPort(A), await freeUdpPort(B)];
    // Node A's engine ID: the ipdect enterprise (99999) with the top bit, format 3 (MAC), its MAC (RFC 3411 §5).
    trapd = await Snmptrapd.start(TRAPD, dir, [
      `createUser -e 0x${engineIdHex("00:90:33:20:00:01")} mon256 SHA-256 auth-secret-1 AES-256 priv-secret-1`,
    ]);
    const dest = (version: string) => `    - { address: "${trapd!.address}", version: ${version} }`;
    await nodes.start(
      "a",
      nodeYaml(
        "snmp-a",
        A,
        "00:90:33:20:00:01",
        [
          "  enabled: true",
          `  port: ${portA}`,
          `  community: ${COMMUNITY}`,
          "  deviceName: ward-3-master",
          "  contact: Ops desk",
          "  location: Building A",
          "  authTrap: true",
          "  trapDestinations:",
          dest("v1"),
          dest("v2c"),
          dest("v2c-inform"),
          dest("v3"),
          `  allowedNetworks: [{ network: ${ip(0)}/29 }]`,
          "  v3: { user: mon256, authProtocol: SHA-256, authPassword: auth-secret-1, privProtocol: AES-256, privPassword: priv-secret-1 }",
          "",
        ].join("\n"),
      ),
    );
    await nodes.start(
      "b",
      nodeYaml(
        "snmp-b",
        B,
        "00:90:33:20:00:02",
        [
          "  enabled: true",
          `  port: ${portB}`,
          `  community: ${COMMUNITY}`,
          "  v3: { user: mon, authProtocol: SHA, authPassword: auth-secret-2, privProtocol: AES, privPassword: priv-secret-2 }",
          "",
        ].join("\n"),
      ),
    );
  });
  after(async () => {
    await nodes.close();
    await trapd?.stop();
    removeTempDir(dir);
  });

  test("coldStart reaches snmptrapd as an SNMPv1 trap, an SNMPv2c trap, an inform and an SNMPv3 trap", async () => {
    await waitFor(async () => trapd!.received("SNMP v1", "Cold Start").length === 1, 10_000, "the v1 coldStart");
    // v2c trap, v2c inform and the v3 trap (authPriv SHA-256/AES-256: snmptrapd decrypts it with the user above)
    for (const how of ["TRAP2, SNMP v2c", "INFORM, SNMP v2c", "TRAP2, SNMP v3, user mon256"])
      await waitFor(async () => trapd!.received(how, `OID: ${COLD_START}`).length === 1, 10_000, how);
  });

  test("v1 and v2c: snmpget, snmpwalk and snmpbulkwalk read the system group (RFC 3418)", async () => {
    const v1 = await tool("snmpget", ["-v1", "-c", COMMUNITY, `--clientaddr=${MANAGER}`, `${A}:${portA}`, SYS_DESCR]);
    assert.equal(v1.code, 0, v1.stderr);
    assert.match(v1.stdout, /^\.1\.3\.6\.1\.2\.1\.1\.1\.0 = STRING: "IPVM ipdect \d+\.\d+\.\d+"$/m);
    const walk = await v2c("snmpwalk", [".1.3.6.1.2.1.1"]);
    assert.equal(walk.code, 0, walk.stderr);
    assert.match(walk.stdout, /\.1\.3\.6\.1\.2\.1\.1\.2\.0 = OID: \.1\.3\.6\.1\.4\.1\.99999\.1$/m);
    assert.match(walk.stdout, /\.1\.3\.6\.1\.2\.1\.1\.4\.0 = STRING: "Ops desk"$/m);
    assert.match(walk.stdout, /\.1\.3\.6\.1\.2\.1\.1\.5\.0 = STRING: "ward-3-master"$/m);
    assert.match(walk.stdout, /\.1\.3\.6\.1\.2\.1\.1\.6\.0 = STRING: "Building A"$/m);
    assert.match(walk.stdout, /\.1\.3\.6\.1\.2\.1\.1\.7\.0 = INTEGER: 72$/m);
    const bulk = await v2c("snmpbulkwalk", [".1.3.6.1.2.1.1"]);
    const withoutUpTime = (text: string) => text.replace(/^\.1\.3\.6\.1\.2\.1\.1\.3\.0 = .*$/m, "");
    assert.equal(withoutUpTime(bulk.stdout), withoutUpTime(walk.stdout));
    assert.equal(walk.stdout.trim().split("\n").length, 7);
  });

  test("v3 authPriv: SHA-256/AES-256 and SHA/AES (RFC 3414, RFC 3826, RFC 7860)", async () => {
    const from = [`--clientaddr=${MANAGER}`];
    const v3 = (to: string, user: string, a: string, ap: string, x: string, xp: string) =>
      tool("snmpget", [
        "-v3",
        "-l",
        "authPriv",
        "-u",
        user,
        "-a",
        a,
        "-A",
        ap,
        "-x",
        x,
        "-X",
        xp,
        ...from,
        to,
        SYS_NAME,
      ]);
    const sha256 = await v3(`${A}:${portA}`, "mon256", "SHA-256", "auth-secret-1", "AES-256", "priv-secret-1");
    assert.equal(sha256.code, 0, sha256.stderr);
    assert.match(sha256.stdout, /= STRING: "ward-3-master"/);
    const sha = await v3(`${B}:${portB}`, "mon", "SHA", "auth-secret-2", "AES", "priv-secret-2");
    assert.equal(sha.code, 0, sha.stderr);
    assert.match(sha.stdout, /= STRING: "snmp-b"/);
    const walk = await tool("snmpbulkwalk", [
      ...["-v3", "-l", "authPriv", "-u", "mon", "-a", "SHA", "-A", "auth-secret-2", "-x", "AES", "-X", "priv-secret-2"],
      ...[`${B}:${portB}`, ".1.3.6.1.2.1.1"],
    ]);
    assert.equal(walk.stdout.trim().split("\n").length, 7, walk.stderr);
  });

  test("a wrong community gets no answer, is counted and sends authenticationFailure (§4.9.5 step 7)", async () => {
    const before = await value(SNMP_IN_BAD_COMMUNITY_NAMES);
    const wrong = await tool("snmpget", [
      "-v2c",
      "-c",
      "guess",
      `--clientaddr=${MANAGER}`,
      "-t",
      "1",
      "-r",
      "0",
      `${A}:${portA}`,
      SYS_NAME,
    ]);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /Timeout/);
    assert.equal(await value(SNMP_IN_BAD_COMMUNITY_NAMES), before + 1);
    await waitFor(async () => trapd!.received("SNMP v1", "Authentication Failure").length > 0, 10_000, "the v1 one");
    for (const how of ["TRAP2, SNMP v2c", "INFORM, SNMP v2c", "TRAP2, SNMP v3, user mon256"])
      await waitFor(async () => trapd!.received(how, `OID: ${AUTH_FAILURE}`).length > 0, 10_000, how);
  });

  test("a wrong v3 user or password is refused and counted (RFC 3414 usmStats)", async () => {
    const [unknown0, digests0] = [await value(USM_UNKNOWN_USER_NAMES), await value(USM_WRONG_DIGESTS)];
    const args = (user: string, pass: string) => [
      ...["-v3", "-l", "authPriv", "-u", user, "-a", "SHA-256", "-A", pass, "-x", "AES-256", "-X", "priv-secret-1"],
      ...[`--clientaddr=${MANAGER}`, "-t", "1", "-r", "0", `${A}:${portA}`, SYS_NAME],
    ];
    const nobody = await tool("snmpget", args("nobody", "auth-secret-1"));
    assert.match(nobody.stderr, /Unknown user name/);
    const wrong = await tool("snmpget", args("mon256", "not-the-password"));
    assert.match(wrong.stderr, /Timeout/);
    assert.equal(await value(USM_UNKNOWN_USER_NAMES), unknown0 + 1);
    assert.equal(await value(USM_WRONG_DIGESTS), digests0 + 1);
  });

  test("a request from outside the allowed networks gets no answer at all (§4.9.5 step 9)", async () => {
    const outside = await v2c("snmpget", [SYS_NAME], `${A}:${portA}`, OUTSIDER);
    assert.match(outside.stderr, /Timeout/);
    const inside = await v2c("snmpget", [SYS_NAME]);
    assert.equal(inside.code, 0, inside.stderr);
  });
});
