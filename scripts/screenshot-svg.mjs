// Renders an SVG (e.g. from `ipdect sync-tree --svg`) to a PNG of its full size with headless Chromium, to look at
// the picture while working on it. Not part of the tests. Usage: node scripts/screenshot-svg.mjs in.svg out.png
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  console.error("usage: node scripts/screenshot-svg.mjs in.svg out.png");
  process.exit(2);
}
const size = /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(readFileSync(input, "utf8"));
if (size === null) {
  console.error(`${input}: no width and height on the <svg> element`);
  process.exit(2);
}
const browser = process.env["CHROMIUM"] ?? "chromium";
const r = spawnSync(
  browser,
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
    `--screenshot=${resolve(output)}`,
    `--window-size=${size[1]},${size[2]}`,
    pathToFileURL(resolve(input)).href,
  ],
  // Headless Chromium complains about D-Bus on every run; its messages only matter when it fails.
  { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] },
);
if (r.error !== undefined) console.error(`${browser}: ${r.error.message} (apt-get install chromium, or set CHROMIUM)`);
else if (r.status !== 0) console.error(r.stderr);
process.exit(r.status ?? 1);
