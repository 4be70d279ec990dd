// Writes the table of operator commands in docs/user-guide.md ("Management API and ipdect ctl") from the command
// table, src/mgmt/commands (compiled: run after `npm run build`). `--check` exits 1 when the table is out of date.
import { writeDocBlock } from "./docBlock.mjs";

const root = new URL("..", import.meta.url).pathname;
const { COMMANDS } = await import(`${root}dist/src/mgmt/commands/index.js`);
const { ctlForm } = await import(`${root}dist/src/cli/ctlCommands.js`);
const BEGIN = "<!-- commands:begin (written by scripts/commands-doc.mjs from src/mgmt/commands) -->";
const END = "<!-- commands:end -->";
const LEVEL = { auditor: "Auditor", "user-admin": "User Admin", "system-admin": "System Admin" };

/**
 * `POST /api/radios/add {mac, name, standby?, region?}` → 202: path parameters as <name>, query, JSON fields, a text
 * body, and the status of a success other than 200.
 */
function request(c) {
  const params = Object.entries(c.params);
  const path = c.path.replace(/:(\w+)/g, "<$1>");
  const query = params.filter(([, p]) => p.in === "query").map(([k]) => `${k}=…`);
  const json = params.filter(([, p]) => p.in === "json").map(([k, p]) => (p.optional ? `${k}?` : k));
  const text = params.some(([, p]) => p.in === "body")
    ? " + body"
    : params.some(([, p]) => p.in === "bytes")
      ? " + file"
      : "";
  const body = json.length === 0 ? text : ` {${json.join(", ")}}`;
  const status = c.status === 200 ? "" : ` → ${c.status}`;
  return `\`${c.method} ${path}${query.length === 0 ? "" : `?${query.join("&")}`}${body}\`${status}`;
}

/** `radio-add` with `radio`, `name`, [`standby`], [`region`], or nothing when a fleet file may not run it. */
function fleet(c) {
  if (c.fleet === undefined) return "";
  const params = Object.entries(c.params).filter(([, p]) => p.fleet !== undefined);
  const keys = params.flatMap(([, p]) =>
    "key" in p.fleet ? [p.optional ? `[\`${p.fleet.key}\`]` : `\`${p.fleet.key}\``] : [],
  );
  const fixed = params.flatMap(([k, p]) => ("fixed" in p.fleet ? [`${k} ${p.fleet.fixed}`] : []));
  return [
    `\`${c.name}\``,
    ...(keys.length === 0 ? [] : [`with ${keys.join(", ")}`]),
    ...(fixed.length === 0 ? [] : [`(${fixed.join(", ")})`]),
  ].join(" ");
}

/** One row; a `|` inside a cell is escaped, as GitHub tables need even in code. */
const row = (cells) => `| ${cells.map((x) => x.replaceAll("|", "\\|")).join(" | ")} |`;
const rows = COMMANDS.map((c) =>
  row([request(c), LEVEL[c.need], c.ctl === undefined ? "" : `\`${ctlForm(c)}\``, fleet(c), c.summary]),
);
const table = [
  "| request | level | `ipdect ctl` | fleet-file `command` | what |",
  "|---|---|---|---|---|",
  ...rows,
].join("\n");

writeDocBlock(
  `${root}docs/user-guide.md`,
  BEGIN,
  END,
  table,
  "docs/user-guide.md: the command table differs from src/mgmt/commands; run npm run docs:commands",
);
