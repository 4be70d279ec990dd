/**
 * SNMPv3 replay protection of a real `ipdect node` (issue 17; RFC 3414 §2.2, §2.3, §3.2 step 7): snmpEngineBoots on
 * the device's flash, one more at every start of the agent, snmpEngineTime in seconds since then, and authenticated
 * requests outside the 150-second Time Window refused with an authenticated notInTimeWindow report. A Get sent by the
 * real snmpget is captured through a UDP relay and replayed; requests with a chosen engine time are built by hand
 * (test/helpers/snmpUsm.ts); Net-SNMP's tools resynchronise on the report.
 */
import assert from "node:assert/strict";
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { after, before, describe, test } from "node:test";
import { freeUdpPort } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, NodeProcesses, waitFor } from "../helpers/nodes.js";
import {
  engineIdHex,
  exchange,
  nodeYaml,
  PDU,
  pdu,
  readV3Header,
  readV3Pdu,
  tool,
  v3Message,
  type V3Header,
} from "../helpers/snmp.js";
import { usmKeys, v3AuthPrivMessage } from "../helpers/snmpUsm.js";

const COMMUNITY = "monitor-ro";
const MAC = "00:90:33:20:00:32";
const SYS_NAME = ".1.3.6.1.2.1.1.5.0";
/** SNMP-FRAMEWORK-MIB snmpEngine (RFC 3411): snmpEngineID .1, snmpEngineBoots .2, snmpEngineTime .3, …MaxMessageSize .4. */
const SNMP_ENGINE = ".1.3.6.1.6.3.10.2.1";
const ENGINE_ID = `${SNMP_ENGINE}.1.0`;
const ENGINE_BOOTS = `${SNMP_ENGINE}.2.0`;
const ENGINE_TIME = `${SNMP_ENGINE}.3.0`;
const ENGINE_MAX_SIZE = `${SNMP_ENGINE}.4.0`;
const USM_STATS = "1.3.6.1.6.3.15.1.1";
const NOT_IN_TIME_WINDOWS = `.${USM_STATS}.2.0`;
const WRONG_DIGESTS = `.${USM_STATS}.5.0`;
const [USER, AUTH_PASSWORD, PRIV_PASSWORD] = ["mon", "auth-secret-4", "priv-secret-4"];
const V3_USER = [
  "-v3",
  "-l",
  "authPriv",
  "-u",
  USER,
  "-a",
  "SHA",
  "-A",
  AUTH_PASSWORD,
  "-x",
  "AES",
  "-X",
  PRIV_PASSWORD,
];
const REPORT = 0xa8;
/** RFC 3412 §6.4 msgFlags of what the agent answers: a response to authPriv, the notInTimeWindow report (authNoPriv). */
const [AUTH_PRIV, AUTH_NO_PRIV] = [3, 1];

/** A UDP relay in front of the agent that keeps every datagram its client sent (what an eavesdropper captures). */
async function relay(ip: string, agent: string, agentPort: number) {
  const [front, back] = [createSocket("udp4"), createSocket("udp4")];
  const sent: Buffer[] = [];
  let client: RemoteInfo | undefined;
  front.on("message", (b, from) => {
    sent.push(b);
    client = from;
    back.send(b, agentPort, agent);
  });
  back.on("message", (b) => client !== undefined && front.send(b, client.port, client.address));
  await Promise.all([front, back].map((s) => new Promise<void>((r) => s.bind(0, ip, () => r()))));
  return { port: front.address().port, sent, close: () => [front, back].forEach((s) => s.close()) };
}

