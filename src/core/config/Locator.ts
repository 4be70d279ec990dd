import { ConfigError } from "../errors.js";

export type PathItem = string | number;
/** A field's place inside a value: `["devices", 2, "master", "mode"]`. */
export type Path = readonly PathItem[];

/**
 * Where the parts of a value came from, so an error can name file, line and field. The YAML face maps a path to
 * the line of its node; the native text face maps it to the line that set the option and names it as an option.
 */
export interface Locator {
  /** File or stream name, e.g. `fleet.yaml`. */
  readonly source: string;
  /** 1-based line of the node at `path`, or of its nearest existing parent; undefined if unknown. */
  lineOf(path: Path): number | undefined;
  /** How the field at `path` is named in messages; default: the dotted path, e.g. `devices[2].master.mode`. */
  fieldOf?(path: Path): string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `["devices", 2, "master", "mode"]` → `devices[2].master.mode`. */
export function formatPath(path: Path): string {
  let text = "";
  for (const item of path) {
    if (typeof item === "number") text += `[${item}]`;
    else if (IDENTIFIER.test(item)) text += text === "" ? item : `.${item}`;
    else text += `[${JSON.stringify(item)}]`;
  }
  return text;
}

/** A Locator for the value found at `prefix` inside `parent`'s value (e.g. one device of a list). */
export function locatorAt(parent: Locator, prefix: Path): Locator {
  return {
    source: parent.source,
    lineOf: (path) => parent.lineOf([...prefix, ...path]),
    fieldOf: (path) => fieldName(parent, [...prefix, ...path]) ?? "",
  };
}

/** For values with no text behind them (e.g. a JSON body already parsed): errors name the source and field only. */
export function locatorWithoutLines(source: string): Locator {
  return { source, lineOf: () => undefined };
}

export function fieldName(at: Locator, path: Path): string | undefined {
  if (at.fieldOf !== undefined) return at.fieldOf(path);
  return path.length === 0 ? undefined : formatPath(path);
}

/** A ConfigError that says where: `source:line: field: message`. */
export function configErrorAt(at: Locator, path: Path, code: string, message: string, cause?: unknown): ConfigError {
  const field = fieldName(at, path);
  return new ConfigError(code, message, {
    source: at.source,
    line: at.lineOf(path),
    ...(field === undefined || field === "" ? {} : { field }),
    ...(cause === undefined ? {} : { cause }),
  });
}
