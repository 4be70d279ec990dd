/**
 * Informs of a real `ipdect node` (issue 17: "informs retried as the RFCs say"): RFC 3413 §3.3 with the timeout and
 * retry count of SNMP-TARGET-MIB (snmpTargetAddrTimeout, snmpTargetAddrRetryCount), set short per destination here.
 * A manager that never answers gets the inform 1 + retries times, a timeout apart, always the same message with the
 * same request-id, and the loss is logged; snmptrapd answers it, and it is not sent again.
 */
import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { after, before, describe, test } from "node:test";
import { freeUdpPort, removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { Snmptrapd } from "../helpers/snmptrapd.js";
import { NodeProcesses, waitFor } from "../helpers/nodes.js";
import { nodeYaml, PDU, readCommunityPdu } from "../helpers/snmp.js";

const COMMUNITY = "monitor-ro";
const COLD_START = ".1.3.6.1.6.3.1.1.5.1";
const TIMEOUT_MS = 400;
const RETRIES = 2;

describe("real node: informs are sent again until answered (RFC 3413 §3.3, SNMP-TARGET-MIB)", () => {
  const ip = loopbackBlock();
  const NODE = ip(1);
  const TRAPD = ip(3);
  const SILENT = ip(5);
  const nodes = new NodeProcesses();
  let dir = "";
  let trapd: Snmptrapd | undefined;
  let silent: Socket | undefined;
  let silentPort = 0;
  const arrivals: { at: number; bytes: Buffer }[] = [];

  before(async () => {
    dir = tempDir("ipdect-inform-");
    silentPort = await freeUdpPort(SILENT);
    const nodePort = await freeUdpPort(NODE);
    trapd = await Snmptrapd.start(TRAPD, dir);
    // A manager that reads every inform and answers none.
    silent = createSocket("udp4");
    silent.on("message", (bytes) => arrivals.push({ at: performance.now(), bytes }));
    await new Promise<void>((resolve) => silent!.bind(silentPort, SILENT, () => resolve()));
    const inform = (address: string, retries: number) =>
      `    - { address: "${address}", version: v2c-inform, timeoutMs: ${TIMEOUT_MS}, retries: ${retries} }`;
    await nodes.start(
      "informer",
      nodeYaml(
        "snmp-informer",
        NODE,
        "00:90:33:20:00:41",
        [
          "  enabled: true",
          `  port: ${nodePort}`,
          `  community: ${COMMUNITY}`,
          "  trapDestinations:",
          inform(trapd.address, 3),
          inform(`${SILENT}:${silentPort}`, RETRIES),
          "",
        ].join("\n"),
      ),
    );
  });
  after(async () => {
    silent?.close();
    await nodes.close();
    await trapd?.stop();
    removeTempDir(dir);
  });

  test(`unanswered, the coldStart inform arrives 1 + ${RETRIES} times, ${TIMEOUT_MS} ms apart, with one request-id`, async () => {
    await waitFor(async () => arrivals.length >= 1 + RETRIES, 10_000, "the inform and its retransmissions");
    // Past the last timeout, and one more: nothing further comes.
    await new Promise((r) => setTimeout(r, 2 * TIMEOUT_MS));
    assert.equal(arrivals.length, 1 + RETRIES);
    const pdus = arrivals.map((a) => readCommunityPdu(a.bytes));
    for (const p of pdus) assert.equal(p.type, PDU.inform);
    assert.equal(new Set(pdus.map((p) => p.requestId)).size, 1, "one request-id");
    for (const a of arrivals) assert.deepEqual(a.bytes, arrivals[0]!.bytes, "the same message each time");
    for (let i = 1; i < arrivals.length; i++) {
      const gap = arrivals[i]!.at - arrivals[i - 1]!.at;
      assert.ok(gap >= TIMEOUT_MS - 50 && gap < TIMEOUT_MS + 600, `retransmission ${i} after ${Math.round(gap)} ms`);
    }
  });

  test("when the last one goes unanswered too, the loss is logged with the destination and the attempts", async () => {
    const log = () => nodes.output.get("informer") ?? "";
    await waitFor(async () => log().includes("snmp notification not delivered"), 5000, "the warning");
    const lines = log()
      .split("\n")
      .filter((l) => l.includes("snmp notification not delivered"));
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(lines[0]!, new RegExp(`${SILENT.replaceAll(".", "\\.")}:${silentPort}`));
    assert.match(lines[0]!, new RegExp(`attempts"?[:=] ?${1 + RETRIES}\\b`));
  });

  test("snmptrapd answers the inform: it arrives once and is not sent again", async () => {
    await waitFor(async () => trapd!.received(COLD_START).length > 0, 10_000, "the coldStart inform at snmptrapd");
    // Longer than all four attempts would take: a retransmission would show as a second notification.
    await new Promise((r) => setTimeout(r, 4 * TIMEOUT_MS));
    assert.deepEqual(
      trapd!
        .received()
        .map(
          (l) =>
            l.startsWith(`TRAP INFORM, SNMP v2c, community `) &&
            l.includes(`from UDP: [${NODE}]`) &&
            l.includes(`OID: ${COLD_START}`),
        ),
      [true],
      "one notification from the node, the coldStart inform",
    );
    const lost = (nodes.output.get("informer") ?? "").split("\n").filter((l) => l.includes("not delivered"));
    assert.ok(
      lost.every((l) => !l.includes(TRAPD)),
      lost.join("\n"),
    );
  });
});
