import assert from "node:assert/strict";
import { test } from "node:test";
import { getNextSnapshot } from "xstate";
import { ALARM, formatAlarmCode } from "../../src/core/alarms/index.js";
import { stateName } from "../../src/device/status.js";
import type { MasterEvent } from "../../src/master/events.js";
import { masterMachine } from "../../src/master/master.machine.js";
import { CLAIM_TIMEOUT_FACTOR } from "../../src/master/masterSetup.js";
import { PORTS } from "../../src/wire/ports.js";
import { masterCore, peerProbe, peerReply, radioHello, runTo, start, stateOf } from "../helpers/roleCharts.js";

// The Mirror part of the Master chart (manual 003 §4.6.19; docs/design.md "Mirror fencing"), detection time 3000 ms,
// probes every 500 ms. This side is A (127.0.3.1), its peer B (127.0.3.2).

const A = "127.0.3.1";
const B = "127.0.3.2";
const RADIOS = ["00:90:33:00:04:01", "00:90:33:00:04:02", "00:90:33:00:04:03"];

async function mirror(opts: { known?: readonly string[]; activeTerm?: number } = {}) {
  const m = await masterCore({ mode: "mirror", mirrorPeer: B }, { ip: A, ...opts });
  return { ...m, actor: start(masterMachine, { core: m.core }, m.clock) };
}

type Mirror = Awaited<ReturnType<typeof mirror>>;

const yieldReply = (term: number, seq: number, promiseMs = 3000): MasterEvent => ({
  type: "mirror.yieldReply",
  from: { ip: B, port: PORTS.RAS },
  term,
  yielded: true,
  promiseMs,
  seq,
  known: [],
});

const yieldRequest = (term: number): MasterEvent => ({
  type: "mirror.yieldRequest",
  from: { ip: B, port: PORTS.RAS },
  term,
  seq: 7,
});

/** "Activate mirror" on A at `at`, granted by B at once. */
async function activated(m: Mirror, at = 100): Promise<void> {
  await runTo(m.clock, at);
  m.actor.send({ type: "cmd.activateMirror" });
  const req = m.bodies("mirrorYieldRequest").at(-1)!;
  m.actor.send(yieldReply(req.term!, req.seq!));
}

const eventRaised = (m: Mirror, code: number) =>
  m.events.filter((e) => e.kind === "event" && e.code === formatAlarmCode(code));

/** B answers A's probes (inactive, last active in `activeTerm`) every probe interval from `from` until `to`. */
async function peerAnswers(m: Mirror, from: number, to: number, activeTerm = 0): Promise<void> {
  for (let t = from; t <= to; t += 500) {
    await runTo(m.clock, t);
    m.actor.send(peerReply(B, { active: false, activeTerm, term: activeTerm }));
  }
}

/** Radios register to A at `from` and heartbeat every 500 ms until `to`, each echoing the answer before. */
async function radiosSpeak(m: Mirror, macs: readonly string[], from: number, to: number): Promise<void> {
  for (let t = from; t <= to; t += 500) {
    await runTo(m.clock, t);
    for (const mac of macs)
      m.actor.send(
        t === from
          ? { type: "radio.register", radio: radioHello(mac), seq: 1 }
          : { type: "radio.heartbeat", radio: radioHello(mac), seq: t, grantMs: t - 500 },
      );
  }
}

// ---- Activate / switch -------------------------------------------------------------------------------------------

test("Activate mirror: a claim of the next term; the peer's yield makes this Mirror active with 0x00030206 (§4.6.19)", async () => {
  const m = await mirror();
  await runTo(m.clock, 100);
  m.actor.send({ type: "cmd.activateMirror" });
  assert.equal(stateOf(m.actor), "mirror.claiming");
  const req = m.bodies("mirrorYieldRequest").at(-1)!;
  assert.equal(req.term, 1);
  m.actor.send(yieldReply(1, req.seq!));
  assert.equal(stateOf(m.actor), "mirror.active");
  assert.equal(m.actor.getSnapshot().hasTag("serving"), true);
  assert.equal(eventRaised(m, ALARM.MASTER_ACTIVE)[0]?.term, 1);
  assert.equal(m.bodies("mirrorData").length, 1, "the active Mirror's data overwrites the other side's");
});

test(`Activate mirror gives up after ${CLAIM_TIMEOUT_FACTOR} detection times without a yield or a radio majority (§4.6.19)`, async () => {
  const m = await mirror();
  await runTo(m.clock, 100);
  m.actor.send({ type: "cmd.activateMirror" });
  const end = 100 + 3000 * CLAIM_TIMEOUT_FACTOR;
  await runTo(m.clock, end - 1);
  assert.equal(stateOf(m.actor), "mirror.claiming");
  await runTo(m.clock, end);
  assert.equal(stateOf(m.actor), "mirror.inactive");
  assert.ok(m.events.some((e) => e.kind === "command" && e.command === "activate-mirror" && e.result === "refused"));
});

test("Switch active mirror: the active side pushes its data and asks the other side to activate (§4.6.19)", async () => {
  const m = await mirror();
  await activated(m);
  m.actor.send({ type: "cmd.switchMirror" });
  assert.equal(m.bodies("mirrorData").length, 2);
  assert.equal(m.bodies("mirrorTakeOver").length, 1);
  assert.equal(stateOf(m.actor), "mirror.active", "it stays active until it is asked to yield");
  const other = await mirror();
  const next = getNextSnapshot(masterMachine, other.actor.getSnapshot(), {
    type: "mirror.takeOver",
    from: { ip: B, port: PORTS.RAS },
    term: 1,
  });
  assert.equal(stateName(next.value), "mirror.claiming");
});

