import type ldap from "ldapjs";
import { IoError } from "../../core/errors.js";
import type { AdAttributes } from "../../replication/adMaps.js";
import type {
  RemoteChange,
  RemoteDirectory,
  RemoteObject,
  RemoteQuery,
  RemoteSession,
} from "../../replication/RemoteDirectory.js";
import type { TlsPolicy } from "../../wire/Transport.js";
import { PlatformCode } from "./errors.js";
import { bindLdap, searchEntries } from "./ldapClient.js";

/** Objects per page of the initial load (§4.5.4 "Paged"); AD's default MaxPageSize is 1000. */
export const PAGE_SIZE = 500;
/** How often the source's change state (the suffix's contextCSN) is read. Changes show up locally within ~1 s. */
export const POLL_MS = 500;

/**
 * The source directory of AD replication over LDAP: bound by ldapClient.ts `bindLdap` (simple bind, ldaps when
 * `query.tls`, the server judged by the device's TLS policy before the bind), paged search (RFC 2696) for the load.
 *
 * Change notifications: Active Directory would send them on a persistent search (LDAP_SERVER_NOTIFICATION_OID);
 * OpenLDAP, the server we test against, offers syncrepl (RFC 4533) instead, but ldapjs 3.0.7 cannot follow a
 * refreshAndPersist search: the Sync Info intermediate response that ends the refresh phase makes it fail the search
 * with `ProtocolError IntermediateResponse` and drop everything after. So this adapter watches the suffix's
 * contextCSN (kept by the syncprov overlay) every POLL_MS; when it moved, it fetches the objects whose entryCSN lies
 * between the old and the new value, and finds deleted objects (and objects that left the filter) by comparing
 * the entryUUIDs under the search base with the ones it knew. See docs/design.md "AD replication".
 */
export class LdapRemoteDirectory implements RemoteDirectory {
  async connect(server: string, query: RemoteQuery, tls?: TlsPolicy): Promise<RemoteSession> {
    const client = await bindLdap({ server, tls: query.tls, user: query.user, password: query.password }, tls);
    return new LdapSession(client, query);
  }
}

class LdapSession implements RemoteSession {
  readonly #client: ldap.Client;
  readonly #query: RemoteQuery;
  /** The naming context holding the search base: where contextCSN lives. */
  #suffix = "";
  /** contextCSN values when the load started, then after each poll. */
  #csn: string[] = [];
  /** Keys of the objects under the search base that match the filter, as last seen. */
  #known = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #lost: ((cause: unknown) => void) | undefined;
  /** Rejects when the connection breaks, so a request in flight (the load) does not wait for an answer forever. */
  readonly #broken: Promise<never>;
  #break: (cause: unknown) => void = () => undefined;

  constructor(client: ldap.Client, query: RemoteQuery) {
    this.#client = client;
    this.#query = query;
    this.#broken = new Promise<never>((_, reject) => (this.#break = reject));
    this.#broken.catch(() => undefined);
    const gone = (why: string) => (err?: unknown) => this.#fail(err ?? new Error(why));
    client.on("error", gone("error"));
    client.on("close", gone("connection closed"));
    client.on("end", gone("connection ended"));
  }

