// Loads every error code registry: each src/**/*.ts, sim/**/*.ts or lab/**/*.ts file that calls errorCodes (src/core/errors.ts),
// from its compiled module under dist/ (run after `npm run build`). The source of docs/errors.md
// (scripts/errors-doc.mjs) and of its test (test/core/errors.test.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const load = (root, file) => import(pathToFileURL(join(root, "dist", file.replace(/\.ts$/, ".js"))).href);

/** `[{ file, name, entries }]`: the repository-relative source file, the export's name, the registry's entries. */
export async function loadRegistries(root) {
  const { errorTable } = await load(root, "src/core/errors.ts");
  const files = ["src", "sim", "lab"]
    .flatMap((dir) => readdirSync(join(root, dir), { recursive: true }).map((f) => join(dir, String(f))))
    .filter((f) => f.endsWith(".ts") && /= errorCodes\(/.test(readFileSync(join(root, f), "utf8")))
    .sort();
  const registries = [];
  for (const file of files)
    for (const [name, value] of Object.entries(await load(root, file))) {
      const entries = errorTable(value);
      if (entries !== undefined) registries.push({ file, name, entries });
    }
  return registries;
}
