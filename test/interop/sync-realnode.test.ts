import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { after, describe, test } from "node:test";
import { syncFleetDevices, syncFleetYaml, type SyncRadioSpec } from "../../sim/generators/sync.js";
import type { SyncNodeView, SyncOverview } from "../../src/sync/overview.js";
import type { RadioSyncStatus } from "../../src/sync/RadioSync.js";
import { decodeFrame, encodeFrame } from "../../src/wire/frame.js";
import { PORTS } from "../../src/wire/ports.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, HTTP_PORT, NodeProcesses, waitFor } from "../helpers/nodes.js";

interface SyncStatusView {
  radio?: { sync?: RadioSyncStatus };
  sync?: SyncOverview;
}

async function syncStatus(ip: string): Promise<SyncStatusView | undefined> {
  try {
    const r = await api(ip, "GET", "/api/status");
    return r.status === 200 ? (r.json as SyncStatusView) : undefined;
  } catch {
    return undefined;
  }
}

describe("real nodes in one air through ipdect air: air sync across OS processes (§4.6.36, §4.12)", () => {
  const ip = loopbackBlock();
  const PARI = ip(1);
  const AIR = { ip: ip(250), port: PORTS.AIR };
  const air = `${AIR.ip}:${AIR.port}`;
  const nodes = new NodeProcesses();
  after(() => nodes.close());

  // On a line 40 m apart without shadowing (40 m ≈ -70 dBm, 160 m unusable): two sync master candidates side by
  // side, each in a process of its own with two slaves, so killing either process leaves a connected line.
  const radios: SyncRadioSpec[] = [
    { name: "s0", x: 0, y: 0 },
    { name: "m1", x: 40, y: 0, syncMode: "master" },
    { name: "m2", x: 80, y: 0, syncMode: "master" },
    { name: "s1", x: 120, y: 0 },
    { name: "s2", x: 160, y: 0 },
    { name: "s3", x: 200, y: 0 },
    // In the fleet file (so in the air) but run by no process: the test publishes as it.
    { name: "spare", x: 100, y: 20 },
  ];
  const processes: Record<string, readonly string[]> = {
    "radios-1": ["m1", "s0", "s2"],
    "radios-2": ["m2", "s1", "s3"],
  };
  const running = Object.values(processes).flat();
  const spec = {
    name: "sync-realnode",
    systemId: 3,
    radios,
    air: { shadowingDb: 0 },
    ip: (n: number) => ip(n === 0 ? 1 : 10 + n),
  };
  const devices = syncFleetDevices(spec);
  const ipOf = (name: string) => String(devices.find((d) => d["name"] === name)!["ip"]);
  const configOf = (names: readonly string[]) =>
    "devices:\n" +
    devices
      .filter((d) => names.includes(String(d["name"])))
      .map((d) => `  - ${JSON.stringify(d)}\n`)
      .join("");

  const syncNodes = async (): Promise<SyncNodeView[]> =>
    (await syncStatus(PARI))?.sync?.regions.flatMap((r) => r.nodes) ?? [];
  const radioSync = async (name: string) => (await syncStatus(ipOf(name)))?.radio?.sync;

  test("every radio synchronizes over the air service; after a SIGKILL of the sync master's process the other candidate leads within 60 s", async (t) => {
    await nodes.startAir("air", syncFleetYaml(spec), air);
    await nodes.start("pari", configOf(["pari"]), ["--air", air]);
    for (const [name, members] of Object.entries(processes)) await nodes.start(name, configOf(members), ["--air", air]);

    const synced = await waitFor(
      async () => {
        const n = await syncNodes();
        return n.length === running.length && n.every((x) => x.state === "synchronized");
      },
      120_000,
      "every radio synchronized in the PARI Master's Air Sync Overview",
    );
    t.diagnostic(`all ${running.length} radios synchronized ${synced} ms after the processes started`);
    const tree = await syncNodes();
    const active = tree.find((n) => n.role === "active-master")?.name;
    assert.ok(active === "m1" || active === "m2", `active sync master ${active}`);
    const standby = active === "m1" ? "m2" : "m1";
    assert.equal(tree.find((n) => n.name === standby)?.role, "standby-candidate");
    assert.ok(
      tree.every((n) => n.name === active || n.source !== undefined),
      "every slave follows a source it receives through the air service",
    );

    // The PARI Master's HTTP interface serves the overview as JSON, as a CLI tree and as an SVG picture (§4.12.1).
    const json = await api(PARI, "GET", "/api/sync");
    assert.equal((json.json as SyncOverview).regions[0]!.nodes.length, running.length);
    const svg = await fetch(`http://${PARI}:${HTTP_PORT}/api/sync.svg`, {
      headers: { authorization: `Basic ${Buffer.from("admin:changeme").toString("base64")}` },
    });
    assert.equal(svg.headers.get("content-type"), "image/svg+xml");
    const picture = await svg.text();
    assert.equal(
      (picture.match(/<g class="node green/g) ?? []).length + (picture.match(/<g class="node yellow/g) ?? []).length,
      running.length,
    );

    const victim = Object.keys(processes).find((p) => processes[p]!.includes(active))!;
    const rest = running.filter((n) => !processes[victim]!.includes(n));
    await nodes.kill(victim);
    const back = await waitFor(
      async () => {
        const n = await syncNodes();
        if (n.find((x) => x.name === standby)?.role !== "active-master") return false;
        const states = await Promise.all(rest.map(async (name) => (await radioSync(name))?.state));
        return states.every((s) => s === "synchronized");
      },
      60_000,
      `${rest.join(", ")} synchronized again with ${standby} as active sync master`,
    );
    t.diagnostic(
      `after SIGKILL of ${victim} (${active}): ${rest.join(", ")} synchronized under ${standby} in ${back} ms`,
    );
    for (const name of rest) {
      const sync = await radioSync(name);
      assert.equal(sync?.traffic, true, `${name} carries traffic`);
      assert.equal(sync?.syncLost, 0, `${name}: the new sync master took over the region's values, no sync loss`);
    }
  });

  test("a radio missing from the fleet gets an error logged; garbage to the service is survived and it keeps serving", async (t) => {
    await nodes.start(
      "ghost",
      `{ name: ghost, kind: IPBS, mac: "00:90:33:0d:00:01", ip: ${ip(40)}, radio: { pariMaster: ${PARI} }, position: { x: 0, y: 0 } }\n`,
      ["--air", air],
    );
    const refused = await waitFor(
      async () =>
        /the air service refused this radio.*"device":"ghost".*no place in the air/.test(
          nodes.output.get("ghost") ?? "",
        ),
      20_000,
      "the ghost radio's process logs the air service's error",
    );
    t.diagnostic(`ghost refused after ${refused} ms`);
    assert.match(nodes.output.get("air") ?? "", /air publish from an unknown device.*"device":"ghost"/);
    const sock = createSocket("udp4");
    await new Promise<void>((r) => sock.bind({ address: ip(41), port: 0 }, r));
    try {
      const answer = new Promise<Buffer>((r) => sock.once("message", (m) => r(m)));
      const send = (bytes: Uint8Array) =>
        new Promise<void>((r, j) => sock.send(bytes, AIR.port, AIR.ip, (err) => (err ? j(err) : r())));
      await send(randomBytes(200));
      await send(new Uint8Array([0x49, 0x44, 1, 0, 0, 0, 0, 0, 0xff]));
      await send(encodeFrame({ fromDevice: "spare", body: "airPublish", airPublish: { device: "spare" } }));
      const msg = decodeFrame(new Uint8Array(await answer));
      assert.equal(msg.body, "airHeard");
      if (msg.body !== "airHeard") return;
      assert.equal(msg.airHeard.device, "spare");
      assert.equal(msg.airHeard.error ?? "", "");
      assert.ok((msg.airHeard.heard ?? []).length > 0, "spare hears the radios on air");
    } finally {
      sock.close();
    }
    await waitFor(
      async () =>
        (nodes.output.get("air")?.match(/malformed air datagram dropped.*"from":"127\.[\d.]+:\d+"/g) ?? []).length ===
        2,
      5_000,
      "two warnings with the sender",
    );
    // By now the ghost has published at least twice more (every 2 s keep-alive): still one error line.
    await new Promise((r) => setTimeout(r, 4500));
    assert.equal(
      (nodes.output.get("ghost") ?? "").match(/refused this radio/g)?.length,
      1,
      "the error is logged once per radio",
    );
    assert.equal(nodes.output.get("air")?.match(/unknown device/g)?.length, 1, "the service warns once per name");
  });
});