  load(page: (objects: readonly RemoteObject[]) => Promise<void>): Promise<void> {
    const load = async () => {
      this.#suffix = await this.#namingContext();
      this.#csn = await this.#contextCsn();
      const keys = new Set<string>();
      await this.#search(this.#query.filter, [...this.#query.attributes, "entryUUID"], async (objects) => {
        for (const o of objects) keys.add(o.key);
        await page(objects);
      });
      this.#known = keys;
    };
    return Promise.race([load(), this.#broken]);
  }

  watch(changes: (batch: readonly RemoteChange[]) => Promise<void>, lost: (cause: unknown) => void): void {
    this.#lost = lost;
    const tick = async () => {
      const csn = await this.#contextCsn();
      if (csn.join() !== this.#csn.join()) {
        await changes(await this.#changesUntil(csn));
        this.#csn = csn;
      }
    };
    const loop = () => {
      this.#timer = setTimeout(() => {
        tick().then(
          () => (this.#closed ? undefined : loop()),
          (err: unknown) => this.#fail(err),
        );
      }, POLL_MS);
    };
    if (!this.#closed) loop();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#client.destroy();
  }

  #fail(cause: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#client.destroy();
    this.#break(cause);
    this.#lost?.(cause);
  }

  /** Objects changed after the last poll up to `csn`, then the ones gone from under the search base or filter. */
  async #changesUntil(csn: readonly string[]): Promise<RemoteChange[]> {
    const after = anyOf(this.#csn.map((c) => `(&(entryCSN>=${c})(!(entryCSN=${c})))`));
    const upTo = anyOf(csn.map((c) => `(entryCSN<=${c})`));
    const changed: RemoteObject[] = [];
    await this.#search(`(&${after}${upTo})`, [...this.#query.attributes, "entryUUID"], async (objects) => {
      changed.push(...objects);
    });
    const now = new Set<string>();
    await this.#search(this.#query.filter, ["entryUUID"], async (objects) => {
      for (const o of objects) now.add(o.key);
    });
    const out: RemoteChange[] = changed.map((object) => ({ kind: "changed", object, matches: now.has(object.key) }));
    const reported = new Set(changed.map((o) => o.key));
    for (const key of this.#known) if (!now.has(key) && !reported.has(key)) out.push({ kind: "deleted", key });
    this.#known = now;
    return out;
  }

  /** The rootDSE naming context that the search base lies in (the longest one that ends it). */
  async #namingContext(): Promise<string> {
    const [root] = await this.#collect("", ["namingContexts"]);
    const base = normalDn(this.#query.searchBase);
    const hit = (root?.["namingcontexts"] ?? [])
      .filter((nc) => base === normalDn(nc) || base.endsWith(`,${normalDn(nc)}`))
      .sort((a, b) => b.length - a.length)[0];
    if (hit === undefined)
      throw new IoError(PlatformCode.LdapBase, `no naming context holds ${this.#query.searchBase}`);
    return hit;
  }

  async #contextCsn(): Promise<string[]> {
    const [suffix] = await this.#collect(this.#suffix, ["contextCSN"]);
    return [...(suffix?.["contextcsn"] ?? [])].sort();
  }

  /** A paged subtree search of the search base; `page` is awaited for every page before the next is asked for. */
  #search(filter: string, attributes: string[], page: (objects: RemoteObject[]) => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      const opts = { scope: "sub" as const, filter, attributes, paged: { pageSize: PAGE_SIZE, pagePause: true } };
      this.#client.search(this.#query.searchBase, opts, (err, res) => {
        if (err) return reject(err);
        let buffer: RemoteObject[] = [];
        // One page after the other: ldapjs ends a search right after its last page, and the search is done only
        // once that page is through `page` too.
        let flushed = Promise.resolve();
        const flush = () =>
          (flushed = flushed.then(async () => {
            const objects = buffer;
            buffer = [];
            if (objects.length > 0) await page(objects);
          }));
        res.on("searchEntry", (e) => {
          const o = toObject(e);
          if (o !== undefined) buffer.push(o);
        });
        res.on("page", (_r, next: (() => void) | undefined) => {
          flush().then(() => next?.(), reject);
        });
        res.on("error", reject);
        res.on("end", () => {
          flush().then(resolve, reject);
        });
      });
    });
  }

  /** One entry read (the rootDSE, the suffix): its values as text. */
  async #collect(base: string, attributes: string[]): Promise<Record<string, string[]>[]> {
    const entries = await searchEntries(this.#client, base, "base", "(objectClass=*)", attributes);
    const text = new TextDecoder();
    return entries.map((e) =>
      Object.fromEntries(Object.entries(e.attributes).map(([k, vs]) => [k, vs.map((v) => text.decode(v))])),
    );
  }
}

/** An entry as a RemoteObject keyed by entryUUID; undefined without one. */
function toObject(e: ldap.SearchEntry): RemoteObject | undefined {
  const attributes: Record<string, string[]> = {};
  for (const a of e.pojo.attributes) attributes[a.type.toLowerCase()] = a.values.map(String);
  const key = attributes["entryuuid"]?.[0];
  if (key === undefined) return undefined;
  return { key, dn: e.pojo.objectName ?? "", attributes: attributes as AdAttributes };
}

const anyOf = (filters: readonly string[]): string => (filters.length === 1 ? filters[0]! : `(|${filters.join("")})`);

/** A DN compared loosely: lower case, no spaces after commas. */
const normalDn = (dn: string): string => dn.toLowerCase().replace(/,\s+/g, ",");
