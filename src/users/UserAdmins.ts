import { DecodeError, StateError } from "../core/errors.js";
import type { Store } from "../core/Store.js";
import type { Account } from "../auth/Accounts.js";
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

const KEY = "users/admins.json";

/**
 * User Administrator accounts (§3.4.5.4, §4.10.4): created by a System Administrator, they log in with their Name and
 * password and may manage users only. Kept on the device's flash with one atomic write per change.
 */
export class UserAdmins {
  readonly #store: Store;
  #admins: UserAdmin[] = [];

  private constructor(store: Store) {
    this.#store = store;
  }

  static async load(store: Store): Promise<UserAdmins> {
    const a = new UserAdmins(store);
    const bytes = await store.get(KEY);
    if (bytes !== undefined) a.#admins = JSON.parse(new TextDecoder().decode(bytes)) as UserAdmin[];
    return a;
  }

  /** The accounts without their passwords. */
  list(): Omit<UserAdmin, "password">[] {
    return this.#admins.map(({ longName, name }) => ({ longName, name }));
  }

  /** The HTTP account of a User Administrator logging in as `name`. */
  account(name: string): Account | undefined {
    const a = this.#admins.find((x) => x.name === name);
    return a === undefined ? undefined : { user: a.name, password: a.password, level: "user-admin" };
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
    if (this.#admins.some((x) => x.name === a.name) || reserved(a.name))
      throw new StateError(UsersCode.UserDuplicate, `login name ${a.name} is already used`);
    await this.#save([...this.#admins, { longName: a.longName, name: a.name, password: a.password }]);
  }

  async remove(name: string): Promise<void> {
    if (!this.#admins.some((x) => x.name === name))
      throw new StateError(UsersCode.UserUnknown, `no User Administrator ${name}`);
    await this.#save(this.#admins.filter((x) => x.name !== name));
  }

  /** Written first, then made current: a failed write changes nothing. */
  async #save(next: UserAdmin[]): Promise<void> {
    await this.#store.put(KEY, new TextEncoder().encode(JSON.stringify(next)));
    this.#admins = next;
  }
}
