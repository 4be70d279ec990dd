import { isDnsName } from "../core/config/dnsName.js";
import { isIpv4 } from "../core/config/ipv4.js";
import { SECRET_MASK } from "../core/config/secrets.js";
import { DecodeError } from "../core/errors.js";
import type { Mac } from "../core/identity/Mac.js";
import { UpdateCode } from "./errors.js";

/**
 * A URL of the update server (App. A): the command file's (§4.9.1, A.1.2), and those of `prot`, `boot`, `scfg`, `cfg`
 * and `RFP_UPDATE0 firmware` (A.1.4–A.1.7). `path` holds the query too, as a request sends it. `user` and
 * `password` are the userinfo, percent-decoded (RFC 3986 §3.2.1); the password never appears in logs or errors.
 */
export interface UpdateUrl {
  /** ftp only in the second dialect (seed 002); the update server's are http, https and tftp (A.1.1). */
  readonly scheme: "http" | "https" | "tftp" | "ftp";
  /** An IPv4 literal: "no host names are supported" (A.1.2); the second dialect allows DNS names (seed 002). */
  readonly host: string;
  readonly port?: number;
  /** Starts with "/"; an empty path is "/" (RFC 3986 §6.2.3: `http://h` is `http://h/`). */
  readonly path: string;
  readonly user?: string;
  readonly password?: string;
  /** The URL as given (with the default file name when withDefaultFile added it). */
  readonly text: string;
}

const SCHEMES: readonly UpdateUrl["scheme"][] = ["http", "https", "tftp"];
const URL_FORM = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;
/** RFC 3986 §3.3/§3.4: pchar, "/" and "?"; `#` is refused, a fragment is never sent to the server. */
const PATH = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;
/** RFC 3986 §3.2.1: userinfo characters, with ":" splitting user from password. */
const USERINFO = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*$/;
const PORT = /^[1-9][0-9]{0,4}$/;
const PORT_MAX = 65535;

/**
 * `text` with what may be a URL's password masked: from the first ':' after the first "://" (or after the start, when
 * there is none before the last '@') up to the last '@'. It covers what parseServerUrl reads as the password, also in
 * texts that are not URLs (a mistyped scheme, a space before it) and in URLs whose path holds another "://" and '@'
 * (`http://u:p@1.2.3.4/://@`, found by the fuzz test); masking a little more than a password is harmless in an
 * error. For errors about words that may be URLs.
 */
export function withoutPassword(text: string): string {
  const at = text.lastIndexOf("@");
  if (at < 0) return text;
  const first = text.indexOf("://");
  const scheme = first >= 0 && first < at ? first : -1;
  const colon = text.indexOf(":", scheme < 0 ? 0 : scheme + 3);
  if (colon < 0 || colon >= at) return text;
  return `${text.slice(0, colon + 1)}${SECRET_MASK}${text.slice(at)}`;
}

function fail(where: string, why: string): never {
  throw new DecodeError(UpdateCode.UpUrl, why, { source: where });
}

/** What a dialect's server URLs may be: App. A's update server here, seed 002's provisioning server in src/provisioning. */
export interface ServerUrlRules {
  readonly schemes: readonly UpdateUrl["scheme"][];
  /** The rule the schemes come from, for the error that names another scheme. */
  readonly schemesRule: string;
  /** Host names allowed besides IPv4 addresses (App. A.1.2 allows none). */
  readonly hostNames: boolean;
  /** The scheme of a URL written without one (seed 002: "10.0.0.10"); absent: a scheme is required. */
  readonly defaultScheme?: UpdateUrl["scheme"];
  /** Throws the dialect's DecodeError naming `where` and why. */
  readonly fail: (where: string, why: string) => never;
}

/** App. A.1.1: "Following URLs are supported: HTTP, HTTPS and TFTP"; A.1.2: "no host names are supported". */
const UPDATE_SERVER: ServerUrlRules = {
  schemes: SCHEMES,
  schemesRule: "the update server is reached by HTTP, HTTPS or TFTP (App. A.1.1)",
  hostNames: false,
  fail,
};

