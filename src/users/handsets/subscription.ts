import type { Directory } from "../Directory.js";

/** §3.14.2 step 7: "allow subscription within 2 minutes". */
export const ALLOW_SUBSCRIPTION_MS = 2 * 60_000;

/** Where an over-air subscription lands, or why it is refused. */
export type SubscriptionDecision =
  { readonly to: "user"; readonly number: string } | { readonly to: "anonymous" } | { readonly refused: string };

/**
 * The rules of §4.6.2 and §3.14 for a handset that subscribes with `ac`:
 * - Disable: nobody subscribes.
 * - A handset whose IPEI an administrator entered for a user (Individual/Easy Registration) subscribes to that user:
 *   with the system AC under With System AC; with the user's AC under With User AC, and only while the user's
 *   "allow subscription" window is open.
 * - An unknown handset under With System AC, with the system AC, lands in the Anonymous list (§3.14.1.2).
 * - An unknown handset under With User AC may take a user without handset whose window is open, with that user's AC.
 */
export function decideSubscription(
  dir: Directory,
  ipei: string,
  ac: string,
  windowOpen: (number: string) => boolean,
): SubscriptionDecision {
  const { subscription, systemAc } = dir.system;
  if (subscription === "disable") return { refused: "subscription is disabled (§4.6.2)" };
  const owner = dir.findUser("ipei", ipei);
  if (owner !== undefined) {
    const number = owner.user.number;
    if (subscription === "system-ac")
      return ac === systemAc || ac === owner.user.authCode ? { to: "user", number } : { refused: "wrong AC" };
    if (ac !== owner.user.authCode) return { refused: "wrong AC" };
    return windowOpen(number)
      ? { to: "user", number }
      : { refused: `subscription of ${number} is not allowed now (allow subscription within 2 minutes, §3.14.2)` };
  }
  if (subscription === "system-ac")
    return ac === systemAc ? { to: "anonymous" } : { refused: "wrong AC (the system AC is needed, §4.6.3)" };
  const open = dir.userEntries().filter((u) => u.user.ipei === undefined && windowOpen(u.user.number));
  const match = open.find((u) => u.user.authCode === ac);
  if (match !== undefined) return { to: "user", number: match.user.number };
  return open.length === 0
    ? { refused: "unknown handset and no user allows subscription now (§3.14.2)" }
    : { refused: "wrong AC" };
}
