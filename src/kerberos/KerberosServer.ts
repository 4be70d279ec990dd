import { every, type Clock } from "../core/Clock.js";
import { IpdectError, StateError } from "../core/errors.js";
import type { Logger } from "../core/Logger.js";
import type { Emit } from "../role/EventLog.js";
import { KerberosCode } from "./errors.js";
import type { Kdc, RealmUser } from "./ports.js";
import type { KerberosRole } from "./roles.js";
import type { KerberosServerSettings } from "./settings.js";

/**
 * How often a primary copies its database to its secondaries besides after each change made here: joins and leaves
 * of clients change it through kadmind, which tells nobody (docs/design.md "Kerberos").
 */
export const COPY_INTERVAL_MS = 60_000;

export interface KerberosServerStatus {
  readonly realm: string;
  readonly role: "primary" | "secondary";
  /** `no-database`: waiting for the root password (§4.1.8.1 step 4). */
  readonly state: "running" | "no-database" | "stopped";
  readonly port: number;
  readonly adminPort: number;
  readonly primary?: string;
  readonly secondaries: readonly string[];
  /** When the last copy to the secondaries succeeded (clock time), and the last failure since. */
  readonly copied?: number;
  readonly copyError?: string;
}

interface Deps {
  readonly clock: Clock;
  readonly emit: Emit;
  readonly log: Logger;
}

/**
 * The Kerberos server role (§4.1.8.1, §4.1.8.11): the realm's database and its servers on this device. Changes run one
 * at a time; a primary copies its database to its secondaries after each change and every COPY_INTERVAL_MS. A
 * secondary only serves: users and trusted realms are changed on the primary.
 */
export class KerberosServer {
  readonly #cfg: KerberosServerSettings;
  readonly #kdc: Kdc;
  readonly #deps: Deps;
  #queue: Promise<unknown> = Promise.resolve();
  #created = false;
  #copied: number | undefined;
  #copyError: string | undefined;
  #stopCopies: (() => void) | undefined;

  private constructor(cfg: KerberosServerSettings, kdc: Kdc, deps: Deps) {
    this.#cfg = cfg;
    this.#kdc = kdc;
    this.#deps = deps;
  }

  /** Starts the servers when the database exists; otherwise waits for the root password. */
  static async start(cfg: KerberosServerSettings, kdc: Kdc, deps: Deps): Promise<KerberosServer> {
    const server = new KerberosServer(cfg, kdc, deps);
    server.#created = await kdc.created();
    if (server.#created) await server.#run();
    else server.#state("no-database");
    return server;
  }

  get secondary(): boolean {
    return this.#cfg.primary !== undefined;
  }

  status(): KerberosServerStatus {
    const c = this.#cfg;
    return {
      realm: c.realm,
      role: this.secondary ? "secondary" : "primary",
      state: !this.#created ? "no-database" : this.#kdc.running() ? "running" : "stopped",
      port: c.port,
      adminPort: c.adminPort,
      ...(c.primary === undefined ? {} : { primary: c.primary }),
      secondaries: c.secondaries,
      ...(this.#copied === undefined ? {} : { copied: this.#copied }),
      ...(this.#copyError === undefined ? {} : { copyError: this.#copyError }),
    };
  }

  /**
   * §4.1.8.1 step 4 (and §4.1.8.11 step 4 on a secondary, with the primary's password): creates the database under
   * the root password and starts the servers. The password is not kept: the database's stash file holds the key.
   */
  setup(rootPassword: string): Promise<KerberosServerStatus> {
    return this.#one(async () => {
      if (this.#created)
        throw new StateError(KerberosCode.SetUp, `the Kerberos server of ${this.#cfg.realm} has its database already`);
      await this.#kdc.create(rootPassword);
      this.#created = true;
      await this.#run();
      return this.status();
    });
  }

  users(): Promise<RealmUser[]> {
    return this.#one(async () => (await this.#ready()).users());
  }

  addUser(name: string, password: string, role: KerberosRole): Promise<void> {
    return this.#change("kerberos-user-add", { user: name, role }, (kdc) => kdc.addUser(name, password, role));
  }

  changeUser(name: string, change: { readonly password?: string; readonly role?: KerberosRole }): Promise<void> {
    const fields = { user: name, ...(change.role === undefined ? {} : { role: change.role }) };
    return this.#change("kerberos-user-change", fields, (kdc) => kdc.changeUser(name, change));
  }

  deleteUser(name: string): Promise<void> {
    return this.#change("kerberos-user-delete", { user: name }, (kdc) => kdc.deleteUser(name));
  }

  /** The joined clients (§4.1.8.5: "all joined Kerberos clients in the bottom of the Kerberos Server tab"). */
  clients(): Promise<string[]> {
    return this.#one(async () => (await this.#ready()).hosts());
  }

  trusts(): Promise<string[]> {
    return this.#one(async () => (await this.#ready()).trusts());
  }

  addTrust(realm: string, password: string): Promise<void> {
    return this.#change("kerberos-trust-add", { realm }, (kdc) => kdc.addTrust(realm, password));
  }

  deleteTrust(realm: string): Promise<void> {
    return this.#change("kerberos-trust-delete", { realm }, (kdc) => kdc.deleteTrust(realm));
  }

  /** Copies the database to the secondaries now (a primary; also after each change and every COPY_INTERVAL_MS). */
  copy(): Promise<KerberosServerStatus> {
    return this.#one(async () => {
      await this.#ready();
      if (this.secondary)
        throw new StateError(KerberosCode.SecondaryReadOnly, "a secondary Kerberos server takes copies, it sends none");
      await this.#copy();
      return this.status();
    });
  }

