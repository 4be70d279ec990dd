// Writes a generated block of a document, between its BEGIN and END marker lines (both kept), from the source that
// is its truth; with --check on the command line, exits 1 instead when the block is out of date. Used by the
// layers, events, errors and commands doc scripts.
import { readFileSync, writeFileSync } from "node:fs";

/**
 * @param {string} file the document
 * @param {string} begin the opening marker line
 * @param {string} end the closing marker line
 * @param {string} body the generated lines between the markers
 * @param {string} stale what to say when --check finds the block out of date
 */
export function writeDocBlock(file, begin, end, body, stale) {
  const doc = readFileSync(file, "utf8");
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start < 0 || stop < start) {
    console.error(`${file} has no ${begin} … ${end} block`);
    process.exit(2);
  }
  const next = doc.slice(0, start) + [begin, body, end].join("\n") + doc.slice(stop + end.length);
  if (!process.argv.includes("--check")) writeFileSync(file, next);
  else if (next !== doc) {
    console.error(stale);
    process.exit(1);
  }
}
