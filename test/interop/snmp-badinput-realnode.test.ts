/**
 * Bad input to the SNMP agent of a real `ipdect node` (issue 17 acceptance): Sets to read-only objects, unknown OIDs,
 * oversize requests and responses, SNMPv3 messages the USM must refuse, every truncation of valid requests, and
 * 10 000 fuzzed packets. Each gets an SNMP error or is dropped and counted, and the agent keeps answering. Net-SNMP's
 * tools send what they can; the rest is built byte by byte (test/helpers/snmp.ts).
 */
import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { after, before, describe, test } from "node:test";
import { freeUdpPort } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { NodeProcesses } from "../helpers/nodes.js";
import {
  communityMessage,
  engineIdHex,
  exchange as udpExchange,
  nodeYaml,
  PDU,
  pdu,
  readCommunityPdu,
  readV3Pdu,
  tool,
  v3Message,
} from "../helpers/snmp.js";

const COMMUNITY = "monitor-ro";
const MAC = "00:90:33:20:00:31";
const SYS_DESCR = ".1.3.6.1.2.1.1.1.0";
const SYS_UPTIME = ".1.3.6.1.2.1.1.3.0";
const SYS_CONTACT = ".1.3.6.1.2.1.1.4.0";
const SYS_NAME = ".1.3.6.1.2.1.1.5.0";
const SYS_LOCATION = ".1.3.6.1.2.1.1.6.0";
const SNMP_IN_PKTS = ".1.3.6.1.2.1.11.1.0";
const SNMP_IN_ASN_PARSE_ERRS = ".1.3.6.1.2.1.11.6.0";
const SNMP_OUT_TOO_BIGS = ".1.3.6.1.2.1.11.20.0";
const USM_STATS = "1.3.6.1.6.3.15.1.1";
/** ipdectAlarmActiveEntry (IPDECT-MIB): column 1 is the not-accessible index, 7 the description. */
const ALARM_ENTRY = ".1.3.6.1.4.1.99999.2.1.7.2.1";
/** 250 characters (a DisplayString holds 255): two of them do not fit a 484-octet message. */
const LONG = "x".repeat(250);
const AGENT_MAX_MESSAGE_SIZE = 65_507;
const V3_USER = ["-v3", "-l", "authPriv", "-u", "mon", "-a", "SHA", "-A", "auth-secret-3", "-x", "AES"];

