import type { RealmName } from "../src/auth/realm.js";
import { IoError, StateError } from "../src/core/errors.js";
import { KerberosCode } from "../src/kerberos/errors.js";
import type {
  ClientSpec,
  Credentials,
  Kdc,
  KdcSpec,
  KerberosWorld,
  Membership,
  RealmAnswer,
  RealmTools,
  RealmUser,
} from "../src/kerberos/ports.js";
import { JOIN_ROLES, type KerberosRole } from "../src/kerberos/roles.js";

/** A KDC's database in the sim: kept by address across restarts, like the node world's files on flash. */
interface SimDb {
  realm: string;
  root: string;
  users: Map<string, { password: string; role: KerberosRole }>;
  /** Host name → key version: a re-join or a deletion makes a membership's keys stale. */
  hosts: Map<string, number>;
  trusts: Map<string, string>;
}

/**
 * Kerberos in the sim world (docs/design.md "Kerberos"): realms modelled by membership and login outcomes, with no
 * tickets and no cryptography. A login is refused for the reasons a real one is — no KDC running at the configured
 * addresses (unreachable), wrong password or unknown user (credentials), this device's host principal deleted or
 * re-keyed (not-joined), a realm without a trust of the same password (cross-realm) — and the rules of
 * src/kerberos (roles, alarms) apply unchanged. SPNEGO needs a ticket and is refused here.
 */
export class SimRealms {
  readonly #dbs = new Map<string, SimDb>();
  /** KDCs serving now, by `ip:port` and by `ip:adminPort` (kadmind: joins and leaves go to the primary's). */
  readonly #serving = new Map<string, SimDb>();
  readonly #admin = new Map<string, SimDb>();
  /** Client keytabs, by device address. */
  readonly #members = new Map<string, Membership & { readonly kvno: number }>();