// ---- Yield and step down -----------------------------------------------------------------------------------------

test("an inactive Mirror yields to a newer claim and promises not to activate for masterLostMs (§4.6.19)", async () => {
  const m = await mirror();
  await runTo(m.clock, 1000);
  m.actor.send(yieldRequest(1));
  const answer = m.bodies("mirrorYieldReply").at(-1)!;
  assert.equal(answer.yielded, true);
  assert.equal(answer.promiseMs, 3000);
  assert.equal(m.core.pair.noActivateUntil, 4000);
  assert.equal(stateOf(m.actor), "mirror.inactive");
});

test("an active Mirror refuses a claim of its own term and steps down for a newer one (§4.6.19)", async () => {
  const m = await mirror();
  await activated(m);
  const activeSnap = m.actor.getSnapshot();
  assert.equal(getNextSnapshot(masterMachine, activeSnap, yieldRequest(1)).hasTag("serving"), true);
  const down = getNextSnapshot(masterMachine, activeSnap, yieldRequest(2));
  assert.equal(stateName(down.value), "mirror.inactive");
  assert.equal(down.hasTag("serving"), false);
  m.actor.send(yieldRequest(1));
  assert.equal(m.bodies("mirrorYieldReply").at(-1)?.yielded, false, "a serving side never yields");
});

test("an active Mirror that hears its peer active in a newer term steps down with 0x00030207 (§4.6.19)", async () => {
  const m = await mirror();
  await activated(m);
  m.actor.send(peerReply(B, { active: true, term: 5 }));
  assert.equal(stateOf(m.actor), "mirror.inactive");
  assert.equal(eventRaised(m, ALARM.MASTER_INACTIVE).length, 1);
});

// ---- Fencing and taking over by itself ---------------------------------------------------------------------------

test("Mirror fencing: an active Mirror steps down when the peer's promise runs out without a radio majority (§4.6.19)", async () => {
  const m = await mirror({ known: RADIOS });
  await activated(m, 100);
  assert.equal(stateOf(m.actor), "mirror.active");
  // B promised at the claim (sent at 100) not to activate for 3000 ms; no radio speaks to A, no probe is answered.
  await runTo(m.clock, 3099);
  assert.equal(stateOf(m.actor), "mirror.active");
  await runTo(m.clock, 3100);
  assert.equal(stateOf(m.actor), "mirror.inactive");
  assert.equal(eventRaised(m, ALARM.MASTER_INACTIVE)[0]?.reason, "fenced");
});

test("an inactive Mirror takes over by itself once its peer was silent for masterLostMs and it holds a radio majority, at the next sweep (§4.6.19)", async () => {
  const m = await mirror({ known: RADIOS });
  await runTo(m.clock, 1100);
  m.actor.send(peerProbe(B, { active: false }));
  await radiosSpeak(m, RADIOS.slice(0, 2), 1200, 4200);
  // B was last heard at 1100, so it is silent from 4100; the sweep after that is at 4250.
  await runTo(m.clock, 4249);
  assert.equal(stateOf(m.actor), "mirror.inactive");
  assert.equal(m.core.radios.get(RADIOS[0]!)?.standing, "pending");
  await runTo(m.clock, 4250);
  assert.equal(stateOf(m.actor), "mirror.active");
  assert.equal(m.core.radios.get(RADIOS[0]!)?.standing, "registered");
});

test("an inactive Mirror without a radio majority never takes over by itself (§4.6.19)", async () => {
  const m = await mirror({ known: RADIOS });
  await radiosSpeak(m, RADIOS.slice(0, 1), 200, 10_000);
  assert.equal(stateOf(m.actor), "mirror.inactive");
});

test("an inactive Mirror keeps its promise: it does not take over before the promise it gave by yielding runs out (§4.6.19)", async () => {
  const m = await mirror({ known: RADIOS });
  await runTo(m.clock, 2000);
  m.actor.send(yieldRequest(1)); // promises until 5000, though B is never heard
  await radiosSpeak(m, RADIOS, 2100, 4600);
  await runTo(m.clock, 4999);
  assert.equal(stateOf(m.actor), "mirror.inactive");
  await runTo(m.clock, 5000);
  assert.equal(stateOf(m.actor), "mirror.active");
});

// ---- Liveness: resuming ------------------------------------------------------------------------------------------

test("two inactive Mirrors in contact: the one last active resumes through the yield handshake after a quiet detection time (§4.6.19)", async () => {
  const m = await mirror({ activeTerm: 2 });
  await peerAnswers(m, 100, 2600, 1);
  await runTo(m.clock, 2999);
  assert.equal(stateOf(m.actor), "mirror.inactive");
  await runTo(m.clock, 3000);
  assert.equal(stateOf(m.actor), "mirror.claiming");
  assert.equal(m.bodies("mirrorYieldRequest").at(-1)?.term, 3);
});

test("a Mirror last active in an older term does not resume; two never-activated Mirrors wait for Activate mirror (§4.6.19)", async () => {
  const older = await mirror({ activeTerm: 1 });
  await peerAnswers(older, 100, 9600, 2);
  assert.equal(stateOf(older.actor), "mirror.inactive");
  const fresh = await mirror();
  await peerAnswers(fresh, 100, 9600, 0);
  assert.equal(stateOf(fresh.actor), "mirror.inactive");
});
