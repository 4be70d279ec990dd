import assert from "node:assert/strict";
import { test } from "node:test";
import { getNextSnapshot } from "xstate";
import { ALARM, formatAlarmCode } from "../../src/core/alarms/index.js";
import { stateName } from "../../src/device/status.js";
import { masterMachine } from "../../src/master/master.machine.js";
import { JOIN_MAX_PROBES, JOIN_PROBES } from "../../src/master/masterSetup.js";
import { RadioStanding } from "../../src/wire/codec.js";
import { masterCore, peerProbe, peerReply, radioHello, runTo, start, stateOf } from "../helpers/roleCharts.js";

// The Master role chart (manual 003 §4.6.19, §4.6.20, §4.6.24) with the defaults: probes every 500 ms, detection time
// (masterLostMs) 3000 ms. Actors run in virtual time on a fake RoleIo; single transitions use getNextSnapshot.

const PRIMARY = "127.0.1.9";
const STANDBY = "127.0.1.8";

async function standby() {
  const m = await masterCore({ mode: "standby", primary: PRIMARY });
  return { ...m, actor: start(masterMachine, { core: m.core }, m.clock) };
}

async function active() {
  const m = await masterCore({ mode: "active" });
  return { ...m, actor: start(masterMachine, { core: m.core }, m.clock) };
}

const alarmActive = (m: { alarms: { active(): { code: string }[] } }, code: number) =>
  m.alarms.active().some((a) => a.code === formatAlarmCode(code));

// ---- Off ---------------------------------------------------------------------------------------------------------

test("a Master in mode Off says so and never serves (§4.6.19)", async () => {
  const m = await masterCore({ mode: "off" });
  const actor = start(masterMachine, { core: m.core }, m.clock);
  await runTo(m.clock, 10_000);
  assert.equal(stateOf(actor), "off");
  assert.equal(actor.getSnapshot().hasTag("serving"), false);
  assert.deepEqual(
    m.events.filter((e) => e.kind === "state").map((e) => e.state),
    ["off"],
  );
});

// ---- Standby -----------------------------------------------------------------------------------------------------

test("a Standby takes over after masterLostMs without an answer: 0x00030201, tagged serving (§4.6.19)", async () => {
  const s = await standby();
  await runTo(s.clock, 2999);
  assert.equal(stateOf(s.actor), "standby.watching");
  assert.equal(s.actor.getSnapshot().hasTag("serving"), false);
  await runTo(s.clock, 3000);
  assert.equal(stateOf(s.actor), "standby.active");
  assert.equal(s.actor.getSnapshot().hasTag("serving"), true);
  assert.ok(alarmActive(s, ALARM.STANDBY_MASTER_ACTIVE));
});

test("a Standby's detection time runs from the Master's last answer, to the millisecond (§4.6.19)", async () => {
  const s = await standby();
  await runTo(s.clock, 1010);
  s.actor.send(peerReply(PRIMARY));
  await runTo(s.clock, 4009);
  assert.equal(stateOf(s.actor), "standby.watching", "lost 3000 ms after the answer at 1010, not before");
  await runTo(s.clock, 4010);
  assert.equal(stateOf(s.actor), "standby.active", "and not on a later sweep");
});

test("an active Standby hands every radio back and clears 0x00030201 when its Master answers joining (§4.6.19)", async () => {
  const s = await standby();
  await runTo(s.clock, 2800);
  s.actor.send({ type: "radio.register", radio: radioHello("00:90:33:00:04:01"), seq: 1 });
  await runTo(s.clock, 3000);
  assert.equal(s.core.radios.get("00:90:33:00:04:01")?.standing, "registered");
  s.actor.send(peerReply(PRIMARY, { active: false, joining: true }));
  assert.equal(stateOf(s.actor), "standby.watching");
  assert.equal(s.actor.getSnapshot().hasTag("serving"), false);
  assert.equal(alarmActive(s, ALARM.STANDBY_MASTER_ACTIVE), false);
  const last = s.bodies("radioStatus").at(-1);
  assert.equal(last?.standing, RadioStanding.REDIRECT);
  assert.equal(last?.redirectTo, PRIMARY);
});

test("a Standby whose Master answers that it deactivated itself takes over at once (§4.6.24)", async () => {
  const s = await standby();
  const next = getNextSnapshot(masterMachine, s.actor.getSnapshot(), peerReply(PRIMARY, { active: false }));
  assert.equal(next.hasTag("serving"), true);
  const stays = getNextSnapshot(masterMachine, s.actor.getSnapshot(), peerReply(PRIMARY, { active: true }));
  assert.equal(stays.hasTag("serving"), false, "an answering active Master keeps the Standby watching");
});

