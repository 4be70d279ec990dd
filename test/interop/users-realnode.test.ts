import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { after, describe, test } from "node:test";
import { Ipei } from "../../src/core/identity/Ipei.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, NodeProcesses, waitFor } from "../helpers/nodes.js";
import { digest, measureReplication, quantile } from "../helpers/replication.js";

const BIN = fileURLToPath(new URL("../../../bin/ipdect.js", import.meta.url));

describe("real nodes: users and handsets (§3.14, §4.5.3.1)", () => {
  const ip = loopbackBlock();
  const MASTER = ip(1);
  const STANDBY = ip(2);
  const nodes = new NodeProcesses();
  after(() => nodes.close());
  const masterYaml = `{ name: master, kind: IPBS, mac: "00:90:33:07:00:01", ip: ${MASTER}, master: { mode: active, id: 1 }, radio: { master: ${MASTER} } }\n`;
  const standbyYaml = `{ name: standby, kind: IPVM, mac: "00:90:33:07:00:02", ip: ${STANDBY}, master: { mode: standby, id: 1, primary: ${MASTER} } }\n`;

  test("Standby copy: 4000 users in under 5 s; p99 of 1000 changes under 1 s; equal entry by entry after the Master is killed mid-stream and restarted", async () => {
    const run = await measureReplication(
      nodes,
      { ip: MASTER, name: "master", yaml: masterYaml },
      { ip: STANDBY, name: "standby", yaml: standbyYaml },
      4000,
      1000,
    );
    console.log(
      `initial copy of 4000 users ${run.copyMs} ms; change visible on the Standby p50 ${quantile(run.changeMs, 0.5).toFixed(1)} ms, p99 ${quantile(run.changeMs, 0.99).toFixed(1)} ms`,
    );
    assert.ok(run.copyMs < 5000, `initial copy took ${run.copyMs} ms`);
    assert.deepEqual((await digest(STANDBY))!.entries, (await digest(MASTER))!.entries);
    assert.ok(quantile(run.changeMs, 0.99) < 1000, `p99 ${quantile(run.changeMs, 0.99)} ms`);

    // Mid-stream: a burst of changes in flight when the Master dies.
    const burst = Array.from({ length: 200 }, (_, i) =>
      api(MASTER, "PATCH", `/api/users/${11000 + i}`, JSON.stringify({ name: `burst${i}` })).catch(() => undefined),
    );
    await new Promise((res) => setTimeout(res, 20));
    await nodes.kill("master");
    await Promise.all(burst);
    await nodes.start("master");
    await waitFor(
      async () => {
        const [m, s] = [await digest(MASTER), await digest(STANDBY)];
        return (
          m !== undefined &&
          s !== undefined &&
          m.usn === s.usn &&
          JSON.stringify(m.entries) === JSON.stringify(s.entries)
        );
      },
      15_000,
      "the Standby equal to the restarted Master, entry by entry",
    );
  });

  test("ipdect handset against a real radio: subscribe with the system AC, located; self-assign and logout", async () => {
    const ac = (await api(MASTER, "PUT", "/api/dect/system", JSON.stringify({ subscription: "system-ac" }))).json as {
      systemAc: string;
    };
    const ipei = Ipei.create(0x4d, 777).toString();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, "handset", "--radio", MASTER, "--ipei", ipei, "--bind", ip(50), ...args], {
        encoding: "utf8",
        timeout: 20_000,
      });
    const sub = run("subscribe", ac.systemAc);
    assert.equal(sub.status, 0, sub.stdout + sub.stderr);
    const lines = sub.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { accepted: boolean; subs: string });
    assert.deepEqual(
      lines.map((l) => l.accepted),
      [true],
      "subscribed (and located: a subscribed handset registers its location at once)",
    );
    const handsets = (await api(MASTER, "GET", "/api/handsets")).json as { ipei: string; radio?: string }[];
    assert.equal(handsets.find((h) => h.ipei === ipei)?.radio, "master");
    const users = (await api(MASTER, "GET", "/api/users")).json as { number: string; authCode: string }[];
    const u = users.find((x) => x.number === "10005")!;
    const assign = run("--key", lines[0]!.subs, "dial", `*1*10005*${u.authCode}#`, "dial", `#11*${u.authCode}#`);
    assert.equal(assign.status, 0, assign.stdout + assign.stderr);
    const wrong = run("--key", lines[0]!.subs, "dial", "*1*10005*99999999#");
    assert.equal(wrong.status, 1);
    assert.match(wrong.stdout, /wrong AC/);
  });

  test("§3.14.2 with two ipdect handset runs: refused while subscription is not allowed; after allow subscription, the next run subscribes", async () => {
    await api(MASTER, "PUT", "/api/dect/system", JSON.stringify({ subscription: "user-ac" }));
    const ipei = Ipei.create(0x4d, 778).toString();
    const number = "31402";
    // Steps 3-6: the administrator enters the user with the handset's IPEI and an AC.
    const added = await api(
      MASTER,
      "POST",
      "/api/users",
      JSON.stringify({ longName: "Individual 31402", number, ipei, authCode: "4242" }),
    );
    assert.equal(added.status, 201, JSON.stringify(added.json));
    const subscribe = () =>
      spawnSync(
        process.execPath,
        [BIN, "handset", "--radio", MASTER, "--ipei", ipei, "--bind", ip(51), "subscribe", "4242"],
        { encoding: "utf8", timeout: 20_000 },
      );
    const first = subscribe();
    assert.equal(first.status, 1, first.stdout + first.stderr);
    assert.match(first.stdout, /not allowed now/);
    // Step 7: "allow subscription within 2 minutes"; step 8: the handset subscribes with the user's AC.
    await api(MASTER, "POST", `/api/users/${number}/allow-subscription`);
    const second = subscribe();
    assert.equal(second.status, 0, second.stdout + second.stderr);
    const answer = JSON.parse(second.stdout.trim().split("\n")[0]!) as { accepted: boolean; number: string };
    assert.deepEqual([answer.accepted, answer.number], [true, number]);
  });
});
