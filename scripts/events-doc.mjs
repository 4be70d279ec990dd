// Writes the table of event kinds in docs/user-guide.md ("### Event log") from EVENT_KINDS and STATE_ROLES in
// src/role/EventLog.ts (compiled: run after `npm run build`). `--check` exits 1 when the table is out of date.
import { writeDocBlock } from "./docBlock.mjs";

const root = new URL("..", import.meta.url).pathname;
const { EVENT_KINDS, STATE_ROLES } = await import(`${root}dist/src/role/EventLog.js`);
const BEGIN = "<!-- events:begin (written by scripts/events-doc.mjs from src/role/EventLog.ts) -->";
const END = "<!-- events:end -->";

const kinds = Object.entries(EVENT_KINDS).map(([k, v]) => `| \`${k}\` | ${v.fields} | ${v.meaning} |`);
const roles = Object.entries(STATE_ROLES).map(([r, v]) => `| \`${r}\` | ${v} |`);
const table = [
  "| kind | fields | meaning |",
  "|---|---|---|",
  ...kinds,
  "",
  "The `role` of a `state` event:",
  "",
  "| role | states and details |",
  "|---|---|",
  ...roles,
].join("\n");

writeDocBlock(
  `${root}docs/user-guide.md`,
  BEGIN,
  END,
  table,
  "docs/user-guide.md: the event table differs from src/role/EventLog.ts; run npm run docs:events",
);
