import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, describe, test } from "node:test";
import type { PariOverview } from "../../src/pari/overview.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { HTTP_PORT, NodeProcesses, pariOverview as overview, waitFor } from "../helpers/nodes.js";

const BIN = fileURLToPath(new URL("../../../bin/ipdect.js", import.meta.url));

const rfpiByMac = (o: PariOverview | undefined) =>
  Object.fromEntries((o?.radios ?? []).map((r) => [r.mac, r.rfpis.join()]));

describe("real nodes: PARI Master, Standby PARI Master and radios as OS processes (§4.6.21, §3.11)", () => {
  const ip = loopbackBlock();
  const PARI = ip(1);
  const STANDBY = ip(2);
  // A multicast group of this test's own, so concurrent test files do not hear each other's radios.
  const [, x, y] = ip(0).split(".");
  const GROUP = `239.${x}.${y}.19`;
  const nodes = new NodeProcesses();
  after(() => nodes.close());
  const mac = (n: number) => `00:90:33:0c:00:${n.toString(16).padStart(2, "0")}`;
  const radios =
    "devices:\n" +
    [1, 2, 3]
      .map(
        (n) =>
          `  - { name: r${n}, kind: IPBS, mac: "${mac(n)}", ip: ${ip(10 + n)}, radio: { pariMaster: ${PARI}, altPariMaster: ${STANDBY} } }`,
      )
      .join("\n") +
    `\n  - { name: fresh, kind: IPBS, mac: "${mac(9)}", ip: ${ip(19)}, discoveryGroup: ${GROUP}, radio: {} }\n`;

  test("RFPIs stay with the MACs across radio and PARI Master restarts and failover; plug and play over multicast", async () => {
    await nodes.start(
      "pari",
      `{ name: pari, kind: IPBS, mac: "00:90:33:0c:01:01", ip: ${PARI}, discoveryGroup: ${GROUP}, master: { mode: active }, pari: { systemId: 20 } }\n`,
    );
    await nodes.start(
      "standby",
      `{ name: standby, kind: IPBS, mac: "00:90:33:0c:01:02", ip: ${STANDBY}, discoveryGroup: ${GROUP}, master: { mode: standby, primary: ${PARI} }, pari: {} }\n`,
    );
    await nodes.start("radios", radios);
    await waitFor(
      async () => {
        const [p, s] = [await overview(PARI), await overview(STANDBY)];
        return p?.radios.length === 3 && p.uninitialized.length === 1 && s?.uninitialized.length === 1;
      },
      15_000,
      "3 radios assigned and the unconfigured one uninitialized on both PARI Masters",
    );
    const first = rfpiByMac(await overview(PARI));
    assert.equal(new Set(Object.values(first)).size, 3);
    assert.equal((await overview(STANDBY))?.uninitialized[0]?.mac, mac(9));

    // The radios' process restarts: same RFPIs.
    await nodes.kill("radios");
    await nodes.start("radios");
    await waitFor(async () => (await overview(PARI))?.radios.length === 3, 15_000, "radios back");
    assert.deepEqual(rfpiByMac(await overview(PARI)), first);

    // The PARI Master loses power: the Standby PARI Master serves the same RFPIs.
    await nodes.kill("pari");
    await waitFor(
      async () => {
        const s = await overview(STANDBY);
        return s?.active === true && s.radios.length === 3;
      },
      20_000,
      "Standby PARI Master active with every radio",
    );
    assert.deepEqual(rfpiByMac(await overview(STANDBY)), first);
    assert.equal((await overview(STANDBY))?.systemId, 20);

    // It comes back from its flash: same System ID, same RFPIs.
    await nodes.start("pari");
    await waitFor(
      async () => {
        const p = await overview(PARI);
        return p?.active === true && p.radios.length === 3;
      },
      20_000,
      "PARI Master active again",
    );
    assert.deepEqual(rfpiByMac(await overview(PARI)), first);

    // Plug and play: the administrator adds the unconfigured radio with the CLI.
    const ctl = (...args: string[]) =>
      promisify(execFile)(process.execPath, [BIN, "ctl", ...args, "--node", `${PARI}:${HTTP_PORT}`]);
    await waitFor(async () => (await overview(PARI))?.uninitialized.length === 1, 15_000, "fresh announcing");
    await ctl("radio-add", mac(9), "--name", "Lobby", "--standby", STANDBY, "--region", "2");
    await waitFor(
      async () => (await overview(PARI))?.radios.some((r) => r.mac === mac(9) && r.deviceName === "Lobby") === true,
      20_000,
      "the added radio connected to the PARI Master",
    );
    const { stdout } = await ctl("radios");
    assert.match(stdout, /System ID 20, PARI B-0A5E-13-0/);
    assert.match(stdout, /ipbs-0c-00-09\s+10A5E13\w{3}\s+127\.\d+\.\d+\.19\s+-\s+2\s+Lobby\s+ipdect/);
    assert.doesNotMatch(stdout, /Uninitialized/);
  });
});
