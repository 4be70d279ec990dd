import { hash } from "node:crypto";
import { InternalError } from "../core/errors.js";
import { sameSecret } from "../core/secret.js";
import { parseAuthParams } from "./authParams.js";
import { SipParseError, shown, SipCode } from "./errors.js";
import { quote } from "./syntax.js";

/** The digest algorithms spoken: MD5 (RFC 2617) and SHA-256 (RFC 7616, for SIP RFC 8760). No "-sess" variants. */
export type DigestAlgorithm = "MD5" | "SHA-256";

/** A Digest challenge of WWW-Authenticate or Proxy-Authenticate (RFC 3261 §22.4, RFC 2617 §3.2.1). */
export interface DigestChallenge {
  readonly scheme: "Digest";
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  readonly algorithm: DigestAlgorithm;
  readonly qop: readonly string[];
  readonly stale: boolean;
}

export interface DigestCredentials {
  readonly username: string;
  readonly password: string;
}

/** Digest credentials of Authorization or Proxy-Authorization (RFC 2617 §3.2.2). */
export interface DigestAuthorization {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: DigestAlgorithm;
  readonly qop?: string;
  readonly nc?: string;
  readonly cnonce?: string;
  readonly opaque?: string;
}

/** The digest parameters of a value whose scheme must be Digest; its `params` hold the parameters. */
function digestParams(value: string, field: string): ReadonlyMap<string, string> {
  const { scheme, params } = parseAuthParams(value, field);
  if (scheme.toLowerCase() !== "digest") throw new SipParseError(`scheme ${shown(scheme)} is not Digest`, { field });
  return params;
}

function required(params: ReadonlyMap<string, string>, name: string, field: string): string {
  const v = params.get(name);
  if (v === undefined) throw new SipParseError(`Digest without ${name}`, { field });
  return v;
}

/** algorithm is MD5 when absent (RFC 2617 §3.2.1); names compare case-insensitively (RFC 7616 §3.3). */
function algorithmOf(params: ReadonlyMap<string, string>, field: string): DigestAlgorithm {
  const a = (params.get("algorithm") ?? "MD5").toUpperCase();
  if (a !== "MD5" && a !== "SHA-256") throw new SipParseError(`unsupported algorithm ${shown(a)}`, { field });
  return a;
}

/** Parses a WWW-Authenticate or Proxy-Authenticate value; realm and nonce are required. */
export function parseChallenge(value: string): DigestChallenge {
  const field = "WWW-Authenticate";
  const p = digestParams(value, field);
  const opaque = p.get("opaque");
  return {
    scheme: "Digest",
    realm: required(p, "realm", field),
    nonce: required(p, "nonce", field),
    ...(opaque === undefined ? {} : { opaque }),
    algorithm: algorithmOf(p, field),
    qop: (p.get("qop") ?? "")
      .split(",")
      .map((q) => q.trim())
      .filter((q) => q !== ""),
    stale: p.get("stale")?.toLowerCase() === "true",
  };
}

export function formatChallenge(c: DigestChallenge): string {
  const parts = [`realm=${quote(c.realm)}`, `nonce=${quote(c.nonce)}`];
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  parts.push(`algorithm=${c.algorithm}`);
  if (c.qop.length > 0) parts.push(`qop=${quote(c.qop.join(","))}`);
  if (c.stale) parts.push("stale=true");
  return `Digest ${parts.join(", ")}`;
}

/**
 * The challenge to answer among several: the first SHA-256 one, else the first MD5 one (RFC 8760 §2.4: the UAC uses
 * the topmost challenge with the algorithm it prefers). Values that do not parse are skipped.
 */
export function pickChallenge(values: readonly string[]): DigestChallenge | undefined {
  const parsed = values.flatMap((v) => {
    try {
      return [parseChallenge(v)];
    } catch (e) {
      if (e instanceof SipParseError) return [];
      throw e;
    }
  });
  return parsed.find((c) => c.algorithm === "SHA-256") ?? parsed[0];
}

interface ResponseInput {
  readonly algorithm: DigestAlgorithm;
  readonly username: string;
  readonly realm: string;
  readonly password: string;
  readonly nonce: string;
  readonly method: string;
  readonly uri: string;
  readonly qop?: string | undefined;
  readonly nc?: string | undefined;
  readonly cnonce?: string | undefined;
}

