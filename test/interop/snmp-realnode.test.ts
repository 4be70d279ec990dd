/**
 * The SNMP agent of real `ipdect node` processes (§4.9.5, App. H) against Net-SNMP's own tools (Debian snmp,
 * snmptrapd): snmpget, snmpwalk, snmpbulkwalk and snmpset with v1, v2c and v3 (authPriv SHA/AES and SHA-256/AES-256),
 * snmptrapd in the foreground receiving coldStart and authenticationFailure, allowed networks, and 10 000 fuzzed
 * packets that the agent counts and survives.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createSocket } from "node:dgram";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ForegroundProcess, freeUdpPort, removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { NodeProcesses, waitFor } from "../helpers/nodes.js";

const COMMUNITY = "monitor-ro";
const SYS_DESCR = ".1.3.6.1.2.1.1.1.0";
const SYS_NAME = ".1.3.6.1.2.1.1.5.0";
const SNMP_IN_PKTS = ".1.3.6.1.2.1.11.1.0";
const SNMP_IN_BAD_COMMUNITY_NAMES = ".1.3.6.1.2.1.11.4.0";
const SNMP_IN_ASN_PARSE_ERRS = ".1.3.6.1.2.1.11.6.0";
const USM_UNKNOWN_USER_NAMES = ".1.3.6.1.6.3.15.1.1.3.0";
const USM_WRONG_DIGESTS = ".1.3.6.1.6.3.15.1.1.5.0";
const COLD_START = ".1.3.6.1.6.3.1.1.5.1";
const AUTH_FAILURE = ".1.3.6.1.6.3.1.1.5.5";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a Net-SNMP tool to its end; numeric OIDs, no MIB files (the IPDECT-MIB is not loaded here). */
function tool(name: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(name, ["-m", "", "-On", ...args], (err, stdout, stderr) =>
      resolve({ code: err === null ? 0 : Number((err as { code?: unknown }).code ?? 1), stdout, stderr }),
    );
  });
}

/** A node's YAML: an IPVM Master with the given `snmp` section body. */
const nodeYaml = (name: string, ip: string, mac: string, snmp: string) =>
  `name: ${name}\nkind: IPVM\nmac: "${mac}"\nip: ${ip}\nmaster: { mode: active }\nsnmp:\n${snmp}`;

