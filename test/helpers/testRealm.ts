import type { AccessLevel } from "../../src/auth/levels.js";
import type { RealmLogin, RealmVerdict } from "../../src/auth/realm.js";

/**
 * A realm at our own RealmLogin interface for unit tests of access levels (the real KDC is tested in
 * test/interop): `LAB\<user>` with the password `<user>-pw` logs in with the level its name says.
 */
export const LAB_USERS: Readonly<Record<string, AccessLevel | "join">> = {
  kadmin: "system-admin",
  kaudit: "auditor",
  kjoin: "join",
};

export const labRealm: RealmLogin = {
  async password(name, password): Promise<RealmVerdict> {
    const level = name.realm === "LAB" ? LAB_USERS[name.user] : undefined;
    if (level === undefined || password !== `${name.user}-pw`)
      return { ok: false, reason: "credentials", detail: "wrong name or password" };
    if (level === "join") return { ok: false, reason: "role", detail: "a Join Realm account cannot log in (§4.1.8.1)" };
    return { ok: true, principal: `${name.user}@LAB`, level };
  },
  async negotiate() {
    return { ok: false, reason: "credentials", detail: "no tickets in unit tests" };
  },
};

export const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
