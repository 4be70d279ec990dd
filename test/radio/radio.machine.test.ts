import assert from "node:assert/strict";
import { test } from "node:test";
import { getNextSnapshot } from "xstate";
import { LEASE_MARGIN_MS, leaseOutlastMs } from "../../src/role/redundancy.js";
import { stateName } from "../../src/device/status.js";
import type { RadioSettings } from "../../src/radio/settings.js";
import type { RadioEvent, StandingName } from "../../src/radio/events.js";
import { BOOT_WAIT_MS, radioMachine, REFUSED_RETRY_MS } from "../../src/radio/radio.machine.js";
import { RadioCore } from "../../src/radio/RadioCore.js";
import { PORTS } from "../../src/wire/ports.js";
import { radioSettings, recordingIo, runTo, start, stateOf } from "../helpers/roleCharts.js";

// The radio role chart (manual 003 §4.6.31, §3.12; docs/user-guide.md "Failover timing"): Master 127.0.1.1,
// alternate 127.0.1.2, heartbeat 500 ms, Master lost after 2000 ms, the Masters' lease 1500 ms.

const MASTER = "127.0.1.1";
const ALTERNATE = "127.0.1.2";

function radio(s: Partial<RadioSettings> = {}) {
  const rec = recordingIo({ kind: "IPBS" });
  const core = new RadioCore(radioSettings(s), rec.io);
  return { ...rec, core, actor: start(radioMachine, { core }, rec.clock) };
}

type Radio = ReturnType<typeof radio>;

/** The Master's answer to the radio's current attempt. */
const status = (
  r: Radio,
  standing: StandingName,
  fields: {
    redirectTo?: string;
    reason?: string;
    attempt?: number;
    seq?: number;
    grantMs?: number;
    leaseMs?: number;
  } = {},
): RadioEvent => ({
  type: "status",
  status: {
    standing,
    attempt: fields.attempt ?? r.core.attempt,
    redirectTo: fields.redirectTo ?? "",
    masterId: 1,
    leaseMs: fields.leaseMs ?? 1500,
    seq: fields.seq ?? 0,
    grantMs: fields.grantMs ?? 0,
    reason: fields.reason ?? "",
    from: { ip: r.core.target, port: PORTS.MASTER_STREAM },
  },
});

const states = (r: Radio) => r.events.filter((e) => e.kind === "state" && e.role === "radio").map((e) => e.state);
const registersTo = (r: Radio) => r.sent.filter((s) => s.msg.body === "radioRegister").map((s) => s.to.ip);

test("a radio waits out a Master's lease plus the margin after it starts before it registers (Failover timing)", async () => {
  const r = radio();
  await runTo(r.clock, BOOT_WAIT_MS - 1);
  assert.equal(stateOf(r.actor), "booting");
  assert.deepEqual(registersTo(r), []);
  await runTo(r.clock, BOOT_WAIT_MS);
  assert.equal(stateOf(r.actor), "running.connecting");
  assert.deepEqual(registersTo(r), [MASTER]);
});

test("a radio an inactive Master holds is pending; registered once that Master serves, each reported once (§4.6.19)", async () => {
  const r = radio();
  await runTo(r.clock, BOOT_WAIT_MS);
  const pending = getNextSnapshot(radioMachine, r.actor.getSnapshot(), status(r, "pending"));
  assert.equal(pending.hasTag("pending"), true);
  assert.equal(getNextSnapshot(radioMachine, pending, status(r, "registered")).hasTag("registered"), true);
  r.actor.send(status(r, "pending"));
  r.actor.send(status(r, "pending"));
  r.actor.send(status(r, "registered"));
  r.actor.send(status(r, "registered"));
  assert.equal(stateOf(r.actor), "running.registered");
  assert.equal(r.actor.getSnapshot().hasTag("registered"), true);
  assert.deepEqual(states(r), ["connecting", "pending", "registered"]);
});

test("an answer to an older attempt does not attach the radio (§4.6.19)", async () => {
  const r = radio();
  await runTo(r.clock, BOOT_WAIT_MS);
  const next = getNextSnapshot(radioMachine, r.actor.getSnapshot(), status(r, "registered", { attempt: 0 }));
  assert.equal(stateName(next.value), "running.connecting");
});

test("a REDIRECT moves the radio at once to the Master it names (§4.6.19)", async () => {
  const r = radio();
  await runTo(r.clock, BOOT_WAIT_MS);
  r.actor.send(status(r, "registered"));
  r.actor.send(status(r, "redirect", { redirectTo: ALTERNATE }));
  assert.equal(stateOf(r.actor), "running.awaiting");
  assert.equal(r.actor.getSnapshot().hasTag("registered"), false);
  assert.deepEqual(registersTo(r), [MASTER, ALTERNATE]);
});

