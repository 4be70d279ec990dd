// Writes the tables of docs/errors.md, one per area, from the error code registries (scripts/errorRegistries.mjs;
// compiled: run after `npm run build`), areas bottom-up in the order of the layers (.dependency-cruiser.cjs).
// `--check` exits 1 when the tables are out of date.
import { writeDocBlock } from "./docBlock.mjs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { loadRegistries } from "./errorRegistries.mjs";

const root = `${join(import.meta.dirname, "..")}/`;
const { LAYERS } = createRequire(import.meta.url)(`${root}.dependency-cruiser.cjs`);
const { httpStatusOfClass } = await import(`${root}dist/src/mgmt/httpStatus.js`);
const BEGIN = "<!-- errors:begin (written by scripts/errors-doc.mjs from the error code registries) -->";
const END = "<!-- errors:end -->";

const entries = (await loadRegistries(root)).flatMap((r) => r.entries.map((e) => ({ ...e, file: r.file })));
const areas = LAYERS.map((l) => l.name).filter((a) => entries.some((e) => e.area === a));
const stray = entries.filter((e) => !areas.includes(e.area));
if (stray.length > 0) {
  console.error(`areas that are not layers of .dependency-cruiser.cjs: ${[...new Set(stray.map((e) => e.area))]}`);
  process.exit(2);
}
const section = (area) => {
  const rows = entries.filter((e) => e.area === area);
  const files = [...new Set(rows.map((e) => `\`${e.file}\``))].join(", ");
  return [
    `### ${area}`,
    "",
    `From ${files}.`,
    "",
    "| code | class | HTTP | meaning |",
    "|---|---|---|---|",
    ...rows.map((e) => `| \`${e.code}\` | ${e.class.name} | ${httpStatusOfClass(e.class)} | ${e.meaning} |`),
  ].join("\n");
};
const tables = areas.map(section).join("\n\n");

writeDocBlock(
  `${root}docs/errors.md`,
  BEGIN,
  END,
  tables,
  "docs/errors.md: the tables differ from the error code registries; run npm run docs:errors",
);
