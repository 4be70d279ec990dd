/**
 * The one event stream (docs/architecture.md "Observability"): state changes, alarms, events and dropped messages of
 * every device. The sim writes it as JSON lines (`--events`), real nodes print it and serve it over HTTP.
 *
 * Every kind has its own fields (EventFields); DeviceEvent is the union discriminated by `kind`. The user guide's
 * table of event kinds is written from EVENT_KINDS and STATE_ROLES below (`npm run docs:events`), and a test checks
 * that it is current.
 */

/** Who a `state` event (and a `warning` with a `role`) speaks for. */
export type StateRole =
  | "device"
  | "master"
  | "radio"
  | "pari-client"
  | "sync"
  | "replicator"
  | "ldap-server"
  | "gatekeeper"
  | "sip"
  | "kerberos-server"
  | "kerberos-client"
  | "snmp-agent";

/** The §6.2 entry behind `alarm`, `alarm-cleared` and `event`. */
export interface AlarmFields {
  /** `0x00030201` */
  readonly code: string;
  readonly severity: string;
  readonly text: string;
  /** Which radio, proxy, user … the alarm is about (one alarm per code and source). */
  readonly source?: string;
  /** A PARI Master's system alarm: the address of the radio that forwarded it (§4.23.3 "Remote", §4.6.33). */
  readonly remote?: string;
  /** What the §6.2 title leaves out: for 0x00030202 the last answer and the proxy (`403 Forbidden from udp:…`). */
  readonly detail?: string;
}

/** What happened to one user's SIP registration (§4.6.23), in the `registration` event's `event`. */
export type RegistrationEventKind = "sent" | "registered" | "moved" | "failed" | "waiting" | "removed";

/** What happened to a certificate (§4.1.10), in the `certificate` event's `action`. */
export type CertificateAction =
  | "generated"
  | "csr-created"
  | "csr-deleted"
  | "installed"
  | "cleared"
  | "trusted"
  | "untrusted"
  | "trust-cleared"
  | "rejected"
  | "rejected-cleared";

/** What happened to an administrator login (§3.4, §4.1), in the `login` event's `action`; never a password. */
export type LoginAction =
  "ok" | "failed" | "blocked" | "refused" | "logout" | "idle-logout" | "factory-password" | "account-changed";

