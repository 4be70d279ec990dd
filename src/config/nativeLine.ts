import { KerberosJoinCode } from "../kerberos/joinErrors.js";
import { isJoinLine, readJoinLine } from "../kerberos/joinScript.js";
import type { JoinOrder } from "../kerberos/joinOrder.js";
import { parseBackupLine } from "../users/backupLines.js";
import type { ConfigUser } from "../users/configUser.js";
import { ConfigError, DecodeError } from "../core/errors.js";
import { ConfigCode } from "../core/config/configCodes.js";
import { findMiscasedModule, findNativeModule } from "./nativeModules.js";
import { setsSame, type NativeModule, type NativeOption } from "../core/config/nativeModule.js";
import { splitLines, tokenize, type NativeToken } from "../core/config/nativeTokens.js";

/** One option of a `config add|change|rem` line; `value` is absent for flags and for `rem`. */
export interface NativeSetting {
  readonly option: NativeOption;
  readonly value?: string;
}

/** One command of the native text form, with its 1-based line. */
export type NativeCommand =
  | {
      readonly kind: "config";
      readonly verb: "add" | "change" | "rem";
      readonly module: NativeModule;
      readonly settings: readonly NativeSetting[];
      readonly line: number;
    }
  /** `config write`: store the configuration. */
  | { readonly kind: "write"; readonly line: number }
  /** `config activate`: apply the stored configuration without a reset. */
  | { readonly kind: "activate"; readonly line: number }
  /** App. C: the row `mod cmd FLASHDIR0 add-view 101 cn=PBX0` after which the user records follow. */
  | { readonly kind: "users"; readonly line: number }
  /** App. C: one user record, `mod cmd FLASHDIR0 add-item 101 (cn=…)…` (users/backupLines.ts). */
  | { readonly kind: "user"; readonly user: ConfigUser; readonly line: number }
  /** App. E: the update script's join line, `vars create CMD0/KCMD p <join …>…</join>` (kerberos/joinScript.ts). */
  | { readonly kind: "kerberos-join"; readonly order: JoinOrder; readonly line: number }
  /** A line this version does not model (`mod …`, `vars …`, `config … <other module>`), kept as written (trimmed). */
  | { readonly kind: "verbatim"; readonly text: string; readonly line: number };

const CONFIG_VERBS = ["add", "change", "rem", "write", "activate"] as const;
/** First words kept verbatim: module commands (`mod cmd UP1 …`, App. A/C) and variables (`vars create …`, App. E). */
const VERBATIM_COMMANDS = ["mod", "vars"];

/** Reads every line of a native text; blank lines and `#` comments are dropped. */
export function readNativeText(text: string, source: string): NativeCommand[] {
  const commands: NativeCommand[] = [];
  splitLines(text).forEach((raw, i) => {
    const command = readNativeLine(raw, i + 1, source);
    if (command !== undefined) commands.push(command);
  });
  return commands;
}

/** Whether `text` is one line that readNativeText would keep verbatim, exactly as written. */
export function isVerbatimLine(text: string): boolean {
  if (/[\r\n]/.test(text) || text.trim() !== text) return false;
  try {
    return readNativeLine(text, 1, "")?.kind === "verbatim";
  } catch (e) {
    if (e instanceof ConfigError) return false;
    throw e;
  }
}

