import { DecodeError } from "../core/errors.js";
import type { AccessLevel } from "./levels.js";
import { AuthCode } from "./errors.js";
import type { RealmName, RealmVerdict } from "./realm.js";

/**
 * The Authorization of a trusted realm (§4.1.8.9 "On the device (the Kerberos server)" step 4): "Use domain group"
 * gives Administrator to the members of the Admin Group and Auditor to those of the Auditor Group (step 5, by RID);
 * "Administrator" and "Auditor" give that level to every user of the domain.
 */
export type TrustAuthorization =
  | { readonly kind: "domain-group"; readonly adminGroupRid?: number; readonly auditorGroupRid?: number }
  | { readonly kind: "administrator" }
  | { readonly kind: "auditor" };

export const TRUST_AUTHORIZATIONS = ["domain-group", "administrator", "auditor"] as const;

/**
 * A RID is a 32-bit sub-authority (MS-DTYP §2.4.2); AD gives groups made by an administrator RIDs from 1000 up, and
 * its well-known groups lower ones (512 Domain Admins, 513 Domain Users), which may be named too.
 */
export const RID_MAX = 0xffff_ffff;

/** `text` as a RID, or a DecodeError naming `key`. */
export function readRid(text: string, key: string): number {
  const rid = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(rid > 0 && rid <= RID_MAX))
    throw new DecodeError(AuthCode.Rid, `${key} must be a RID: a number 1..${RID_MAX} (§4.1.8.9 step 5)`);
  return rid;
}

/**
 * What the domain says of one of its users: the user's SID and the SIDs of the groups it belongs to. The groups are
 * those a Kerberos ticket of another realm would carry (MS-PAC §2.5 GroupIds): global and universal groups, with
 * the primary group, as AD's tokenGroupsGlobalAndUniversal lists them (MS-ADTS §3.1.1.4.5.19). Domain local groups
 * are not there: §4.1.8.9 "can NOT be used in trusted domains".
 */
export interface DomainToken {
  readonly userSid: string;
  readonly groupSids: readonly string[];
}

/**
 * Where a device reads a domain user's token (docs/design.md "Kerberos cross-realm with Active Directory"): the
 * device's realm is an MIT KDC, which does not pass the domain's PAC on to the device's ticket, so the node world
 * asks the domain controller over LDAPS, bound as the user. Throws an IoError when the DC cannot be asked.
 */
export interface DomainGroups {
  token(server: string, name: RealmName, password: string): Promise<DomainToken>;
}

/**
 * A binary SID (MS-DTYP §2.4.2.2: revision 1, sub-authority count, 48-bit big-endian identifier authority, then
 * little-endian 32-bit sub-authorities) as its string form `S-1-5-21-…` (§2.4.2.1).
 */
export function sidText(bytes: Uint8Array): string {
  const count = bytes[1] ?? 0;
  if (bytes.length < 8 || bytes[0] !== 1 || bytes.length !== 8 + 4 * count || count > 15)
    throw new DecodeError(AuthCode.Sid, "a SID must be revision 1 with 0..15 sub-authorities (MS-DTYP §2.4.2.2)", {
      offset: 0,
    });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const authority = view.getUint16(2) * 2 ** 32 + view.getUint32(4);
  const subs = Array.from({ length: count }, (_, i) => view.getUint32(8 + 4 * i, true));
  return ["S-1", authority, ...subs].join("-");
}

const SID = /^S-1-\d+(-\d+)+$/;

/** The domain part and the RID (the last sub-authority) of a SID in string form. */
export function sidParts(sid: string): { readonly domain: string; readonly rid: number } {
  if (!SID.test(sid)) throw new DecodeError(AuthCode.Sid, `${JSON.stringify(sid)} is not a SID (S-1-…)`);
  const cut = sid.lastIndexOf("-");
  return { domain: sid.slice(0, cut), rid: Number(sid.slice(cut + 1)) };
}

/**
 * The RIDs of the token's groups in the user's own domain: a RID names a group only together with its domain SID
 * (§4.1.8.9 step 5 "the last part of the SID"), and builtin or other domains' SIDs (S-1-5-32-544, a universal group
 * of another domain of the forest) end in numbers that would name other groups here.
 */
export function domainGroupRids(token: DomainToken): ReadonlySet<number> {
  const { domain } = sidParts(token.userSid);
  const rids = new Set<number>();
  for (const sid of token.groupSids) {
    const parts = sidParts(sid);
    if (parts.domain === domain) rids.add(parts.rid);
  }
  return rids;
}

/**
 * The level a domain user gets (§4.1.8.9 step 4): Administrator before Auditor when the user is in both groups;
 * undefined for a user in neither (the login is refused, §4.1.8.9 "Only users belonging to a specified AD group").
 */
export function trustedLevel(authorization: TrustAuthorization, rids: ReadonlySet<number>): AccessLevel | undefined {
  switch (authorization.kind) {
    case "administrator":
      return "system-admin";
    case "auditor":
      return "auditor";
    case "domain-group":
      if (authorization.adminGroupRid !== undefined && rids.has(authorization.adminGroupRid)) return "system-admin";
      if (authorization.auditorGroupRid !== undefined && rids.has(authorization.auditorGroupRid)) return "auditor";
      return undefined;
  }
}

/**
 * The verdict on a login of `principal`, a user of a trusted realm whose password the realm has verified: by the
 * trust's Authorization, asking `groups` for the token only under "Use domain group". A DC that cannot be asked
 * refuses the login as unreachable; a user in neither group is refused for its role.
 */
export async function trustedRealmVerdict(
  authorization: TrustAuthorization,
  principal: string,
  ask: () => Promise<DomainToken>,
): Promise<RealmVerdict> {
  let rids: ReadonlySet<number> = new Set();
  if (authorization.kind === "domain-group") {
    try {
      rids = domainGroupRids(await ask());
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { ok: false, reason: "unreachable", detail: `the domain groups of ${principal} cannot be read: ${why}` };
    }
  }
  const level = trustedLevel(authorization, rids);
  if (level === undefined)
    return {
      ok: false,
      reason: "role",
      detail: `${principal} is in neither the Admin Group nor the Auditor Group of its domain (§4.1.8.9)`,
    };
  return { ok: true, principal, level };
}