/** The fields of each kind, after `t`, `device` and `kind`; the order they are written in is the order of emission. */
export interface EventFields {
  readonly state: {
    readonly role: StateRole;
    readonly state: string;
    readonly reason?: string;
    /** master: the Master mode; device: the device kind (`model`) and address */
    readonly mode?: string;
    readonly model?: string;
    readonly ip?: string;
    readonly port?: number;
    /** master (Mirror): the term of the active Mirror (docs/design.md "Mirror fencing") */
    readonly term?: number;
    /** radio: the Master it registers to; pari-client: its PARI Master */
    readonly master?: string;
    readonly pariMaster?: string;
    /** pari-client: the RFPIs and SARIs the PARI Master assigned */
    readonly rfpis?: readonly string[];
    readonly saris?: readonly string[];
    /** replicator: the server it copies from */
    readonly server?: string;
    /** sip: the proxy (`host:port`) */
    readonly proxy?: string;
    /** kerberos-server, kerberos-client: the realm; a client's host name and how it left; a secondary's address */
    readonly realm?: string;
    readonly host?: string;
    readonly how?: string;
    readonly secondary?: string;
    /** sync: the radio's role in its sync tree, the reference RFPI, systems heard, the RFPI timing came from */
    readonly syncRole?: string;
    readonly reference?: string;
    readonly systems?: number;
    readonly source?: string;
  };
  readonly alarm: AlarmFields;
  readonly "alarm-cleared": AlarmFields;
  readonly "alarm-timeout": AlarmFields;
  readonly event: AlarmFields & { readonly term?: number; readonly reason?: string };
  readonly "message-dropped": {
    readonly from: string;
    readonly channel: string;
    readonly code: string;
    readonly reason: string;
  };
  readonly "radio-registered": { readonly radio: string; readonly mac: string };
  readonly "radio-unregistered": { readonly radio: string; readonly mac: string; readonly reason: string };
  readonly "rfpi-assigned": { readonly radio: string; readonly mac: string; readonly rfpis: readonly string[] };
  /** A fleet-file fault as written in the file (sim only): `action` and its own fields. */
  readonly fault: { readonly action?: string; readonly [field: string]: unknown };
  readonly command: {
    readonly command: string;
    readonly result?: string;
    readonly reason?: string;
    readonly [detail: string]: unknown;
  };
  readonly warning: {
    readonly code?: string;
    readonly text?: string;
    readonly role?: StateRole;
    readonly reason?: string;
  };
  readonly "sync-lost": { readonly reasons: readonly string[]; readonly count: number; readonly region: number };
  /** An SNMP notification the agent sent (§4.9.5): its name in the MIB, the alarm's code, the trap destinations. */
  readonly notification: {
    readonly notification: string;
    readonly code?: string;
    readonly destinations: readonly string[];
  };
  readonly certificate: {
    readonly action: CertificateAction;
    /** the device certificate: `default`, `self-signed`, `signed` (by a CA, for our CSR), `pkcs12` or `configured` */
    readonly origin?: string;
    readonly subject?: string;
    readonly issuer?: string;
    /** SHA-256 of a certificate taken from outside (trusted, untrusted, rejected); never of our own keys' certificates */
    readonly fingerprint?: string;
    /** notAfter, ISO 8601 */
    readonly expires?: string;
    readonly reason?: string;
    /** rejected: `in` (a peer connecting to us) or `out` (a server we connected to) */
    readonly direction?: string;
    readonly peer?: string;
    readonly count?: number;
  };
  readonly login: {
    readonly action: LoginAction;
    readonly user: string;
    /** `http` or `ldap` */
    readonly service?: string;
    /** the client's address */
    readonly source?: string;
    readonly reason?: string;
    /** ok: failed attempts since the last login that were not refused as blocked (§3.4.4.1) */
    readonly failures?: number;
    /** failed: how long the name is now blocked (§3.4.5.1: 5 s doubling to 1800 s) */
    readonly blockedMs?: number;
    /** blocked: how long the block still lasts */
    readonly retryAfterMs?: number;
    /** ok: `negotiate` for SPNEGO (§4.1.8.7) */
    readonly method?: string;
  };
  /**
   * One user's registration changed (§4.6.23, RFC 3261 §10.2): told on a change only, never for a refresh or a retry
   * that ends as the last one did, so a steady 4000-user Master is quiet.
   */
  readonly registration: {
    /** the user's Number */
    readonly user: string;
    readonly event: RegistrationEventKind;
    /** `udp:10.0.9.1:5060`: where the REGISTER went (sent), the binding is (registered, moved, removed), or it failed */
    readonly proxy?: string;
    /** sent: `udp`, `tcp` or `tls` */
    readonly transport?: string;
    /** the final answer's status code and reason phrase (registered, moved), or why it failed or waits */
    readonly status?: number;
    readonly reason?: string;
    /** moved: the proxy the user's binding was at before */
    readonly from?: string;
    /** registered, moved: the lifetime the registrar granted, seconds */
    readonly expiresS?: number;
  };
  /**
   * The update client (App. A): a command file fetched, a command of it carried out or skipped, a download or upload.
   * URLs are written without their password.
   */
  readonly update: {
    /** `poll`, `check`, `times`, `prot`, `boot`, `cfg`, `scfg`, `config`, `rfp`, `final`, `boot-bank`, or `upload` (§4.18.2) */
    readonly action: string;
    /** `done`, `skipped`, `cancelled`, `failed`, `fell-back` */
    readonly result: string;
    readonly url?: string;
    /** the command file's line */
    readonly line?: number;
    readonly serial?: string;
    readonly version?: string;
    readonly reason?: string;
  };
  /**
   * The IPBL's update of its RFPs (RFP_UPDATE0, App. A.1.7, §4.18.4): the update as a whole, or one RFP (`port`) on its
   * way from waiting to done. URLs are written without their password.
   */
  readonly "rfp-update": {
    /**
     * `firmware` (a file in hand), `scheduled`, `started`, `finished`, `refused`; an RFP's `waiting`, `loading`,
     * `restarting`, `done`, `failed`, `skipped`
     */
    readonly state: string;
    readonly port?: number;
    /** the firmware's version (the file name's stem), or the one a done RFP runs */
    readonly version?: string;
    /** the version the RFP ran before */
    readonly from?: string;
    readonly url?: string;
    /** scheduled: when it starts, DD.MM.YYYY-HH:MM (the device's local time) */
    readonly at?: string;
    /** started: the ports, their order, and whether each waits for idle */
    readonly ports?: readonly number[];
    readonly reason?: string;
  };
  /**
   * The second provisioning dialect's client (seed 002): a check of the provisioning server and what came of each of
   * its files. URLs are written without their password.
   */
  readonly provisioning: {
    /** `check`, `firmware` (the .ver file and the image), `users`, `config`; `check-sync` (a SIP NOTIFY answered) */
    readonly action: string;
    /**
     * check: `done`, `failed` (no server); a file: `applied`, `unchanged`, `not-found`, `skipped`, `failed`;
     * check-sync: `accepted`, `refused`
     */
    readonly result: string;
    /** check: `boot`, `interval`, `time`, `check-sync`, `operator` */
    readonly trigger?: string;
    readonly file?: string;
    readonly url?: string;
    /** firmware: the .ver file's version */
    readonly version?: string;
    readonly reason?: string;
  };
  readonly handset: {
    readonly ipei: string;
    readonly event: "subscribed" | "subscription-refused" | "assigned" | "located" | "logged-out";
    readonly number?: string;
    readonly radio?: string;
    readonly rfpi?: string;
    readonly reason?: string;
  };
}

