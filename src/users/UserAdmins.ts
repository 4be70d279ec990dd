import { InOrder } from "../core/InOrder.js";
import { DecodeError, StateError } from "../core/errors.js";
import { flashCheck, flashField, flashObject, isArray, isString, readFlashJson } from "../core/flashJson.js";
import type { Store } from "../core/Store.js";
import type { UserAdminAccounts } from "../auth/Administration.js";
import { hashPassword, type PasswordHash, type VerifiedPasswords } from "../auth/passwordHash.js";
import { USER_FIELD_MAX } from "./limits.js";
import { UsersCode } from "./errors.js";

/** §3.4.5.4 step 8: a User Administrator's password has at most 23 characters. */
export const USER_ADMIN_PASSWORD_MAX = 23;

export interface UserAdmin {
  readonly longName: string;
  /** The login name (§3.4.5.4 step 7: "This field is used for login"). */
  readonly name: string;
  readonly password: string;
}

/** As kept on flash: the password only as its scrypt hash (issue 16, "Secrets at rest"). */
interface StoredAdmin {
  readonly longName: string;
  readonly name: string;
  readonly hash: PasswordHash;
}

const KEY = "users/admins.json";

/** The list as stored: each row hashed (StoredAdmin) or, from an older version, with its password. */
function storedAdmins(v: unknown): (StoredAdmin | UserAdmin)[] {
  flashCheck(isArray(v), "the file: not a list");
  return (v as unknown[]).map((x, i) => {
    const r = flashObject(x, `row ${i + 1}`);
    flashField(r, "longName", isString, "text");
    flashField(r, "name", isString, "text");
    flashField(r, "hash" in r ? "hash" : "password", isString, "text");
    return r as unknown as StoredAdmin | UserAdmin;
  });
}

/**
 * User Administrator accounts (§3.4.5.4, §4.10.4): created by a System Administrator, they log in with their Name and
 * password and may manage users only. Kept on the device's flash with one atomic write per change, each password as
 * an scrypt hash; a file of an older version that still holds passwords is rewritten hashed when it is loaded.
 */
export class UserAdmins implements UserAdminAccounts {
  readonly #store: Store;
  #admins: StoredAdmin[] = [];
  /** Changes one at a time: two adds at once must not both answer "created" while one is lost. */
  readonly #changes = new InOrder();

  private constructor(store: Store) {
    this.#store = store;
  }

  static async load(store: Store): Promise<UserAdmins> {
    const a = new UserAdmins(store);
    // A damaged file refuses the start (FLASH_CORRUPT) rather than drop accounts or answer every login with 500.
    const stored = await readFlashJson(store, KEY, storedAdmins);
    if (stored === undefined) return a;
    const hashed = stored.map((x) =>
      "hash" in x ? x : { longName: x.longName, name: x.name, hash: hashPassword(x.password) },
    );
    if (stored.some((x) => !("hash" in x))) await a.#save(hashed);
    else a.#admins = hashed;
    return a;
  }

  /** The accounts without their passwords. */
  list(): Omit<UserAdmin, "password">[] {
    return this.#admins.map(({ longName, name }) => ({ longName, name }));
  }

  verify(name: string, password: string, verified: VerifiedPasswords): boolean | undefined {
    const a = this.#admins.find((x) => x.name === name);
    return a === undefined ? undefined : verified.verify(`user-admin/${name}`, password, a.hash);
  }

  async add(a: UserAdmin, reserved: (name: string) => boolean): Promise<void> {
    const check = (field: keyof UserAdmin, max: number) => {
      const v = a[field];
      if (v.length === 0 || [...v].length > max || /\p{Cc}/u.test(v))
        throw new DecodeError(UsersCode.UserField, `${field}: 1 to ${max} characters, no control characters`, {
          field,
        });
    };
    check("longName", USER_FIELD_MAX.longName);
    check("name", USER_FIELD_MAX.name);
    check("password", USER_ADMIN_PASSWORD_MAX);
    if (a.name.includes(":"))
      throw new DecodeError(UsersCode.UserField, "name: no colon (HTTP login)", { field: "name" });
    const hash = hashPassword(a.password);
    await this.#changes.run(async () => {
      if (this.#admins.some((x) => x.name === a.name) || reserved(a.name))
        throw new StateError(UsersCode.UserDuplicate, `login name ${a.name} is already used`);
      await this.#save([...this.#admins, { longName: a.longName, name: a.name, hash }]);
    });
  }

  async remove(name: string): Promise<void> {
    await this.#changes.run(async () => {
      if (!this.#admins.some((x) => x.name === name))
        throw new StateError(UsersCode.UserUnknown, `no User Administrator ${name}`);
      await this.#save(this.#admins.filter((x) => x.name !== name));
    });
  }

  /** Written first, then made current: a failed write changes nothing. */
  async #save(next: StoredAdmin[]): Promise<void> {
    await this.#store.put(KEY, new TextEncoder().encode(JSON.stringify(next)));
    this.#admins = next;
  }
}