/** One line as a command; undefined for a blank line or a `#` comment. */
export function readNativeLine(raw: string, line: number, source: string): NativeCommand | undefined {
  const text = raw.trim();
  if (text === "" || text.startsWith("#")) return undefined;
  const fail = (code: ConfigCode, message: string, field?: string): never => {
    throw new ConfigError(code, message, { source, line, ...(field === undefined ? {} : { field }) });
  };
  const words = text.split(/\s+/, 4);
  const [command, verb, module, sub] = words;
  if (isJoinLine(text)) return readJoin(text, line, source);
  if (command !== undefined && VERBATIM_COMMANDS.includes(command))
    return readBackupLine(text, line, source) ?? { kind: "verbatim", text, line };
  if (command !== "config") {
    return fail(ConfigCode.UnknownCommand, `unknown command ${JSON.stringify(command)}; expected config, mod or vars`);
  }
  if (verb === "write" || verb === "activate") {
    if (words.length > 2) fail(ConfigCode.UnexpectedValue, `nothing may follow "config ${verb}"`);
    return { kind: verb, line };
  }
  if (verb !== "add" && verb !== "change" && verb !== "rem") {
    const got = verb === undefined ? "no verb" : JSON.stringify(verb);
    return fail(ConfigCode.UnknownVerb, `config needs one of ${CONFIG_VERBS.join(", ")}, got ${got}`);
  }
  if (module === undefined) return fail(ConfigCode.MissingModule, `"config ${verb}" needs a module, e.g. MASTER0`);
  // The admin line of a backup (auth/backupAdmin.ts) is no setting: kept verbatim it would come back in every later
  // backup beside the new one.
  if (module.toUpperCase() === "BACKUP0")
    fail(ConfigCode.BackupAdminLine, "a backup's admin line: restore the file (PUT /api/backup, ipdect ctl restore)");
  const spec = findNativeModule(module, sub);
  if (spec === undefined) {
    const miscased = findMiscasedModule(module, sub);
    if (miscased !== undefined) fail(ConfigCode.ModuleCase, `module names are upper case: write ${miscased.label}`);
    return { kind: "verbatim", text, line };
  }
  const rest = restAfterWords(text, spec.sub === undefined ? 3 : 4);
  const settings = readSettings(tokenize(rest), spec, verb, fail);
  if (spec.list !== undefined && verb === "rem" && settings.length > 0)
    fail(ConfigCode.UnexpectedValue, `config rem ${spec.label} takes no options: it removes every item`, spec.label);
  return { kind: "config", verb, module: spec, settings, line };
}

/** An App. C user line as a command; undefined for any other line. */
function readBackupLine(text: string, line: number, source: string): NativeCommand | undefined {
  try {
    const b = parseBackupLine(text, line);
    return b === undefined
      ? undefined
      : b.kind === "view"
        ? { kind: "users", line }
        : { kind: "user", user: b.user, line };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const { field, offset } = e.context;
    throw new ConfigError(ConfigCode.UserLine, e.reason, { source, line, field, offset, cause: e });
  }
}

/** App. E's join line as a command; its DecodeError becomes a ConfigError that names this line. */
function readJoin(text: string, line: number, source: string): NativeCommand {
  try {
    return { kind: "kerberos-join", order: readJoinLine(text), line };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    throw new ConfigError(KerberosJoinCode.JoinLine, e.reason, { source, line, field: e.context.field, cause: e });
  }
}

/** What follows the first `count` words of `text`. */
function restAfterWords(text: string, count: number): string {
  const head = new RegExp(`^(?:\\S+\\s+){${count - 1}}\\S+`).exec(text);
  return head === null ? "" : text.slice(head[0].length);
}

function readSettings(
  tokens: readonly NativeToken[],
  spec: NativeModule,
  verb: "add" | "change" | "rem",
  fail: (code: ConfigCode, message: string, field?: string) => never,
): NativeSetting[] {
  const last = tokens[tokens.length - 1];
  if (last?.unterminated === true) {
    const before = tokens[tokens.length - 2];
    const field = before?.isOption === true ? `${spec.label} ${before.text}` : spec.label;
    fail(ConfigCode.UnterminatedQuote, "a quoted value is not closed before the end of the line", field);
  }
  const settings: NativeSetting[] = [];
  const allowed = spec.options.map((o) => o.name).join(", ");
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.isOption) {
      fail(
        ConfigCode.UnexpectedValue,
        `expected an option (${allowed}), got ${JSON.stringify(token.text)}`,
        spec.label,
      );
    }
    const option = spec.options.find((o) => o.name === token.text);
    if (option === undefined) {
      return fail(
        ConfigCode.UnknownOption,
        `unknown option; ${spec.label} has ${allowed}`,
        `${spec.label} ${token.text}`,
      );
    }
    const field = `${spec.label} ${option.name}`;
    const twin = settings.find((s) => setsSame(s.option, option));
    if (twin !== undefined) {
      const what = twin.option === option ? "given twice" : `sets the same as ${twin.option.name}`;
      fail(ConfigCode.DuplicateOption, `${what} in one line`, field);
    }
    const next = tokens[i + 1];
    const takesValue = verb !== "rem" && option.type !== "flag";
    if (!takesValue) {
      if (next !== undefined && !next.isOption) {
        const why = verb === "rem" ? "config rem takes option names only" : "this option takes no value";
        fail(ConfigCode.UnexpectedValue, `${why}, got ${JSON.stringify(next.text)}`, field);
      }
      settings.push({ option });
      continue;
    }
    if (next === undefined || next.isOption) fail(ConfigCode.MissingValue, "needs a value", field);
    settings.push({ option, value: next.text });
    i++;
  }
  return settings;
}
