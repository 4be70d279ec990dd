import type { User } from "./User.js";
import type { UserField } from "./limits.js";

/** §4.6.2 Subscriptions: With User AC, With System AC, or Disable. */
export const SUBSCRIPTION_METHODS = ["user-ac", "system-ac", "disable"] as const;
export type SubscriptionMethod = (typeof SUBSCRIPTION_METHODS)[number];

/** A user of the directory with its replication identity (App. C `guid;bin`, `usn`). */
export interface UserEntry {
  readonly kind: "user";
  /** 32 upper-case hex digits, as App. C writes `guid;bin=…`; never changes for the life of the user. */
  readonly guid: string;
  /** Update sequence number of the last change (App. C `usn`): the directory's change counter at that change. */
  readonly usn: number;
  readonly user: User;
  /** The DECT gateway the user belongs to: the Master's device name (App. C `pbx=<gw name=…>`, §4.5.3.1 filter). */
  readonly gateway: string;
  /** The key the handset of `user.ipei` got at its over-air subscription (App. C `subs`); absent: not subscribed. */
  readonly subs?: string;
  /** Set when an Active Directory replication owns this user: its source key and the fields it writes (§4.5.3.2). */
  readonly ad?: { readonly key: string; readonly fields: readonly UserField[] };
}

/** A handset without a user (§3.14.1, §4.10.7): subscribed with the system AC, logged out, or pre-registered. */
export interface AnonymousEntry {
  readonly kind: "anonymous";
  readonly ipei: string;
  readonly usn: number;
  readonly subs?: string;
}

/** The DECT → System settings kept in the directory (§4.5: it "also contains the system configuration"). */
export interface SystemEntry {
  readonly kind: "system";
  readonly usn: number;
  readonly subscription: SubscriptionMethod;
  /** §4.6.3: 4 to 8 digits, generated when the directory is created. */
  readonly systemAc: string;
  /** §4.6.18 Logout User feature code, default `#11*$#` (§3.15.1). */
  readonly logoutCode: string;
}

export const DEFAULT_LOGOUT_CODE = "#11*$#";

export type DirEntry = UserEntry | AnonymousEntry | SystemEntry;

/** One change: the entry as it is now, or absent when the key was deleted. */
export interface DirChange {
  readonly usn: number;
  readonly key: string;
  readonly entry?: DirEntry;
}

export const SYSTEM_KEY = "system";

/** The directory key of an entry: users by guid, anonymous handsets by IPEI. */
export function entryKey(e: DirEntry): string {
  if (e.kind === "user") return `user/${e.guid}`;
  if (e.kind === "anonymous") return `anonymous/${e.ipei}`;
  return SYSTEM_KEY;
}
