import { KerberosJoinCode } from "../kerberos/joinErrors.js";
import type { JoinOrder } from "../kerberos/joinOrder.js";
import type { AuthServer } from "../kerberos/settings.js";
import { USERS_VIEW_LINE } from "../users/backupLines.js";
import type { ConfigUser } from "../users/configUser.js";
import { ConfigError } from "../core/errors.js";
import { ConfigCode } from "../core/config/configCodes.js";
import { formatPath, type Locator, type Path } from "../core/config/Locator.js";
import type { NativeCommand, NativeSetting } from "./nativeLine.js";
import { moduleFields, sectionPath, type NativeModule, type NativeOption } from "../core/config/nativeModule.js";
import { NATIVE_MODULES } from "./nativeModules.js";

type Mutable = Record<string, unknown>;

/** A plain number as the native form writes it (`500`, `-2.5`, `1e+21`); anything else stays text. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Replays native commands onto a plain object shaped like DeviceConfig, for deviceFromObject to validate:
 * - `config change M …` replaces everything M sets (options not given go back to their defaults);
 * - `config add M …` sets the given options and keeps the others;
 * - `config rem M /opt …` resets the given options; `config rem M` alone resets all of M and, for a section
 *   module (DECT0, MASTER0, RADIO0, POS0, LDAP0, LDAPREP0, GK0, GK0ANON), removes the section: the role is off;
 * - an option that sets one item of a list field (`GK0 /alt-proxy2` is `altProxies[1]`) sets or resets that item;
 * - list modules (LDAPIN0, LDAPOUT0): `add` adds one item, `change` replaces the list with one item, `rem` empties it;
 * - App. C user records become `users`: the view row starts an empty list (once), each `add-item` adds one;
 * - App. E's join line (once) sets `kerberos.client` as `config change KRBCLI0` and `KRBAS0` lines would (its flags and
 *   servers) and is returned as `join`, which is not part of the value: it is carried out, not configured.
 * `config write`/`config activate` do not change the value. The Locator maps a field to the line that last set it
 * and names it as the option (`MASTER0 /mode`).
 */
export function foldNativeCommands(
  commands: readonly NativeCommand[],
  source: string,
): { value: Mutable; locator: Locator; join?: JoinOrder } {
  const root: Mutable = {};
  let join: JoinOrder | undefined;
  const extra: string[] = [];
  let users: ConfigUser[] | undefined;
  const lines = new Map<string, number>();
  const misplaced = (line: number, message: string) =>
    new ConfigError(ConfigCode.UserLineOrder, `${message} (App. C)`, { source, line });
  for (const c of commands) {
    if (c.kind === "verbatim") {
      lines.set(formatPath(["extra", extra.length]), c.line);
      extra.push(c.text);
    } else if (c.kind === "kerberos-join") {
      if (join !== undefined)
        throw new ConfigError(KerberosJoinCode.JoinLine, "App. E's join line is given twice", { source, line: c.line });
      join = c.order;
      const kerberos = holderAt(root, ["kerberos"], true)!;
      const { servers, aesRc4, disableLocal } = c.order;
      kerberos["client"] = { servers: servers.map(serverRow), aesRc4, disableLocal };
      if (!lines.has("kerberos")) lines.set("kerberos", c.line);
      lines.set("kerberos.client", c.line);
    } else if (c.kind === "users") {
      if (users !== undefined) throw misplaced(c.line, `"${USERS_VIEW_LINE}" is given twice`);
      users = [];
      lines.set("users", c.line);
    } else if (c.kind === "user") {
      if (users === undefined) throw misplaced(c.line, `a user record must follow "${USERS_VIEW_LINE}"`);
      lines.set(formatPath(["users", users.length]), c.line);
      users.push(c.user);
    } else if (c.kind === "config") {
      const item = c.module.list === undefined ? apply(root, c.verb, c.module, c.settings) : applyList(root, c);
      const touched = c.verb === "change" || c.settings.length === 0 ? c.module.options : optionsOf(c.settings);
      for (const option of touched) {
        lines.set(formatPath(fieldPath(c.module, option.field, item)), c.line);
        if (option.index !== undefined)
          lines.set(formatPath([...fieldPath(c.module, option.field, item), option.index]), c.line);
      }
      if (item !== undefined) lines.set(formatPath([...sectionPath(c.module), item]), c.line);
      lines.set(c.module.section ?? `#${c.module.label}`, c.line);
      // A parent section no line of its own set (an LDAPOUT0 line without LDAPREP0) points at this line.
      const section = sectionPath(c.module);
      for (let n = 1; n < section.length; n++) {
        const parent = formatPath(section.slice(0, n));
        if (!lines.has(parent)) lines.set(parent, c.line);
      }
    }
  }
  if (extra.length > 0) root["extra"] = extra;
  if (users !== undefined) root["users"] = users;
  return { value: root, locator: nativeLocator(source, lines), ...(join === undefined ? {} : { join }) };
}

