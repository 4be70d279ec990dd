/**
 * The YAML/JSON face's only contact with the `yaml` package (docs/style.md §9). JSON is read by the same parser:
 * JSON is YAML 1.2.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Document } from "yaml";
import { ConfigError } from "../errors.js";
import { ConfigCode } from "./configCodes.js";
import type { Locator, Path } from "./Locator.js";

export interface YamlSource {
  /** The document as plain data (mappings, lists, strings, numbers, booleans, null). */
  readonly value: unknown;
  /** Maps a path inside `value` to the line of its node (of the key, for a mapping entry). */
  readonly locator: Locator;
}

/** Parses one YAML or JSON document; a syntax error becomes a ConfigError with its line. */
export function parseYamlSource(text: string, source: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = doc.errors[0];
  if (error !== undefined) {
    const line = lineCounter.linePos(error.pos[0]).line;
    throw new ConfigError(ConfigCode.YamlSyntax, error.message, { source, line, cause: error });
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    // e.g. an alias bomb ("Excessive alias count indicates a resource exhaustion attack").
    throw new ConfigError(ConfigCode.YamlSyntax, `cannot read the document: ${(e as Error).message}`, {
      source,
      cause: e,
    });
  }
  return { value, locator: { source, lineOf: (path) => lineOfPath(doc, lineCounter, path) } };
}

/** YAML text of plain data, e.g. deviceToObject's result; long lines are not folded. */
export function formatYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

function lineOfPath(doc: Document, lineCounter: LineCounter, path: Path): number | undefined {
  const lineAt = (node: unknown): number | undefined => {
    const range = (node as { range?: readonly number[] } | null)?.range;
    return range?.[0] === undefined ? undefined : lineCounter.linePos(range[0]).line;
  };
  let node: unknown = doc.contents;
  let line = lineAt(node);
  for (const item of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(item));
      if (pair === undefined) break;
      line = lineAt(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof item === "number") {
      node = node.items[item];
      if (node === undefined) break;
      line = lineAt(node) ?? line;
    } else break;
  }
  return line;
}
