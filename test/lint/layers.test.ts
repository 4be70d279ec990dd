import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { ROOT } from "../helpers/cli.js";

/**
 * The layer checker of `npm run lint` (dependency-cruiser with .dependency-cruiser.cjs, docs/design.md "Layers") run
 * on small planted trees: each breaks one rule and must fail with that rule's name; a clean tree passes.
 */
const CONFIG = join(ROOT, ".dependency-cruiser.cjs");
const DEPCRUISE = join(ROOT, "node_modules", ".bin", "depcruise");
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function cruise(files: Record<string, string>): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), "ipdect-layers-"));
  dirs.push(dir);
  const tsconfig = { compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true } };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const r = spawnSync(DEPCRUISE, ["src", "sim", "--config", CONFIG, "--output-type", "err"], {
    cwd: dir,
    encoding: "utf8",
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const BASE = {
  "src/core/Clock.ts": "export interface Clock { now(): number }\n",
  "src/master/MasterCore.ts":
    'import type { Clock } from "../core/Clock.js";\nexport const master = (c: Clock) => c.now();\n',
  "sim/run.ts": 'import { master } from "../src/master/MasterCore.js";\nexport const run = master;\n',
};

test("a tree whose imports all point down passes the layer checker", () => {
  const r = cruise(BASE);
  assert.equal(r.status, 0, r.out);
});

test("an upward import (core → master) fails the layer checker", () => {
  const r = cruise({
    ...BASE,
    "src/core/up.ts": 'import { master } from "../master/MasterCore.js";\nexport { master };\n',
  });
  assert.notEqual(r.status, 0);
  assert.match(r.out, /layer-core: src\/core\/up\.ts → src\/master\/MasterCore\.ts/);
});

test("a peer import between two roles of one rank (sip → ldap) fails the layer checker", () => {
  const r = cruise({
    ...BASE,
    "src/ldap/filter.ts": "export const filter = 1;\n",
    "src/sip/agent.ts": 'import { filter } from "../ldap/filter.js";\nexport { filter };\n',
  });
  assert.notEqual(r.status, 0);
  assert.match(r.out, /layer-sip: src\/sip\/agent\.ts → src\/ldap\/filter\.ts/);
});

test("a cycle between two files of one folder fails the layer checker", () => {
  const r = cruise({
    ...BASE,
    "src/master/a.ts": 'import { b } from "./b.js";\nexport const a = () => b();\n',
    "src/master/b.ts": 'import { a } from "./a.js";\nexport const b = (): unknown => a;\n',
  });
  assert.notEqual(r.status, 0);
  assert.match(r.out, /no-cycle: src\/master\/(a|b)\.ts/);
});

test("a cycle between two folders (pari ↔ sync) fails the layer checker", () => {
  const r = cruise({
    ...BASE,
    "src/pari/table.ts": 'import { tree } from "../sync/tree.js";\nexport const table = () => tree;\n',
    "src/sync/tree.ts": 'import { table } from "../pari/table.js";\nexport const tree = (): unknown => table;\n',
  });
  assert.notEqual(r.status, 0);
  assert.match(r.out, /layer-sync: src\/sync\/tree\.ts → src\/pari\/table\.ts/);
  assert.match(r.out, /no-cycle/);
});

test("src/ importing sim/ fails the layer checker (only src/cli may run fleets)", () => {
  const r = cruise({ ...BASE, "src/device/Device.ts": 'import { run } from "../../sim/run.js";\nexport { run };\n' });
  assert.notEqual(r.status, 0);
  assert.match(r.out, /no-sim-in-src: src\/device\/Device\.ts → sim\/run\.ts/);
});

test("Node I/O outside platform/node, sim and cli fails the layer checker", () => {
  const r = cruise({
    ...BASE,
    "src/radio/io.ts": 'import { readFileSync } from "node:fs";\nexport { readFileSync };\n',
  });
  assert.notEqual(r.status, 0);
  assert.match(r.out, /node-io-at-the-edge: src\/radio\/io\.ts → (node:)?fs/);
});

test("a folder of src/ without a line in the rule file fails the layer checker", () => {
  const r = cruise({
    ...BASE,
    "src/unlisted/agent.ts": 'import type { Clock } from "../core/Clock.js";\nexport type A = Clock;\n',
  });
  assert.notEqual(r.status, 0);
  assert.match(r.out, /unlayered-folder: src\/unlisted\/agent\.ts/);
});

test("the repository itself has 0 upward imports and 0 cycles", () => {
  const r = spawnSync(DEPCRUISE, ["src", "sim", "--config", CONFIG, "--output-type", "err"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});

test("the layer table of docs/design.md is written from the rule file", () => {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "layers-doc.mjs"), "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});