test("a radio without an answer to its newest register or a later heartbeat waits its lease plus the margin after the abort", async () => {
  const r = radio();
  await runTo(r.clock, BOOT_WAIT_MS + 10);
  r.actor.send(status(r, "registered", { grantMs: BOOT_WAIT_MS + 9 }));
  const lost = BOOT_WAIT_MS + 10 + 2000;
  await runTo(r.clock, lost - 1);
  assert.equal(r.actor.getSnapshot().hasTag("registered"), true);
  await runTo(r.clock, lost);
  assert.equal(stateOf(r.actor), "running.leaving");
  assert.equal(states(r).at(-1), "searching");
  // The answer echoes no register of ours (a register may still be on its way, and it would lease from its arrival),
  // so silent from the abort: the Master's lease (1500 ms, with clock drift) plus LEASE_MARGIN_MS.
  const moves = lost + leaseOutlastMs(1500) + LEASE_MARGIN_MS;
  await runTo(r.clock, moves - 1);
  assert.deepEqual(registersTo(r).at(-1), MASTER);
  await runTo(r.clock, moves);
  assert.equal(stateOf(r.actor), "running.awaiting");
  assert.deepEqual(registersTo(r).at(-1), ALTERNATE);
});

test("a radio whose heartbeat the Master answered echoes its grant and moves a lease after that answer, not after the abort", async () => {
  const r = radio();
  await runTo(r.clock, BOOT_WAIT_MS + 10);
  r.actor.send(status(r, "registered", { grantMs: 70_000 }));
  await runTo(r.clock, BOOT_WAIT_MS + 500);
  r.actor.send(status(r, "registered", { seq: 1, grantMs: 70_400 }));
  const answered = r.clock.now();
  await runTo(r.clock, answered + 1000);
  const echoes = r.bodies("radioHeartbeat").map((h) => h.grantMs);
  assert.deepEqual(echoes.slice(0, 1), [70_000], "the first heartbeat echoes the register's answer");
  assert.equal(echoes.at(-1), 70_400, "later heartbeats echo the newest grant");
  // Lost masterLostMs (2000) after the answer; the lease (1500 ms on the Master's clock) ended before that.
  await runTo(r.clock, answered + 2000);
  assert.equal(stateOf(r.actor), "running.awaiting");
  assert.deepEqual(registersTo(r).at(-1), ALTERNATE);
});

test("an answer to the newest register bounds the lease too: with a lease longer than the detection time, the radio moves exactly leaseOutlastMs after it", async () => {
  const r = radio();
  await runTo(r.clock, BOOT_WAIT_MS + 10);
  const newest = r.bodies("radioRegister").at(-1)?.seq ?? 0;
  assert.ok(newest > 0);
  r.actor.send(status(r, "registered", { seq: newest, grantMs: 5, leaseMs: 3000 }));
  const answered = r.clock.now();
  await runTo(r.clock, answered + 2000);
  assert.equal(stateOf(r.actor), "running.leaving");
  await runTo(r.clock, answered + leaseOutlastMs(3000) - 1);
  assert.deepEqual(registersTo(r).at(-1), MASTER);
  await runTo(r.clock, answered + leaseOutlastMs(3000));
  assert.deepEqual(registersTo(r).at(-1), ALTERNATE);
});

test("a radio refused for a wrong system name/password asks again after REFUSED_RETRY_MS (§4.6.1)", async () => {
  const r = radio();
  await runTo(r.clock, BOOT_WAIT_MS);
  r.actor.send(status(r, "refused", { reason: "system name/password do not match" }));
  assert.equal(stateOf(r.actor), "running.refused");
  await runTo(r.clock, BOOT_WAIT_MS + REFUSED_RETRY_MS - 1);
  assert.equal(stateOf(r.actor), "running.refused");
  await runTo(r.clock, BOOT_WAIT_MS + REFUSED_RETRY_MS);
  assert.equal(stateOf(r.actor), "running.connecting");
});

test("a disabled radio never registers (§4.6.31)", async () => {
  const r = radio({ enabled: false });
  await runTo(r.clock, 10_000);
  assert.equal(stateOf(r.actor), "disabled");
  assert.deepEqual(registersTo(r), []);
});

test("a radio without a Master waits for plug and play (§3.11)", async () => {
  const r = radio({ master: undefined });
  await runTo(r.clock, 10_000);
  assert.equal(stateOf(r.actor), "unconfigured");
  assert.equal(r.sent.length, 0);
});

test("a radio shut down gracefully says goodbye to its Master (§4.6.31)", async () => {
  const r = radio();
  await runTo(r.clock, BOOT_WAIT_MS);
  r.actor.send(status(r, "registered"));
  r.actor.send({ type: "shutdown" });
  assert.equal(stateOf(r.actor), "disabled");
  assert.equal(r.bodies("radioUnregister").length, 1);
});
