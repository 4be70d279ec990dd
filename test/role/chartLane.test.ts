import assert from "node:assert/strict";
import { test } from "node:test";
import { assign, createActor, setup, type AnyActor } from "xstate";
import { openLane, sendToChart } from "../../src/role/chartLane.js";

/**
 * The quiet lane (src/role/chartLane.ts) must do exactly what XState does with the same events: the same actions,
 * in the same order, with the same params, and the same state after. Each case runs one event list through a chart
 * with a lane and through the same chart without one.
 */

interface Ctx {
  log: string[];
  n: number;
  self?: AnyActor;
}
type Ev = { type: "tick" } | { type: "ping"; v: number } | { type: "go" } | { type: "bump" } | { type: "boom" };

const chartSetup = setup({
  types: { context: {} as Ctx, events: {} as Ev, input: {} as { log: string[] } },
  guards: {
    big: ({ event }, p: { min: number }) => event.type === "ping" && event.v >= p.min,
    small: ({ event }) => event.type === "ping" && event.v < 10,
  },
  actions: {
    note: ({ context, event }, p: { tag: string }) => context.log.push(`${p.tag}:${event.type}`),
    count: ({ context }) => void context.n++,
    echo: ({ context, event }) => context.log.push(`echo ${event.type === "ping" ? event.v : "-"} n=${context.n}`),
    again: ({ context, self }) => {
      context.log.push("again");
      if (context.n < 3) sendToChart(self, { type: "tick" });
    },
    boom: () => {
      throw new Error("boom");
    },
  },
});

const chart = chartSetup.createMachine({
  id: "chart",
  context: ({ input }) => ({ log: input.log, n: 0 }),
  initial: "idle",
  on: { tick: { actions: ["count", { type: "note", params: { tag: "root" } }] } },
  states: {
    idle: {
      on: {
        ping: [
          { guard: { type: "big", params: { min: 100 } }, actions: { type: "note", params: { tag: "big" } } },
          { guard: "small", actions: ["echo", "count"] },
          { target: "busy" },
        ],
        go: "busy",
        boom: { actions: "boom" },
      },
    },
    busy: {
      entry: { type: "note", params: { tag: "enter-busy" } },
      on: {
        tick: { actions: ["again", "count", { type: "note", params: { tag: "busy" } }] },
        bump: { actions: assign({ n: ({ context }) => context.n + 10 }) },
        ping: { target: "idle", actions: "echo" },
      },
    },
  },
});

function run(events: Ev[], lane: boolean): { log: string[]; state: unknown; n: number; status: string } {
  const log: string[] = [];
  const actor = createActor(chart, { input: { log } });
  const failed: string[] = [];
  actor.subscribe({ error: (e) => failed.push(String(e)) });
  if (lane) openLane(actor, (e) => failed.push(String(e)));
  actor.start();
  for (const e of events) sendToChart(actor, e);
  const s = actor.getSnapshot();
  return { log: [...log, ...failed.map((f) => `failed ${f}`)], state: s.value, n: s.context.n, status: s.status };
}

const CASES: [string, Ev[]][] = [
  [
    "targetless actions on the leaf and on the root, guards with and without params",
    [{ type: "tick" }, { type: "ping", v: 5 }, { type: "ping", v: 500 }, { type: "tick" }, { type: "ping", v: 7 }],
  ],
  [
    "a transition with a target, an entry action, and an assign go through XState",
    [
      { type: "ping", v: 5 },
      { type: "ping", v: 50 },
      { type: "tick" },
      { type: "bump" },
      { type: "tick" },
      { type: "ping", v: 1 },
      { type: "tick" },
    ],
  ],
  ["an event no transition takes is dropped", [{ type: "bump" }, { type: "tick" }, { type: "go" }, { type: "go" }]],
  [
    "a send from an action to its own chart is taken after the action, as XState's mailbox does",
    [{ type: "go" }, { type: "tick" }, { type: "tick" }],
  ],
];

for (const [name, events] of CASES)
  test(`lane and XState agree: ${name}`, () => {
    const plain = run(events, false);
    const laned = run(events, true);
    assert.deepEqual(laned, plain);
    assert.ok(plain.log.length > 0);
  });

test("an action that throws in the lane stops the role and reports it, as XState does", () => {
  const laned = run([{ type: "tick" }, { type: "boom" }, { type: "tick" }], true);
  const plain = run([{ type: "tick" }, { type: "boom" }, { type: "tick" }], false);
  assert.deepEqual(laned.log, plain.log);
  assert.match(laned.log.at(-1)!, /failed Error: boom/);
  assert.notEqual(laned.status, "active");
});

test("the lane really skips XState for quiet events (the snapshot stays the same object)", () => {
  const log: string[] = [];
  const actor = createActor(chart, { input: { log } });
  openLane(actor, () => undefined);
  actor.start();
  const before = actor.getSnapshot();
  sendToChart(actor, { type: "tick" });
  sendToChart(actor, { type: "ping", v: 3 });
  assert.equal(actor.getSnapshot(), before);
  assert.deepEqual(log, ["root:tick", "echo 3 n=1"]);
  sendToChart(actor, { type: "go" });
  assert.notEqual(actor.getSnapshot(), before);
});
