// Writes the layer table of docs/design.md ("## Layers") from LAYERS in .dependency-cruiser.cjs, the rule file
// that `npm run lint` enforces. `node scripts/layers-doc.mjs --check` exits 1 when the table is out of date.
import { writeDocBlock } from "./docBlock.mjs";
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
const table = `| rank | folder | holds |\n|---|---|---|\n${rows}`;

writeDocBlock(
  `${root}docs/design.md`,
  BEGIN,
  END,
  table,
  "docs/design.md: the layer table differs from .dependency-cruiser.cjs; run npm run layers:doc",
);