  /** The world one device at `ip` sees. */
  world(ip: string): KerberosWorld {
    return { kdc: (spec) => this.#kdc(spec), client: (spec) => this.#client(ip, spec) };
  }

  #kdc(spec: KdcSpec): Kdc {
    const db = () => this.#dbs.get(spec.ip);
    const open = (): SimDb => {
      const d = db();
      if (d === undefined) throw new StateError(KerberosCode.NotSetUp, "no database");
      return d;
    };
    const stop = async () => {
      this.#serving.delete(`${spec.ip}:${spec.port}`);
      this.#admin.delete(`${spec.ip}:${spec.adminPort}`);
    };
    return {
      created: async () => db() !== undefined,
      create: async (root) => {
        this.#dbs.set(spec.ip, { realm: spec.realm, root, users: new Map(), hosts: new Map(), trusts: new Map() });
      },
      start: async () => {
        this.#serving.set(`${spec.ip}:${spec.port}`, open());
        if (spec.primary === undefined) this.#admin.set(`${spec.ip}:${spec.adminPort}`, open());
      },
      stop,
      running: () => this.#serving.has(`${spec.ip}:${spec.port}`),
      users: async () =>
        [...open().users]
          .map(([name, u]): RealmUser => ({ name, role: u.role }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      addUser: async (name, password, role) => {
        const d = open();
        if (d.users.has(name)) throw new StateError(KerberosCode.UserExists, `user ${name}: it exists already`);
        d.users.set(name, { password, role });
      },
      changeUser: async (name, change) => {
        const u = open().users.get(name);
        if (u === undefined) throw new StateError(KerberosCode.NoUser, `user ${name}: no such user`);
        open().users.set(name, { password: change.password ?? u.password, role: change.role ?? u.role });
      },
      deleteUser: async (name) => {
        if (!open().users.delete(name)) throw new StateError(KerberosCode.NoUser, `user ${name}: no such user`);
      },
      hosts: async () => [...open().hosts.keys()].sort(),
      trusts: async () => [...open().trusts.keys()].sort(),
      addTrust: async (realm, password) => void open().trusts.set(realm, password),
      deleteTrust: async (realm) => void open().trusts.delete(realm),
      propagate: async () => {
        const d = open();
        const failed = spec.secondaries.filter((ip) => {
          const copy = this.#dbs.get(ip);
          if (copy === undefined || copy.root !== d.root || ![...this.#serving.values()].includes(copy)) return true;
          copy.users = new Map(d.users);
          copy.hosts = new Map(d.hosts);
          copy.trusts = new Map(d.trusts);
          return false;
        });
        if (failed.length > 0) throw new IoError(KerberosCode.Unreachable, `no copy to ${failed.join(", ")}`);
      },
    };
  }

  #client(ip: string, spec: ClientSpec): RealmTools {
    const row = (realm: string) => spec.servers.find((s) => s.realm === realm);
    /** The database a realm's KDCs serve now: the primary's, else the secondary's. */
    const kdc = (realm: string): SimDb | undefined => {
      const s = row(realm);
      if (s === undefined) return undefined;
      const second = s.secondaryAddress === undefined ? undefined : `${s.secondaryAddress}:${s.secondaryPort}`;
      return (
        this.#serving.get(`${s.address}:${s.port}`) ?? (second === undefined ? undefined : this.#serving.get(second))
      );
    };
    const admin = (realm: string, creds: Credentials): SimDb => {
      const s = row(realm);
      const d = s === undefined ? undefined : this.#admin.get(`${s.address}:${s.adminPort}`);
      if (d === undefined) throw new IoError(KerberosCode.Unreachable, `realm ${realm}: no Kerberos server answered`);
      const u = d.users.get(creds.user);
      if (u === undefined || u.password !== creds.password)
        throw new StateError(KerberosCode.Refused, `realm ${realm}: wrong user name or password`);
      if (!JOIN_ROLES.includes(u.role))
        throw new StateError(KerberosCode.Refused, `realm ${realm}: the user's role may not add or remove devices`);
      return d;
    };
    const joined = (): Membership & { readonly kvno: number } => {
      const m = this.#members.get(ip);
      if (m === undefined) throw new StateError(KerberosCode.NotJoined, "this device is not a member of a realm");
      return m;
    };
    const login = (name: RealmName, password: string): RealmAnswer => {
      const m = joined();
      const home = kdc(name.realm);
      const own = kdc(m.realm);
      if (home === undefined || own === undefined)
        return { ok: false, reason: "unreachable", detail: "no Kerberos server answered (0x000c0406)" };
      const u = home.users.get(name.user);
      if (u === undefined || u.password !== password)
        return { ok: false, reason: "credentials", detail: "wrong user name or password" };
      if (home !== own && (own.trusts.get(name.realm) ?? "") !== (home.trusts.get(m.realm) ?? " "))
        return {
          ok: false,
          reason: "cross-realm",
          detail: `no trust between ${name.realm} and ${m.realm} (0x000c0407)`,
        };
      if (own.hosts.get(m.host) !== m.kvno)
        return {
          ok: false,
          reason: "not-joined",
          detail: "this device's host principal is gone: join again (0x000c0403)",
        };
      const principal = `${name.user}@${name.realm}`;
      return { ok: true, principal, role: home === own ? u.role : undefined };
    };
    return {
      membership: async () => this.#members.get(ip),
      join: async (realm, host, creds) => {
        const d = admin(realm, creds);
        const kvno = (d.hosts.get(host) ?? 0) + 1;
        d.hosts.set(host, kvno);
        this.#members.set(ip, { realm, host, kvno });
      },
      deregister: async (creds) => {
        const m = joined();
        admin(m.realm, creds).hosts.delete(m.host);
        this.#members.delete(ip);
      },
      drop: async () => void this.#members.delete(ip),
      password: async (name, password) => login(name, password),
      negotiate: async () => ({
        ok: false,
        reason: "credentials",
        detail: 'the sim has no tickets: SPNEGO is for real nodes (docs/design.md "Kerberos")',
      }),
      domain: {
        token: () =>
          Promise.reject(
            new IoError(
              KerberosCode.Unreachable,
              "the sim has no domain controller: Use domain group is for real nodes",
            ),
          ),
      },
    };
  }
}
