import { sameSecret } from "../core/secret.js";

/** Access levels (manual 003 §3.4.2): each level includes the rights of the ones before it... except User Admin. */
export type AccessLevel = "auditor" | "user-admin" | "system-admin";

export interface Account {
  readonly user: string;
  readonly password: string;
  readonly level: AccessLevel;
}

/** Factory default login (manual 003 §3.2.2). */
export const DEFAULT_ADMIN: Account = { user: "admin", password: "changeme", level: "system-admin" };

/** Who may call what: Auditors read, User Administrators manage users only, System Administrators everything. */
export function allows(level: AccessLevel, need: AccessLevel): boolean {
  if (level === "system-admin") return true;
  return level === need;
}

export class Accounts {
  readonly #accounts: Account[];

  constructor(accounts: readonly Account[] = [DEFAULT_ADMIN]) {
    this.#accounts = [...accounts];
  }

  /** Whether `user` is one of these fixed accounts (a User Administrator may not take its name). */
  has(user: string): boolean {
    return this.#accounts.some((x) => x.user === user);
  }

  /**
   * HTTP Basic credentials → account, or undefined. Compares without early exit on the password. `more` finds
   * accounts kept elsewhere (the device's User Administrators, §3.4.5.4).
   */
  check(authorization: string | undefined, more?: (user: string) => Account | undefined): Account | undefined {
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization ?? "");
    if (m === null) return undefined;
    const text = Buffer.from(m[1]!, "base64").toString("utf8");
    const colon = text.indexOf(":");
    if (colon < 0) return undefined;
    const user = text.slice(0, colon);
    const password = text.slice(colon + 1);
    const a = this.#accounts.find((x) => x.user === user) ?? more?.(user);
    if (a === undefined) return undefined;
    return sameSecret(password, a.password) ? a : undefined;
  }
}
