import { IpdectError } from "../core/errors.js";
import type { Command, CtlArgs, Param } from "../mgmt/command.js";
import { API_BODY_MAX } from "../mgmt/api.js";
import { COMMANDS } from "../mgmt/commands/index.js";
import { CliCode } from "./errors.js";

/**
 * `ipdect ctl` read from the operator-command table (docs/design.md "Operator commands"): which entry a word runs,
 * the HTTP request its positionals and options make, and the usage text. No I/O here: ctl.ts sends the request.
 */

/** What parseArgs gave: option name → value. */
export type CtlValues = Readonly<Record<string, string | boolean | undefined>>;

/** The request a ctl command sends. */
export interface CtlRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly body?: string | Uint8Array;
  /** The body's media type, as the OpenAPI document names it: JSON fields, else the body parameter's. */
  readonly contentType?: string;
  /** What was sent, by parameter name (the entry's text says what the command did with it). */
  readonly args: CtlArgs;
}

const CTL_COMMANDS = COMMANDS.filter((c) => c.ctl !== undefined);
/** The ctl word of an entry. */
export const wordOf = (c: Command): string => c.ctl?.word ?? c.name;

/** Every ctl word, in the table's order. */
export const CTL_WORDS: readonly string[] = [...new Set(CTL_COMMANDS.map(wordOf))];

const ctlParams = (c: Command) => Object.entries(c.params).filter(([, p]) => p.ctl !== undefined);
const valueOptionsOf = (c: Command): string[] =>
  ctlParams(c).flatMap(([, p]) => (p.ctl !== undefined && "option" in p.ctl ? [p.ctl.option] : []));
const flagsOf = (c: Command): string[] =>
  ctlParams(c).flatMap(([, p]) => (p.ctl !== undefined && "flag" in p.ctl ? [p.ctl.flag] : []));
const optionsOf = (c: Command): string[] => [...valueOptionsOf(c), ...flagsOf(c)];

/** Every option with a value a command's parameter takes, with the table's order (each once). */
export const CTL_OPTIONS: readonly string[] = [...new Set(CTL_COMMANDS.flatMap(valueOptionsOf))];
/** Every flag (an option without a value) a command's parameter takes. */
export const CTL_FLAGS: readonly string[] = [...new Set(CTL_COMMANDS.flatMap(flagsOf))];

/** What follows the word for entry `c`: its positionals and options; `optional` brackets every option. */
function usageParts(c: Command, optional: boolean): string[] {
  const params = ctlParams(c).map(([, p]): string => {
    const from = p.ctl!;
    if ("positional" in from) return from.positional;
    if ("rest" in from) return from.rest;
    if ("flag" in from) return `[--${from.flag}]`;
    const option = `--${from.option} ${from.value}`;
    return optional || p.optional === true || p.default !== undefined ? `[${option}]` : option;
  });
  const out = c.ctl?.out;
  return [
    ...params,
    ...(out === undefined ? [] : [out.required === true ? `--out ${out.file}` : `[--out ${out.file}]`]),
  ];
}

/** The ctl form of one entry, e.g. `config --set <file.txt>` (docs/user-guide.md's command table). */
export const ctlForm = (c: Command): string => [wordOf(c), ...usageParts(c, false)].join(" ");

/** The usage of a word: its positionals and options (those of a second entry of the word in brackets). */
export function ctlUsage(word: string): string {
  const entries = CTL_COMMANDS.filter((c) => wordOf(c) === word);
  return [word, ...new Set(entries.flatMap((c) => usageParts(c, c !== entries[0])))].join(" ");
}

/** The ctl part of `ipdect --help`: every word with its usage and what it does. */
export function ctlHelp(indent: string): string {
  const width = 44;
  return CTL_WORDS.map((word) => {
    const usage = ctlUsage(word);
    const summary = CTL_COMMANDS.find((c) => wordOf(c) === word)!.summary;
    return usage.length < width
      ? `${indent}${usage.padEnd(width)}${summary}\n`
      : `${indent}${usage}\n${indent}${" ".repeat(width)}${summary}\n`;
  }).join("");
}

/**
 * The entry a word runs. A word of two entries (`config`, `config --set`) runs the one whose option is given, else
 * the one that takes none.
 */
