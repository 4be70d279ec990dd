import { isIpv4 } from "../core/config/ipv4.js";
import { DecodeError } from "../core/errors.js";
import { KerberosJoinCode } from "./joinErrors.js";
import { checkOrder, type JoinOrder } from "./joinOrder.js";
import { readName, readPassword } from "./roles.js";
import { DEFAULT_ADMIN_PORT, DEFAULT_KDC_PORT, PORT_MAX, realmProblem, type AuthServer } from "./settings.js";

/**
 * App. E's join line of an update script (§4.1.8.5):
 *
 *   vars create CMD0/KCMD p <join realm="R" host="h" user="u" password="p" disable-local="true" force="true"
 *     kerberos-rc4="true"><server realm="R" address="a" port="88" secondary-address="b" secondary-port="88"/></join>
 *
 * What this reader takes, and why (docs/user-guide.md "Kerberos"):
 * - Between attributes and elements, spaces or `+` (App. E's example writes `<join+realm="…"+user="…"`: the value of a
 *   `vars` line is one word, so its spaces are written as `+`). Inside quotes every character is the value's own.
 * - A value is in double quotes; `&quot; &amp; &lt; &gt; &apos;` stand for `" & < > '` (XML 1.0 §4.6), so a password
 *   may hold any of them; no other `&` and no `<` inside a value.
 * - `<server …/>`, or `<server …>` with or without `</server>`: App. E's own example leaves its first server open.
 * - `</join>`, or App. E's format line's `</join realm>`.
 * - `addres` for `address`: App. E's example misspells it, and the manual says to change only what is in quotes, so a
 *   script copied from it must work. Giving both is an error.
 * - Required: `realm`, `user`, `password` of join; `realm`, `address` of each server. Everything else is optional with
 *   App. E's defaults (false; the KDC port 88). Unknown or repeated attributes, anything after `</join>`, are errors.
 */
const HEAD = /^vars\s+create\s+CMD0\/KCMD\s+p(?:\s+|$)/;

const JOIN_ATTRS = ["realm", "host", "user", "password", "disable-local", "force", "kerberos-rc4"] as const;
const SERVER_ATTRS = ["realm", "address", "addres", "port", "secondary-address", "secondary-port"] as const;
const ENTITIES: Readonly<Record<string, string>> = { quot: '"', amp: "&", lt: "<", gt: ">", apos: "'" };
const PORT = /^[1-9][0-9]{0,4}$/;
const SEPARATOR = /[ \t+]/;

/** Whether `text` (one trimmed line) is App. E's join line, which readJoinLine reads. */
export function isJoinLine(text: string): boolean {
  return HEAD.test(text);
}

/** App. E's join line as a JoinOrder; a DecodeError KERBEROS_JOIN_SCRIPT or KERBEROS_JOIN_ORDER says where and why. */
export function readJoinLine(text: string): JoinOrder {
  const head = HEAD.exec(text);
  if (head === null) throw new DecodeError(KerberosJoinCode.Script, "not App. E's line `vars create CMD0/KCMD p …`");
  const s = new Scanner(text, head[0].length);
  s.skip();
  s.expect("<join", "App. E's value starts with <join");
  const join = s.attributes("join", JOIN_ATTRS);
  const servers: AuthServer[] = [];
  for (;;) {
    s.skip();
    if (s.take("</join")) {
      s.skip();
      s.take("realm");
      s.skip();
      s.expect(">", "</join> ends with >");
      break;
    }
    if (!s.next("<server")) s.fail(s.at, "expected <server …/> or </join>");
    s.expect("<server", "");
    const at = s.at;
    servers.push(server(s, s.attributes("server", SERVER_ATTRS), at));
  }
  s.skip();
  if (!s.done) s.fail(s.at, "nothing may follow </join>");
  const flag = (name: string) => yesNo(s, join, name);
  const host = join.get("host");
  return checkOrder(
    {
      realm: realm(s, join, "join"),
      ...(host === undefined ? {} : { host: value(s, host, "join host", readName) }),
      admin: {
        user: value(s, required(s, join, "join", "user"), "join user", readName),
        password: value(s, required(s, join, "join", "password"), "join password", readPassword),
      },
      force: flag("force"),
      disableLocal: flag("disable-local"),
      aesRc4: flag("kerberos-rc4"),
      servers,
    },
    "join",
  );
}

/** An attribute's value and the offset of its first character. */
interface Attr {
  readonly text: string;
  readonly at: number;
}

type Attrs = ReadonlyMap<string, Attr> & { readonly end: number };

function server(s: Scanner, a: Attrs, at: number): AuthServer {
  if (a.has("address") && a.has("addres")) s.fail(at, "server: address given twice (as address and addres)");
  const address = a.get("address") ?? a.get("addres");
  if (address === undefined) s.fail(at, "server needs address");
  const secondary = a.get("secondary-address");
  if (secondary === undefined && a.has("secondary-port"))
    s.fail(a.get("secondary-port")!.at, "server secondary-port needs a secondary-address (§4.1.8.3 step 9)");
  return {
    realm: realm(s, a, "server"),
    address: ipv4(s, address!, "server address"),
    port: port(s, a.get("port"), "server port"),
    adminPort: DEFAULT_ADMIN_PORT,
    ...(secondary === undefined ? {} : { secondaryAddress: ipv4(s, secondary, "server secondary-address") }),
    secondaryPort: port(s, a.get("secondary-port"), "server secondary-port"),
    secondaryAdminPort: DEFAULT_ADMIN_PORT,
  };
}