describe("real node: SNMPv3 requests are fresh: engine boots on flash, the 150 s Time Window (RFC 3414 §2.2, §3.2)", () => {
  const ip = loopbackBlock();
  const AGENT = ip(1);
  const MANAGER = ip(4);
  const nodes = new NodeProcesses();
  const engineId = Buffer.from(engineIdHex(MAC), "hex");
  const keys = usmKeys(USER, AUTH_PASSWORD, PRIV_PASSWORD, engineId);
  let port = 0;
  let manager: Socket | undefined;
  /** A real snmpget's request, captured in the first test and replayed in later ones. */
  let captured: Buffer | undefined;
  const v3get = (to: string, ...args: string[]) =>
    tool("snmpget", [...V3_USER, `--clientaddr=${MANAGER}`, "-t", "1", "-r", "1", ...args, to, SYS_NAME]);
  const read = async (...oids: string[]): Promise<number[]> => {
    const r = await tool("snmpget", [
      "-v2c",
      "-c",
      COMMUNITY,
      "-t",
      "1",
      "-r",
      "0",
      "-Oqv",
      `${AGENT}:${port}`,
      ...oids,
    ]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim().split("\n").map(Number);
  };
  const send = (packet: Buffer, waitMs?: number) => exchange(manager!, AGENT, port, packet, waitMs);
  /** The agent's snmpEngineBoots and snmpEngineTime, from the report to a discovery request (RFC 3414 §4). */
  const discover = async (): Promise<V3Header> => {
    const probe = v3Message({ msgMaxSize: 65_507, engineId: Buffer.alloc(0), user: "", body: pdu(PDU.get, 70, []) });
    return readV3Header((await send(probe))!);
  };
  /** Until the agent answers with snmpEngineBoots `boots` (a reset or a restart of the node is under way). */
  const agentAt = (boots: number) =>
    waitFor(async () => (await read(ENGINE_BOOTS).catch(() => [0]))[0] === boots, 20_000, `snmpEngineBoots ${boots}`);
  /** The real snmpget -v3 authPriv reads sysName.0, through `to` (the agent, or a relay in front of it). */
  const getName = async (to = `${AGENT}:${port}`, ...args: string[]) => {
    const r = await v3get(to, ...args);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /"snmp-replay"/);
  };

  before(async () => {
    port = await freeUdpPort(AGENT);
    manager = createSocket("udp4");
    await new Promise<void>((resolve) => manager!.bind(0, MANAGER, () => resolve()));
    const v3 = `{ user: ${USER}, authProtocol: SHA, authPassword: ${AUTH_PASSWORD}, privProtocol: AES, privPassword: ${PRIV_PASSWORD} }`;
    const snmp = ["  enabled: true", `  port: ${port}`, `  community: ${COMMUNITY}`, `  v3: ${v3}`, ""].join("\n");
    await nodes.start("replay", nodeYaml("snmp-replay", AGENT, MAC, snmp));
  });
  after(async () => {
    manager?.close();
    await nodes.close();
  });

  test("the snmpEngine group is served, and discovery reports carry the agent's boots and time (RFC 3411, 3414 §4)", async () => {
    const r = await tool("snmpget", ["-v2c", "-c", COMMUNITY, "-Oqv", `${AGENT}:${port}`, ENGINE_ID]);
    assert.equal(r.stdout.replace(/[\s"]/g, "").toLowerCase(), engineIdHex(MAC));
    const [boots, time, maxSize] = await read(ENGINE_BOOTS, ENGINE_TIME, ENGINE_MAX_SIZE);
    assert.deepEqual([boots, maxSize], [1, 65_507], "the first start of a new flash");
    assert.ok(time! >= 0 && time! < 60, `snmpEngineTime ${time}`);
    const report = await discover();
    assert.equal(report.engineId, engineIdHex(MAC));
    assert.equal(report.engineBoots, 1);
    assert.ok(Math.abs(report.engineTime - time!) <= 2, `${report.engineTime} against ${time}`);
  });

  test("snmpget -v3 authPriv works; its captured Get, replayed after the reset, gets notInTimeWindow, not data", async () => {
    const r = await relay(MANAGER, AGENT, port);
    try {
      await getName(`${MANAGER}:${r.port}`);
    } finally {
      r.close();
    }
    captured = r.sent.filter((b) => (readV3Header(b).msgFlags & 1) === 1).at(-1);
    assert.ok(captured !== undefined, `${r.sent.length} datagrams, none authenticated`);
    // Within the Time Window RFC 3414 accepts the replay: the answer is an encrypted response, as the first one was.
    const again = readV3Header((await send(captured))!);
    assert.deepEqual([again.msgFlags, again.engineBoots], [AUTH_PRIV, 1]);
    const [windows0] = await read(NOT_IN_TIME_WINDOWS);
    assert.equal((await api(AGENT, "POST", "/api/reset?mode=immediate")).status, 200);
    await agentAt(2);
    const answer = (await send(captured))!;
    assert.deepEqual(readV3Pdu(answer), { type: REPORT, firstOid: `${USM_STATS}.2.0` });
    // The report is authenticated as the request's user (§3.2 step 7a) and carries the new boots for the manager.
    const header = readV3Header(answer);
    assert.deepEqual([header.msgFlags, header.user, header.engineBoots], [AUTH_NO_PRIV, USER, 2]);
    assert.equal((await read(NOT_IN_TIME_WINDOWS))[0], windows0! + 1);
    await getName();
  });

  test("a request more than 150 s from the agent's time, or of another boot, is refused and counted", async () => {
    const { engineBoots: boots, engineTime: time } = await discover();
    const [windows0, digests0] = await read(NOT_IN_TIME_WINDOWS, WRONG_DIGESTS);
    const get = (b: number, t: number, reportable = true) =>
      send(v3AuthPrivMessage({ keys, boots: b, time: t, body: pdu(PDU.get, 80, [SYS_NAME]), reportable }), 500);
    // Within 150 s either way it is answered: the hand-built message is authentic, only its time is at stake.
    for (const t of [time + 140, Math.max(0, time - 140)])
      assert.equal(readV3Header((await get(boots, t))!).msgFlags, AUTH_PRIV, `time ${t} against ${time}`);
    for (const [b, t] of [
      [boots, time + 160],
      [boots, time + 100_000],
      [boots + 1, time],
      [boots - 1, time],
      [2_147_483_647, time],
    ] as const) {
      const answer = await get(b, t);
      assert.deepEqual(readV3Pdu(answer!), { type: REPORT, firstOid: `${USM_STATS}.2.0` }, `boots ${b} time ${t}`);
    }
    // Without the reportable flag: no answer, still counted.
    assert.equal(await get(boots, time + 160, false), undefined);
    const [windows1, digests1] = await read(NOT_IN_TIME_WINDOWS, WRONG_DIGESTS);
    assert.deepEqual([windows1! - windows0!, digests1! - digests0!], [6, 0]);
  });

  test("Net-SNMP resynchronises: snmpget with a stale engine boots and time gets the report, then its answer", async () => {
    const [windows0] = await read(NOT_IN_TIME_WINDOWS);
    // -e and -Z skip discovery and make snmpget send boots 1, time 9 first: the agent is at boots 2.
    await getName(`${AGENT}:${port}`, "-e", `0x${engineIdHex(MAC)}`, "-Z", "1,9");
    assert.equal((await read(NOT_IN_TIME_WINDOWS))[0], windows0! + 1);
  });

  test("snmpEngineBoots survives a restart of the node process (flash): the old capture is still refused", async () => {
    const [boots] = await read(ENGINE_BOOTS);
    await nodes.kill("replay");
    await nodes.start("replay");
    await agentAt(boots! + 1);
    assert.equal((await discover()).engineBoots, boots! + 1);
    assert.deepEqual(readV3Pdu((await send(captured!))!), { type: REPORT, firstOid: `${USM_STATS}.2.0` });
    await getName();
  });
});