/**
 * App. A.1.1: "Following URLs are supported: HTTP, HTTPS and TFTP"; A.1.2: "no host names are supported. The web
 * servers IP address must be used." A TFTP URL has no user or password (TFTP has no login, RFC 1350). Throws a
 * DecodeError UP_URL that names `where` and why; the URL it quotes has its password masked.
 */
export function parseUpdateUrl(text: string, where: string): UpdateUrl {
  return parseServerUrl(text, where, UPDATE_SERVER);
}

/** A server URL under a dialect's rules; the error quotes the URL with its password masked. */
export function parseServerUrl(given: string, where: string, rules: ServerUrlRules): UpdateUrl {
  const quoted = JSON.stringify(withoutPassword(given));
  const fail = (why: string): never => rules.fail(where, why);
  const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(given);
  const text = hasScheme || rules.defaultScheme === undefined ? given : `${rules.defaultScheme}://${given}`;
  const m = URL_FORM.exec(text);
  const names = rules.schemes.map((s) => `${s}://`).join(", ");
  const hostWord = rules.hostNames ? "a host" : "an IP address";
  if (m === null) return fail(`${quoted} is not a URL; expected ${names} and ${hostWord}`);
  const scheme = m[1]!.toLowerCase();
  if (!(rules.schemes as readonly string[]).includes(scheme))
    return fail(`${quoted}: ${rules.schemesRule}, not ${m[1]}`);
  const authority = m[2]!;
  const at = authority.lastIndexOf("@");
  const hostPort = authority.slice(at + 1);
  const colon = hostPort.indexOf(":");
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon);
  const got = host === "" ? "no address" : JSON.stringify(host);
  if (!rules.hostNames && !isIpv4(host))
    return fail(
      `${quoted}: no host names are supported, the server's IP address must be used (App. A.1.2); got ${got}`,
    );
  if (rules.hostNames && !isIpv4(host) && !isDnsName(host))
    return fail(`${quoted}: the host must be an IPv4 address or a DNS name (RFC 1123); got ${got}`);
  const port = colon < 0 ? undefined : readPort(hostPort.slice(colon + 1), quoted, fail);
  const rest = m[3]!;
  const path = rest === "" ? "/" : rest.startsWith("/") ? rest : `/${rest}`;
  if (!PATH.test(path))
    return fail(`${quoted}: the path may hold only URL characters (RFC 3986 §3.3; no spaces, no '#')`);
  const userinfo = at < 0 ? undefined : readUserinfo(authority.slice(0, at), scheme, quoted, fail);
  const portPart = port === undefined ? {} : { port };
  return { scheme: scheme as UpdateUrl["scheme"], host, ...portPart, path, ...userinfo, text };
}

function readPort(text: string, quoted: string, fail: (why: string) => never): number {
  const port = Number(text);
  if (!PORT.test(text) || port > PORT_MAX) fail(`${quoted}: the port must be 1–${PORT_MAX}`);
  return port;
}

function readUserinfo(
  text: string,
  scheme: string,
  quoted: string,
  fail: (why: string) => never,
): { user: string; password?: string } {
  if (scheme === "tftp") fail(`${quoted}: TFTP has no user or password (RFC 1350)`);
  const colon = text.indexOf(":");
  const user = colon < 0 ? text : text.slice(0, colon);
  if (!USERINFO.test(text) || user === "")
    fail(`${quoted}: expected user[:password]@ before the address, in URL characters (RFC 3986 §3.2.1)`);
  // The pattern admits only whole %XX escapes; one that is not UTF-8 is refused like any other bad userinfo.
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return fail(`${quoted}: a %-escape of the userinfo is not UTF-8`);
    }
  };
  return colon < 0 ? { user: decode(user) } : { user: decode(user), password: decode(text.slice(colon + 1)) };
}

