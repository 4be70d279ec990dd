/**
 * Words of one native text line. Whitespace separates words; a double quote starts or ends a quoted stretch in
 * which whitespace is kept and `\"` and `\\` stand for `"` and `\` (elsewhere a backslash is itself).
 */
export interface NativeToken {
  /** The word with its quotes removed and escapes resolved. */
  readonly text: string;
  /** An option name: the word starts with an unquoted `/`. */
  readonly isOption: boolean;
  /** The line ended inside a quoted stretch. */
  readonly unterminated: boolean;
}

const SPACE = /\s/;

/**
 * The lines of a native text or command file: CRLF, LF and CR all end a line (files written on Windows are common on
 * update servers, App. A.1.8 names Microsoft IIS), so line numbers in errors count what an editor shows.
 */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

export function tokenize(input: string): NativeToken[] {
  const tokens: NativeToken[] = [];
  let i = 0;
  while (i < input.length) {
    if (SPACE.test(input[i]!)) {
      i++;
      continue;
    }
    const isOption = input[i] === "/";
    let text = "";
    let quoted = false;
    for (; i < input.length; i++) {
      const c = input[i]!;
      const next = input[i + 1];
      if (quoted && c === "\\" && (next === '"' || next === "\\")) {
        text += next;
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (!quoted && SPACE.test(c)) break;
      else text += c;
    }
    tokens.push({ text, isOption, unterminated: quoted });
  }
  return tokens;
}

/** A value as one word: quoted when it is empty, holds whitespace or `"`, or would read as an option. */
export function quoteValue(value: string): string {
  if (value !== "" && !/[\s"]/.test(value) && !value.startsWith("/")) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
