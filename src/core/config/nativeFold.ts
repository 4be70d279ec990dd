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
 * `config write`/`config activate` do not change the value. The Locator maps a field to the line that last set it
 * and names it as the option (`MASTER0 /mode`).
 */
export function foldNativeCommands(
  commands: readonly NativeCommand[],
  source: string,
): { value: Mutable; locator: Locator } {
  const root: Mutable = {};
  const extra: string[] = [];
  const lines = new Map<string, number>();
  for (const c of commands) {
    if (c.kind === "verbatim") {
      lines.set(formatPath(["extra", extra.length]), c.line);
      extra.push(c.text);
    } else if (c.kind === "config") {
      apply(root, c.verb, c.module, c.settings);
      const touched = c.verb === "change" || c.settings.length === 0 ? moduleFields(c.module) : fieldsOf(c.settings);
      for (const field of touched) lines.set(formatPath(fieldPath(c.module, field)), c.line);
      lines.set(c.module.section ?? `#${c.module.label}`, c.line);
    }
  }
  if (extra.length > 0) root["extra"] = extra;
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
