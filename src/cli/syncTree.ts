import { readInput } from "./readInput.js";
import { parseArgs } from "node:util";
import { IpdectError } from "../core/errors.js";
import type { SyncOverview } from "../sync/overview.js";
import { parseSyncInput } from "../sync/overviewJson.js";
import { syncTreeSvg } from "../sync/overviewSvg.js";
import { syncTreeText } from "../sync/overviewText.js";
import { CliCode } from "./errors.js";
import { writeOutput } from "./outputFile.js";

/** `ipdect sync-tree`: the Air Sync Overview (§4.12.1) from a JSON file as a text tree, and optionally as SVG. */
export function syncTree(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { svg: { type: "string" }, region: { type: "string" } },
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0)
    throw new IpdectError(CliCode.Usage, "ipdect sync-tree needs one <report.json>");
  const { overview, device } = parseSyncInput(readInput(file), file);
  const shown = values.region === undefined ? overview : oneRegion(overview, values.region, file);
  process.stdout.write(`${device === undefined ? "" : `PARI Master ${device}\n`}${syncTreeText(shown)}`);
  if (values.svg !== undefined) writeOutput(values.svg, syncTreeSvg(shown));
  return 0;
}

function oneRegion(o: SyncOverview, arg: string, file: string): SyncOverview {
  if (!/^\d+$/.test(arg)) throw new IpdectError(CliCode.Usage, `--region takes a region number, got "${arg}"`);
  const regions = o.regions.filter((r) => r.region === Number(arg));
  if (regions.length === 0)
    throw new IpdectError(
      CliCode.SyncRegion,
      `region ${arg} is not in the overview (regions ${o.regions.map((r) => r.region).join(", ") || "none"})`,
      { source: file },
    );
  return { ...o, regions };
}
