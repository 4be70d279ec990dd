import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (tests run from dist/test/…). */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Runs `ipdect <args>` to completion in `cwd` (default: the repository root), with `env` added to the environment. */
export function runIpdect(args: readonly string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(ROOT, "bin/ipdect.js"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
}
