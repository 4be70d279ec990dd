import { StateError } from "../core/errors.js";
import type { ConfigUser } from "./configUser.js";
import { entryKey, type DirEntry, type UserEntry } from "./entry.js";
import { validateUser } from "./User.js";
import { UniqueIndex } from "./UniqueIndex.js";
import { UsersCode } from "./errors.js";

/** Where a restore gets what the configuration left out (App. C step 4: guid and usn removed from moved lines). */
export interface RestoreIds {
  readonly gateway: string;
  newGuid(): string;
  generateAc(): string;
}

/**
 * The entries of a directory whose users are exactly `users` (App. C.2 steps 6–7, or the initial users of a first
 * start): each keeps its guid, usn, gateway and subscription from the configuration; missing guids, Auth. Codes and
 * gateways are generated; a missing usn, or one another entry already has, is numbered after the highest one in use.
 * `keep` (the system entry and anonymous handsets) stays, except an anonymous IPEI that a user now has. Throws before
 * anything changes when two users share a guid, Long Name, Number or IPEI.
 */
export function restoredEntries(
  users: readonly ConfigUser[],
  keep: readonly DirEntry[],
  usn: number,
  ids: RestoreIds,
): { readonly usn: number; readonly entries: readonly DirEntry[] } {
  const drafts = users.map(({ guid, usn: at, gateway, subs, ...fields }) => ({
    kind: "user" as const,
    guid: guid ?? ids.newGuid(),
    usn: at,
    user: validateUser({ ...fields, authCode: fields.authCode ?? ids.generateAc() }),
    gateway: gateway ?? ids.gateway,
    ...(subs === undefined ? {} : { subs }),
  }));
  const draft = new Map<string, DirEntry>();
  for (const d of drafts) {
    const key = entryKey(d as UserEntry);
    if (draft.has(key)) throw new StateError(UsersCode.UserDuplicate, `guid ${d.guid} is used twice`);
    draft.set(key, d as UserEntry);
  }
  new UniqueIndex().check(draft, () => undefined);
  const ipeis = new Set(drafts.map((d) => d.user.ipei));
  const kept = keep.filter((e) => !(e.kind === "anonymous" && ipeis.has(e.ipei)));
  // Each entry has its own usn (replicas page by usn): one already taken, like a missing one, is numbered anew.
  const taken = new Set(kept.map((e) => e.usn));
  const own = drafts.map((d) => {
    const free = d.usn !== undefined && !taken.has(d.usn);
    if (free) taken.add(d.usn!);
    return free ? d.usn : undefined;
  });
  let top = [...taken].reduce((max, u) => Math.max(max, u), usn);
  const numbered = drafts.map((d, i): UserEntry => ({ ...d, usn: own[i] ?? ++top }));
  return { usn: top, entries: [...kept, ...numbered] };
}