test("a watching Standby holds radios as pending and registers them when it takes over (§4.6.19)", async () => {
  const s = await standby();
  await runTo(s.clock, 1600);
  s.actor.send({ type: "radio.register", radio: radioHello("00:90:33:00:04:01"), seq: 1 });
  assert.equal(s.core.radios.get("00:90:33:00:04:01")?.standing, "pending");
  assert.equal(s.bodies("radioStatus").at(-1)?.standing, RadioStanding.PENDING);
  await runTo(s.clock, 2600);
  s.actor.send({ type: "radio.heartbeat", radio: radioHello("00:90:33:00:04:01"), seq: 1, grantMs: 1600 });
  assert.equal(s.bodies("radioStatus").at(-1)?.standing, RadioStanding.PENDING);
  await runTo(s.clock, 3000);
  assert.equal(s.core.radios.get("00:90:33:00:04:01")?.standing, "registered");
  assert.equal(s.bodies("radioStatus").at(-1)?.standing, RadioStanding.REGISTERED);
});

test("a watching Standby holds a radio that comes while its Master answers, and sends it back with the next answer (§4.6.19)", async () => {
  const s = await standby();
  await runTo(s.clock, 1000);
  s.actor.send(peerReply(PRIMARY));
  // The radio may have left a Master that failed a moment ago: it is held, not sent back at once.
  s.actor.send({ type: "radio.register", radio: radioHello("00:90:33:00:04:01"), seq: 1 });
  assert.equal(s.bodies("radioStatus").at(-1)?.standing, RadioStanding.PENDING);
  await runTo(s.clock, 1500);
  s.actor.send(peerReply(PRIMARY));
  const last = s.bodies("radioStatus").at(-1);
  assert.equal(last?.standing, RadioStanding.REDIRECT, "the Master answered again: it is alive and active");
  assert.equal(last?.redirectTo, PRIMARY);
  assert.equal(s.core.radios.get("00:90:33:00:04:01"), undefined);
});

test("a Standby with another Master Id than its Master is reported once (§4.6.20)", async () => {
  const s = await standby();
  s.actor.send(peerReply(PRIMARY, { masterId: 2 }));
  s.actor.send(peerReply(PRIMARY, { masterId: 2 }));
  const warnings = s.events.filter((e) => e.kind === "warning" && e.code === "MASTER_ID_MISMATCH");
  assert.equal(warnings.length, 1);
});

// ---- Leases (docs/design.md "Registrations are leases") -----------------------------------------------------------

const RADIO = "00:90:33:00:04:01";

/** An Active Master serving from 1500 ms with one radio registered at 1510 ms (its lease: 1500 ms from there). */
async function servingWithRadio() {
  const a = await active();
  await runTo(a.clock, 1510);
  a.actor.send({ type: "radio.register", radio: radioHello(RADIO), seq: 1 });
  assert.equal(a.core.radios.get(RADIO)?.standing, "registered");
  assert.equal(a.bodies("radioStatus").at(-1)?.grantMs, 1510, "the answer carries the Master's clock");
  return a;
}

test("a Master drops a silent radio exactly when its lease ends, not at a later sweep, and raises 0x00030204 (§6.2)", async () => {
  const a = await servingWithRadio();
  const unregistered = () => a.events.filter((e) => e.kind === "radio-unregistered").length;
  await runTo(a.clock, 1510 + 1500 - 1);
  assert.notEqual(a.core.radios.get(RADIO), undefined);
  assert.equal(unregistered(), 0);
  await runTo(a.clock, 1510 + 1500);
  assert.equal(a.core.radios.get(RADIO), undefined);
  assert.equal(unregistered(), 1);
  assert.equal(alarmActive(a, ALARM.CONNECTION_TO_RADIO_LOST), true);
});

test("a heartbeat renews the lease from the answer it echoes, however late it arrives; never beyond its arrival", async () => {
  const a = await servingWithRadio();
  const beat = (seq: number, grantMs: number) =>
    a.actor.send({ type: "radio.heartbeat", radio: radioHello(RADIO), seq, grantMs });
  await runTo(a.clock, 2900);
  beat(1, 1510);
  assert.equal(a.core.radios.get(RADIO)?.until, 1510 + 1500, "a late heartbeat echoing the first answer adds nothing");
  beat(2, 2000);
  assert.equal(a.core.radios.get(RADIO)?.until, 2000 + 1500);
  beat(3, 9000);
  assert.equal(a.core.radios.get(RADIO)?.until, 2900 + 1500, "a grant from the future counts as the arrival");
  await runTo(a.clock, 2900 + 1500);
  assert.equal(a.core.radios.get(RADIO), undefined);
});