/**
 * request-digest (RFC 2617 §3.2.2.1, RFC 7616 §3.4.1): A1 = user:realm:password, A2 = method:uri; with qop
 * KD(H(A1), nonce:nc:cnonce:qop:H(A2)), without it the RFC 2069 form KD(H(A1), nonce:H(A2)).
 */
function requestDigest(x: ResponseInput): string {
  // One-shot hashing: a registration burst computes three digests per user.
  const h = (s: string) => hash(x.algorithm === "MD5" ? "md5" : "sha256", s, "hex");
  const ha1 = h(`${x.username}:${x.realm}:${x.password}`);
  const ha2 = h(`${x.method}:${x.uri}`);
  return x.qop === undefined
    ? h(`${ha1}:${x.nonce}:${ha2}`)
    : h(`${ha1}:${x.nonce}:${x.nc ?? ""}:${x.cnonce ?? ""}:${x.qop}:${ha2}`);
}

/**
 * The Authorization (or Proxy-Authorization) value answering `ch` for a request of `method` to `uri` (RFC 3261
 * §22.2, §22.3). qop=auth is used when the challenge offers it, with `cnonce` and the nonce count `nc` (1 for the
 * first request with this nonce, RFC 2617 §3.2.2); otherwise the RFC 2069 form. auth-int alone is not supported and
 * also gives the RFC 2069 form.
 */
export function authorization(
  ch: DigestChallenge,
  cred: DigestCredentials,
  method: string,
  uri: string,
  cnonce: string,
  nc: number,
): string {
  if (!Number.isInteger(nc) || nc < 1 || nc > 0xffffffff)
    throw new InternalError(SipCode.SipDigestNc, `nonce count ${nc} is not in 1..2**32-1`);
  const qop = ch.qop.some((q) => q.toLowerCase() === "auth") ? "auth" : undefined;
  const ncHex = nc.toString(16).padStart(8, "0");
  const response = requestDigest({
    algorithm: ch.algorithm,
    username: cred.username,
    realm: ch.realm,
    password: cred.password,
    nonce: ch.nonce,
    method,
    uri,
    qop,
    nc: ncHex,
    cnonce,
  });
  const parts = [
    `username=${quote(cred.username)}`,
    `realm=${quote(ch.realm)}`,
    `nonce=${quote(ch.nonce)}`,
    `uri=${quote(uri)}`,
    `response=${quote(response)}`,
    `algorithm=${ch.algorithm}`,
  ];
  if (qop !== undefined) parts.push(`qop=${qop}`, `nc=${ncHex}`, `cnonce=${quote(cnonce)}`);
  if (ch.opaque !== undefined) parts.push(`opaque=${quote(ch.opaque)}`);
  return `Digest ${parts.join(", ")}`;
}

/** Parses an Authorization or Proxy-Authorization value; with qop, nc (8 hex digits) and cnonce are required. */
export function parseAuthorization(value: string): DigestAuthorization {
  const field = "Authorization";
  const p = digestParams(value, field);
  const qop = p.get("qop");
  const nc = p.get("nc");
  const cnonce = p.get("cnonce");
  const opaque = p.get("opaque");
  if (qop !== undefined && (nc === undefined || cnonce === undefined))
    throw new SipParseError("qop without nc and cnonce (RFC 2617 §3.2.2)", { field });
  if (nc !== undefined && !/^[0-9a-fA-F]{8}$/.test(nc))
    throw new SipParseError(`nc ${shown(nc)} is not 8 hex digits`, { field });
  return {
    username: required(p, "username", field),
    realm: required(p, "realm", field),
    nonce: required(p, "nonce", field),
    uri: required(p, "uri", field),
    response: required(p, "response", field),
    algorithm: algorithmOf(p, field),
    ...(qop === undefined ? {} : { qop }),
    ...(nc === undefined ? {} : { nc }),
    ...(cnonce === undefined ? {} : { cnonce }),
    ...(opaque === undefined ? {} : { opaque }),
  };
}

/**
 * Whether the credentials carry the right response for `password` and `method` (RFC 2617 §3.2.2.1), compared in
 * constant time. Only qop=auth or no qop can be checked (auth-int would need the body): anything else is false.
 * Nonce freshness, realm and uri are the caller's to check.
 */
export function verifyAuthorization(a: DigestAuthorization, password: string, method: string): boolean {
  if (a.qop !== undefined && a.qop.toLowerCase() !== "auth") return false;
  const expected = requestDigest({ ...a, password, method });
  return sameSecret(a.response.toLowerCase(), expected);
}