export function ctlCommand(word: string | undefined, values: CtlValues): Command {
  const entries = CTL_COMMANDS.filter((c) => wordOf(c) === word);
  const given = entries.filter((c) => optionsOf(c).some((o) => values[o] !== undefined));
  const entry = entries.length === 1 ? entries[0] : (given[0] ?? entries.find((c) => optionsOf(c).length === 0));
  if (entry === undefined)
    throw new IpdectError(
      CliCode.Usage,
      `unknown ctl command ${word ?? "(none)"}; the commands are ${CTL_WORDS.join(", ")}`,
    );
  return entry;
}

/** `--out <file>` of a command that writes its answer to a file, or undefined. */
export function ctlOut(c: Command, values: CtlValues): string | undefined {
  const out = c.ctl?.out;
  if (out === undefined) return undefined;
  if (out.required === true && values["out"] === undefined) throw new IpdectError(CliCode.Usage, ctlUsage(wordOf(c)));
  return values["out"] as string | undefined;
}

/**
 * The request of command `c` given the words after it and the options: each parameter from its positional or
 * option (a file's text where it names a file, its bytes for a binary upload; a number where the API takes one),
 * into the path, the query, the JSON object body or the body, as the API reads it.
 */
export function ctlRequest(
  c: Command,
  words: readonly string[],
  values: CtlValues,
  readText: (file: string) => string,
  readBytes: (file: string) => Uint8Array = (file) => new TextEncoder().encode(readText(file)),
): CtlRequest {
  const params = ctlParams(c);
  const positional = params.filter(([, p]) => "positional" in p.ctl!).length;
  const rest = params.some(([, p]) => "rest" in p.ctl!);
  // A command without positionals ignores extra words, as ctl always did.
  const wordsFit = rest ? words.length > positional : positional === 0 || words.length === positional;
  const missing = params.some(([, p]) => {
    const from = p.ctl!;
    return "option" in from && values[from.option] === undefined && p.optional !== true && p.default === undefined;
  });
  if (!wordsFit || missing) throw new IpdectError(CliCode.Usage, ctlUsage(wordOf(c)));
  let next = 0;
  const valueOf = (p: Param<unknown>): unknown => {
    const from = p.ctl!;
    if ("rest" in from) return words.slice(next);
    if ("flag" in from) return values[from.flag] === true ? "true" : undefined;
    const text = "positional" in from ? words[next++]! : ((values[from.option] as string | undefined) ?? p.default);
    if (text === undefined) return undefined;
    if ("file" in from) return p.in === "bytes" ? readBytes(text) : readText(text);
    return p.shape === "number" ? Number(text) : text;
  };
  const args = params.map(([k, p]) => [k, p, valueOf(p)] as const).filter(([, , v]) => v !== undefined);
  const segment = new Map(args.filter(([, p]) => p.in === "path").map(([k, , v]) => [`:${k}`, String(v)]));
  const path = c.path
    .split("/")
    .map((s) => (segment.has(s) ? encodeURIComponent(segment.get(s)!) : s))
    .join("/");
  const query = args
    .filter(([, p]) => p.in === "query")
    .map(([k, , v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join("&");
  const json = args.filter(([, p]) => p.in === "json").map(([k, , v]) => [k, v]);
  const whole = args.find(([, p]) => p.in === "body" || p.in === "bytes");
  const body = json.length > 0 ? JSON.stringify(Object.fromEntries(json)) : (whole?.[2] as string | Uint8Array);
  // Checked here, not left to the node's 413: a node that refuses a body may close the connection while a large body
  // is still being sent, and ctl would then see a reset, not the answer.
  const max = c.maxBody ?? API_BODY_MAX;
  const size = typeof body === "string" ? Buffer.byteLength(body) : (body?.length ?? 0);
  if (size > max)
    throw new IpdectError(CliCode.TooLarge, `request body over ${max} bytes (${size}): the node takes at most ${max}`);
  const media =
    json.length > 0
      ? "application/json"
      : (whole?.[1].media ?? (whole?.[1].in === "bytes" ? "application/octet-stream" : "text/plain"));
  return {
    method: c.method,
    path: query === "" ? path : `${path}?${query}`,
    ...(body === undefined ? {} : { body, contentType: media }),
    args: Object.fromEntries(args.map(([k, , v]) => [k, v])),
  };
}

/** The entries whose answers ctl shows after `c`'s (`ctl.also`, GETs without required parameters), in the table's order. */
export const ctlAlso = (c: Command): readonly Command[] => COMMANDS.filter((e) => c.ctl?.also?.includes(e.name));
