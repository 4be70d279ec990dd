import { DecodeError, IpdectError, StateError } from "../core/errors.js";
import { flashCheck, flashField, flashObject, isString, readFlashJson } from "../core/flashJson.js";
import type { Store } from "../core/Store.js";
import { adminCheck, type BackupAdmin } from "./backupAdmin.js";
import { AuthCode } from "./errors.js";
import { hashPassword, type PasswordHash, type VerifiedPasswords } from "./passwordHash.js";

/** §3.2.2: "Default user name is: admin. Default password is: changeme." */
export const FACTORY_USER = "admin";
export const FACTORY_PASSWORD = "changeme";
/** §3.4.5.2: "The maximum is 15 characters." */
export const ADMIN_PASSWORD_MAX = 15;
/** §3.4.5.2: "Allowed characters: a-z/A-Z, 0-9, !#$%&\'()*+,-.:;<=>?@[]^_`{|}~". */
const PASSWORD_CHARS = /^[A-Za-z0-9!#$%&'()*+,\-.:;<=>?@[\]^_`{|}~]+$/;
/**
 * The manual gives no rule for the name: this project allows what a login can carry (docs/user-guide.md): printable
 * ASCII without spaces, `:` (HTTP Basic splits there), `\` and `@` (they make a Kerberos name, §4.1.8.7).
 */
export const ADMIN_NAME_MAX = 32;
const NAME_CHARS = /^[!-~]+$/;
const NAME_FORBIDDEN = /[:\\@]/;

const KEY = "auth/admin.json";

interface Stored {
  readonly user: string;
  readonly hash: PasswordHash;
  /** The password is still `changeme` (possibly under a new name). */
  readonly factory: boolean;
  /** The backup check of name and password (backupAdmin.ts); absent in an account stored before backups had one. */
  readonly check?: string;
}

/** A requested change of the default account (§3.4.5.2): both name and new password, and the old password. */
export interface AdminChange {
  readonly user: string;
  readonly oldPassword: string;
  readonly password: string;
}

/**
 * The default System Administrator account (§3.4.5.2): "can be modified but cannot be deleted". Until it is changed
 * the device runs on the factory account and says so; once changed it lives on flash as the name and an scrypt hash
 * (passwordHash.ts), never the password.
 */
export class SystemAdmin {
  readonly #store: Store;
  /** Undefined: the factory account (nothing on flash). */
  #stored: Stored | undefined;

  private constructor(store: Store, stored: Stored | undefined) {
    this.#store = store;
    this.#stored = stored;
  }

  /**
   * The account on flash. A damaged file is the factory account, and `damaged` hears why (FLASH_CORRUPT): a damaged
   * flash must not lock the device out; the factory login then says to change the password again (§3.2.2,
   * docs/design.md "Flash you can trust").
   */
  static async load(store: Store, damaged: (e: IpdectError) => void): Promise<SystemAdmin> {
    try {
      return new SystemAdmin(store, await readFlashJson(store, KEY, stored));
    } catch (e) {
      if (!(e instanceof IpdectError)) throw e;
      damaged(e);
      return new SystemAdmin(store, undefined);
    }
  }

  get user(): string {
    return this.#stored?.user ?? FACTORY_USER;
  }

  /** Whether the password is still the factory one (§3.2.2 asks to change it). */
  get factoryPassword(): boolean {
    return this.#stored?.factory ?? true;
  }

  /** The account a backup is saved under and a restore must match (§4.14, §4.18.1); undefined: see `Stored.check`. */
  get backup(): BackupAdmin | undefined {
    if (this.#stored === undefined) return STANDARD_BACKUP();
    return this.#stored.check === undefined ? undefined : { user: this.#stored.user, check: this.#stored.check };
  }

  /** Whether `password` is this account's; the factory account compares with the published default. */
  verify(password: string, verified: VerifiedPasswords): boolean {
    if (this.#stored === undefined) return verified.verify(this.user, password, FACTORY_HASH());
    return verified.verify(this.user, password, this.#stored.hash);
  }

  /**
   * §3.4.5.2: a new name and password together, with the old password. Written to flash before it counts: a failed
   * write leaves the old account.
   */
  async change(c: AdminChange, verified: VerifiedPasswords): Promise<void> {
    checkName(c.user);
    checkPassword(c.password);
    if (!this.verify(c.oldPassword, verified)) throw new StateError(AuthCode.AdminChange, "the old password is wrong");
    const next: Stored = {
      user: c.user,
      hash: hashPassword(c.password),
      factory: c.password === FACTORY_PASSWORD,
      check: adminCheck(c.user, c.password),
    };
    await this.#store.put(KEY, new TextEncoder().encode(JSON.stringify(next)));
    this.#stored = next;
  }
}

/** The factory password's hash, made once per process when first needed (a fleet of 2000 devices shares it). */
let factoryHash: PasswordHash | undefined;
const FACTORY_HASH = (): PasswordHash => (factoryHash ??= hashPassword(FACTORY_PASSWORD));

/**
 * The factory account as a backup names it: §4.14's "download with standard password" saves the configuration "with
 * the default admin username and password" (§3.2.2), made once per process.
 */
let standardBackup: BackupAdmin | undefined;
export const STANDARD_BACKUP = (): BackupAdmin =>
  (standardBackup ??= { user: FACTORY_USER, check: adminCheck(FACTORY_USER, FACTORY_PASSWORD) });

function checkName(user: string): void {
  if (user.length === 0 || user.length > ADMIN_NAME_MAX || !NAME_CHARS.test(user) || NAME_FORBIDDEN.test(user))
    throw new DecodeError(
      AuthCode.AdminName,
      `user: 1 to ${ADMIN_NAME_MAX} printable ASCII characters without spaces, ':', '\\' or '@'`,
      { field: "user" },
    );
}

function checkPassword(password: string): void {
  if (password.length === 0 || password.length > ADMIN_PASSWORD_MAX || !PASSWORD_CHARS.test(password))
    throw new DecodeError(
      AuthCode.AdminPassword,
      `password: 1 to ${ADMIN_PASSWORD_MAX} characters from a-z A-Z 0-9 !#$%&'()*+,-.:;<=>?@[]^_\`{|}~ (§3.4.5.2)`,
      { field: "password" },
    );
}

/** The account as kept on flash: name, scrypt hash, whether the password is still the factory one. */
function stored(v: unknown): Stored {
  const o = flashObject(v);
  flashCheck(typeof o["factory"] === "boolean", "factory: not true or false");
  return {
    user: flashField(o, "user", isString, "text"),
    hash: flashField(o, "hash", isString, "text"),
    factory: o["factory"] as boolean,
    ...(o["check"] === undefined ? {} : { check: flashField(o, "check", isString, "text") }),
  };
}
