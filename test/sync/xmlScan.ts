/**
 * A strict little XML reader for tests (the project has no XML parser): a prolog, one root element, elements with
 * quoted attributes, text and the five predefined entities plus character references. Anything else — comments,
 * CDATA, DOCTYPE, a stray `<` or `&`, a duplicate attribute, a tag closed out of order — throws, naming the offset.
 */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (not its children's), entities decoded. */
  readonly text: string;
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (raw.includes("<")) throw new Error(`raw "<" at offset ${at}`);
  return raw.replace(/&([^;]*);?/g, (all, ref: string) => {
    if (!all.endsWith(";")) throw new Error(`"&" without ";" near offset ${at}: ${all}`);
    if (ENTITIES[ref] !== undefined) return ENTITIES[ref];
    const code = /^#x[0-9A-Fa-f]+$/.test(ref)
      ? parseInt(ref.slice(2), 16)
      : /^#\d+$/.test(ref)
        ? Number(ref.slice(1))
        : -1;
    if (code < 0) throw new Error(`unknown entity &${ref}; near offset ${at}`);
    return String.fromCodePoint(code);
  });
}

export function parseXml(src: string): XmlElement {
  let i = 0;
  function fail(why: string): never {
    throw new Error(`${why} at offset ${i}: ${JSON.stringify(src.slice(i, i + 40))}`);
  }
  const name = () => {
    NAME.lastIndex = i;
    const m = NAME.exec(src) ?? fail("expected a name");
    i += m[0].length;
    return m[0];
  };
  const spaces = () => {
    while (/\s/.test(src[i] ?? "")) i++;
  };

  const element = (): XmlElement => {
    if (src[i] !== "<") fail("expected <");
    i++;
    const tag = name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const hadSpace = /\s/.test(src[i] ?? "");
      spaces();
      if (src.startsWith("/>", i) || src[i] === ">") break;
      if (!hadSpace) fail("expected a space before an attribute");
      const key = name();
      if (Object.hasOwn(attrs, key)) fail(`duplicate attribute ${key}`);
      if (src[i] !== "=") fail("expected =");
      const quote = src[++i];
      if (quote !== '"' && quote !== "'") fail("expected a quoted value");
      const end = src.indexOf(quote, ++i);
      if (end < 0) fail("unterminated attribute value");
      attrs[key] = decode(src.slice(i, end), i);
      i = end + 1;
    }
    if (src.startsWith("/>", i)) {
      i += 2;
      return { name: tag, attrs, children: [], text: "" };
    }
    i++;
    const children: XmlElement[] = [];
    let text = "";
    for (;;) {
      const lt = src.indexOf("<", i);
      if (lt < 0) fail(`unclosed <${tag}>`);
      text += decode(src.slice(i, lt), i);
      i = lt;
      if (src.startsWith("</", i)) {
        i += 2;
        if (name() !== tag) fail(`expected </${tag}>`);
        spaces();
        if (src[i++] !== ">") fail("expected >");
        return { name: tag, attrs, children, text };
      }
      if (src[i + 1] === "!" || src[i + 1] === "?") fail("comments, CDATA, DOCTYPE and processing instructions");
      children.push(element());
    }
  };

  if (src.startsWith("<?xml ")) {
    const end = src.indexOf("?>");
    if (end < 0) fail("unterminated prolog");
    i = end + 2;
  }
  spaces();
  const root = element();
  spaces();
  if (i !== src.length) fail("content after the root element");
  return root;
}

/** Every element below `root` (and root itself) that `pick` accepts, in document order. */
export function findAll(root: XmlElement, pick: (e: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    if (pick(e)) found.push(e);
    e.children.forEach(visit);
  };
  visit(root);
  return found;
}

export const classesOf = (e: XmlElement): string[] => (e.attrs["class"] ?? "").split(/\s+/).filter((c) => c !== "");

/** All text inside `e`: its own first, then its descendants' (enough for the flat texts of the sync tree). */
export const textOf = (e: XmlElement): string => e.text + e.children.map(textOf).join("");
