/**
 * `ipdect ctl upgrade` on a real-node site (§4.15.2): a PARI Master, its Standby and 20 radios as OS processes, the
 * image on Debian's nginx. Every device ends on the new version; while the upgrade runs, every radio is registered to
 * a Master except the one being reset, and when the Master itself resets, its radios are on the Standby within the
 * failover budget.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEFAULT_FAILOVER_BUDGET_MS } from "../../src/role/redundancy.js";
import { buildImage } from "../../src/update/image.js";
import { runIpdectAsync } from "../helpers/cli.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { HTTP_PORT, NodeProcesses, status, waitFor, type StatusView } from "../helpers/nodes.js";
import { startUpdateServer, type UpdateServer } from "../helpers/updateServer.js";

const RADIOS = 20;
/** HTTP polling (200 ms) and scheduling on a 2-core machine, over the failover budget. */
const SLACK_MS = 1_000;

type Status = StatusView & { firmware?: { version: string }; radio?: { state: string } };

describe("ctl upgrade: a real-node site of Master, Standby and 20 radios (§4.15.2)", () => {
  const ip = loopbackBlock();
  const [MASTER, STANDBY, SERVER] = [ip(1), ip(2), ip(9)];
  const radioIp = (i: number) => ip(10 + i);
  const nodes = new NodeProcesses();
  let www: UpdateServer;

  before(async () => {
    www = await startUpdateServer({ ip: SERVER });
    for (const product of ["IPBS2", "IPVM"] as const)
      www.put(
        `firm/${product.toLowerCase()}.bin`,
        buildImage({ product, version: "0.9.0", serial: "0.9.0" }, new TextEncoder().encode("ipdect 0.9.0")),
      );
    await nodes.start(
      "master",
      `{ name: master, kind: IPVM, mac: "00:90:33:22:00:01", ip: ${MASTER}, master: { mode: active, id: 1 }, pari: {} }\n`,
    );
    await nodes.start(
      "standby",
      `{ name: standby, kind: IPVM, mac: "00:90:33:22:00:02", ip: ${STANDBY}, master: { mode: standby, id: 1, primary: ${MASTER} }, pari: {} }\n`,
    );
    const radios = ["devices:"];
    for (let i = 1; i <= RADIOS; i++)
      radios.push(
        `  - { name: radio-${i}, kind: IPBS, mac: "00:90:33:22:01:${i.toString(16).padStart(2, "0")}", ip: ${radioIp(i)}, radio: { master: ${MASTER}, alternateMaster: ${STANDBY}, pariMaster: ${MASTER}, altPariMaster: ${STANDBY} } }`,
      );
    await nodes.start("radios", radios.join("\n") + "\n");
    await waitFor(
      async () =>
        (await Promise.all(Array.from({ length: RADIOS }, (_, i) => status(radioIp(i + 1))))).every(
          (s) => (s as Status | undefined)?.radio?.state === "running.registered",
        ),
      30_000,
      "every radio registered",
    );
  });
  after(async () => {
    await nodes.close();
    await www?.close();
  });

  test("every device ends on 0.9.0; radios stay registered but the one resetting; the Master's reset within the failover budget", async () => {
    const samples: { t: number; down: number[] }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const all = await Promise.all(Array.from({ length: RADIOS }, (_, i) => status(radioIp(i + 1))));
        const down = all.flatMap((s, i) =>
          (s as Status | undefined)?.radio?.state === "running.registered" ? [] : [i + 1],
        );
        samples.push({ t: Date.now(), down });
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const run = await runIpdectAsync([
      "ctl",
      "upgrade",
      "--site",
      `${MASTER}:${HTTP_PORT}`,
      "--standby",
      STANDBY,
      "--image",
      `${www.http}/firm/`,
      "--serial",
      "0.9.0",
      "--wave",
      "1",
      "--allow-gaps",
    ]);
    sampling = false;
    await sampler;
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /step 1\/22 radios/);
    assert.match(run.stdout, /standby-master: standby/);
    assert.match(run.stdout, /master: master/);
    for (const a of [MASTER, STANDBY, ...Array.from({ length: RADIOS }, (_, i) => radioIp(i + 1))])
      assert.equal(((await status(a)) as Status | undefined)?.firmware?.version, "0.9.0", a);
    // Radios out of service: one at a time while the radios' waves run; all of them only during the Master's reset,
    // and then for no longer than the failover budget.
    const many = samples.filter((s) => s.down.length > 1);
    if (many.length > 0) {
      const span = many.at(-1)!.t - many[0]!.t;
      assert.ok(span <= DEFAULT_FAILOVER_BUDGET_MS + SLACK_MS, `radios out for ${span} ms: ${JSON.stringify(many)}`);
    }
  });
});
