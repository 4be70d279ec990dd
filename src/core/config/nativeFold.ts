import { USERS_VIEW_LINE } from "../../users/backupLines.js";
import type { ConfigUser } from "../../users/configUser.js";
import { ConfigError } from "../errors.js";
import { ConfigCode } from "./configCodes.js";
import { formatPath, type Locator, type Path } from "./Locator.js";
import type { NativeCommand, NativeSetting } from "./nativeLine.js";
import { moduleFields, NATIVE_MODULES, type NativeModule } from "./nativeModules.js";

type Mutable = Record<string, unknown>;

/** A plain number as the native form writes it (`500`, `-2.5`, `1e+21`); anything else stays text. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Replays native commands onto a plain object shaped like DeviceConfig, for deviceFromObject to validate:
 * - `config change M …` replaces everything M sets (options not given go back to their defaults);
 * - `config add M …` sets the given options and keeps the others;
 * - `config rem M /opt …` resets the given options; `config rem M` alone resets all of M and, for a section
 *   module (DECT0, MASTER0, RADIO0, POS0), removes the section: the role is off.
 * - App. C user records become `users`: the view row starts an empty list (once), each `add-item` adds one.
 * `config write`/`config activate` do not change the value. The Locator maps a field to the line that last set it
 * and names it as the option (`MASTER0 /mode`).
 */
export function foldNativeCommands(
  commands: readonly NativeCommand[],
  source: string,
): { value: Mutable; locator: Locator } {
  const root: Mutable = {};
  const extra: string[] = [];
  let users: ConfigUser[] | undefined;
  const lines = new Map<string, number>();
  const misplaced = (line: number, message: string) =>
    new ConfigError(ConfigCode.UserLineOrder, `${message} (App. C)`, { source, line });
  for (const c of commands) {
    if (c.kind === "verbatim") {
      lines.set(formatPath(["extra", extra.length]), c.line);
      extra.push(c.text);
    } else if (c.kind === "users") {
      if (users !== undefined) throw misplaced(c.line, `"${USERS_VIEW_LINE}" is given twice`);
      users = [];
      lines.set("users", c.line);
    } else if (c.kind === "user") {
      if (users === undefined) throw misplaced(c.line, `a user record must follow "${USERS_VIEW_LINE}"`);
      lines.set(formatPath(["users", users.length]), c.line);
      users.push(c.user);
    } else if (c.kind === "config") {
      apply(root, c.verb, c.module, c.settings);
      const touched = c.verb === "change" || c.settings.length === 0 ? moduleFields(c.module) : fieldsOf(c.settings);
      for (const field of touched) lines.set(formatPath(fieldPath(c.module, field)), c.line);
      lines.set(c.module.section ?? `#${c.module.label}`, c.line);
    }
  }
  if (extra.length > 0) root["extra"] = extra;
  if (users !== undefined) root["users"] = users;
  return { value: root, locator: nativeLocator(source, lines) };
}

function apply(
  root: Mutable,
  verb: "add" | "change" | "rem",
  m: NativeModule,
  settings: readonly NativeSetting[],
): void {
  const section = m.section;
  if (verb === "change" || (verb === "rem" && settings.length === 0)) {
    if (section !== undefined) delete root[section];
    else for (const field of moduleFields(m)) delete root[field];
  }
  if (verb === "rem") {
    const holder = section === undefined ? root : (root[section] as Mutable | undefined);
    for (const s of settings) if (holder !== undefined) delete holder[s.option.field];
    return;
  }
  let holder = root;
  if (section !== undefined) holder = (root[section] as Mutable | undefined) ?? (root[section] = {});
  for (const s of settings) holder[s.option.field] = valueOf(s);
}

function valueOf(s: NativeSetting): unknown {
  if (s.option.type === "flag") return s.option.flagValue;
  const text = s.value ?? "";
  return s.option.type === "number" && NUMBER.test(text) ? Number(text) : text;
}

function fieldsOf(settings: readonly NativeSetting[]): string[] {
  return settings.map((s) => s.option.field);
}

function fieldPath(m: NativeModule, field: string): Path {
  return m.section === undefined ? [field] : [m.section, field];
}

/** The module that owns the field at `path`: by section, or by a top-level field it sets. */
function ownerOf(path: Path): NativeModule | undefined {
  const [head] = path;
  return NATIVE_MODULES.find((m) =>
    m.section === undefined ? moduleFields(m).includes(String(head)) : m.section === head,
  );
}

function nativeLocator(source: string, lines: ReadonlyMap<string, number>): Locator {
  return {
    source,
    lineOf(path) {
      for (let n = path.length; n > 0; n--) {
        const line = lines.get(formatPath(path.slice(0, n)));
        if (line !== undefined) return line;
      }
      const owner = ownerOf(path);
      return owner === undefined ? undefined : lines.get(`#${owner.label}`);
    },
    fieldOf(path) {
      const owner = ownerOf(path);
      const field = owner?.section === undefined ? path[0] : path[1];
      if (owner === undefined || (owner.section !== undefined && path.length === 1)) {
        return owner?.label ?? formatPath(path);
      }
      const option = owner.options.find((o) => o.field === field);
      return option === undefined ? formatPath(path) : `${owner.label} ${option.name}`;
    },
  };
}
