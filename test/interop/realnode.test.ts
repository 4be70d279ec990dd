import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { DEFAULT_FAILOVER_BUDGET_MS } from "../../src/role/redundancy.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, NodeProcesses, radiosYaml, registered, status, waitFor } from "../helpers/nodes.js";

const RADIOS = 10;
/** Wall-clock slack over the documented budget for HTTP polling (50 ms) and process scheduling on a 2-core machine. */
const SLACK_MS = 1_000;

describe("real nodes: Master, Standby and radios as three OS processes (manual 003 §3.9, §3.10)", () => {
  const ip = loopbackBlock();
  const MASTER = ip(1);
  const STANDBY = ip(2);
  const nodes = new NodeProcesses();
  after(() => nodes.close());

  test("SIGKILL of the Master: the Standby is active with every radio within the failover budget; control returns on restart", async () => {
    await nodes.start(
      "master",
      `{ name: master, kind: IPVM, mac: "00:90:33:06:00:01", ip: ${MASTER}, master: { mode: active, id: 1 } }\n`,
    );
    await nodes.start(
      "standby",
      `{ name: standby, kind: IPVM, mac: "00:90:33:06:00:02", ip: ${STANDBY}, master: { mode: standby, id: 1, primary: ${MASTER} } }\n`,
    );
    await nodes.start(
      "radios",
      radiosYaml(RADIOS, (i) => ip(10 + i), MASTER, STANDBY),
    );
    await waitFor(async () => registered(await status(MASTER)) === RADIOS, 15_000, "all radios on the Master");
    // ...and every radio has the Master's answer: the budget is for registered radios. One killed before its answer
    // arrives cannot bound the Master's lease by a grant and waits a lease plus the margin after it gives up (about 5 s,
    // docs/design.md "Registrations are leases" (b)); killing the Master the moment its status shows the last radio
    // made that race (one run in eleven).
    await waitFor(
      async () =>
        (await Promise.all(Array.from({ length: RADIOS }, (_, i) => status(ip(11 + i))))).every(
          (r) => r?.radio?.state === "running.registered",
        ),
      5_000,
      "every radio registered as it sees it",
    );

    await nodes.kill("master");
    const failover = await waitFor(
      async () => {
        const s = await status(STANDBY);
        return s?.master?.state === "standby.active" && registered(s) === RADIOS;
      },
      DEFAULT_FAILOVER_BUDGET_MS + SLACK_MS,
      "Standby active with every radio",
    );
    const s = await status(STANDBY);
    assert.ok(
      s?.alarms.some((a) => a.code === "0x00030201"),
      "alarm 0x00030201 raised",
    );
    console.log(`real-node failover: ${failover} ms`);

    await nodes.start("master");
    await waitFor(
      async () => {
        const [m, sb] = [await status(MASTER), await status(STANDBY)];
        return (
          registered(m) === RADIOS &&
          sb?.master?.state === "standby.watching" &&
          registered(sb) === 0 &&
          sb.alarms.length === 0
        );
      },
      10_000,
      "control back on the Master",
    );
  });
});

describe("real nodes: Mirror pair commands through the HTTP API (manual 003 §4.6.19)", () => {
  const ip = loopbackBlock();
  const A = ip(1);
  const B = ip(2);
  const nodes = new NodeProcesses();
  after(() => nodes.close());

  test("'Activate mirror' overwrites the peer's data; 'Switch active mirror' swaps the active side", async () => {
    await nodes.start(
      "a",
      `{ name: mirror-a, kind: IPVM, mac: "00:90:33:07:00:01", ip: ${A}, ntp: 127.0.0.123, master: { mode: mirror, id: 1, mirrorPeer: ${B} } }\n`,
    );
    await nodes.start(
      "b",
      `{ name: mirror-b, kind: IPVM, mac: "00:90:33:07:00:02", ip: ${B}, ntp: 127.0.0.123, master: { mode: mirror, id: 1, mirrorPeer: ${A} } }\n`,
    );
    await nodes.start(
      "radios",
      radiosYaml(5, (i) => ip(10 + i), A, B),
    );
    assert.equal((await api(A, "PUT", "/api/master/data/1950", "Alice")).status, 200);
    assert.equal((await api(B, "PUT", "/api/master/data/1951", "Bob")).status, 200);

    assert.equal((await api(A, "POST", "/api/master/activate-mirror")).status, 202);
    await waitFor(async () => registered(await status(A)) === 5, 15_000, "mirror A active with the radios");
    await waitFor(
      async () => JSON.stringify((await status(B))?.data?.items) === JSON.stringify({ "1950": "Alice" }),
      5_000,
      "B holds A's data",
    );
    assert.equal((await status(B))?.master?.state, "mirror.inactive");

    assert.equal((await api(A, "POST", "/api/master/switch-mirror")).status, 202);
    await waitFor(
      async () => (await status(B))?.master?.state === "mirror.active" && registered(await status(B)) === 5,
      10_000,
      "B active with the radios",
    );
    assert.equal((await status(A))?.master?.state, "mirror.inactive");
  });
});
