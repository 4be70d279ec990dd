/**
 * Manual 003 App. H, footnote 1 of the SIP rows: "The source port used is a random port between 2048–65535. Each
 * extension will use its unique source port."
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { SeededRng } from "../../src/core/Rng.js";
import { silentLogger } from "../../src/core/Logger.js";
import { ExtensionSockets, SOURCE_PORT_MAX, SOURCE_PORT_MIN } from "../../src/sip/ExtensionSockets.js";
import { formatSip, parseSip, type SipRequest } from "../../src/sip/message.js";
import { SipEndpoint } from "../../src/sip/SipEndpoint.js";
import { sipFleetYaml } from "../../sim/generators/sip.js";
import type { Fleet } from "../../sim/Fleet.js";
import { MemoryNetwork } from "../../sim/MemoryNetwork.js";
import { VirtualClock } from "../../sim/VirtualClock.js";
import { runUntilTrue, startFleet } from "../helpers/sim.js";

const MANUAL =
  "The source port used is a random port between 2048–65535. Each extension will use its unique source port.";

/** Per user (AOR): its contact's port and the port its REGISTERs came from, as the PBX holds them. */
function ports(fleet: Fleet): Map<string, { contact: number; source: number }> {
  const out = new Map<string, { contact: number; source: number }>();
  for (const b of fleet.pbx.get("pbx1")!.bindings())
    out.set(b.aor, { contact: Number(/:(\d+)(;|$)/.exec(b.contact)![1]), source: b.source.port });
  return out;
}

test(`each user registers from its own port: "${MANUAL}" (App. H)`, async () => {
  const users = 500;
  await using fleet = await startFleet(sipFleetYaml({ users, ttlS: 60 }), 3);
  const at = await runUntilTrue(fleet, () => fleet.pbx.get("pbx1")!.report().registeredUsers === users, 30_000, 100);
  assert.ok(at !== undefined);
  const first = ports(fleet);
  assert.equal(first.size, users);
  const local = fleet.device("master").gatekeeperStatus().local!.port;
  for (const [aor, p] of first) {
    assert.ok(p.contact >= SOURCE_PORT_MIN && p.contact <= SOURCE_PORT_MAX, `${aor}: ${p.contact}`);
    assert.notEqual(p.contact, local, "not the Master's own SIP port");
    assert.equal(p.source, p.contact, "over UDP the REGISTER leaves from the port its Contact names");
  }
  assert.equal(new Set([...first.values()].map((p) => p.contact)).size, users, "unique per extension");
  assert.equal(fleet.device("master").gatekeeperStatus().userSockets, users);
  // Refreshes come from the same port: the PBX keeps one binding per user, unchanged.
  await fleet.runFor(3 * 60_000);
  assert.ok(fleet.pbx.get("pbx1")!.report().registers > users * 2 * 3, "refreshes happened");
  assert.deepEqual(ports(fleet), first);
  assert.equal(fleet.pbx.get("pbx1")!.report().bindings, users);
});

test("the ports are drawn from the device's seeded Rng: the same seed gives the same ports, another seed others", async () => {
  const run = async (seed: number) => {
    await using fleet = await startFleet(sipFleetYaml({ users: 50, ttlS: 60 }), seed);
    await runUntilTrue(fleet, () => fleet.pbx.get("pbx1")!.report().registeredUsers === 50, 30_000, 100);
    return [...ports(fleet)].sort().map(([aor, p]) => `${aor} ${p.contact}`);
  };
  const a = await run(1);
  assert.deepEqual(await run(1), a);
  assert.notDeepEqual(await run(2), a);
});

test("over TCP each user has its own connection, and its Contact names its own listening port", async () => {
  const users = 100;
  await using fleet = await startFleet(sipFleetYaml({ users, ttlS: 60, gatekeeper: { protocol: "sip-tcp" } }), 4);
  await runUntilTrue(fleet, () => fleet.pbx.get("pbx1")!.report().registeredUsers === users, 30_000, 100);
  const p = [...ports(fleet).values()];
  assert.equal(p.length, users);
  assert.equal(new Set(p.map((x) => x.contact)).size, users, "distinct contact ports");
  assert.equal(new Set(p.map((x) => x.source)).size, users, "distinct connections (their source ports)");
});

test("a port another program holds is left for the next draw; a user keeps its port when its socket reopens", async () => {
  const clock = new VirtualClock();
  const net = new MemoryNetwork(clock, new SeededRng(1));
  const tried: number[] = [];
  const sockets = new ExtensionSockets({
    ip: "10.0.0.1",
    rng: new SeededRng("ports"),
    reserved: [5060],
    open: (key, port) => {
      tried.push(port);
      // The first port drawn is held by another program, as a real node finds out from bind().
      if (tried.length === 1) return Promise.reject(new Error(`bind EADDRINUSE 10.0.0.1:${port}`));
      return SipEndpoint.open({
        transport: net.attach("10.0.0.1"),
        clock,
        rng: new SeededRng(key),
        log: silentLogger,
        localPort: port,
        transports: ["udp"],
        answer: () => ({ status: 200, reason: "OK" }),
      });
    },
  });
  const a = await sockets.endpoint("user/a");
  assert.equal(tried.length, 2);
  assert.notEqual(tried[1], tried[0]);
  assert.equal(a.localPort, tried[1]);
  assert.ok(a.localPort >= SOURCE_PORT_MIN && a.localPort <= SOURCE_PORT_MAX);
  assert.equal(sockets.size, 1);
  await sockets.release("user/a");
  assert.equal(sockets.size, 0);
  const again = await sockets.endpoint("user/a");
  assert.equal(again.localPort, a.localPort, "the same port after the socket reopened");
  await sockets.close();
  assert.equal(sockets.size, 0);
  await assert.rejects(sockets.endpoint("user/b"), /closed/, "a closed gatekeeper opens no more sockets");
});

test("a request to a user's Contact arrives on that user's socket and is answered there", async () => {
  await using fleet = await startFleet(sipFleetYaml({ users: 20, ttlS: 60 }), 5);
  await runUntilTrue(fleet, () => fleet.pbx.get("pbx1")!.report().registeredUsers === 20, 30_000, 100);
  const [binding] = fleet.pbx.get("pbx1")!.bindings();
  const port = Number(/:(\d+)(;|$)/.exec(binding!.contact)![1]);
  const got: { status: number; from: number }[] = [];
  const pbx = fleet.net.attach("10.0.9.1");
  await pbx.open(
    { datagram: [5070], stream: [] },
    {
      frame: (f, from) => {
        const m = parseSip(f);
        if (m.type === "response") got.push({ status: m.status, from: from.port });
      },
      malformed: () => undefined,
    },
  );
  const options: SipRequest = {
    type: "request",
    method: "OPTIONS",
    uri: binding!.contact,
    headers: [
      { name: "via", value: "SIP/2.0/UDP 10.0.9.1:5070;branch=z9hG4bKprobe1" },
      { name: "from", value: "<sip:pbx@10.0.9.1>;tag=1" },
      { name: "to", value: `<${binding!.contact}>` },
      { name: "call-id", value: "probe-1" },
      { name: "cseq", value: "1 OPTIONS" },
      { name: "max-forwards", value: "70" },
    ],
    body: "",
  };
  pbx.send({ ip: "10.0.0.1", port }, "datagram", new TextEncoder().encode(formatSip(options)));
  await fleet.runFor(1000);
  assert.deepEqual(got, [{ status: 200, from: port }], "answered from the user's own port");
  await pbx.close();
});
