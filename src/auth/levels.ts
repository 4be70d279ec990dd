/**
 * Access levels (manual 003 §3.4.2): Auditors read, User Administrators manage users only, System Administrators
 * everything. A Kerberos Administrator has the System Administrator's level and a Kerberos Auditor the Auditor's
 * (§4.1.8.1).
 */
export const ACCESS_LEVELS = ["auditor", "user-admin", "system-admin"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Whether a caller of `level` may call what needs `need`: a System Administrator may call everything. */
export function allows(level: AccessLevel, need: AccessLevel): boolean {
  if (level === "system-admin") return true;
  return level === need;
}

/** The levels as the manual names them (§3.4.2). */
export const LEVEL_NAMES: Readonly<Record<AccessLevel, string>> = {
  auditor: "Auditor",
  "user-admin": "User Administrator",
  "system-admin": "System Administrator",
};
