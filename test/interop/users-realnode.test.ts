import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { after, describe, test } from "node:test";
import { Ipei } from "../../src/core/identity/Ipei.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, NodeProcesses, waitFor } from "../helpers/nodes.js";

const BIN = fileURLToPath(new URL("../../../bin/ipdect.js", import.meta.url));

interface Digest {
  epoch: string;
  usn: number;
  users: number;
  entries: { key: string; usn: number; digest: string }[];
  replicator?: { state: string; remote: string };
}

async function digest(ip: string, entries = true): Promise<Digest | undefined> {
  try {
    const r = await api(ip, "GET", `/api/directory${entries ? "" : "?entries=0"}`);
    return r.status === 200 ? (r.json as Digest) : undefined;
  } catch {
    return undefined;
  }
}

const csv = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `User ${from + i};u${from + i};${from + i};;;;;;`).join("\n") + "\n";

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * q) - 1]!;
const p99 = (xs: number[]) => quantile(xs, 0.99);

describe("real nodes: users and handsets (§3.14, §4.5.3.1)", () => {
  const ip = loopbackBlock();
  const MASTER = ip(1);
  const STANDBY = ip(2);
  const nodes = new NodeProcesses();
  after(() => nodes.close());
  const masterYaml = `{ name: master, kind: IPBS, mac: "00:90:33:07:00:01", ip: ${MASTER}, master: { mode: active, id: 1 }, radio: { master: ${MASTER} } }\n`;
  const standbyYaml = `{ name: standby, kind: IPVM, mac: "00:90:33:07:00:02", ip: ${STANDBY}, master: { mode: standby, id: 1, primary: ${MASTER} } }\n`;

  test("Standby copy: 4000 users in under 5 s; p99 of 1000 changes under 1 s; equal entry by entry after the Master is killed mid-stream and restarted", async () => {
    await nodes.start("master", masterYaml);
    for (let i = 0; i < 4; i++) {
      const r = await api(MASTER, "POST", "/api/users/import", csv(10000 + i * 1000, 1000));
      assert.equal(r.status, 200, JSON.stringify(r.json));
    }
    const want = (await digest(MASTER, false))!;
    assert.equal(want.users, 4000);

    const started = Date.now();
    await nodes.start("standby", standbyYaml);
    const copyMs =
      Date.now() -
      started +
      (await waitFor(async () => (await digest(STANDBY, false))?.usn === want.usn, 10_000, "the Standby's copy"));
    console.log(`initial replication of 4000 users: ${copyMs} ms (from starting the Standby process)`);
    assert.ok(copyMs < 5000, `initial copy took ${copyMs} ms`);
    assert.deepEqual((await digest(STANDBY))!.entries, (await digest(MASTER))!.entries);

    const latencies: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now();
      const r = await api(MASTER, "PATCH", `/api/users/${10000 + (i % 4000)}`, JSON.stringify({ name: `n${i}` }));
      assert.equal(r.status, 200);
      const usn = (await digest(MASTER, false))!.usn;
      while (((await digest(STANDBY, false))?.usn ?? 0) < usn) await new Promise((res) => setTimeout(res, 2));
      latencies.push(performance.now() - t0);
    }
    console.log(
      `change visible on the Standby: p50 ${quantile(latencies, 0.5).toFixed(1)}, p99 ${p99(latencies).toFixed(1)} ms`,
    );
    assert.ok(p99(latencies) < 1000, `p99 ${p99(latencies)} ms`);

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
});
