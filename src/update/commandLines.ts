import type { NativeToken } from "../core/config/nativeTokens.js";
import { DecodeError } from "../core/errors.js";
import { Mac } from "../core/identity/Mac.js";
import { UpdateCode } from "./errors.js";
import type { Product } from "./product.js";
import { FINAL_COMMANDS, type FinalCommand, type UpdateCommand } from "./updateCommand.js";
import { parseUpdateUrl, substituteSaveUrl, withoutPassword, type UpdateUrl } from "./updateUrl.js";

/**
 * The `mod cmd UP1|UP0|RFP_UPDATE0 …` lines of a command file (App. A.1.3–A.1.7), word by word: one reader per
 * command, which returns the command without its line or throws a DecodeError that names the line and the word.
 */

/** Where one line's error points. */
export interface LineContext {
  readonly source: string;
  /** 1-based; 0 for a value given alone (RFP_UPDATE0's from Update → RFPs, rfpSelect), whose errors name no line. */
  readonly line: number;
  readonly product: Product | undefined;
}

type Distribute<T> = T extends unknown ? Omit<T, "line"> : never;
export type ModuleCommand = Distribute<Exclude<UpdateCommand, { module: "device" }>>;
type Reader = (args: readonly NativeToken[], at: LineContext) => ModuleCommand;

/** A.1.3: `/allow <hours>` "a comma separated list of hours", on a 24 h clock. */
export const HOUR_MAX = 23;
/** A.1.7: "port 1 at the LSB (0x0001) up to port 16 (0x8000)". */
export const RFP_PORTS = 16;
/** The longest number of minutes (`/initial`) or hours (`/force`) read: six digits, about 700 days or 114 years. */
const COUNT = /^[0-9]{1,6}$/;
const HOURS = /^[0-9]{1,2}$/;
const MASK = /^0[xX]([0-9A-Fa-f]+)$/;
const SCHEDULE = /^([0-9]{2})\.([0-9]{2})\.([0-9]{4})-([0-9]{2}):([0-9]{2})$/;

/** A word for a message: quoted, a URL's password masked, and cut short if long. */
export function quoted(word: string | undefined): string {
  if (word === undefined) return "nothing";
  const text = withoutPassword(word);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

export function syntax(at: LineContext, field: string | undefined, why: string): never {
  const where = {
    source: at.source,
    ...(at.line > 0 ? { line: at.line } : {}),
    ...(field === undefined ? {} : { field }),
  };
  throw new DecodeError(UpdateCode.UpCommandSyntax, why, where);
}

export function unknown(at: LineContext, why: string): never {
  throw new DecodeError(UpdateCode.UpCommandUnknown, why, { source: at.source, line: at.line });
}

/** A line's words after the command: positional words first, then options, each option at most once. */
interface Args {
  readonly words: readonly string[];
  readonly options: ReadonlyMap<string, string | undefined>;
}

/**
 * Splits `args` by a command's form: `max` positional words, then the options of `options` (true: takes a value,
 * false: a flag). `form` is the command's syntax for messages, e.g. `mod cmd UP1 times [/allow <hours>] …`.
 */
function readArgs(
  args: readonly NativeToken[],
  form: string,
  max: number,
  options: Readonly<Record<string, boolean>>,
  at: LineContext,
): Args {
  const field = form.split(" ").slice(0, 4).join(" ");
  const words: string[] = [];
  const set = new Map<string, string | undefined>();
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!;
    if (!t.isOption) {
      if (set.size > 0 || words.length === max) syntax(at, field, `unexpected ${quoted(t.text)}; expected ${form}`);
      if (t.text === "") syntax(at, field, `an empty word; expected ${form}`);
      words.push(t.text);
      continue;
    }
    if (!Object.hasOwn(options, t.text)) syntax(at, field, `unknown option ${quoted(t.text)}; expected ${form}`);
    if (set.has(t.text)) syntax(at, `${field} ${t.text}`, "given twice in one line");
    const value = args[i + 1];
    if (options[t.text] === true) {
      if (value === undefined || value.isOption) syntax(at, `${field} ${t.text}`, `needs a value; expected ${form}`);
      set.set(t.text, value.text);
      i++;
    } else set.set(t.text, undefined);
  }
  return { words, options: set };
}

function final(word: string, field: string, at: LineContext): FinalCommand {
  // A.1.5's example writes `no-op` where A.1.3's table says "ser this is a no-op": read it as ser.
  if (word === "no-op") return "ser";
  if (!(FINAL_COMMANDS as readonly string[]).includes(word))
    syntax(at, field, `${quoted(word)} is not a final command; expected ${FINAL_COMMANDS.join(", ")} (App. A.1.3)`);
  return word as FinalCommand;
}