/**
 * A.1.3: "If the URL ends with a '/' then a default filename is used based upon the product"; A.1.4 the same for
 * `prot` and `boot`. Otherwise the URL is used as it is. An empty path is "/", so `http://1.2.3.4` gets the file too.
 */
export function withDefaultFile(url: UpdateUrl, fileName: string): UpdateUrl {
  if (!url.path.endsWith("/")) return url;
  const text = url.text.endsWith("/") ? url.text : `${url.text}/`;
  return { ...url, path: `${url.path}${fileName}`, text: `${text}${fileName}` };
}

/** The URL a request goes to, without the password: the form for logs and events (secrets never appear there). */
export function urlForLog(url: UpdateUrl): string {
  const user = url.user === undefined ? "" : `${encodeURIComponent(url.user)}@`;
  const port = url.port === undefined ? "" : `:${url.port}`;
  return `${url.scheme}://${user}${url.host}${port}${url.path}`;
}

/** The values an `scfg` URL's meta sequences stand for at one save (App. A.1.4). */
export interface SaveUrlValues {
  /** The device's local time: #d. */
  readonly localTime: {
    readonly year: number;
    readonly month: number;
    readonly day: number;
    readonly hour: number;
    readonly minute: number;
    readonly second: number;
  };
  /** #m, written `00-90-33-03-0d-f0`. */
  readonly mac: Mac;
  /** #h, e.g. `ipbs2-03-0d-f0` (product.ts hardwareId). */
  readonly hardwareId: string;
  /** How many saves this `scfg` made before this one (0 for the first): #b<n> is this count modulo n. */
  readonly backupCount: number;
}

const SEQUENCE = /#(?:b(\d*)|([dmh]))/g;

/**
 * App. A.1.4's table for `scfg <url>`: #d "Current date and time" (20040319-162544), #m "Device mac address"
 * (00-90-33-03-0d-f0), #h "Device hardware ID" (ipbs-03-0d-f0), #b "Rolling backup index loops over 0 .. n-1 for each
 * backup". The number n is written after #b: A.1.5's `…/saved/#h#b5.txt` "saves … with a backlog of 5 weeks", so
 * `#b5` is n = 5 and stands for 0, 1, 2, 3, 4, 0, … (the table's example "5" is that n). #b with no number, #b0 or a
 * second #b, and any other `#` sequence, are refused: there is no n to loop over, and a `#` left in a URL would be a
 * fragment the server never sees. `index` is the #b index used, undefined without #b. Throws DecodeError UP_URL.
 */
export function substituteSaveUrl(
  template: string,
  v: SaveUrlValues,
  where: string,
): { url: UpdateUrl; index: number | undefined } {
  let index: number | undefined;
  const quoted = JSON.stringify(withoutPassword(template));
  const text = template.replace(SEQUENCE, (_, n: string | undefined, letter: string | undefined) => {
    if (letter === "d") return dateTime(v.localTime);
    if (letter === "m") return v.mac.toString().replaceAll(":", "-");
    if (letter === "h") return v.hardwareId;
    if (index !== undefined) fail(where, `${quoted}: #b is given twice; one rolling index per URL (App. A.1.4)`);
    const count = Number(n);
    if (n === "" || !Number.isSafeInteger(count) || count < 1)
      fail(where, `${quoted}: #b needs the number of backups n ≥ 1 after it, e.g. #b5 loops over 0..4 (App. A.1.4)`);
    index = v.backupCount % count;
    return String(index);
  });
  const stray = /#.?/s.exec(text)?.[0];
  if (stray !== undefined)
    fail(
      where,
      `${quoted}: unknown sequence ${JSON.stringify(stray)}; scfg URLs know #d, #m, #h and #b<n> (App. A.1.4)`,
    );
  return { url: parseUpdateUrl(text, where), index };
}

/** A.1.4's #d: `20040319-162544`. */
function dateTime(t: SaveUrlValues["localTime"]): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${String(t.year).padStart(4, "0")}${two(t.month)}${two(t.day)}-${two(t.hour)}${two(t.minute)}${two(t.second)}`;
}
