import { IoError } from "../../core/errors.js";
import { sidText, type DomainGroups, type DomainToken } from "../../auth/crossRealm.js";
import type { RealmName } from "../../auth/realm.js";
import type { TlsPolicy } from "../../wire/Transport.js";
import { PlatformCode } from "./errors.js";
import { bindLdap, searchEntries } from "./ldapClient.js";

/** LDAP over TLS (RFC 8314 port of ldaps): a domain controller refuses a simple bind on plain 389 by default. */
export const LDAPS_PORT = 636;

/**
 * A domain user's token read from its domain controller over LDAPS, bound as the user with the password of the
 * login (`user@REALM`, AD's implicit UPN), the DC judged by the device's trust list first: the rootDSE's
 * defaultNamingContext, the user by sAMAccountName, then its objectSid and tokenGroupsGlobalAndUniversal (MS-ADTS
 * §3.1.1.4.5.19: the groups a ticket for another domain carries; a constructed attribute, read on the entry alone).
 * Why LDAP and not the ticket's PAC: docs/design.md "Kerberos cross-realm with Active Directory".
 */
export class LdapDomainGroups implements DomainGroups {
  readonly #tls: TlsPolicy | undefined;
  readonly #port: number;

  constructor(tls: TlsPolicy | undefined, port = LDAPS_PORT) {
    this.#tls = tls;
    this.#port = port;
  }

  async token(address: string, name: RealmName, password: string): Promise<DomainToken> {
    const server = `${address}:${this.#port}`;
    const user = `${name.user}@${name.realm}`;
    const client = await bindLdap({ server, tls: true, user, password }, this.#tls);
    try {
      const [root] = await searchEntries(client, "", "base", "(objectClass=*)", ["defaultNamingContext"]);
      const base = root?.attributes["defaultnamingcontext"]?.[0];
      if (base === undefined) throw new IoError(PlatformCode.AdToken, `ldaps://${server}: no defaultNamingContext`);
      const filter = `(&(objectClass=user)(sAMAccountName=${escapeValue(name.user)}))`;
      const [entry] = await searchEntries(client, new TextDecoder().decode(base), "sub", filter, ["objectSid"]);
      const sid = entry?.attributes["objectsid"]?.[0];
      if (entry === undefined || sid === undefined)
        throw new IoError(PlatformCode.AdToken, `ldaps://${server}: no user ${name.user} in ${name.realm}`);
      const attr = "tokenGroupsGlobalAndUniversal";
      const [token] = await searchEntries(client, entry.dn, "base", "(objectClass=*)", [attr]);
      const groups = token?.attributes[attr.toLowerCase()];
      if (groups === undefined)
        throw new IoError(PlatformCode.AdToken, `ldaps://${server}: ${entry.dn} shows no ${attr}`);
      return { userSid: sidText(sid), groupSids: groups.map(sidText) };
    } catch (err) {
      if (err instanceof IoError) throw err;
      throw new IoError(PlatformCode.AdToken, `ldaps://${server}: ${(err as Error).message}`, { cause: err });
    } finally {
      client.destroy();
    }
  }
}

/** RFC 4515 §3: `*`, `(`, `)`, `\` and NUL escaped as `\hh` in an assertion value. */
function escapeValue(v: string): string {
  return v.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