test("a heartbeat of a radio whose lease has run out is answered 'not registered here', deadline handled or not", async () => {
  // The core alone, without the chart's deadline: what a heartbeat in the same instant as the lease's end sees.
  const m = await masterCore({ mode: "active" });
  m.core.register(radioHello(RADIO), 1, "serving");
  await runTo(m.clock, 1500);
  m.core.heartbeat(radioHello(RADIO), 1, 0, "serving");
  assert.equal(m.core.radios.get(RADIO), undefined);
  assert.equal(m.bodies("radioStatus").at(-1)?.standing, RadioStanding.UNKNOWN);
  assert.equal(m.events.filter((e) => e.kind === "radio-unregistered").length, 1);
});

// ---- Active: joining ---------------------------------------------------------------------------------------------

test(`an Active Master listens ${JOIN_PROBES} probe intervals for an active Standby before it serves (§4.6.19)`, async () => {
  const a = await active();
  await runTo(a.clock, 500 * JOIN_PROBES - 1);
  assert.equal(stateOf(a.actor), "active.joining");
  await runTo(a.clock, 500 * JOIN_PROBES);
  assert.equal(stateOf(a.actor), "active.serving");
  assert.equal(a.actor.getSnapshot().hasTag("serving"), true);
});

test("a joining Master answers probes with joining and serves at the sweep after its Standby says inactive (§4.6.19)", async () => {
  const a = await active();
  await runTo(a.clock, 260);
  a.actor.send(peerProbe(STANDBY, { active: false }));
  assert.equal(a.bodies("peerProbeReply").at(-1)?.joining, true);
  await runTo(a.clock, 499);
  assert.equal(stateOf(a.actor), "active.joining");
  await runTo(a.clock, 500);
  assert.equal(stateOf(a.actor), "active.serving");
});

test("a joining Master waits while its Standby is active, then serves once it was silent for as long (§4.6.19)", async () => {
  const a = await active();
  for (const t of [250, 750, 1250, 1750]) {
    await runTo(a.clock, t);
    a.actor.send(peerProbe(STANDBY, { active: true }));
  }
  const silentAt = 1750 + 500 * JOIN_PROBES;
  await runTo(a.clock, silentAt - 1);
  assert.equal(stateOf(a.actor), "active.joining");
  await runTo(a.clock, silentAt);
  assert.equal(stateOf(a.actor), "active.serving");
});

test(`a joining Master serves after ${JOIN_MAX_PROBES} probe intervals even if its Standby never hands back (§4.6.19)`, async () => {
  const a = await active();
  const limit = 500 * JOIN_MAX_PROBES;
  for (let t = 250; t < limit; t += 500) {
    await runTo(a.clock, t);
    a.actor.send(peerProbe(STANDBY, { active: true }));
  }
  await runTo(a.clock, limit - 1);
  assert.equal(stateOf(a.actor), "active.joining");
  await runTo(a.clock, limit);
  assert.equal(stateOf(a.actor), "active.serving");
});

// ---- Active: §4.6.24 Deactivate Master if no connection ----------------------------------------------------------

test("Deactivate Master if no connection: a serving Master deactivates at the sweep after the PBX is lost and serves again when it is back (§4.6.24)", async () => {
  const { core } = await masterCore({ mode: "active" });
  // The gatekeeper's anonymous registration (§4.6.23) is replaced by the guards that read it.
  const lost = masterMachine.provide({ guards: { gatekeeperLost: () => true, gatekeeperBack: () => false } });
  const back = masterMachine.provide({ guards: { gatekeeperLost: () => false, gatekeeperBack: () => true } });
  const serving = lost.resolveState({ value: { active: "serving" }, context: { core } });
  const deactivated = getNextSnapshot(lost, serving, { type: "tick" });
  assert.equal(stateName(deactivated.value), "active.deactivated");
  assert.equal(deactivated.hasTag("serving"), false);
  assert.equal(stateName(getNextSnapshot(lost, deactivated, { type: "tick" }).value), "active.deactivated");
  const again = getNextSnapshot(back, back.resolveState({ value: { active: "deactivated" }, context: { core } }), {
    type: "tick",
  });
  assert.equal(stateName(again.value), "active.serving");
  assert.equal(again.hasTag("serving"), true);
});