function url(word: string, field: string, at: LineContext): UpdateUrl {
  return withLine(at, field, () => parseUpdateUrl(word, at.source));
}

/** Runs `read`, giving an UP_URL error it throws this line and field. */
function withLine<T>(at: LineContext, field: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof DecodeError) || e.code !== UpdateCode.UpUrl) throw e;
    throw new DecodeError(UpdateCode.UpUrl, e.reason, { source: at.source, line: at.line, field, cause: e });
  }
}

/** A whole number of `COUNT` digits, at least `min`. */
function count(text: string | undefined, min: number, field: string, at: LineContext): number | undefined {
  if (text === undefined) return undefined;
  if (!COUNT.test(text) || Number(text) < min)
    syntax(at, field, `${quoted(text)} is not a whole number${min > 0 ? ` ≥ ${min}` : ""} (up to six digits)`);
  return Number(text);
}

/** A.1.3: `/allow 12,23,0,1,2,3,4`, hours 0–23, each once. */
function hours(text: string, field: string, at: LineContext): number[] {
  const list: number[] = [];
  for (const item of text.split(",")) {
    const hour = Number(item);
    if (!HOURS.test(item) || hour > HOUR_MAX)
      syntax(at, field, `${quoted(item)} is not an hour 0–${HOUR_MAX}; expected a comma separated list (App. A.1.3)`);
    if (list.includes(hour)) syntax(at, field, `hour ${hour} is listed twice`);
    list.push(hour);
  }
  return list;
}

const UP1: Readonly<Record<string, Reader>> = {
  check(args, at) {
    const form = "mod cmd UP1 check <final-command> <serial>";
    const { words } = readArgs(args, form, 2, {}, at);
    if (words.length < 2) syntax(at, "mod cmd UP1 check", `expected ${form} (App. A.1.3)`);
    return { module: "UP1", cmd: "check", final: final(words[0]!, "mod cmd UP1 check", at), serial: words[1]! };
  },
  times(args, at) {
    const form = "mod cmd UP1 times [/allow <hours>] [/initial <minutes>]";
    const { options } = readArgs(args, form, 0, { "/allow": true, "/initial": true }, at);
    const allow = options.get("/allow");
    const initial = count(options.get("/initial"), 0, "mod cmd UP1 times /initial", at);
    return {
      module: "UP1",
      cmd: "times",
      ...(allow === undefined ? {} : { allowHours: hours(allow, "mod cmd UP1 times /allow", at) }),
      ...(initial === undefined ? {} : { initialMinutes: initial }),
    };
  },
};

/** An address for checking an `scfg` template when the file is read; the real values come at each save. */
const SAMPLE = {
  localTime: { year: 2004, month: 3, day: 19, hour: 16, minute: 25, second: 44 },
  mac: Mac.fromBytes(new Uint8Array(6)),
  hardwareId: "ipbs-00-00-00",
  backupCount: 0,
};

/** A.1.4 `prot`/`boot` and A.1.6 `cfg`: `<url> <final-command> <serial>`. */
function download(cmd: "prot" | "boot" | "cfg", args: readonly NativeToken[], at: LineContext): ModuleCommand {
  const field = `mod cmd UP0 ${cmd}`;
  const form = `${field} <url> <final-command> <${cmd === "cfg" ? "serial" : "build-serial"}>`;
  const { words } = readArgs(args, form, 3, {}, at);
  if (words.length < 3) syntax(at, field, `expected ${form} (App. A.1.${cmd === "cfg" ? 6 : 4})`);
  const [u, f, serial] = words as [string, string, string];
  return { module: "UP0", cmd, url: url(u, `${field} <url>`, at), final: final(f, field, at), serial };
}

const UP0: Readonly<Record<string, Reader>> = {
  prot: (args, at) => download("prot", args, at),
  boot: (args, at) => download("boot", args, at),
  cfg: (args, at) => download("cfg", args, at),
  scfg(args, at) {
    const field = "mod cmd UP0 scfg";
    const form = `${field} <url> [<final-command> <save-serial> [/force <hours>]]`;
    const { words, options } = readArgs(args, form, 3, { "/force": true }, at);
    const [template, f, serial] = words;
    if (template === undefined || words.length === 2) syntax(at, field, `expected ${form} (App. A.1.5)`);
    if (options.size > 0 && f === undefined) syntax(at, `${field} /force`, `comes after <final-command> <save-serial>`);
    withLine(at, `${field} <url>`, () => substituteSaveUrl(template, SAMPLE, at.source));
    const force = count(options.get("/force"), 1, `${field} /force`, at);
    return {
      module: "UP0",
      cmd: "scfg",
      template,
      ...(f === undefined ? {} : { final: final(f, field, at), serial: serial! }),
      ...(force === undefined ? {} : { forceHours: force }),
    };
  },
};

