import type { Clock } from "../core/Clock.js";
import type { Rng } from "../core/Rng.js";
import { BindingTable, type Binding, type BindingChange } from "./BindingTable.js";
import { formatChallenge, parseAuthorization, verifyAuthorization, type DigestAlgorithm } from "./digest.js";
import { DigestNonces } from "./DigestNonces.js";
import { SipParseError } from "./errors.js";
import {
  addressOfRecord,
  formatNameAddr,
  normalUri,
  paramValue,
  parseContacts,
  parseCSeq,
  parseNameAddr,
  parseUri,
  type NameAddr,
} from "./headers.js";
import { isIpLiteral } from "./host.js";
import { header, headerValues, type SipHeader, type SipRequest, type SipResponse } from "./message.js";
import { withReceived, type SipSource } from "./received.js";
import { responseTo, warning } from "./response.js";
import { quote } from "./syntax.js";

export type { Binding } from "./BindingTable.js";
export type { SipSource } from "./received.js";

export interface RegistrarOptions {
  /**
   * The digest realm, and the domain served: a Request-URI or To host must be this name (any case) or an IP
   * address literal, otherwise 404 (RFC 3261 §10.3 steps 1 and 5).
   */
  readonly realm: string;
  readonly clock: Clock;
  /** Draws the nonces. */
  readonly rng: Rng;
  /**
   * The password of an authentication user. undefined means an unknown user: a REGISTER with credentials for it is
   * answered 403 Forbidden (and counted in authFailed); a REGISTER without credentials is first challenged, since
   * the user is only known from the credentials.
   */
  readonly password: (authUser: string) => string | undefined;
  /** RFC 3261 §10.3 step 4: may `authUser` change the bindings of `aor`? Default: any authenticated user may. */
  readonly mayRegister?: (authUser: string, aor: string) => boolean;
  /** Default "MD5". */
  readonly algorithm?: DigestAlgorithm;
  /** Shortest accepted expiry in seconds, default 60: shorter gets 423 Interval Too Brief (RFC 3261 §10.3 step 7). */
  readonly minExpires?: number;
  /** Longest granted expiry in seconds, default 3600: longer is lowered (RFC 3261 §10.3 step 7). */
  readonly maxExpires?: number;
  /** Expiry when the request names none, default 3600 (RFC 3261 §10.2.1.1). */
  readonly defaultExpires?: number;
}

const ALLOW: SipHeader = { name: "allow", value: "REGISTER, OPTIONS" };

/** delta-seconds (RFC 3261 §25.1), capped at 2**32-1; undefined when absent or malformed. */
function deltaSeconds(v: string | undefined): number | undefined {
  return v !== undefined && /^[0-9]+$/.test(v) ? Math.min(Number(v), 2 ** 32 - 1) : undefined;
}

/**
 * A registrar (RFC 3261 §10.3) for the simulated PBX and for tests. Pure: it gets requests and returns responses;
 * sockets, transactions (retransmissions are to be absorbed before it: a repeated REGISTER has an old CSeq) and
 * faults belong to the caller. REGISTER and OPTIONS are served, other methods get 405 (an ACK must not reach it).
 *
 * Authentication: qop=auth is offered; credentials in the RFC 2069 form (without qop) are accepted too. A nonce may
 * be reused while it is fresh. Nonce counts are not tracked: captured credentials can be replayed (with another
 * Call-ID) until their nonce is NONCE_LIFETIME_MS old, a weakness accepted for a registrar of simulations and tests.
 *
 * Counters: `registers` REGISTERs received, `challenged` 401s sent, `authFailed` credentials with a wrong response
 * or an unknown user, `ok` 200s to REGISTER.
 */
export class Registrar {
  readonly counters = { registers: 0, challenged: 0, authFailed: 0, ok: 0 };
  readonly #opts: RegistrarOptions;
  readonly #nonces: DigestNonces;
  readonly #table = new BindingTable();
  readonly #algorithm: DigestAlgorithm;
  readonly #minExpires: number;
  readonly #maxExpires: number;
  readonly #defaultExpires: number;

  constructor(opts: RegistrarOptions) {
    this.#opts = opts;
    this.#nonces = new DigestNonces(opts.clock, opts.rng);
    this.#algorithm = opts.algorithm ?? "MD5";
    this.#minExpires = opts.minExpires ?? 60;
    this.#maxExpires = opts.maxExpires ?? 3600;
    this.#defaultExpires = opts.defaultExpires ?? 3600;
  }

  handle(req: SipRequest, from: SipSource): SipResponse {
    const stamped = withReceived(req, from);
    if (stamped.method === "OPTIONS") return responseTo(stamped, 200, "OK", [ALLOW]);
    if (stamped.method !== "REGISTER") return responseTo(stamped, 405, "Method Not Allowed", [ALLOW]);
    this.counters.registers++;
    try {
      return this.#register(stamped, from);
    } catch (e) {
      if (!(e instanceof SipParseError)) throw e;
      return responseTo(stamped, 400, "Bad Request", [warning(e.reason)]);
    }
  }

  /** The unexpired bindings, of one address-of-record (normalised like a To URI) or of all. */
  bindings(aor?: string): Binding[] {
    return this.#table.list(this.#opts.clock.now(), aor === undefined ? undefined : this.#normalAor(aor));
  }

