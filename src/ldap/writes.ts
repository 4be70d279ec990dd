import { IoError, IpdectError } from "../core/errors.js";
import type { UserField } from "../users/limits.js";
import { FIELD_LABEL } from "../users/User.js";
import { systemPatch, userFromAttributes, userPatch } from "./changes.js";
import { dnKey, leafAva, type Dn } from "./dn.js";
import type { DirectoryView, Located } from "./DirectoryView.js";
import { noSuchObject } from "./read.js";
import type { RequestOf } from "./requests.js";
import { LdapFailure } from "./errors.js";
import { result, ResultCode, SUCCESS, type LdapResult } from "./resultCodes.js";
import { USER_ATTRIBUTE, VIEW_DN } from "./schema.js";
import { UsersCode } from "../users/errors.js";

/**
 * Writes of LDAP clients mapped onto the Directory's own operations (§4.5.1 Write Access), so they obey the same
 * rules and reach the same change feed as the HTTP API and CSV import: add → addUsers, modify → modifyUser or
 * setSystem, delete → removeUser, modify DN → a new Long Name. Access is checked by the caller.
 */
export class DirectoryWriter {
  readonly #view: DirectoryView;
  /** The primary Master's address on a Standby, for the refusal's message. */
  readonly #master: string | undefined;

  constructor(view: DirectoryView, master?: string) {
    this.#view = view;
    this.#master = master;
  }

  /** RFC 4511 §4.7: a new user `cn=<Long Name>,cn=PBX0`. */
  add(req: RequestOf<"add">): Promise<LdapResult> {
    return this.#run(async () => {
      if (this.#view.locate(req.dn) !== undefined)
        throw new LdapFailure(ResultCode.entryAlreadyExists, "an entry of that name exists");
      const parent = req.dn.slice(1);
      if (dnKey(parent) !== dnKey(VIEW_DN)) {
        if (this.#view.locate(parent) === undefined) throw failure(noSuchObject(this.#view, req.dn));
        throw new LdapFailure(ResultCode.unwillingToPerform, "users are added below cn=PBX0 only");
      }
      const leaf = leafAva(req.dn);
      if (leaf?.type.toLowerCase() !== "cn")
        throw new LdapFailure(ResultCode.namingViolation, "a user is named cn=<Long Name>,cn=PBX0");
      await this.#view.directory.addUsers([userFromAttributes(req.attributes, leaf.value)]);
    });
  }

  /** RFC 4511 §4.6: fields of a user, or the DECT settings. */
  modify(req: RequestOf<"modify">): Promise<LdapResult> {
    return this.#run(async () => {
      const { source } = this.#existing(req.dn);
      const dir = this.#view.directory;
      if (source?.kind === "user") {
        const patch = userPatch(source.user, req.changes);
        if (Object.keys(patch).length > 0) await dir.modifyUser(source.user.number, patch);
      } else if (source?.kind === "system") {
        const patch = systemPatch(source, req.changes);
        if (Object.keys(patch).length > 0) await dir.setSystem(patch);
      } else throw new LdapFailure(ResultCode.unwillingToPerform, "only users and cn=DECT,cn=PBX0 change here");
    });
  }

  /** RFC 4511 §4.8: removes a user. */
  delete(req: RequestOf<"delete">): Promise<LdapResult> {
    return this.#run(async () => {
      const { entry, source } = this.#existing(req.dn);
      if (entry === this.#view.view)
        throw new LdapFailure(ResultCode.notAllowedOnNonLeaf, "cn=PBX0 holds the directory");
      if (source?.kind !== "user") throw new LdapFailure(ResultCode.unwillingToPerform, "only users are deleted here");
      await this.#view.directory.removeUser(source.user.number);
    });
  }

  /**
   * RFC 4511 §4.9: a new Long Name (the RDN `cn`) for a user, who stays below cn=PBX0. The old name cannot stay as a
   * second value (Long Name has one), so deleteoldrdn makes no difference.
   */
  modifyDn(req: RequestOf<"modifyDn">): Promise<LdapResult> {
    return this.#run(async () => {
      const { entry, source } = this.#existing(req.dn);
      if (source?.kind !== "user") throw new LdapFailure(ResultCode.unwillingToPerform, "only users are renamed here");
      if (req.newSuperior !== undefined && dnKey(req.newSuperior) !== dnKey(VIEW_DN))
        throw new LdapFailure(ResultCode.unwillingToPerform, "users stay below cn=PBX0");
      const leaf = req.newRdn.length === 1 ? req.newRdn[0] : undefined;
      if (leaf?.type.toLowerCase() !== "cn")
        throw new LdapFailure(ResultCode.namingViolation, "a user is named cn=<Long Name>");
      const other = this.#view.locate([req.newRdn, ...VIEW_DN]);
      if (other !== undefined && other.entry !== entry)
        throw new LdapFailure(ResultCode.entryAlreadyExists, "an entry of that name exists");
      await this.#view.directory.modifyUser(source.user.number, { longName: leaf.value });
    });
  }

  #existing(dn: Dn): Located {
    const located = this.#view.locate(dn);
    if (located === undefined) throw failure(noSuchObject(this.#view, dn));
    if (located.entry === this.#view.root)
      throw new LdapFailure(ResultCode.unwillingToPerform, "the root DSE does not change");
    return located;
  }

  async #run(write: () => Promise<void>): Promise<LdapResult> {
    try {
      await write();
      return SUCCESS;
    } catch (err) {
      return this.#refusal(err);
    }
  }

  /** A Directory refusal as an LDAP result; anything that is not an IpdectError is a bug and goes on up. */
  #refusal(err: unknown): LdapResult {
    if (err instanceof LdapFailure) return err.result;
    if (err instanceof IoError)
      return result(ResultCode.other, `the directory could not be stored; nothing changed (${err.message})`);
    if (!(err instanceof IpdectError)) throw err;
    switch (err.code) {
      case UsersCode.DirectoryReplica:
        return result(
          ResultCode.unwillingToPerform,
          `this is a Standby's copy of the directory (§4.5.3.1): write to the Master${this.#master === undefined ? "" : ` at ${this.#master}`}`,
        );
      case UsersCode.UserField:
        return fieldRefusal(err);
      case UsersCode.UserDuplicate:
        return result(ResultCode.constraintViolation, err.message);
      case UsersCode.UserUnknown:
        return result(ResultCode.noSuchObject, err.message);
      default:
        return result(ResultCode.unwillingToPerform, err.message);
    }
  }
}

/**
 * A field the directory refused (§3.14 rules): a bad IPEI or Auth. Code is invalidAttributeSyntax, anything else
 * (length, control characters) constraintViolation. The directory says "<field>: <Label>: why"; the client reads
 * "<attribute> (<Label>): why".
 */
function fieldRefusal(err: IpdectError): LdapResult {
  const field = err.context.field as UserField;
  const code =
    field === "ipei" || field === "authCode" ? ResultCode.invalidAttributeSyntax : ResultCode.constraintViolation;
  const label = `${FIELD_LABEL[field]}: `;
  const at = err.message.indexOf(label);
  const why = at < 0 ? err.message : err.message.slice(at + label.length);
  return result(code, `${USER_ATTRIBUTE[field]} (${FIELD_LABEL[field]}): ${why}`);
}

const failure = (r: LdapResult) => new LdapFailure(r.code, r.message, r.matchedDn);