/** A.1.7 `select 0x2753`: the ports of the set bits, port 1 at the LSB; 0 and masks over 16 bits are refused. */
function ports(text: string, at: LineContext): number[] {
  const field = "mod cmd RFP_UPDATE0 select";
  const m = MASK.exec(text);
  if (m === null) syntax(at, field, `${quoted(text)} is not a hex mask like 0x2753 (App. A.1.7)`);
  const mask = parseInt(m[1]!, 16);
  if (mask === 0) syntax(at, field, `${quoted(text)} selects no RFP`);
  if (mask >= 2 ** RFP_PORTS) syntax(at, field, `${quoted(text)} has more than ${RFP_PORTS} bits: ports are 1–16`);
  return Array.from({ length: RFP_PORTS }, (_, i) => i + 1).filter((port) => (mask >> (port - 1)) & 1);
}

/** A.1.7 `schedule DD.MM.YYYY-HH:MM`: a date of the calendar and a time of a 24 h clock. */
function schedule(text: string, at: LineContext): Extract<ModuleCommand, { cmd: "schedule" }>["at"] {
  const field = "mod cmd RFP_UPDATE0 schedule";
  const m = SCHEDULE.exec(text);
  if (m === null) syntax(at, field, `${quoted(text)} is not DD.MM.YYYY-HH:MM (App. A.1.7)`);
  const [day, month, year, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year))
    syntax(at, field, `${quoted(text)}: no such date`);
  if (hour > HOUR_MAX || minute > 59) syntax(at, field, `${quoted(text)}: no such time of day`);
  return { year, month, day, hour, minute };
}

/** A.1.7's `select` mask given alone (Update → RFPs, §4.18.4): the same rules, its errors naming `source`. */
export function rfpSelect(text: string, source: string): number[] {
  return ports(text, { source, line: 0, product: "IPBL" });
}

/** A.1.7's `schedule` date given alone (Update → RFPs, §4.18.4). */
export function rfpSchedule(text: string, source: string): NonNullable<ReturnType<typeof schedule>> {
  return schedule(text, { source, line: 0, product: "IPBL" })!;
}

/** Days of a month of the Gregorian calendar. */
function daysIn(month: number, year: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const RFP_UPDATE0: Readonly<Record<string, Reader>> = {
  firmware(args, at) {
    const form = "mod cmd RFP_UPDATE0 firmware <url>";
    const { words } = readArgs(args, form, 1, {}, at);
    if (words.length < 1) syntax(at, "mod cmd RFP_UPDATE0 firmware", `expected ${form} (App. A.1.7)`);
    return { module: "RFP_UPDATE0", cmd: "firmware", url: url(words[0]!, "mod cmd RFP_UPDATE0 firmware <url>", at) };
  },
  select(args, at) {
    const form = "mod cmd RFP_UPDATE0 select <hex-mask>";
    const { words } = readArgs(args, form, 1, {}, at);
    if (words.length < 1) syntax(at, "mod cmd RFP_UPDATE0 select", `expected ${form} (App. A.1.7)`);
    return { module: "RFP_UPDATE0", cmd: "select", ports: ports(words[0]!, at) };
  },
  schedule(args, at) {
    const { words } = readArgs(args, "mod cmd RFP_UPDATE0 schedule [DD.MM.YYYY-HH:MM]", 1, {}, at);
    const when = words[0] === undefined ? undefined : schedule(words[0], at);
    return { module: "RFP_UPDATE0", cmd: "schedule", ...(when === undefined ? {} : { at: when }) };
  },
  start(args, at) {
    const form = "mod cmd RFP_UPDATE0 start [/idle] [/sequence]";
    const { options } = readArgs(args, form, 0, { "/idle": false, "/sequence": false }, at);
    return { module: "RFP_UPDATE0", cmd: "start", idle: options.has("/idle"), sequence: options.has("/sequence") };
  },
};

/** The modules a command file may address, by name, each with its commands. */
export const MODULE_READERS: Readonly<Record<string, Readonly<Record<string, Reader>>>> = {
  UP1,
  UP0,
  RFP_UPDATE0,
};

/**
 * The reader of `mod cmd <module> <cmd>`; undefined when there is no such module or command, or (with `product`)
 * the product lacks it: A.1.4 "The boot command does not apply to IPVM", A.1.7 "only applies to the IPBL".
 */
export function readerOf(module: string, cmd: string, product?: Product): Reader | undefined {
  if (module === "RFP_UPDATE0" && product !== undefined && product !== "IPBL") return undefined;
  if (module === "UP0" && cmd === "boot" && product === "IPVM") return undefined;
  const readers = Object.hasOwn(MODULE_READERS, module) ? MODULE_READERS[module]! : undefined;
  return readers !== undefined && Object.hasOwn(readers, cmd) ? readers[cmd] : undefined;
}
