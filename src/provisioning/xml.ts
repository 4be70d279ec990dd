import { XMLParser, XMLValidator } from "fast-xml-parser";
import { DecodeError } from "../core/errors.js";
import { ProvisioningCode } from "./errors.js";

/**
 * The one adapter of fast-xml-parser (docs/architecture.md "Third-party libraries stay behind one adapter each"): a
 * provisioning server's XML file as a tree of elements. Only what seed 002's files use is kept: elements, their
 * order and their text. Attributes, a DOCTYPE (and with it every entity but XML's five and character references)
 * and more than one root are refused, so a file cannot expand into more than it holds.
 */
export interface XmlElement {
  readonly name: string;
  /** Where it is, for errors: `config/sip/proxy/port`, `users/user[3]/ipei` (1-based, as a person counts). */
  readonly path: string;
  /** The text directly inside, trimmed; "" for `<name/>` or an element with only children. */
  readonly text: string;
  readonly children: readonly XmlElement[];
}

/** XML's predefined entities and character references (XML 1.0 §4.1, §4.6); anything else needs a DTD. */
const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)[^\s;]{0,16};?/;
const DOCTYPE = /<!DOCTYPE/i;
/** Deeper than any seed 002 file (4 levels); keeps a hostile file from costing a deep recursion. */
const MAX_DEPTH = 16;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  // Decodes character references (&#x41;); named entities other than XML's five were refused before parsing.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH,
});

type Node = Record<string, unknown>;

function fail(source: string, why: string, line?: number): never {
  throw new DecodeError(ProvisioningCode.Xml, why, { source, ...(line === undefined ? {} : { line }) });
}

/** The line of `index` in `text`, 1-based. */
const lineAt = (text: string, index: number) => text.slice(0, index).split("\n").length;

/**
 * Parses `bytes` (UTF-8) as one XML document of at most `maxBytes`; throws DecodeError PROV_XML with the file, the
 * line where the parser knows it, and why.
 */
export function parseXml(bytes: Uint8Array, source: string, maxBytes: number): XmlElement {
  if (bytes.length > maxBytes) fail(source, `${bytes.length} bytes, over the limit of ${maxBytes}`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail(source, "not UTF-8 text");
  }
  const doctype = DOCTYPE.exec(text);
  if (doctype !== null) fail(source, "a DOCTYPE is not allowed in a provisioning file", lineAt(text, doctype.index));
  const entity = ENTITY.exec(text);
  if (entity !== null)
    fail(
      source,
      `unknown entity ${JSON.stringify(entity[0])}; only &amp; &lt; &gt; &quot; &apos; and &#…; are known`,
      lineAt(text, entity.index),
    );
  const valid = XMLValidator.validate(text);
  if (valid !== true) fail(source, `not well-formed XML: ${valid.err.msg}`, valid.err.line);
  let nodes: Node[];
  try {
    nodes = parser.parse(text) as Node[];
  } catch (e) {
    // The parser is stricter than its validator in places (an unclosed declaration, nesting over maxNestedTags).
    return fail(source, `not well-formed XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const roots = nodes.filter((n) => elementName(n) !== undefined);
  if (roots.length !== 1) fail(source, roots.length === 0 ? "no root element" : "more than one root element");
  return element(roots[0]!, elementName(roots[0]!)!, source, 1);
}

/** The tag of a preserveOrder node, or undefined for text and comments. */
function elementName(n: Node): string | undefined {
  return Object.keys(n).find((k) => k !== ":@" && k !== "#text" && k !== "#comment");
}

/** The element of node `n` at `path` (its name, numbered when it has siblings of its name). */
function element(n: Node, path: string, source: string, depth: number): XmlElement {
  const name = elementName(n)!;
  if (depth > MAX_DEPTH) fail(source, `${path}: nested deeper than ${MAX_DEPTH} elements`);
  if (n[":@"] !== undefined) fail(source, `${path}: attributes are not used in provisioning files`);
  const content = n[name] as Node[];
  const total = new Map<string, number>();
  for (const c of content) {
    const childName = elementName(c);
    if (childName !== undefined) total.set(childName, (total.get(childName) ?? 0) + 1);
  }
  const counted = new Map<string, number>();
  const children: XmlElement[] = [];
  let text = "";
  for (const c of content) {
    if (typeof c["#text"] === "string") text += c["#text"];
    const childName = elementName(c);
    if (childName === undefined) continue;
    const i = (counted.get(childName) ?? 0) + 1;
    counted.set(childName, i);
    // `users/user[3]`: siblings of one name are numbered as a person counts, from 1.
    const label = total.get(childName)! > 1 ? `${childName}[${i}]` : childName;
    children.push(element(c, `${path}/${label}`, source, depth + 1));
  }
  return { name, path, text, children };
}
