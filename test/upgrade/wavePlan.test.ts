import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { planUpgrade, type SiteRadio } from "../../src/upgrade/wavePlan.js";

const radio = (name: string, o: Partial<SiteRadio> = {}): SiteRadio => ({
  name,
  ip: "127.0.0.1",
  region: 0,
  role: "slave",
  source: undefined,
  neighbours: [],
  ...o,
});

/** The invariants of a plan's radio waves (§4.15.2 "3. Radios", our rules: docs/design.md "Rolling upgrade"). */
function checkWaves(radios: readonly SiteRadio[], waves: readonly (readonly string[])[], maxWave: number): void {
  const byName = new Map(radios.map((r) => [r.name, r]));
  const hears = (a: string, b: string) =>
    byName.get(a)!.neighbours.includes(b) || byName.get(b)!.neighbours.includes(a);
  assert.deepEqual(waves.flat().sort(), radios.map((r) => r.name).sort(), "every radio once");
  const waveOf = new Map(waves.flatMap((w, i) => w.map((n) => [n, i] as const)));
  for (const w of waves) {
    assert.ok(w.length <= maxWave);
    for (const a of w)
      for (const b of w) {
        if (a === b) continue;
        assert.ok(!hears(a, b), `${a} and ${b} hear each other yet reset together`);
        assert.notEqual(byName.get(a)!.source, b, `${a} takes its sync from ${b}, in the same wave`);
      }
  }
  for (const r of radios) {
    const candidate = r.role === "active-master" || r.role === "standby-candidate";
    if (!candidate) continue;
    const others = waves.filter((w) => w.includes(r.name))[0]!;
    assert.equal(others.length, 1, `${r.name}, a sync master candidate, resets alone`);
    for (const x of radios)
      if (x.region === r.region && x.role === "slave") assert.ok(waveOf.get(x.name)! < waveOf.get(r.name)!);
  }
}

test("§4.15.2's sequence: Standby Mobility Master, Mobility Master, radios, Standby Master, Master", () => {
  const plan = planUpgrade(
    [radio("r1", { neighbours: ["r2"] }), radio("r2", { neighbours: ["r1"] })],
    { standbyMobilityMaster: "smm", mobilityMaster: "mm", standbyMaster: "sm", master: "m" },
    10,
  );
  assert.deepEqual(
    plan.steps.map((s) => [s.kind, s.devices]),
    [
      ["standby-mobility-master", ["smm"]],
      ["mobility-master", ["mm"]],
      ["radios", ["r1"]],
      ["radios", ["r2"]],
      ["standby-master", ["sm"]],
      ["master", ["m"]],
    ],
  );
  assert.deepEqual(plan.gaps, []);
});

test("a row of radios: neighbours never together, the sync children before their sources, the candidates last", () => {
  // r1 — r2 — r3 — r4 — r5 — r6, r3 the active sync master, r4 the standby candidate; the tree r3 → r2 → r1, r3 → r4 → r5 → r6.
  const n = (i: number) => [i - 1, i + 1].filter((j) => j >= 1 && j <= 6).map((j) => `r${j}`);
  const radios = [
    radio("r1", { neighbours: n(1), source: "r2" }),
    radio("r2", { neighbours: n(2), source: "r3" }),
    radio("r3", { neighbours: n(3), role: "active-master" }),
    radio("r4", { neighbours: n(4), role: "standby-candidate" }),
    radio("r5", { neighbours: n(5), source: "r4" }),
    radio("r6", { neighbours: n(6), source: "r5" }),
  ];
  const plan = planUpgrade(radios, { master: "m" }, 10);
  const waves = plan.steps.filter((s) => s.kind === "radios").map((s) => s.devices);
  checkWaves(radios, waves, 10);
  assert.deepEqual(waves.slice(-2), [["r4"], ["r3"]], "the standby candidate, then the active sync master");
});

test("gaps: a radio no other hears, a region with one sync master candidate", () => {
  const plan = planUpgrade(
    [radio("alone"), radio("m1", { role: "active-master", region: 2, neighbours: ["s1"] }), radio("s1", { region: 2 })],
    { master: "m" },
    5,
  );
  assert.deepEqual(plan.gaps, [
    "alone: no neighbour carries its area",
    "region 2: one sync master candidate (m1)",
    "m: no Standby Master, its radios have no Master while it resets (§4.6.19)",
  ]);
});

test("property: random sites keep every invariant, and waves stay within maxWave", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 40 }),
      fc.integer({ min: 1, max: 8 }),
      fc.array(fc.tuple(fc.nat(39), fc.nat(39)), { maxLength: 120 }),
      fc.array(fc.nat(39), { maxLength: 40 }),
      (count, maxWave, edges, parents) => {
        const names = Array.from({ length: count }, (_, i) => `r${i}`);
        const neighbours = names.map(() => new Set<string>());
        for (const [a, b] of edges)
          if (a < count && b < count && a !== b) {
            neighbours[a]!.add(names[b]!);
            neighbours[b]!.add(names[a]!);
          }
        const radios = names.map((name, i) =>
          radio(name, {
            role: i === 0 ? "active-master" : i === 1 ? "standby-candidate" : "slave",
            // Sources point to a lower index: a tree rooted at the candidates.
            source: i >= 2 ? names[(parents[i] ?? 0) % i] : undefined,
            neighbours: [...neighbours[i]!],
          }),
        );
        const plan = planUpgrade(radios, { master: "m" }, maxWave);
        checkWaves(
          radios,
          plan.steps.filter((s) => s.kind === "radios").map((s) => s.devices),
          maxWave,
        );
      },
    ),
    { numRuns: 500, seed: 21 },
  );
});