  /** RFC 3261 §10.3 steps 1 to 8, in order. */
  #register(req: SipRequest, from: SipSource): SipResponse {
    if (!this.#serves(parseUri(req.uri).host)) return responseTo(req, 404, "Not Found", [warning("domain not served")]);
    const required = headerValues(req, "require");
    if (required.length > 0)
      return responseTo(req, 420, "Bad Extension", [{ name: "unsupported", value: required.join(", ") }]);
    const authUser = this.#authenticate(req);
    if (typeof authUser !== "string") return authUser;
    const to = parseUri(parseNameAddr(header(req, "to") ?? "").uri);
    if (to.user === undefined || !this.#serves(to.host))
      return responseTo(req, 404, "Not Found", [warning("no such address-of-record here")]);
    const aor = addressOfRecord(to);
    if (this.#opts.mayRegister?.(authUser, aor) === false) return responseTo(req, 403, "Forbidden");
    const origin = {
      callId: header(req, "call-id") ?? "",
      cseq: parseCSeq(header(req, "cseq") ?? "").seq,
      source: from,
    };
    const now = this.#opts.clock.now();
    const contacts = parseContacts(req);
    const requested = deltaSeconds(header(req, "expires"));
    let applied: boolean;
    if (contacts === "*") {
      if (requested !== 0) return responseTo(req, 400, "Bad Request", [warning("Contact * needs Expires: 0")]);
      applied = this.#table.removeAll(aor, origin, now);
    } else {
      const changes = contacts.map((c) => this.#change(c, requested));
      if (changes.some((c) => c.expires > 0 && c.expires < this.#minExpires))
        return responseTo(req, 423, "Interval Too Brief", [{ name: "min-expires", value: String(this.#minExpires) }]);
      applied = this.#table.update(aor, changes, origin, now);
    }
    if (!applied)
      return responseTo(req, 500, "Server Internal Error", [warning("CSeq not above the binding's (RFC 3261 §10.3)")]);
    this.counters.ok++;
    return responseTo(req, 200, "OK", this.#contactHeaders(aor, now));
  }

  /** The authentication user, or the response that ends the request (RFC 3261 §10.3 step 3, §22). */
  #authenticate(req: SipRequest): string | SipResponse {
    const creds = headerValues(req, "authorization")
      .map(parseAuthorization)
      .find((a) => a.realm === this.#opts.realm);
    if (creds === undefined || creds.algorithm !== this.#algorithm) return this.#challenge(req, false);
    if (creds.uri !== req.uri)
      return responseTo(req, 400, "Bad Request", [warning("digest uri is not the Request-URI (RFC 2617 §3.2.2.5)")]);
    const password = this.#opts.password(creds.username);
    if (password === undefined || !verifyAuthorization(creds, password, req.method)) {
      this.counters.authFailed++;
      return password === undefined ? responseTo(req, 403, "Forbidden") : this.#challenge(req, false);
    }
    return this.#nonces.isFresh(creds.nonce) ? creds.username : this.#challenge(req, true);
  }

  /** A 401 with a new nonce; stale=true when the digest was right but its nonce old or unknown (RFC 2617 §3.2.1). */
  #challenge(req: SipRequest, stale: boolean): SipResponse {
    this.counters.challenged++;
    const value = formatChallenge({
      scheme: "Digest",
      realm: this.#opts.realm,
      nonce: this.#nonces.issue(),
      algorithm: this.#algorithm,
      qop: ["auth"],
      stale,
    });
    return responseTo(req, 401, "Unauthorized", [{ name: "www-authenticate", value }]);
  }

  /**
   * One Contact as a binding change (RFC 3261 §10.3 step 6): expiry from its expires parameter, else the Expires
   * header, else the default, lowered to maxExpires. Its key: +sip.instance and reg-id when present, so that a
   * device's new contact replaces its old one (RFC 5626 §6, RFC 5627 §4.2), else the normalised URI (§19.1.4).
   */
  #change(c: NameAddr, requested: number | undefined): BindingChange {
    const asked = deltaSeconds(paramValue(c.params, "expires")) ?? requested ?? this.#defaultExpires;
    const instance = paramValue(c.params, "+sip.instance");
    const regId = paramValue(c.params, "reg-id");
    return {
      key: instance === undefined ? `uri ${normalUri(parseUri(c.uri))}` : `instance ${instance} ${regId ?? ""}`,
      contact: c.uri,
      expires: Math.min(asked, this.#maxExpires),
      ...(instance === undefined ? {} : { instance }),
      ...(regId === undefined ? {} : { regId }),
    };
  }

  /** RFC 3261 §10.3 step 8: every current binding of the AOR with the seconds it has left. */
  #contactHeaders(aor: string, now: number): SipHeader[] {
    return this.#table.list(now, aor).map((b) => {
      const params = new Map<string, string>([["expires", String(Math.ceil((b.expiresAt - now) / 1000))]]);
      if (b.instance !== undefined) params.set("+sip.instance", quote(b.instance));
      if (b.regId !== undefined) params.set("reg-id", b.regId);
      return { name: "contact", value: formatNameAddr({ uri: b.contact, params }) };
    });
  }

  #serves(host: string): boolean {
    return host.toLowerCase() === this.#opts.realm.toLowerCase() || isIpLiteral(host);
  }

  #normalAor(aor: string): string {
    try {
      return addressOfRecord(parseUri(aor));
    } catch (e) {
      if (e instanceof SipParseError) return aor;
      throw e;
    }
  }
}
