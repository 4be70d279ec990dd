/** Lexical pieces of SIP header values: tokens and quoted strings (RFC 3261 §25.1). */

const TOKEN_RE = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") (RFC 3261 §25.1). */
export function isToken(s: string): boolean {
  return TOKEN_RE.test(s);
}

/**
 * The index just after the quoted-string that starts at `s[start]` (a `"`), or -1 when it is not closed. Inside,
 * a backslash escapes the next character (quoted-pair, RFC 3261 §25.1).
 */
export function quotedEnd(s: string, start: number): number {
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") i++;
    else if (c === '"') return i + 1;
  }
  return -1;
}

/** The text of a quoted-string with its quoted-pairs resolved; anything else is returned as it is. */
export function unquote(s: string): string {
  if (!s.startsWith('"') || quotedEnd(s, 0) !== s.length) return s;
  return s.slice(1, -1).replace(/\\(.)/gs, "$1");
}

/** A quoted-string holding `s` (RFC 3261 §25.1: `"` and `\` escaped). */
export function quote(s: string): string {
  return s.includes('"') || s.includes("\\") ? `"${s.replace(/[\\"]/g, "\\$&")}"` : `"${s}"`;
}

/**
 * Splits `value` at every `sep` that is outside quoted strings and `<...>` (RFC 3261 §7.3.1: a comma inside a
 * URI in angle brackets or inside a display name does not separate). Pieces are trimmed; empty pieces are kept so
 * that callers decide about them. An unclosed quote or bracket runs to the end of the value.
 */
export function splitTopLevel(value: string, sep: "," | ";"): string[] {
  const out: string[] = [];
  let from = 0;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' && !angle) {
      const end = quotedEnd(value, i);
      if (end < 0) break;
      i = end - 1;
    } else if (c === "<") angle = true;
    else if (c === ">") angle = false;
    else if (c === sep && !angle) {
      out.push(value.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(value.slice(from).trim());
  return out;
}

/** Whether `s` holds a control character other than HTAB (RFC 3261 §25.1: CTLs are not part of any header text). */
export function hasControl(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x08\x0a-\x1f\x7f]/.test(s);
}