export type EventKind = keyof EventFields;

/** One event as it is written: when, which device, what kind, and that kind's fields. */
export type DeviceEvent = {
  [K in EventKind]: {
    /** Virtual ms since the fleet started (sim) or wall-clock ms since the epoch (node). */
    readonly t: number;
    readonly device: string;
    readonly kind: K;
  } & EventFields[K];
}[EventKind];

/** How a role hands an event of kind K to the stream. */
export type Emit = <K extends EventKind>(kind: K, fields: EventFields[K]) => void;

/** The user guide's table of event kinds: the fields to expect and what the event means. */
export const EVENT_KINDS: { readonly [K in EventKind]: { readonly fields: string; readonly meaning: string } } = {
  state: { fields: "`role` (see below), `state`, and the role's details", meaning: "a role changed state" },
  alarm: {
    fields:
      "`code` (`0x00030201`), `severity` (`critical`/`major`/`indeterminate`), `text`, `source`, `remote`, `detail`",
    meaning: "§6.2 alarm raised; with `remote`, one a radio forwarded to its PARI Master (§4.6.33)",
  },
  "alarm-cleared": { fields: "as `alarm`", meaning: "§6.2 alarm cleared" },
  "alarm-timeout": {
    fields: "as `alarm`",
    meaning: "a forwarded alarm cleared 30 min after its radio was removed or stopped reporting (§4.23.3)",
  },
  event: {
    fields: "`code`, `severity`, `text`, `term`, `reason`",
    meaning: "§6.2 event, e.g. 0x00030206 Master active",
  },
  "message-dropped": {
    fields: "`from`, `channel`, `code`, `reason`",
    meaning: "a malformed or unexpected frame was counted and dropped",
  },
  "radio-registered": { fields: "`radio`, `mac`", meaning: "a Master started serving a radio" },
  "radio-unregistered": { fields: "`radio`, `mac`, `reason`", meaning: "a Master stopped serving a radio" },
  "rfpi-assigned": {
    fields: "`radio`, `mac`, `rfpis`",
    meaning: "the PARI Master gave a radio its RFPI(s) for the first time (§4.6.21)",
  },
  fault: { fields: "`action`, …", meaning: "a fleet-file fault was applied (sim only)" },
  update: {
    fields: "`action`, `result`, `url`, `line`, `serial`, `version`, `reason`",
    meaning: "the update client fetched a command file, ran or skipped one of its commands (App. A)",
  },
  provisioning: {
    fields: "`action`, `result`, `trigger`, `file`, `url`, `version`, `reason`",
    meaning:
      "the second provisioning dialect's client checked its server, or imported, skipped or failed one of its files (seed 002)",
  },
  command: {
    fields: "`command`, `result`, `reason`, and the command's details",
    meaning: "an operator command and what came of it",
  },
  warning: {
    fields: "`code` and `text`, or `role` and `reason`",
    meaning: "something an operator should look at that is not a §6.2 alarm (e.g. MASTER_ID_MISMATCH)",
  },
  "sync-lost": {
    fields: "`reasons`, `count`, `region`",
    meaning: "a radio lost air sync and its sync lost counter went up (§4.12)",
  },
  notification: {
    fields:
      "`notification` (`coldStart`/`authenticationFailure`/`ipdectAlarmRaised`/`ipdectAlarmCleared`), `code`, `destinations`",
    meaning: "the SNMP agent sent a notification to its trap destinations (§4.9.5); a sim device only logs it",
  },
  certificate: {
    fields:
      "`action` (`generated`/`csr-created`/`csr-deleted`/`installed`/`cleared`/`trusted`/`untrusted`/`trust-cleared`/`rejected`/`rejected-cleared`), `origin`, `subject`, `issuer`, `fingerprint`, `expires`, `reason`, `direction`, `peer`, `count`",
    meaning: "the device certificate, trust list or rejected certificates changed (§4.1.10); never a key",
  },
  login: {
    fields:
      "`action` (`ok`/`failed`/`blocked`/`refused`/`logout`/`idle-logout`/`factory-password`/`account-changed`), `user`, `service`, `source`, `reason`, `failures`, `blockedMs`, `retryAfterMs`, `method`",
    meaning:
      "an administrator login, its block (§3.4.5.1), a logout, the factory password still in use (§3.2.2); never a password",
  },
  registration: {
    fields:
      "`user`, `event` (`sent`/`registered`/`moved`/`failed`/`waiting`/`removed`), `proxy`, `transport`, `status`, `reason`, `from`, `expiresS`",
    meaning:
      "a user's SIP registration changed (§4.6.23): first REGISTER to a proxy, registered (the `device` is the Master that holds the binding), moved to another proxy (`from`), failed, waiting (Retry-After), removed; refreshes and identical retries are not logged",
  },
  "rfp-update": {
    fields:
      "`state` (`firmware`/`scheduled`/`started`/`finished`/`refused`, or an RFP's `waiting`/`loading`/`restarting`/`done`/`failed`/`skipped`), `port`, `version`, `from`, `url`, `at`, `ports`, `reason`",
    meaning:
      "the IPBL's update of its RFPs (RFP_UPDATE0, App. A.1.7; Update → RFPs, §4.18.4): the update as a whole, or one RFP's step",
  },
  handset: {
    fields:
      "`ipei`, `event` (`subscribed`/`subscription-refused`/`assigned`/`located`/`logged-out`), `number`, `radio`, `rfpi`, `reason`",
    meaning: "a handset's mobility request as the Master decided it (§3.14)",
  },
};