/** An Authentication Server as the section reads it: the secondary's ports only with a secondary address. */
function serverRow(s: AuthServer): Mutable {
  const { secondaryPort, secondaryAdminPort, ...row } = s;
  return s.secondaryAddress === undefined ? row : { ...row, secondaryPort, secondaryAdminPort };
}

function apply(
  root: Mutable,
  verb: "add" | "change" | "rem",
  m: NativeModule,
  settings: readonly NativeSetting[],
): undefined {
  const path = sectionPath(m);
  if (verb === "rem" && settings.length === 0 && path.length > 0) {
    removeAt(root, path);
    return;
  }
  if (verb === "change" || verb === "rem") {
    const holder = holderAt(root, path, false);
    if (holder !== undefined) {
      if (verb === "change" || settings.length === 0) for (const field of moduleFields(m)) delete holder[field];
      else for (const s of settings) unset(holder, s.option);
    }
    if (verb === "rem") return;
  }
  const holder = holderAt(root, path, true)!;
  for (const s of settings) {
    const { field, index } = s.option;
    if (index === undefined) holder[field] = valueOf(s);
    else {
      if (!Array.isArray(holder[field])) holder[field] = [];
      (holder[field] as unknown[])[index] = valueOf(s);
    }
  }
}

/** Resets what `option` sets; a list item leaves a gap unless it was the last (`rem GK0 /alt-proxy3`). */
function unset(holder: Mutable, option: NativeOption): void {
  const { field, index } = option;
  const list = holder[field];
  if (index === undefined || !Array.isArray(list)) {
    delete holder[field];
    return;
  }
  list[index] = undefined;
  while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
  if (list.length === 0) delete holder[field];
}

/** A list module's line: returns the index of the item it added. */
function applyList(root: Mutable, c: Extract<NativeCommand, { kind: "config" }>): number | undefined {
  const path = sectionPath(c.module);
  if (c.verb === "rem" || c.verb === "change") removeAt(root, path);
  if (c.verb === "rem") return undefined;
  const parent = holderAt(root, path.slice(0, -1), true)!;
  const list = (parent[path[path.length - 1]!] ??= []) as Mutable[];
  list.push(Object.fromEntries(c.settings.map((s) => [s.option.field, valueOf(s)])));
  return list.length - 1;
}

/** The object at `path` (the root for an empty path), created on the way when `create` is set. */
function holderAt(root: Mutable, path: readonly string[], create: boolean): Mutable | undefined {
  let holder: Mutable | undefined = root;
  for (const key of path) {
    if (holder === undefined) return undefined;
    if (holder[key] === undefined && create) holder[key] = {};
    holder = holder[key] as Mutable | undefined;
  }
  return holder;
}

/** Deletes the value at `path`, and every parent object that this leaves empty (`ldap` without server or replicator). */
function removeAt(root: Mutable, path: readonly string[]): void {
  for (let n = path.length; n > 0; n--) {
    const parent = holderAt(root, path.slice(0, n - 1), false);
    if (parent === undefined) return;
    delete parent[path[n - 1]!];
    if (Object.keys(parent).length > 0 || n === 1) return;
  }
}

function valueOf(s: NativeSetting): unknown {
  if (s.option.type === "flag") return s.option.flagValue;
  const text = s.value ?? "";
  return s.option.type === "number" && NUMBER.test(text) ? Number(text) : text;
}

function optionsOf(settings: readonly NativeSetting[]): NativeOption[] {
  return settings.map((s) => s.option);
}

function fieldPath(m: NativeModule, field: string, item: number | undefined): Path {
  return [...sectionPath(m), ...(item === undefined ? [] : [item]), field];
}

/** How many leading path items name a module's section (and, for a list module, the item). */
function depthOf(m: NativeModule): number {
  return sectionPath(m).length + (m.list === undefined ? 0 : 1);
}

/** The module that owns the field at `path`: the one with the longest section that holds it, or by a top-level field. */
function ownerOf(path: Path): NativeModule | undefined {
  const holds = (m: NativeModule) => {
    const section = sectionPath(m);
    return section.length === 0
      ? moduleFields(m).includes(String(path[0]))
      : section.every((key, i) => path[i] === key);
  };
  return NATIVE_MODULES.filter(holds).sort((a, b) => sectionPath(b).length - sectionPath(a).length)[0];
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
      if (owner === undefined) return formatPath(path);
      const depth = depthOf(owner);
      if (owner.section !== undefined && path.length <= depth) return owner.label;
      const field = path[depth];
      const item = path[depth + 1];
      const option =
        owner.options.find((o) => o.field === field && (o.index === undefined || o.index === item)) ??
        owner.options.find((o) => o.field === field);
      return option === undefined ? formatPath(path) : `${owner.label} ${option.name}`;
    },
  };
}