function required(s: Scanner, a: Attrs, element: string, name: string): Attr {
  const v = a.get(name);
  return v ?? s.fail(a.end, `${element} needs ${name}="…"`);
}

function realm(s: Scanner, a: Attrs, element: string): string {
  const v = required(s, a, element, "realm");
  const problem = realmProblem(v.text);
  return problem === undefined ? v.text : s.fail(v.at, `${element} realm ${problem}`);
}

/** A value read by one of the API's readers (roles.ts), whose DecodeError gets this line's place. */
function value(s: Scanner, v: Attr, key: string, read: (text: string, key: string) => string): string {
  try {
    return read(v.text, key);
  } catch (e) {
    if (e instanceof DecodeError) return s.fail(v.at, e.reason);
    throw e;
  }
}

function ipv4(s: Scanner, v: Attr, key: string): string {
  return isIpv4(v.text) ? v.text : s.fail(v.at, `${key} must be a dotted IPv4 address`);
}

function port(s: Scanner, v: Attr | undefined, key: string): number {
  if (v === undefined) return DEFAULT_KDC_PORT;
  const n = PORT.test(v.text) ? Number(v.text) : 0;
  return n >= 1 && n <= PORT_MAX ? n : s.fail(v.at, `${key} must be a port from 1 to ${PORT_MAX}`);
}

function yesNo(s: Scanner, a: Attrs, name: string): boolean {
  const v = a.get(name);
  if (v === undefined) return false;
  if (v.text !== "true" && v.text !== "false") s.fail(v.at, `join ${name} must be true or false (App. E)`);
  return v.text === "true";
}

/** Reads the line from left to right; every failure names the column (1-based) it was found at. */
class Scanner {
  readonly #text: string;
  at: number;

  constructor(text: string, at: number) {
    this.#text = text;
    this.at = at;
  }

  get done(): boolean {
    return this.at >= this.#text.length;
  }

  fail(at: number, message: string): never {
    throw new DecodeError(KerberosJoinCode.Script, `column ${at + 1}: ${message}`, { field: "vars CMD0/KCMD" });
  }

  skip(): void {
    while (!this.done && SEPARATOR.test(this.#text[this.at]!)) this.at++;
  }

  next(word: string): boolean {
    return this.#text.startsWith(word, this.at);
  }

  take(word: string): boolean {
    if (!this.next(word)) return false;
    this.at += word.length;
    return true;
  }

  expect(word: string, why: string): void {
    if (!this.take(word)) this.fail(this.at, `expected ${word}${why === "" ? "" : ` (${why})`}`);
  }

  /** `name="value"…` up to `>` or `/>`, each name once and one of `allowed`. */
  attributes(element: string, allowed: readonly string[]): Attrs {
    const out = new Map<string, Attr>();
    for (;;) {
      const before = this.at;
      this.skip();
      if (this.take("/>") || this.take(">")) {
        // `<server …>` may be followed by its own `</server>` (an element without content).
        if (element === "server" && this.#text[this.at - 2] !== "/") {
          const close = this.at;
          this.skip();
          if (!this.take("</server>")) this.at = close;
        }
        return Object.assign(out, { end: before });
      }
      if (this.done) this.fail(this.at, `<${element} is not closed with > or />`);
      if (this.at === before) this.fail(this.at, `expected a space or + before the next attribute of ${element}`);
      const name = /^[a-z][a-z0-9-]*/.exec(this.#text.slice(this.at))?.[0];
      if (name === undefined) this.fail(this.at, `expected an attribute of ${element}, > or />`);
      if (!allowed.includes(name!))
        this.fail(this.at, `${element} has no attribute ${name}; it has ${allowed.join(", ")}`);
      if (out.has(name!)) this.fail(this.at, `${element} ${name} given twice`);
      this.at += name!.length;
      this.expect('="', `${element} ${name}'s value is written ="…"`);
      const start = this.at;
      out.set(name!, { text: this.#quoted(element, name!), at: start });
    }
  }

  /** A value up to its closing quote, with the five predefined entities replaced. */
  #quoted(element: string, name: string): string {
    let out = "";
    for (;;) {
      if (this.done) this.fail(this.at, `${element} ${name}'s value is not closed with "`);
      const c = this.#text[this.at]!;
      if (c === '"') {
        this.at++;
        return out;
      }
      if (c === "<") this.fail(this.at, `${element} ${name}: write < in a value as &lt;`);
      if (c === "&") {
        const m = /^&([a-z]+);/.exec(this.#text.slice(this.at, this.at + 7));
        const sub = m === null || !Object.hasOwn(ENTITIES, m[1]!) ? undefined : ENTITIES[m[1]!];
        if (sub === undefined)
          this.fail(this.at, `${element} ${name}: & starts one of &quot; &amp; &lt; &gt; &apos; (XML 1.0 §4.6)`);
        out += sub;
        this.at += m![0].length;
        continue;
      }
      out += c;
      this.at++;
    }
  }
}