/** The `role` of a `state` event, for the user guide. */
export const STATE_ROLES: { readonly [R in StateRole]: string } = {
  device: "`up` (with `model`, `ip`), `stopped` (`reason`)",
  master: "`joining`/`active`/`watching`/`inactive`/`claiming`/`deactivated`/`off` (`mode`, `term`, `reason`)",
  radio: "`connecting`/`registered`/`searching`/`refused`/`disabled` (`master`, `reason`)",
  "pari-client":
    "`connecting`/`assigned`/`reinitialised` (`rfpis`, `saris`)/`provisioned`/`refused`/`disabled` (`pariMaster`, `reason`)",
  sync: "the radio's sync state, `reference-locked`/`-lost`, `resync-failed`, `rfp-scan` (`syncRole`, `source`)",
  replicator: "`up`/`down` (`server`, `reason`)",
  "ldap-server": "`listening` (`ip`, `port`)",
  gatekeeper: "`serving` (registering the users), `deactivated`, `idle` (the Master does not serve)",
  "kerberos-server": "`running`/`no-database`/`stopped` (`realm`), `copied` to a secondary (`secondary`)",
  "kerberos-client": "`joined`/`left` (`realm`, `host`, `how`)",
  sip: "a proxy `up`/`down` (`proxy`, `reason`)",
  "snmp-agent": "`listening` (`ip`, `port`)",
};

export interface EventSink {
  emit(event: DeviceEvent): void;
}

/** Keeps events in memory (tests, sim reports) and forwards them to an optional sink. */
export class EventRecorder implements EventSink {
  readonly events: DeviceEvent[] = [];
  readonly #next: EventSink | undefined;
  #ended = false;

  constructor(next?: EventSink) {
    this.#next = next;
  }

  emit(event: DeviceEvent): void {
    if (this.#ended) return;
    this.events.push(event);
    this.#next?.emit(event);
  }

  /**
   * The log is complete (a sim run reached `until`): the run simply ends, so tearing the fleet down afterwards adds
   * no "stopped" or alarm clears; alarms still active stay active, as the report lists them.
   */
  end(): void {
    this.#ended = true;
  }

  /** JSON lines, one event per line, keys in emission order (deterministic). */
  toJsonl(): string {
    return this.events.map((e) => JSON.stringify(e)).join("\n") + (this.events.length > 0 ? "\n" : "");
  }
}
