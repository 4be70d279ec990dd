import { splitLines, tokenize } from "../core/config/nativeTokens.js";
import { DecodeError } from "../core/errors.js";
import { UpdateCode } from "./errors.js";
import type { Product } from "./product.js";
import { MODULE_READERS, quoted, readerOf, syntax, unknown, type LineContext } from "./commandLines.js";
import type { UpdateCommand } from "./updateCommand.js";

export type { FinalCommand, UpdateCommand } from "./updateCommand.js";

/**
 * The largest command file read: 256 KiB. A command file holds a few `mod cmd` lines and `config` lines (A.1.3, App.
 * E); a whole configuration as `config` lines is a few KiB, and the largest text the device takes in elsewhere is
 * the user CSV of 128 KiB (§3.14.3). Twice that leaves room; a larger answer is not a command file (a firmware image
 * at the wrong URL, a server's error page gone astray) and is refused before it is decoded.
 */
export const MAX_COMMAND_FILE_BYTES = 256 * 1024;

/** Control characters other than tab, LF and CR, and (in a string) unpaired surrogates: a file with one is not text. */
const NOT_TEXT = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;

const DEVICE_HINT = { config: "change", vars: "create" } as const;
const MODULE_NAMES = Object.keys(MODULE_READERS).join(", ");

/**
 * A whole command file (A.1.3: "the commands found in the file are executed in sequence"), read all or nothing: one
 * bad line refuses the file with its line number, so nothing is applied half-way. Blank lines and `#` comment lines
 * are skipped, as in the device's native text; CRLF, LF and CR end lines. Without `product`, every module of App. A
 * is known; with it, `boot` on an IPVM (A.1.4: "does not apply to IPVM") and RFP_UPDATE0 on anything but an IPBL
 * (A.1.7: "only applies to the IPBL") are unknown commands. Throws DecodeError: UP_COMMAND_FILE (not text, too
 * large), UP_COMMAND_SYNTAX (the line, the word, what was expected), UP_COMMAND_UNKNOWN, UP_URL (a bad URL's line).
 */
export function parseCommandFile(
  content: Uint8Array | string,
  source: string,
  product?: Product,
): readonly UpdateCommand[] {
  const commands: UpdateCommand[] = [];
  let check: number | undefined;
  splitLines(decodeText(content, source)).forEach((raw, i) => {
    const at: LineContext = { source, line: i + 1, product };
    const command = readLine(raw.trim(), at);
    if (command === undefined) return;
    if (command.module === "UP1" && command.cmd === "check") {
      // A.1.3: after the last command "UPDATE/CHECK will be set to <serial>": one file, one serial.
      if (check !== undefined)
        syntax(at, "mod cmd UP1 check", `given twice (first on line ${check}); a command file has one check serial`);
      check = at.line;
    }
    commands.push(command);
  });
  return commands;
}

function decodeText(content: Uint8Array | string, source: string): string {
  const refuse = (why: string, line?: number): never => {
    throw new DecodeError(UpdateCode.UpCommandFile, why, { source, ...(line === undefined ? {} : { line }) });
  };
  // A string's UTF-8 form has at least as many bytes as the string has UTF-16 units.
  const size = typeof content === "string" ? content.length : content.byteLength;
  const tooLarge = () => refuse(`over ${MAX_COMMAND_FILE_BYTES} bytes: not a command file (App. A.1.3)`);
  if (size > MAX_COMMAND_FILE_BYTES) tooLarge();
  let text: string;
  if (typeof content === "string") {
    text = content;
    if (new TextEncoder().encode(text).byteLength > MAX_COMMAND_FILE_BYTES) tooLarge();
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(content);
    } catch {
      return refuse("not UTF-8 text: not a command file");
    }
  }
  const bad = NOT_TEXT.exec(text);
  if (bad !== null) {
    const line = splitLines(text.slice(0, bad.index)).length;
    const code = bad[0].codePointAt(0)!.toString(16).padStart(2, "0");
    refuse(`not text: character 0x${code} (a binary file is not a command file)`, line);
  }
  return text;
}

/** One trimmed line as a command; undefined for a blank line or a `#` comment. */
function readLine(text: string, at: LineContext): UpdateCommand | undefined {
  if (text === "" || text.startsWith("#")) return undefined;
  const tokens = tokenize(text);
  const first = tokens[0]!.text;
  // A.1.3: "all commands which can be typed in to a telnet session … or which appear in a config file can be used";
  // the device's own reader checks these (config/nativeLine.ts), this one only that they are what it runs.
  if (first === "config" || first === "vars") {
    if (tokens.length < 2)
      syntax(at, first, `"${first}" needs a command after it, e.g. ${first} ${DEVICE_HINT[first]}`);
    return { line: at.line, module: "device", text };
  }
  if (first !== "mod")
    unknown(
      at,
      `unknown command ${quoted(first)}; a command file holds mod cmd ${MODULE_NAMES}, config and vars lines`,
    );
  if (tokens[tokens.length - 1]!.unterminated)
    syntax(at, undefined, "a quoted word is not closed before the line ends");
  const [, cmdWord, module, cmd, ...args] = tokens;
  if (cmdWord?.text !== "cmd") syntax(at, "mod", `expected "mod cmd <module> <command>", got ${quoted(cmdWord?.text)}`);
  if (module === undefined) syntax(at, "mod cmd", `expected a module: ${MODULE_NAMES}`);
  if (!Object.hasOwn(MODULE_READERS, module.text))
    unknown(at, `unknown module ${quoted(module.text)}; a command file knows ${MODULE_NAMES}`);
  if (cmd === undefined) syntax(at, `mod cmd ${module.text}`, "expected a command after the module");
  const read = readerOf(module.text, cmd.text, at.product);
  if (read === undefined) {
    const elsewhere = readerOf(module.text, cmd.text) !== undefined;
    unknown(
      at,
      elsewhere
        ? `mod cmd ${module.text} ${cmd.text} is not for an ${at.product} (App. A.1.4, A.1.7)`
        : `mod cmd ${module.text} has no command ${quoted(cmd.text)}`,
    );
  }
  return { line: at.line, ...read(args, at) };
}