  async close(): Promise<void> {
    this.#stopCopies?.();
    this.#stopCopies = undefined;
    await this.#queue.catch(() => undefined);
    await this.#kdc.stop();
    this.#state("stopped");
  }

  async #run(): Promise<void> {
    await this.#kdc.start();
    this.#state("running");
    if (!this.secondary && this.#cfg.secondaries.length > 0) {
      await this.#copy();
      this.#stopCopies = every(this.#deps.clock, COPY_INTERVAL_MS, () => void this.#one(() => this.#copy()));
    }
  }

  async #ready(): Promise<Kdc> {
    if (!this.#created)
      throw new StateError(KerberosCode.NotSetUp, "the Kerberos server has no database: give its root password first");
    return this.#kdc;
  }

  /** A change of the database on the primary, then a copy to the secondaries. */
  #change(command: string, fields: Record<string, string>, run: (kdc: Kdc) => Promise<void>): Promise<void> {
    return this.#one(async () => {
      const kdc = await this.#ready();
      if (this.secondary)
        throw new StateError(
          KerberosCode.SecondaryReadOnly,
          `change users and trusted realms on the primary Kerberos server (${this.#cfg.primary}, §4.1.8.11)`,
        );
      await run(kdc);
      this.#deps.emit("command", { command, result: "done", ...fields });
      if (this.#cfg.secondaries.length > 0) await this.#copy();
    });
  }

  /** A failed copy is reported, not thrown: the change it follows is made, and the next copy carries it too. */
  async #copy(): Promise<void> {
    if (this.#cfg.secondaries.length === 0) return;
    try {
      await this.#kdc.propagate();
      this.#copied = this.#deps.clock.now();
      if (this.#copyError !== undefined) this.#deps.log.log("info", "kerberos copy works again");
      this.#copyError = undefined;
      for (const secondary of this.#cfg.secondaries) this.#state("copied", { secondary });
    } catch (err) {
      const reason = err instanceof IpdectError ? err.reason : String(err);
      if (this.#copyError === undefined)
        this.#deps.emit("warning", { role: "kerberos-server", reason: `copy to the secondaries failed: ${reason}` });
      this.#copyError = reason;
    }
  }

  #state(state: string, more: { readonly secondary?: string } = {}): void {
    this.#deps.emit("state", { role: "kerberos-server", state, realm: this.#cfg.realm, ...more });
  }

  #one<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