describe("real node: bad SNMP input is answered with an error or dropped and counted; the agent keeps answering", () => {
  const ip = loopbackBlock();
  const AGENT = ip(1);
  const MANAGER = ip(4);
  const nodes = new NodeProcesses();
  let port = 0;
  let manager: Socket | undefined;
  const to = () => `${AGENT}:${port}`;
  const v1 = (t: string, args: readonly string[]) =>
    tool(t, ["-v1", "-c", COMMUNITY, `--clientaddr=${MANAGER}`, "-t", "1", "-r", "0", to(), ...args]);
  const v2c = (t: string, args: readonly string[]) =>
    tool(t, ["-v2c", "-c", COMMUNITY, `--clientaddr=${MANAGER}`, "-t", "1", "-r", "0", to(), ...args]);
  const v3 = (t: string, args: readonly string[]) =>
    tool(t, [...V3_USER, "-X", "priv-secret-3", `--clientaddr=${MANAGER}`, "-t", "1", "-r", "0", to(), ...args]);
  /** The values of counters (snmp group, usmStats), read in one request: it counts itself in snmpInPkts. */
  const read = async (...oids: string[]): Promise<number[]> => {
    const r = await v2c("snmpget", ["-Oqv", ...oids]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim().split("\n").map(Number);
  };

  /** Sends one datagram from the manager's address; the agent's answer, or undefined after `waitMs`. */
  const exchange = (packet: Buffer, waitMs?: number) => udpExchange(manager!, AGENT, port, packet, waitMs);

  before(async () => {
    port = await freeUdpPort(AGENT);
    manager = createSocket("udp4");
    await new Promise<void>((resolve) => manager!.bind(0, MANAGER, () => resolve()));
    await nodes.start(
      "bad",
      nodeYaml(
        "snmp-bad",
        AGENT,
        MAC,
        [
          "  enabled: true",
          `  port: ${port}`,
          `  community: ${COMMUNITY}`,
          `  contact: ${LONG}`,
          `  location: ${LONG}`,
          "  v3: { user: mon, authProtocol: SHA, authPassword: auth-secret-3, privProtocol: AES, privPassword: priv-secret-3 }",
          "",
        ].join("\n"),
      ),
    );
  });
  after(async () => {
    manager?.close();
    await nodes.close();
  });

  test("a Set is refused: notWritable in v2c, noSuchName in v1, also for an unknown OID (RFC 3416 §4.2.5, RFC 3584 §4.4)", async () => {
    assert.match((await v2c("snmpset", [SYS_NAME, "s", "mine"])).stderr, /notWritable/);
    assert.match((await v2c("snmpset", [".1.3.6.1.2.1.1.99.0", "i", "1"])).stderr, /notWritable/);
    assert.match((await v1("snmpset", [SYS_NAME, "s", "x"])).stderr, /noSuchName/);
    assert.match((await v2c("snmpget", [SYS_NAME])).stdout, /"snmp-bad"/);
  });

  test("unknown OIDs: noSuchObject outside every object type, noSuchInstance under one (RFC 3416 §4.2.1)", async () => {
    const oids = [".1.3.6.1.2.1.1.99.0", ".1.3.6.1.2.1.1.5.1", `${ALARM_ENTRY}.7.999`, `${ALARM_ENTRY}.1.1`];
    for (const r of [await v2c("snmpget", oids), await v3("snmpget", oids)]) {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^\.1\.3\.6\.1\.2\.1\.1\.99\.0 = No Such Object available on this agent at this OID$/m);
      assert.match(r.stdout, /^\.1\.3\.6\.1\.2\.1\.1\.5\.1 = No Such Instance currently exists at this OID$/m);
      // A row that the active alarm table does not have; its index column is not-accessible (no object to read).
      assert.match(r.stdout, /\.2\.1\.7\.2\.1\.7\.999 = No Such Instance currently exists at this OID$/m);
      assert.match(r.stdout, /\.2\.1\.7\.2\.1\.1\.1 = No Such Object available on this agent at this OID$/m);
    }
    const old = await v1("snmpget", [SYS_NAME, ".1.3.6.1.2.1.1.5.1"]);
    assert.match(old.stdout + old.stderr, /noSuchName/);
    assert.match(old.stdout + old.stderr, /Failed object: \.1\.3\.6\.1\.2\.1\.1\.5\.1$/m);
  });

  test("v3 with a 484-octet msgMaxSize: a Get too large is tooBig, a GetBulk walk gets shorter pages (RFC 3416 §4.2)", async () => {
    const [tooBigs0] = await read(SNMP_OUT_TOO_BIGS);
    const small = ["--sendMessageMaxSize=484"];
    const fits = await v3("snmpget", [SYS_CONTACT]);
    assert.equal(fits.code, 0, fits.stderr);
    const big = await v3("snmpget", [...small, SYS_CONTACT, SYS_LOCATION]);
    assert.match(big.stderr, /\(tooBig\)/);
    assert.equal((await read(SNMP_OUT_TOO_BIGS))[0], tooBigs0! + 1);
    const both = await v3("snmpget", [SYS_CONTACT, SYS_LOCATION]);
    assert.equal(both.code, 0, both.stderr);
    // snmpbulkwalk asks for 50 at a time; each page keeps only what fits in 484 octets, and the walk is complete.
    const walk = async (args: readonly string[]) => {
      const r = await v3("snmpbulkwalk", [...args, "-Cr50", "-d", ".1.3.6.1.2.1.1"]);
      assert.equal(r.code, 0, r.stderr);
      const received = [...r.stderr.matchAll(/Received (\d+) byte packet/g)].map((m) => Number(m[1]));
      const values = r.stdout.split("\n").filter((l) => l.startsWith(".1.3.6.1.2.1.1.") && !l.startsWith(SYS_UPTIME));
      return { received, values };
    };
    const [whole, paged] = [await walk([]), await walk(small)];
    assert.equal(paged.values.length, 6);
    assert.deepEqual(paged.values, whole.values);
    assert.ok(paged.received.length > whole.received.length, `${paged.received.length} responses`);
    for (const n of paged.received) assert.ok(n <= 484, `a ${n}-octet response`);
    assert.equal((await read(SNMP_OUT_TOO_BIGS))[0], tooBigs0! + 1, "a shorter GetBulk is no tooBig");
  });

  test(`v1 and v2c: a response over the agent's ${AGENT_MAX_MESSAGE_SIZE} octets is tooBig; a GetBulk is cut to fit`, async () => {
    const [tooBigs0] = await read(SNMP_OUT_TOO_BIGS);
    const many = Array.from({ length: 3000 }, () => SYS_CONTACT);
    const get2 = await exchange(communityMessage(1, COMMUNITY, pdu(PDU.get, 41, many)));
    assert.deepEqual(readCommunityPdu(get2!), {
      type: PDU.response,
      requestId: 41,
      errorStatus: 1,
      errorIndex: 0,
      varbinds: 0,
    });
    // SNMPv1: the same form as the request, varbinds and all (RFC 1157 §4.1.2).
    const get1 = await exchange(communityMessage(0, COMMUNITY, pdu(PDU.get, 42, many)));
    assert.deepEqual(readCommunityPdu(get1!), {
      type: PDU.response,
      requestId: 42,
      errorStatus: 1,
      errorIndex: 0,
      varbinds: 3000,
    });
    assert.equal((await read(SNMP_OUT_TOO_BIGS))[0], tooBigs0! + 2);
    // 900 repeaters after sysUpTime: 900 copies of sysContact (264 octets each) would make 237 kB.
    const repeaters = Array.from({ length: 900 }, () => SYS_UPTIME);
    const bulk = await exchange(communityMessage(1, COMMUNITY, pdu(PDU.getBulk, 43, repeaters, 0, 1)));
    const page = readCommunityPdu(bulk!);
    assert.deepEqual([page.errorStatus, page.requestId], [0, 43]);
    assert.ok(bulk!.length <= AGENT_MAX_MESSAGE_SIZE && bulk!.length > AGENT_MAX_MESSAGE_SIZE - 300, `${bulk!.length}`);
    assert.ok(page.varbinds > 200 && page.varbinds < 900, `${page.varbinds} varbinds`);
    assert.equal((await read(SNMP_OUT_TOO_BIGS))[0], tooBigs0! + 2, "a shorter GetBulk is no tooBig");
  });

  test("v3: msgMaxSize under 484 is dropped as a parse error; no user or another engine ID gets a report (RFC 3414 §3.2)", async () => {
    const engineId = Buffer.from(engineIdHex(MAC), "hex");
    const get = pdu(PDU.get, 51, [SYS_NAME]);
    const [parse0, unknownUser0, unknownEngine0] = await read(
      SNMP_IN_ASN_PARSE_ERRS,
      `.${USM_STATS}.3.0`,
      `.${USM_STATS}.4.0`,
    );
    assert.equal(await exchange(v3Message({ msgMaxSize: 483, engineId, user: "", body: get }), 500), undefined);
    // Without a user name only discovery is allowed: net-snmp would have answered this one with the data.
    const noUser = await exchange(v3Message({ msgMaxSize: 484, engineId, user: "", body: get }));
    assert.deepEqual(readV3Pdu(noUser!), { type: 0xa8, firstOid: `${USM_STATS}.3.0` });
    const other = Buffer.from("80001f888012345678", "hex");
    const elsewhere = await exchange(v3Message({ msgMaxSize: 484, engineId: other, user: "", body: get }));
    assert.deepEqual(readV3Pdu(elsewhere!), { type: 0xa8, firstOid: `${USM_STATS}.4.0` });
    const [parse1, unknownUser1, unknownEngine1] = await read(
      SNMP_IN_ASN_PARSE_ERRS,
      `.${USM_STATS}.3.0`,
      `.${USM_STATS}.4.0`,
    );
    assert.deepEqual([parse1! - parse0!, unknownUser1! - unknownUser0!], [1, 1]);
    // Each snmpget -v3 in between discovers the engine ID: also a usmStatsUnknownEngineIDs report.
    assert.ok(unknownEngine1! - unknownEngine0! >= 1);
    assert.equal((await v3("snmpget", [SYS_NAME])).code, 0);
  });

  test("every truncation of three valid requests is counted in snmpInASNParseErrs, and the next request answered", async (t) => {
    const valid = [
      communityMessage(0, COMMUNITY, pdu(PDU.get, 61, [SYS_NAME])),
      communityMessage(1, COMMUNITY, pdu(PDU.getBulk, 62, [SYS_DESCR, ".1.3.6.1.2.1.1"], 1, 5)),
      v3Message({ msgMaxSize: 65_507, engineId: Buffer.alloc(0), user: "", body: pdu(PDU.get, 63, []) }),
    ];
    for (const v of valid) assert.notEqual(await exchange(v), undefined, "the whole request is answered");
    const truncations = valid.flatMap((v) => Array.from({ length: v.length }, (_, n) => v.subarray(0, n)));
    const [pkts0, parse0] = await read(SNMP_IN_PKTS, SNMP_IN_ASN_PARSE_ERRS);
    for (const cut of truncations) {
      manager!.send(cut, port, AGENT);
      await new Promise((r) => setTimeout(r, 2));
    }
    assert.match((await v2c("snmpget", [SYS_NAME])).stdout, /"snmp-bad"/);
    const [pkts1, parse1] = await read(SNMP_IN_PKTS, SNMP_IN_ASN_PARSE_ERRS);
    assert.equal(parse1! - parse0!, truncations.length);
    assert.equal(pkts1! - pkts0!, truncations.length + 2, "every truncation, the snmpget and this read");
    t.diagnostic(`${truncations.length} truncations, each counted`);
  });

  test("10 000 random, mutated and truncated packets are counted and the agent keeps answering", async (t) => {
    const [pkts0, parse0] = await read(SNMP_IN_PKTS, SNMP_IN_ASN_PARSE_ERRS);
    const packets = fuzzPackets(10_000, 17);
    // Paced (50 per 10 ms) so that the kernel's receive buffer, not the agent, is never what drops a packet.
    for (let i = 0; i < packets.length; i += 50) {
      for (const p of packets.slice(i, i + 50)) manager!.send(p, port, AGENT);
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 500));
    const name = await v2c("snmpget", [SYS_NAME]);
    assert.equal(name.code, 0, name.stderr);
    const [pkts1, parse1] = await read(SNMP_IN_PKTS, SNMP_IN_ASN_PARSE_ERRS);
    const [pkts, parse] = [pkts1! - pkts0!, parse1! - parse0!];
    assert.ok(pkts >= 9_000, `snmpInPkts rose by ${pkts}`);
    assert.ok(parse >= 3_000, `snmpInASNParseErrs rose by ${parse}`);
    t.diagnostic(`10 000 sent: snmpInPkts +${pkts}, snmpInASNParseErrs +${parse}`);
  });
});

/** `n` packets from a seeded generator: random bytes, truncated requests, requests with bytes flipped. */
function fuzzPackets(n: number, seed: number): Buffer[] {
  let s = seed;
  const rnd = (k: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % k;
  };
  const bases = [PDU.get, PDU.getNext, PDU.getBulk, PDU.set].flatMap((type) =>
    ([0, 1] as const).map((version) => communityMessage(version, COMMUNITY, pdu(type, 7, [SYS_NAME], 0, 10))),
  );
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
