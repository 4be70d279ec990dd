import type { LdapServerSettings } from "./settings.js";
import type { Clock, TimerHandle } from "../core/Clock.js";
import type { Logger } from "../core/Logger.js";
import { sameSecret } from "../core/secret.js";
import type { ConnectionSlots } from "./ConnectionSlots.js";
import type { LdapCounters } from "./counters.js";
import { dnKey, dnOf, formatDn } from "./dn.js";
import type { DirectoryView } from "./DirectoryView.js";
import { encodeExtended, encodeMessage, encodeResult, noticeOfDisconnection, ResponseTag, WHO_AM_I } from "./encode.js";
import { peekMessage } from "./framer.js";
import { compare, search, selection, type ReadRights } from "./read.js";
import type { LdapOp, LdapRequest, RequestOf } from "./requests.js";
import { LDAP_UNAUTHENTICATED_IDLE_MS } from "./limits.js";
import { isError, result, ResultCode, SUCCESS, type LdapResult } from "./resultCodes.js";
import type { DirectoryWriter } from "./writes.js";

/** What a connection sends back for one request: whole LDAPMessages, and whether to close the connection then. */
export interface Reply {
  readonly frames: readonly Uint8Array[];
  readonly close?: boolean;
}

/** What every connection of one server shares. */
/** Runs a bind's check under the login block: refused unchecked while `name` is blocked. */
export type BindGuard = (name: string, source: string, check: () => boolean) => Promise<{ readonly ok: boolean }>;

export interface LdapContext {
  readonly view: DirectoryView;
  readonly writer: DirectoryWriter;
  readonly settings: LdapServerSettings;
  readonly counters: LdapCounters;
  readonly log: Logger;
  readonly bind: BindGuard;
  readonly clock: Clock;
  readonly slots: ConnectionSlots;
}

/** The [APPLICATION n] tag of a BindRequest (RFC 4511 Appendix B). */
const BIND_REQUEST = 0x60;
/** The response to each request tag that has one (RFC 4511 Appendix B). */
const RESPONSE_TO_TAG: ReadonlyMap<number, ResponseTag> = new Map([
  [0x63, ResponseTag.searchDone],
  [0x66, ResponseTag.modify],
  [0x68, ResponseTag.add],
  [0x4a, ResponseTag.delete],
  [0x6c, ResponseTag.modifyDn],
  [0x6e, ResponseTag.compare],
  [0x77, ResponseTag.extended],
]);

const RESPONSE: Readonly<Record<Exclude<LdapOp, "abandon" | "unbind" | "extended">, ResponseTag>> = {
  bind: ResponseTag.bind,
  search: ResponseTag.searchDone,
  add: ResponseTag.add,
  modify: ResponseTag.modify,
  delete: ResponseTag.delete,
  modifyDn: ResponseTag.modifyDn,
  compare: ResponseTag.compare,
};

const NO_WRITE = result(
  ResultCode.insufficientAccessRights,
  "writing needs a bind as the LDAP server's user with Write Access (§4.5.1)",
);

/**
 * One client connection of the LDAP server (§4.5.1): its bind state and its requests. Simple bind with the configured
 * user (`cn=<user>` or the bare name) and password; anonymous reads the root DSE only; writes need the user and Write
 * Access. Every request gets its response here, counted as §4.5.2 asks; nothing throws. While the connection is not
 * bound, the session hangs up after LDAP_UNAUTHENTICATED_IDLE_MS without a request (limits.ts), on the device's clock.
 */
export class LdapSession {
  readonly #ctx: LdapContext;
  readonly #address: string;
  readonly #hangUp: () => void;
  #rights: ReadRights = { bound: false, secrets: false };
  #unbound = false;
  #closed = false;
  /** The session hung up on an idle unauthenticated connection: not a lost connection. */
  #idledOut = false;
  #lastRequest: number;
  /** The idle watch, running while the connection is not bound. */
  #idle: TimerHandle | undefined;

  constructor(ctx: LdapContext, address: string, hangUp: () => void) {
    this.#ctx = ctx;
    this.#address = address;
    this.#hangUp = hangUp;
    ctx.counters.connections++;
    this.#lastRequest = ctx.clock.now();
    this.#watchIdle();
  }