describe("real node: SNMP agent (§4.9.5) against Net-SNMP's tools", () => {
  const ip = loopbackBlock();
  const A = ip(1);
  const B = ip(2);
  const TRAPD = ip(3);
  const MANAGER = ip(4);
  const OUTSIDER = ip(20);
  const nodes = new NodeProcesses();
  let dir = "";
  let trapd: ForegroundProcess | undefined;
  let portA = 0;
  let portB = 0;

  /** `-v2c -c monitor-ro` from the manager's address to node A. */
  const v2c = (t: string, args: readonly string[], to = `${A}:${portA}`, from = MANAGER) =>
    tool(t, ["-v2c", "-c", COMMUNITY, `--clientaddr=${from}`, "-t", "1", "-r", "0", to, ...args]);
  const value = async (oid: string, to = `${A}:${portA}`): Promise<number> =>
    Number((await v2c("snmpget", ["-Oqv", oid], to)).stdout.trim());
  const traps = () => trapd?.output() ?? "";

  before(async () => {
    dir = tempDir("ipdect-snmp-");
    const trapPort = await freeUdpPort(TRAPD);
    [portA, portB] = [await freeUdpPort(A), await freeUdpPort(B)];
    // Node A's engine ID: the ipdect enterprise (99999) with the top bit, format 3 (MAC), its MAC (RFC 3411 §5).
    const createUser = "createUser -e 0x8001869f03009033200001 mon256 SHA-256 auth-secret-1 AES-256 priv-secret-1";
    writeFileSync(
      join(dir, "snmptrapd.conf"),
      `[snmp] persistentDir ${dir}\ndisableAuthorization yes\n${createUser}\n`,
    );
    trapd = new ForegroundProcess("snmptrapd", [
      ...["-f", "-Lo", "-On", "-n", "-C", "-m", ""],
      ...["-c", join(dir, "snmptrapd.conf"), `udp:${TRAPD}:${trapPort}`],
    ]);
    await waitFor(async () => traps().includes("NET-SNMP version"), 5000, "snmptrapd to start");
    const dest = (version: string) => `    - { address: "${TRAPD}:${trapPort}", version: ${version} }`;
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
    await waitFor(async () => traps().includes("Cold Start Trap"), 10_000, "the v1 coldStart");
    // v2c trap, v2c inform and the v3 trap (authPriv SHA-256/AES-256: snmptrapd decrypts it with the user above)
    await waitFor(async () => traps().split(`OID: ${COLD_START}`).length - 1 >= 3, 10_000, "v2c, inform and v3");
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
    await waitFor(async () => traps().includes("Authentication Failure Trap"), 10_000, "the v1 authenticationFailure");
    await waitFor(async () => traps().split(`OID: ${AUTH_FAILURE}`).length - 1 >= 3, 10_000, "v2c, inform, v3");
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

  test("a Set is refused: notWritable in v2c, noSuchName in v1 (RFC 3416 §4.2.5, RFC 3584 §4.4)", async () => {
    const v2 = await v2c("snmpset", [SYS_NAME, "s", "mine"]);
    assert.match(v2.stderr, /notWritable/);
    const v1 = await tool("snmpset", [
      "-v1",
      "-c",
      COMMUNITY,
      `--clientaddr=${MANAGER}`,
      `${A}:${portA}`,
      SYS_NAME,
      "s",
      "x",
    ]);
    assert.match(v1.stderr, /noSuchName/);
    assert.match((await v2c("snmpget", [SYS_NAME])).stdout, /"ward-3-master"/);
  });

  test("10 000 random, mutated and truncated packets are counted and the agent keeps answering", async (t) => {
    const to = `${B}:${portB}`;
    const [pkts0, parse0] = [await value(SNMP_IN_PKTS, to), await value(SNMP_IN_ASN_PARSE_ERRS, to)];
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, MANAGER, () => resolve()));
    const packets = fuzzPackets(10_000, 17);
    // Paced (50 per 10 ms) so that the kernel's receive buffer, not the agent, is never what drops a packet.
    for (let i = 0; i < packets.length; i += 50) {
      for (const p of packets.slice(i, i + 50)) socket.send(p, portB, B);
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 500));
    socket.close();
    const name = await v2c("snmpget", [SYS_NAME], to);
    assert.equal(name.code, 0, name.stderr);
    const pkts = (await value(SNMP_IN_PKTS, to)) - pkts0;
    const parse = (await value(SNMP_IN_ASN_PARSE_ERRS, to)) - parse0;
    assert.ok(pkts >= 9_000, `snmpInPkts rose by ${pkts}`);
    assert.ok(parse >= 3_000, `snmpInASNParseErrs rose by ${parse}`);
    t.diagnostic(`10 000 sent: snmpInPkts +${pkts}, snmpInASNParseErrs +${parse}`);
  });
});

/** BER: a tag, its definite length and the body. */
function tlv(tag: number, ...body: Buffer[]): Buffer {
  const b = Buffer.concat(body);
  const len = b.length < 128 ? [b.length] : b.length < 256 ? [0x81, b.length] : [0x82, b.length >> 8, b.length & 255];
  return Buffer.concat([Buffer.from([tag, ...len]), b]);
}
const int = (n: number) => tlv(0x02, Buffer.from([n]));
const oid = (arcs: readonly number[]) => tlv(0x06, Buffer.from([40 * arcs[0]! + arcs[1]!, ...arcs.slice(2)]));
const NULL = Buffer.from([0x05, 0x00]);

/** A valid SNMPv1/v2c request of type `pdu` for sysName.0 (RFC 3416 §3, RFC 1157 §4). */
function request(version: number, pdu: number, community: string): Buffer {
  const varbinds = tlv(0x30, tlv(0x30, oid([1, 3, 6, 1, 2, 1, 1, 5, 0]), NULL));
  return tlv(0x30, int(version), tlv(0x04, Buffer.from(community)), tlv(pdu, int(7), int(0), int(10), varbinds));
}

/** `n` packets from a seeded generator: random bytes, truncated requests, requests with bytes flipped. */
function fuzzPackets(n: number, seed: number): Buffer[] {
  let s = seed;
  const rnd = (k: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % k;
  };
  const bases = [0xa0, 0xa1, 0xa5, 0xa3].flatMap((pdu) => [request(1, pdu, COMMUNITY), request(0, pdu, COMMUNITY)]);
  return Array.from({ length: n }, () => {
    const base = bases[rnd(bases.length)]!;
    switch (rnd(3)) {
      case 0:
        return Buffer.from(Array.from({ length: 1 + rnd(200) }, () => rnd(256)));
      case 1:
        return base.subarray(0, rnd(base.length));
      default: {
        const b = Buffer.from(base);
        for (let k = 0; k <= rnd(4); k++) b[rnd(b.length)] = rnd(256);
        return b;
      }
    }
  });
}
