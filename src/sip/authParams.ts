import { SipParseError, shown } from "./errors.js";
import { quotedEnd, unquote } from "./syntax.js";

/** A challenge or credentials value: its scheme and parameters (names in lower case, values unquoted). */
export interface AuthParams {
  readonly scheme: string;
  readonly params: ReadonlyMap<string, string>;
}

const TOKEN_CHAR = /[A-Za-z0-9\-.!%*_+`'~]/;
const SPACE = /[ \t]/;

/**
 * challenge / credentials = auth-scheme LWS auth-param *(COMMA auth-param), auth-param = token EQUAL ( token /
 * quoted-string ) (RFC 3261 §25.1, RFC 2617 §1.2). An unquoted value is taken up to the next comma or space, so
 * the base64 nonces some servers send unquoted still parse. Each parameter appears once.
 */
export function parseAuthParams(value: string, field: string): AuthParams {
  const ctx = { field };
  const s = value.trim();
  let i = 0;
  const skip = (re: RegExp) => {
    const from = i;
    while (i < s.length && re.test(s[i]!)) i++;
    return s.slice(from, i);
  };
  const scheme = skip(TOKEN_CHAR);
  if (scheme === "" || skip(SPACE) === "")
    throw new SipParseError(`"${shown(s)}" is not a scheme followed by parameters`, ctx);
  const params = new Map<string, string>();
  for (;;) {
    const name = skip(TOKEN_CHAR).toLowerCase();
    if (name === "") throw new SipParseError(`expected a parameter at "${shown(s.slice(i))}"`, ctx);
    skip(SPACE);
    if (s[i] !== "=") throw new SipParseError(`parameter ${name} without "="`, ctx);
    i++;
    skip(SPACE);
    let v: string;
    if (s[i] === '"') {
      const end = quotedEnd(s, i);
      if (end < 0) throw new SipParseError(`unterminated quoted value of ${name}`, ctx);
      v = unquote(s.slice(i, end));
      i = end;
    } else {
      v = skip(/[^ \t,"]/);
      if (v === "") throw new SipParseError(`parameter ${name} without a value`, ctx);
    }
    if (params.has(name)) throw new SipParseError(`parameter ${name} appears twice`, ctx);
    params.set(name, v);
    skip(SPACE);
    if (i === s.length) return { scheme, params };
    if (s[i] !== ",") throw new SipParseError(`expected "," after parameter ${name}`, ctx);
    i++;
    skip(SPACE);
  }
}
