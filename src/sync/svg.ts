/** Just enough SVG text building for the sync tree: escaping and elements with attributes in a fixed order. */

/**
 * Characters XML 1.0 does not allow at all (C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF)
 * become U+FFFD, so a radio name from a JSON file cannot break the document.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- finding the control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

export const xml = (text: string): string => text.replace(NOT_XML, "\uFFFD").replace(/[&<>"']/g, (c) => ENTITY[c]!);

export type Attrs = Readonly<Record<string, string | number | undefined>>;

/** `<name a="1">children</name>`, or `<name a="1"/>` without children; undefined attributes are left out. */
export function el(name: string, attrs: Attrs, ...content: string[]): string {
  const children = content.filter((c) => c !== "");
  const list = Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xml(typeof v === "number" ? px(v) : v)}"`)
    .join("");
  return children.length === 0 ? `<${name}${list}/>` : `<${name}${list}>${children.join("")}</${name}>`;
}

/** Coordinates to one decimal: enough on screen, and the same digits on every run. */
export const px = (x: number): string => String(Math.round(x * 10) / 10);
