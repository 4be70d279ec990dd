import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { errorCodes, errorTable, StateError, type ErrorCodeEntry } from "../../src/core/errors.js";
import { ROOT } from "../helpers/cli.js";

/**
 * The error code registries (docs/errors.md, docs/style.md §12): the doc is current, every code is registered once,
 * and the throw sites of src/ and sim/ name their codes from the registries and throw the class the entry gives.
 */
interface Registry {
  readonly file: string;
  readonly name: string;
  readonly entries: readonly ErrorCodeEntry[];
}
const { loadRegistries } = (await import(pathToFileURL(join(ROOT, "scripts", "errorRegistries.mjs")).href)) as {
  loadRegistries(root: string): Promise<Registry[]>;
};
const registries = await loadRegistries(ROOT);
const entries = registries.flatMap((r) => r.entries);

const sources = ["src", "sim"]
  .flatMap((dir) => readdirSync(join(ROOT, dir), { recursive: true }).map((f) => join(dir, String(f))))
  .filter((f) => f.endsWith(".ts") && !f.startsWith("src/wire/gen/"));

const CODE = "[A-Z][A-Z0-9_]*";
const LITERAL_AT_THROW = new RegExp(String.raw`(?:new\s+\w*Error|super)\s*\(\s*(["'\x60])(${CODE})\1`, "g");
const LITERAL = new RegExp(String.raw`(["'])(${CODE})\1`, "g");
const REGISTERED_AT = /(?:new\s+(\w+)|super)\s*\(\s*(\w+)\.(\w+)\b/g;

/** What is wrong with the throw sites of one source file, given the registries (`file` is repository-relative). */
function throwSiteProblems(file: string, text: string, regs: readonly Registry[]): string[] {
  const problems: string[] = [];
  const line = (at: number) => `${file}:${text.slice(0, at).split("\n").length}`;
  for (const m of text.matchAll(LITERAL_AT_THROW)) problems.push(`${line(m.index)}: code ${m[2]} written as a literal`);
  if (!regs.some((r) => r.file === file)) {
    const codes = new Set(regs.flatMap((r) => r.entries.map((e) => e.code)));
    for (const m of text.matchAll(LITERAL))
      if (codes.has(m[2]!)) problems.push(`${line(m.index)}: registered code ${m[2]} written as a literal`);
  }
  for (const m of text.matchAll(REGISTERED_AT)) {
    const entry = regs.find((r) => r.name === m[2])?.entries.find((e) => e.name === m[3]);
    if (entry === undefined) continue;
    const thrown = m[1] ?? [...text.slice(0, m.index).matchAll(/class (\w+)/g)].at(-1)?.[1];
    if (thrown !== entry.class.name)
      problems.push(`${line(m.index)}: ${entry.code} is a ${entry.class.name} (${entry.area}), thrown as ${thrown}`);
  }
  return problems;
}

test("docs/errors.md is written from the registries", () => {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "errors-doc.mjs"), "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});

test("every code is registered once, across all areas, with a one-line meaning", () => {
  assert.ok(entries.length > 150, `only ${entries.length} codes found`);
  const areasOf = new Map<string, string[]>();
  for (const e of entries) areasOf.set(e.code, [...(areasOf.get(e.code) ?? []), e.area]);
  const twice = [...areasOf].filter(([, areas]) => areas.length > 1).map(([code, areas]) => `${code}: ${areas}`);
  assert.deepEqual(twice, []);
  for (const e of entries) assert.match(e.meaning, /^[^|\n]+$/, `${e.code}: a one-line meaning without |`);
});

test("every throw site names a registered code and throws its entry's class", () => {
  const problems = sources.flatMap((f) => throwSiteProblems(f, readFileSync(join(ROOT, f), "utf8"), registries));
  assert.deepEqual(problems, []);
});

test("the throw site check finds a literal code, a registered code in a helper call and a wrong class", () => {
  const TestCode = errorCodes("test", { Refused: { code: "TEST_REFUSED", class: StateError, meaning: "refused" } });
  const planted: Registry[] = [{ file: "src/test/errors.ts", name: "TestCode", entries: errorTable(TestCode)! }];
  const check = (text: string) => throwSiteProblems("src/test/x.ts", text, planted);
  assert.equal(check('throw new StateError("NEW_CODE", "why");').length, 1);
  assert.equal(check('fail(path, "TEST_REFUSED", "why");').length, 1);
  assert.equal(check("throw new DecodeError(TestCode.Refused, 'why');").length, 1);
  assert.equal(check("class E extends StateError { constructor() { super(TestCode.Refused, 'why'); } }").length, 1);
  assert.deepEqual(check("throw new StateError(TestCode.Refused, `why`);"), []);
  assert.deepEqual(check('throw new SipParseError("a message, not a code");'), []);
});
