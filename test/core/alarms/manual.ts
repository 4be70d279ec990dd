import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest folder above this file with a package.json (works from src and dist). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

/** Manual 003 lives next to the repository: `<repo>/../shared/seeds/` (/work/shared/seeds locally and in CI). */
export const MANUAL_PATH = join(repoRoot(), "..", "shared", "seeds", "003_87238a66d6fc5e9e.txt");

/** The text of §6.2, from its heading up to the heading of Appendix A. */
export function faultCodeSection(): string {
  if (!existsSync(MANUAL_PATH)) throw new Error(`manual 003 not found at ${MANUAL_PATH}`);
  const lines = readFileSync(MANUAL_PATH, "utf8").split("\n");
  const start = lines.findIndex((l) => l.startsWith("6.2 Fault Code Descriptions"));
  const end = lines.findIndex((l, i) => i > start && l.trim().startsWith("Appendix A How to Configure"));
  if (start < 0 || end < 0) throw new Error(`§6.2 or Appendix A not found in ${MANUAL_PATH}`);
  return lines.slice(start, end).join("\n");
}
