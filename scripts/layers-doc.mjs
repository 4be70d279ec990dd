// Writes the layer table of docs/design.md ("## Layers") from LAYERS in .dependency-cruiser.cjs, the rule file
// that `npm run lint` enforces. `node scripts/layers-doc.mjs --check` exits 1 when the table is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const root = new URL("..", import.meta.url).pathname;
const { LAYERS } = createRequire(import.meta.url)(`${root}.dependency-cruiser.cjs`);
const BEGIN = "<!-- layers:begin (written by scripts/layers-doc.mjs from .dependency-cruiser.cjs) -->";
const END = "<!-- layers:end -->";

const folder = (l) => l.path.replace(/^\^/, "").replace(/\/$/, "");
const rows = [...LAYERS]
  .reverse()
  .map((l) => `| ${l.rank} | \`${folder(l)}\` | ${l.holds} |`)
  .join("\n");
const table = `${BEGIN}\n| rank | folder | holds |\n|---|---|---|\n${rows}\n${END}`;

const file = `${root}docs/design.md`;
const doc = readFileSync(file, "utf8");
const start = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
if (start < 0 || end < start) {
  console.error(`docs/design.md has no ${BEGIN} … ${END} block`);
  process.exit(2);
}
const next = doc.slice(0, start) + table + doc.slice(end + END.length);
if (process.argv.includes("--check")) {
  if (next !== doc) {
    console.error("docs/design.md: the layer table differs from .dependency-cruiser.cjs; run npm run layers:doc");
    process.exit(1);
  }
} else writeFileSync(file, next);