  /** Bound as the configured user, with Write Access on: may write and read secrets. */
  get writable(): boolean {
    return this.#rights.secrets;
  }

  async handle(req: LdapRequest): Promise<Reply> {
    this.#lastRequest = this.#ctx.clock.now();
    const c = this.#ctx.counters;
    switch (req.op) {
      case "unbind":
        this.#unbound = true;
        return { frames: [], close: true };
      case "abandon":
        // Every operation here answers at once, so there is never one left to abandon.
        c.rxAbandon++;
        return { frames: [] };
      case "extended":
        return { frames: [this.#extended(req)] };
      case "search":
        c.rxSearch++;
        break;
      case "add":
        c.rxAdd++;
        break;
      case "delete":
        c.rxDel++;
        break;
      case "modify":
      case "modifyDn":
        c.rxModify++;
        break;
    }
    const critical = req.controls.find((x) => x.critical);
    if (critical !== undefined)
      return this.#answer(
        req.messageId,
        req.op,
        result(ResultCode.unavailableCriticalExtension, `control ${critical.oid} is not supported`),
      );
    if (req.op === "search") {
      const { hits, done } = search(this.#ctx.view, req, this.#rights);
      const sel = selection(req.attributes, this.#rights, req.typesOnly);
      const entries = hits.map((e) => encodeMessage(req.messageId, e.encoded(sel)));
      return { frames: [...entries, this.#result(req.messageId, ResponseTag.searchDone, done)] };
    }
    return this.#answer(req.messageId, req.op, await this.#operate(req));
  }

  async #operate(req: RequestOf<"bind" | "add" | "modify" | "delete" | "modifyDn" | "compare">): Promise<LdapResult> {
    if (req.op === "bind") return await this.#bind(req);
    if (req.op === "compare") return compare(this.#ctx.view, req, this.#rights);
    if (!this.writable) return NO_WRITE;
    const w = this.#ctx.writer;
    try {
      if (req.op === "add") return await w.add(req);
      if (req.op === "modify") return await w.modify(req);
      if (req.op === "delete") return await w.delete(req);
      return await w.modifyDn(req);
    } catch (err) {
      this.#ctx.log.log("error", "ldap write failed", { op: req.op, error: String(err) });
      return result(ResultCode.other, "internal error (logged)");
    }
  }

  /** RFC 4532 "Who am I?" (`ldapwhoami`): the bound user's DN, empty when anonymous; no other extended operation. */
  #extended(req: RequestOf<"extended">): Uint8Array {
    if (req.oid !== WHO_AM_I) {
      const r = result(ResultCode.protocolError, `extended operation ${req.oid} is not supported`);
      return encodeExtended(req.messageId, this.#count(r));
    }
    const who = this.#rights.bound ? `dn:${formatDn(dnOf(["cn", this.#ctx.settings.user]))}` : "";
    return encodeExtended(req.messageId, SUCCESS, undefined, who);
  }

  /**
   * RFC 4513 §5.1: simple bind; a failed bind leaves the connection anonymous. The device's login block applies as to
   * the web login (§3.4.5.1): after a failure the name is refused for 5 s, doubling to 1800 s, whatever the password.
   */
  async #bind(req: RequestOf<"bind">): Promise<LdapResult> {
    this.#setRights({ bound: false, secrets: false });
    if (req.name === "" && req.password === "") return SUCCESS;
    if (req.password === "")
      return result(ResultCode.unwillingToPerform, "a bind with a name needs the password (RFC 4513 §5.1.2)");
    const { user, password, writeAccess } = this.#ctx.settings;
    const named =
      req.dn !== undefined
        ? dnKey(req.dn) === dnKey(dnOf(["cn", user]))
        : req.name.toLowerCase() === user.toLowerCase();
    // Both checks always run, so the time taken does not tell a known name from an unknown one.
    const check = () => sameSecret(req.password, password) && named;
    // The block is the account's, however the bind spells it (`cn=<user>` or the bare name).
    const account = (named ? user : req.name).toLowerCase();
    if (!(await this.#ctx.bind(account, this.#address, check)).ok) {
      this.#ctx.log.log("info", "ldap bind refused", { name: req.name });
      return result(ResultCode.invalidCredentials, "invalid credentials");
    }
    this.#setRights({ bound: true, secrets: writeAccess });
    return SUCCESS;
  }

  #setRights(next: ReadRights): void {
    this.#ctx.counters.writeConnections += Number(next.secrets) - Number(this.#rights.secrets);
    this.#rights = next;
    if (next.bound) this.#stopIdle();
    else this.#watchIdle();
  }

  /** Watches for LDAP_UNAUTHENTICATED_IDLE_MS without a request; a watch already running goes on. */
  #watchIdle(): void {
    if (this.#idle !== undefined || this.#closed) return;
    const clock = this.#ctx.clock;
    const check = () => {
      const left = this.#lastRequest + LDAP_UNAUTHENTICATED_IDLE_MS - clock.now();
      if (left > 0) {
        this.#idle = clock.setTimeout(check, left);
        return;
      }
      this.#idle = undefined;
      this.#idledOut = true;
      this.#ctx.counters.idleClosed++;
      this.#ctx.log.log("debug", "ldap connection closed: idle without a bind", { address: this.#address });
      this.#hangUp();
    };
    this.#idle = clock.setTimeout(check, this.#lastRequest + LDAP_UNAUTHENTICATED_IDLE_MS - clock.now());
  }

  #stopIdle(): void {
    if (this.#idle !== undefined) this.#ctx.clock.clearTimeout(this.#idle);
    this.#idle = undefined;
  }

  #answer(messageId: number, op: keyof typeof RESPONSE, r: LdapResult): Reply {
    return { frames: [this.#result(messageId, RESPONSE[op], r)] };
  }

  #result(messageId: number, tag: ResponseTag, r: LdapResult): Uint8Array {
    return encodeResult(messageId, tag, this.#count(r));
  }

  #count(r: LdapResult): LdapResult {
    const c = this.#ctx.counters;
    if (isError(r.code)) c.txError++;
    if (r.code === ResultCode.invalidCredentials) c.txError49++;
    if (r.code === ResultCode.insufficientAccessRights) c.txError50++;
    return r;
  }

  /**
   * A whole message that does not decode (`why` says how). A bind the decoder refuses is a SASL bind or another
   * method: authMethodNotSupported, and the connection goes on anonymous. Another request gets its own response with
   * protocolError: the framer found where the next message starts, so the connection goes on. Anything else (no
   * readable messageID, a response or an unknown operation) cannot be answered in kind: a Notice of Disconnection
   * (RFC 4511 §4.4.1), then the connection closes.
   */
  malformed(frame: Uint8Array | undefined, why: string): Reply {
    this.#lastRequest = this.#ctx.clock.now();
    const head = frame === undefined ? undefined : peekMessage(frame);
    if (head?.op === BIND_REQUEST) {
      this.#setRights({ bound: false, secrets: false });
      const r = result(ResultCode.authMethodNotSupported, "only simple bind with the LDAP server's user (§4.5.1)");
      return { frames: [this.#result(head.messageId, ResponseTag.bind, r)] };
    }
    const tag = head === undefined ? undefined : RESPONSE_TO_TAG.get(head.op);
    if (head !== undefined && tag !== undefined)
      return { frames: [this.#result(head.messageId, tag, result(ResultCode.protocolError, why))] };
    this.#ctx.log.log("info", "ldap connection closed: malformed request", { reason: why });
    this.#count({ code: ResultCode.protocolError, message: why });
    return { frames: [noticeOfDisconnection(why)], close: true };
  }

  /**
   * The connection is gone: its slot is free again. Without an unbind, and unless the session itself hung up on it for
   * idling, it counts as lost (rx abandon, §4.5.2).
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#setRights({ bound: false, secrets: false });
    this.#stopIdle();
    this.#ctx.slots.release(this.#address);
    this.#ctx.counters.connections--;
    if (!this.#unbound && !this.#idledOut) this.#ctx.counters.rxAbandon++;
  }
}
