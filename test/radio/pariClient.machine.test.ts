import assert from "node:assert/strict";
import { test } from "node:test";
import { getNextSnapshot } from "xstate";
import type { RadioSettings } from "../../src/radio/settings.js";
import { stateName } from "../../src/device/status.js";
import { PARI_TIMING } from "../../src/pari/timing.js";
import { pariClientMachine } from "../../src/radio/pariClient.machine.js";
import { PariClientCore } from "../../src/radio/PariClientCore.js";
import type { Grant, PariClientEvent } from "../../src/radio/pariEvents.js";
import { PORTS } from "../../src/wire/ports.js";
import { radioSettings, recordingIo, runTo, start, stateOf, SYSTEM } from "../helpers/roleCharts.js";

// The radio's PARI client chart (manual 003 §4.6.32, §3.11, §4.6.35): PARI Master 127.0.1.1, Standby PARI Master
// (Alt. PARI Master) 127.0.1.2, keep-alive 2 s, a silent PARI Master is given up after 7 s.

const PARI = "127.0.1.1";
const ALT = "127.0.1.2";
const MAC = "00:90:33:00:01:01";

function client(s: Partial<RadioSettings> = { pariMaster: PARI, altPariMaster: ALT }) {
  const rec = recordingIo({ kind: "IPBS", mac: MAC });
  const input = {
    cfg: radioSettings(s),
    io: rec.io,
    system: SYSTEM,
    local: {},
    deviceName: "dut",
    discoveryGroup: "239.0.0.1",
    version: "0.1.0",
  };
  const core = new PariClientCore(input);
  return { ...rec, core, actor: start(pariClientMachine, { core }, rec.clock) };
}

type Client = ReturnType<typeof client>;

const grant = (from: string, standing: Grant["standing"], g: Partial<Grant> = {}): PariClientEvent => ({
  type: "grant",
  grant: {
    standing,
    rfpis: standing === "assigned" ? ["10A5E00001"] : [],
    saris: [],
    systemId: 1,
    domain: 1,
    reason: "",
    radioConfig: {},
    generation: 1,
    ...g,
    from: { ip: from, port: PORTS.PARI_STREAM },
  },
});

const clientStates = (c: Client) => c.events.filter((e) => e.kind === "state" && e.role === "pari-client");
const registersTo = (c: Client) => c.sent.filter((s) => s.msg.body === "pariRegister").map((s) => s.to.ip);

test("plug and play: an unconfigured radio announces itself every 2 s until added, then restarts once (§3.11)", async () => {
  const c = client({});
  await runTo(c.clock, 2 * PARI_TIMING.announceMs);
  assert.equal(stateOf(c.actor), "announcing");
  assert.equal(c.bodies("radioAnnounce").length, 3);
  const provision: PariClientEvent = {
    type: "provision",
    provision: { mac: MAC, deviceName: "hall", pariMaster: PARI, region: 0 },
  };
  c.actor.send(provision);
  c.actor.send(provision);
  await runTo(c.clock, 2 * PARI_TIMING.announceMs + 1);
  assert.equal(stateOf(c.actor), "provisioning");
  assert.deepEqual(c.resets, ["added by PARI Master"]);
});

test("a radio asks its PARI Master for RFPIs and is assigned (§4.6.32)", async () => {
  const c = client();
  assert.equal(stateOf(c.actor), "connecting");
  assert.deepEqual(registersTo(c), [PARI]);
  c.actor.send(grant(PARI, "assigned"));
  assert.equal(stateOf(c.actor), "assigned");
  assert.equal(c.actor.getSnapshot().hasTag("assigned"), true);
  assert.deepEqual(clientStates(c).at(-1)?.rfpis, ["10A5E00001"]);
});

test("an answer from another PARI Master than the one asked is ignored (§4.6.32)", () => {
  const c = client();
  const next = getNextSnapshot(pariClientMachine, c.actor.getSnapshot(), grant("127.0.1.3", "assigned"));
  assert.equal(stateName(next.value), "connecting");
  assert.equal(next.hasTag("assigned"), false);
});

test("a radio moves to the Alt. PARI Master when its PARI Master has not answered for 7 s, and back (§4.6.32)", async () => {
  const c = client();
  await runTo(c.clock, PARI_TIMING.answerLostMs - 1);
  assert.equal(c.core.target, PARI);
  await runTo(c.clock, PARI_TIMING.answerLostMs);
  assert.equal(c.core.target, ALT);
  assert.equal(clientStates(c).at(-1)?.pariMaster, ALT);
  await runTo(c.clock, 2 * PARI_TIMING.answerLostMs);
  assert.equal(c.core.target, PARI);
});

test("an assigned radio whose PARI Master falls silent keeps its RFPIs and looks for the Standby PARI Master (§4.6.32)", async () => {
  const c = client();
  c.actor.send(grant(PARI, "assigned"));
  await runTo(c.clock, PARI_TIMING.answerLostMs);
  assert.equal(stateOf(c.actor), "connecting");
  assert.equal(c.core.target, ALT);
  assert.deepEqual(c.core.rfpis, ["10A5E00001"]);
});

test("the Standby PARI Master's 'not active' answer sends the radio to the other one at the next keep-alive (§4.6.32)", async () => {
  const c = client();
  await runTo(c.clock, 100);
  c.actor.send(grant(PARI, "inactive"));
  assert.equal(stateOf(c.actor), "connecting");
  assert.equal(c.core.target, ALT);
  await runTo(c.clock, PARI_TIMING.keepaliveMs);
  assert.equal(registersTo(c).at(-1), ALT);
});

test("a refused radio asks again after 10 s; the same refusal again is not reported twice (§4.6.21)", async () => {
  const c = client();
  c.actor.send(grant(PARI, "refused", { reason: "capacity reached" }));
  assert.equal(stateOf(c.actor), "refused");
  await runTo(c.clock, PARI_TIMING.refusedRetryMs - 1);
  assert.equal(stateOf(c.actor), "refused");
  await runTo(c.clock, PARI_TIMING.refusedRetryMs);
  assert.equal(stateOf(c.actor), "connecting");
  c.actor.send(grant(PARI, "refused", { reason: "capacity reached" }));
  assert.equal(stateOf(c.actor), "refused");
  await runTo(c.clock, 2 * PARI_TIMING.refusedRetryMs);
  c.actor.send(grant(PARI, "refused", { reason: "system name/password do not match" }));
  const refusals = clientStates(c).filter((e) => e.state === "refused");
  assert.deepEqual(
    refusals.map((e) => e.reason),
    ["capacity reached", "system name/password do not match"],
  );
});

test("new RFPIs reinitialise an assigned radio; the same assignment only renews it (§4.6.35)", () => {
  const c = client();
  c.actor.send(grant(PARI, "assigned"));
  c.actor.send(grant(PARI, "assigned"));
  c.actor.send(grant(PARI, "assigned", { rfpis: ["10A5E00002"] }));
  assert.deepEqual(
    clientStates(c).map((e) => e.state),
    ["connecting", "assigned", "reinitialised"],
  );
});

test("a radio reports its air sync to the PARI Master only while assigned (§4.6.36)", async () => {
  const c = client();
  const withSync = () => c.bodies("pariRegister").map((r) => r.sync !== undefined);
  assert.deepEqual(withSync(), [false]);
  c.actor.send(grant(PARI, "assigned"));
  await runTo(c.clock, PARI_TIMING.keepaliveMs);
  assert.deepEqual(withSync(), [false, true]);
});
