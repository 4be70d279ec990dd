import type ldap from "ldapjs";
import type { AdAttributes } from "../../replication/adMaps.js";
import type {
  RemoteChange,
  RemoteDirectory,
  RemoteObject,
  RemoteQuery,
  RemoteSession,
} from "../../replication/RemoteDirectory.js";
import type { TlsPolicy } from "../../wire/Transport.js";
import { changeTrackingFor, type ChangeTracking } from "./ldapChangeTracking.js";
import { bindLdap, searchEntries } from "./ldapClient.js";

/** Objects per page of the initial load (§4.5.4 "Paged"); AD's default MaxPageSize is 1000. */
export const PAGE_SIZE = 500;
/** How often the source's change state is read (AD: highestCommittedUSN; OpenLDAP: the suffix's contextCSN). */
export const POLL_MS = 500;

/**
 * The source directory of AD replication over LDAP: bound by ldapClient.ts `bindLdap` (simple bind, ldaps when
 * `query.tls`, the server judged by the device's TLS policy before the bind), paged search (RFC 2696) for the load.
 *
 * Change notifications are polled: every POLL_MS the server's change state is read, and when it moved, the objects
 * changed since are fetched and the keys under the search base compared with the ones known (deletions, objects
 * that left the search base or the filter). ldapChangeTracking.ts chooses by the rootDSE how changes are numbered
 * and objects keyed: Active Directory by uSNChanged and objectGUID, OpenLDAP by entryCSN and entryUUID. Why polling
 * and not AD's notification control or syncrepl: docs/design.md "Active Directory replication".
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
  /** How the server numbers changes and keys objects: known once the load has read the rootDSE. */
  #tracking: ChangeTracking | undefined;
  /** The server's change state when the load started, then after each poll. */
  #mark: readonly string[] = [];
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
      const tracking = await changeTrackingFor(
        (base, attributes) => this.#read(base, attributes),
        this.#query.searchBase,
      );
      this.#tracking = tracking;
      this.#mark = await tracking.mark();
      const keys = new Set<string>();
      await this.#search(this.#query.filter, this.#query.attributes, async (objects) => {
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
      const mark = await this.#tracking!.mark();
      if (mark.join() !== this.#mark.join()) {
        await changes(await this.#changesUntil(mark));
        this.#mark = mark;
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

  /**
   * Objects changed after the last poll up to `mark` (searched without the filter, so an object that left it is
   * "No match"), then the ones gone from under the search base or the filter.
   */
  async #changesUntil(mark: readonly string[]): Promise<RemoteChange[]> {
    const changed: RemoteObject[] = [];
    const filter = this.#tracking!.changedBetween(this.#mark, mark);
    await this.#search(filter, this.#query.attributes, async (objects) => {
      changed.push(...objects);
    });
    const now = new Set<string>();
    await this.#search(this.#query.filter, [], async (objects) => {
      for (const o of objects) now.add(o.key);
    });
    const out: RemoteChange[] = changed.map((object) => ({ kind: "changed", object, matches: now.has(object.key) }));
    const reported = new Set(changed.map((o) => o.key));
    for (const key of this.#known) if (!now.has(key) && !reported.has(key)) out.push({ kind: "deleted", key });
    this.#known = now;
    return out;
  }

  /**
   * A paged subtree search of the search base for `attributes` and the key; `page` is awaited for every page before
   * the next is asked for. References to other partitions (AD's DomainDnsZones, Configuration) are not followed.
   */
  #search(
    filter: string,
    attributes: readonly string[],
    page: (objects: RemoteObject[]) => Promise<void>,
  ): Promise<void> {
    const tracking = this.#tracking!;
    return new Promise((resolve, reject) => {
      const opts = {
        scope: "sub" as const,
        filter,
        attributes: [...attributes, tracking.keyAttribute],
        paged: { pageSize: PAGE_SIZE, pagePause: true },
      };
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
          const o = toObject(e, tracking);
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
  async #read(base: string, attributes: readonly string[]): Promise<Record<string, string[]> | undefined> {
    const [entry] = await searchEntries(this.#client, base, "base", "(objectClass=*)", attributes);
    const text = new TextDecoder();
    return entry === undefined
      ? undefined
      : Object.fromEntries(Object.entries(entry.attributes).map(([k, vs]) => [k, vs.map((v) => text.decode(v))]));
  }
}

/** An entry as a RemoteObject with its key (also as the key attribute's one value); undefined without one. */
function toObject(e: ldap.SearchEntry, tracking: ChangeTracking): RemoteObject | undefined {
  const keyName = tracking.keyAttribute.toLowerCase();
  const text = new TextDecoder();
  const attributes: Record<string, string[]> = {};
  let key: string | undefined;
  for (const a of e.attributes) {
    const name = a.type.toLowerCase();
    if (name === keyName) key = a.buffers[0] === undefined ? undefined : tracking.key(a.buffers[0]);
    else attributes[name] = a.buffers.map((b) => text.decode(b));
  }
  if (key === undefined) return undefined;
  attributes[keyName] = [key];
  return { key, dn: e.pojo.objectName ?? "", attributes: attributes as AdAttributes };
}
