import type { ConfigUser } from "../../users/configUser.js";
import type { Mac } from "../identity/Mac.js";

/** Device kinds (manual 003 §1, App. J). */
export const DEVICE_KINDS = ["IPBS", "IPBL", "IPVM"] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Master modes (manual 003 §4.6.19). Deployment is for coverage tests and cannot be selected on an IPVM. */
export const MASTER_MODES = ["off", "active", "standby", "mirror", "deployment"] as const;
export type MasterMode = (typeof MASTER_MODES)[number];

/** Master Id range. The manual only asks for uniqueness per multi-master system (§4.6.20); we allow 1..254. */
export const MASTER_ID_MIN = 1;
export const MASTER_ID_MAX = 254;

/** Defaults for redundancy timing. Documented in docs/user-guide.md ("Failover timing"). */
export const REDUNDANCY_DEFAULTS = {
  /** A Standby/Mirror asks its peer "are you there" this often. */
  probeIntervalMs: 500,
  /** A Standby takes over after this long without an answer from the Master (the detection time). */
  masterLostMs: 3000,
  /** A Master drops a radio's registration (its lease on the radio) after this long without a heartbeat. */
  radioLostMs: 1500,
  /** A radio sends a heartbeat to its Master this often. */
  heartbeatMs: 500,
  /** A radio gives up its Master after this long without an answer and tries the other one. */
  radioMasterLostMs: 2000,
} as const;

/**
 * A radio that gave up its Master stays silent for the Master's lease plus this margin before it registers anywhere
 * else, so the old Master has dropped it first: no radio is ever registered to two Masters. The margin must exceed
 * the worst one-way network delay plus the Master's lease sweep (250 ms). Not a setting: see docs/design.md.
 */
export const LEASE_MARGIN_MS = 1000;

/**
 * The documented failover time with default settings: a radio notices its Master is gone after `radioMasterLostMs`,
 * waits out the Master's lease plus LEASE_MARGIN_MS, and registers to the other Master within one heartbeat.
 * The Standby itself becomes active after `masterLostMs` (3 s), which is inside this budget.
 */
export function failoverBudgetMs(
  radio: Pick<RadioSettings, "masterLostMs" | "heartbeatMs">,
  master: Pick<MasterSettings, "radioLostMs" | "masterLostMs">,
): number {
  return Math.max(master.masterLostMs, radio.masterLostMs + master.radioLostMs + LEASE_MARGIN_MS) + radio.heartbeatMs;
}

/** failoverBudgetMs with every default: 5000 ms. */
export const DEFAULT_FAILOVER_BUDGET_MS = failoverBudgetMs(
  { masterLostMs: REDUNDANCY_DEFAULTS.radioMasterLostMs, heartbeatMs: REDUNDANCY_DEFAULTS.heartbeatMs },
  { radioLostMs: REDUNDANCY_DEFAULTS.radioLostMs, masterLostMs: REDUNDANCY_DEFAULTS.masterLostMs },
);

export interface MasterSettings {
  readonly mode: MasterMode;
  /** §4.6.20: unique per Master in a multi-master system; a Standby has the same id as its Master. */
  readonly id: number;
  /** Standby only: the primary Master's IPv4 address (§4.6.19 step 3). */
  readonly primary?: string;
  /** Mirror only: the other Mirror Master's IPv4 address (§4.6.19 step 4). */
  readonly mirrorPeer?: string;
  readonly probeIntervalMs: number;
  readonly masterLostMs: number;
  readonly radioLostMs: number;
}

export interface RadioSettings {
  /** §4.6.31 Enable/Disable the Radio. */
  readonly enabled: boolean;
  /** The Master this radio registers to (IPv4); defaults to the PARI Master. */
  readonly master?: string;
  /** The alternate Master: the Standby or the other Mirror; defaults to the Standby PARI Master. */
  readonly alternateMaster?: string;
  /**
   * §4.6.32 PARI Master IP Address; defaults to the Master. With neither set the radio is unconfigured and uses
   * plug and play (§3.11): it announces itself until an administrator adds it on a PARI Master.
   */
  readonly pariMaster?: string;
  /** §4.6.32 Alt. PARI Master IP Address (the Standby PARI Master); defaults to the alternate Master. */
  readonly altPariMaster?: string;
  /** §3.3.5 Sync Region, 0..249. */
  readonly region: number;
  /** IPBL only: how many RFPs are connected to its ports (1..16, §4.11.2); an IPBS has its one local radio. */
  readonly rfps?: number;
  /** IPBL only: cable length to each RFP in metres; the RFP's cable delay is derived from it (docs/user-guide.md). */
  readonly cableM?: number;
  /** IPBL only: the fraction of signalling frames to/from an RFP that need a retransmission (Tx/Rx Error, §4.11.2). */
  readonly rfpErrorRate?: number;
  readonly heartbeatMs: number;
  readonly masterLostMs: number;
  /** §4.6.36 Sync Mode; an IPBL is always a sync master in region 0 whatever this says. */
  readonly syncMode: SyncModeSetting;
  /** §4.6.36 static sync: Sync RFPI and Alternative Sync RFPI (an RFPI, or a device name in fleet files). */
  readonly syncRfpi?: string;
  readonly altSyncRfpi?: string;
  /** §4.6.36 sync master: Reference RFPI and Alternative reference RFPI (an RFPI, or a device name). */
  readonly referenceRfpi?: string;
  readonly altReferenceRfpi?: string;
  /** §4.6.36 resynchronisation to the reference at reference sync failure: manual or scheduled (daily at resyncAt). */
  readonly resync: "manual" | "scheduled";
  /** Time of day "HH:MM" of the scheduled resynchronisation. */
  readonly resyncAt: string;
}

export const SYNC_MODES = ["master", "slave", "restricted"] as const;
export type SyncModeSetting = (typeof SYNC_MODES)[number];
export const RESYNC_MODES = ["manual", "scheduled"] as const;
export const DEFAULT_RESYNC_AT = "03:00";
/** §4.6.6: 10 carriers in Europe; the PARI Master can enable fewer. */
export const MAX_CARRIERS = 10;
/** Default maximum sync tree depth (hops from the sync master); other vendors allow 5 to 15. */
export const DEFAULT_SYNC_DEPTH = 10;
export const MAX_SYNC_DEPTH = 32;

/** The settings of the Radio Config page (§4.6.33) that the PARI Master pushes to every radio, overriding local ones. */
export interface PushedRadioConfig {
  readonly ntp?: string;
  readonly updateUrl?: string;
  readonly alarmForward?: string;
  readonly mask?: string;
  readonly gateway?: string;
  readonly dns?: string;
  readonly dns2?: string;
}

/** The fields of PushedRadioConfig, in the order they are shown and sent. */
export const PUSHED_RADIO_CONFIG_KEYS = ["ntp", "updateUrl", "alarmForward", "mask", "gateway", "dns", "dns2"] as const;

/** §4.6.34 System ID range. */
export const SYSTEM_ID_MIN = 1;
export const SYSTEM_ID_MAX = 296;
/** §4.6.35: one primary SARI and up to 10 guest SARIs. */
export const MAX_GUEST_SARIS = 10;

/** The PARI function (§4.6.21) of a Master or Standby Master, with its PARI (§4.6.34) and SARIs (§4.6.35). */
export interface PariSettings {
  /** §4.6.34: 1..296; absent: chosen at random on first start and then kept. */
  readonly systemId?: number;
  /** §4.6.35: the primary SARI first, then up to 10 guest SARIs (ARI text form, e.g. B-0A5E-03-0). */
  readonly sari: readonly string[];
  /** Air sync control (§4.6.36): the deepest a sync tree may grow, in hops from the sync master. */
  readonly syncDepth: number;
  /** Enabled carriers (§4.6.6), 1..10: a change makes every radio resynchronise (§4.11.5). */
  readonly carriers: number;
}

/** Where unconfigured radios announce themselves and PARI Masters listen (plug and play, §3.11): UDP multicast. */
export const DEFAULT_DISCOVERY_GROUP = "239.255.17.19";

/** DECT system name and password (§4.6.1); the same on every Master and radio of one system. */
export interface DectSystem {
  readonly name: string;
  readonly password: string;
}

/** App. H: the LDAP server listens on TCP 389 (LDAPS on 636 comes with certificates). */
export const DEFAULT_LDAP_PORT = 389;
/** §4.5.3: Full Replication, or Active Directory Replication. */
export const LDAP_REPLICATOR_TYPES = ["full", "ad"] as const;
/** §4.5.3.1 step 6: Dect Gateway Name or LDAP Filter. */
export const LDAP_FILTER_TYPES = ["gateway", "ldap"] as const;
/** §4.5.3.2 step 6: the filter offered by default for Active Directory. */
export const DEFAULT_AD_FILTER = "(objectclass=user)";
/** §4.5.1 step 4: Write Access is a check box the administrator selects; unselected by default. */
export const DEFAULT_LDAP_WRITE_ACCESS = false;
/** §4.5.3 step 3: the replicator is configured to be used, so a configured one is enabled unless it says otherwise. */
export const DEFAULT_LDAP_REPLICATOR_ENABLED = true;

/** The LDAP roles of a Master (§4.5): the server of its directory and a replicator into it. */
export interface LdapSettings {
  readonly server?: LdapServerSettings;
  readonly replicator?: LdapReplicatorSettings;
}

/** §4.5.1 */
export interface LdapServerSettings {
  readonly user: string;
  readonly password: string;
  readonly writeAccess: boolean;
  /** TCP port, default 389 (App. H) */
  readonly port: number;
}

/** §4.5.3 */
export interface LdapReplicatorSettings {
  readonly type: "full" | "ad";
  readonly enabled: boolean;
  /** host or host:port; for "full" on a Standby it defaults to the Standby's primary Master */
  readonly server?: string;
  readonly altServer?: string;
  readonly user: string;
  readonly password: string;
  /** full: "gateway" (DECT gateway name) or "ldap" (an LDAP filter), with its value */
  readonly filterType?: "gateway" | "ldap";
  readonly filter?: string;
  /** ad: */
  readonly searchBase?: string;
  readonly adFilter?: string /* default (objectclass=user) */;
  readonly tls?: boolean;
  readonly inMaps?: readonly { readonly source: string; readonly pattern: string; readonly description?: string }[];
  readonly outMaps?: readonly { readonly dest: string; readonly value: string }[];
}

/** §4.6.23 step 2: the SIP protocols of the Protocol drop-down list (its H.323 variants are not modelled). */
export const SIP_PROTOCOLS = ["sip-udp", "sip-tcp", "sip-tls"] as const;
export type SipProtocol = (typeof SIP_PROTOCOLS)[number];
/** §4.7.3.1 SIP Response Mappings: what the Master answers when a handset is registered but not reachable. */
export const TEMPORARY_FAILURE_RESPONSES = [486, 480, 503] as const;
/** §4.6.23 step 15: Registration Time-To-Live, the Expires header of REGISTER; "The default is 120 seconds". */
export const DEFAULT_REGISTRATION_TTL_S = 120;
/** §4.6.23 step 15: Subscription Time-To-Live, the Expires header of SUBSCRIBE; "The default is 3600 seconds". */
export const DEFAULT_SUBSCRIPTION_TTL_S = 3600;
/** App. H: the proxy listens on 5060 for SIP over UDP/TCP and on 5061 for SIP over TLS (RFC 3261 §19.1.2). */
export const DEFAULT_SIP_PORT = 5060;
export const DEFAULT_SIPS_PORT = 5061;

/** §4.6.23 step 2: the protocol of a gatekeeper section that names none. */
export const DEFAULT_SIP_PROTOCOL: SipProtocol = "sip-udp";
/** §4.7.3.1: the default Temporary failure response; GatekeeperSettings.temporaryFailure says why 480. */
export const DEFAULT_TEMPORARY_FAILURE = 480;
/** §4.6.23 step 6: Alt. Proxy 1, 2 and 3. */
export const MAX_ALT_PROXIES = 3;
/**
 * Ranges of the §4.6.23 step 15 Time-To-Live fields, in seconds. The manual gives none; ours keep a refresh from
 * flooding the proxy (10 s, 60 s) and stay within a day (86400 s).
 */
export const REGISTRATION_TTL_MIN_S = 10;
export const SUBSCRIPTION_TTL_MIN_S = 60;
export const SIP_TTL_MAX_S = 86_400;
/** §4.6.23 step 8 Max. internal number length: 1..30 (a user's Number has at most 30 characters, §3.14.3). */
export const MAX_INTERNAL_NUMBER_LENGTH = 30;
/** §4.6.23 step 9 International CPN Prefix: at most 8 digits (ours; international prefixes have 2 to 4). */
export const INTERNATIONAL_CPN_PREFIX_MAX = 8;
/** §4.6.24 Registration Number: digits and `*#+`, at most 30 characters, like a user's Number (§3.14.3). */
export const ANONYMOUS_NUMBER_MAX = 30;

/** §4.6.24 Registration for Anonymous Devices: the extension anonymous handsets make emergency calls through. */
export interface AnonymousRegistration {
  /** Registration Name */
  readonly name: string;
  /** Registration Number: digits and `*#+`, at most 30 characters. */
  readonly number: string;
  /** "Deactivate Master if no connection": the Master deactivates itself while this registration fails. */
  readonly deactivateMaster: boolean;
}

/**
 * The gatekeeper (SIP proxy, registrar) of a Master (§4.6.23 Configure Gatekeeper, §4.6.24, §4.7.1, §4.7.3.1). It
 * takes effect after a reset (§4.6.23 step 17). docs/user-guide.md "Gatekeeper (SIP) settings" lists the rules.
 */
export interface GatekeeperSettings {
  /** §4.6.23 step 2; default "sip-udp". */
  readonly protocol: SipProtocol;
  /** §4.6.23 step 5 Proxy: `host[:port]`, an IPv4 address or a DNS name (parseProxyAddress); required. */
  readonly proxy: string;
  /**
   * §4.6.23 step 6 Alt. Proxy 1..3, the same syntax, at most 3, in order (default []). Alt. Proxy 2 and 3 cannot be
   * used when Proxy and Alt. Proxy 1 are both domain names (step 6b/6c).
   */
  readonly altProxies: readonly string[];
  /** §4.6.23 step 7 Domain: a DNS name or an IPv4 address, without a port. */
  readonly domain?: string;
  /** §4.6.23 step 15 Registration Time-To-Live in seconds, 10..86400 (default 120). */
  readonly registrationTtlS: number;
  /** §4.6.23 step 15 Subscription Time-To-Live in seconds, 60..86400 (default 3600). */
  readonly subscriptionTtlS: number;
  /** §4.6.23 step 15 "Register with number": register with Number, authenticate with Name (default false). */
  readonly registerWithNumber: boolean;
  /** §4.6.23 step 10 "Registration with system password" (the DECT system password, §4.6.1; default false). */
  readonly registerWithSystemPassword: boolean;
  /** §4.6.23 step 8 Max. internal number length, 1..30. */
  readonly maxInternalNumberLength?: number;
  /** §4.6.23 step 9 International CPN Prefix: digits, at most 8; replaces a leading `+` of incoming numbers. */
  readonly internationalCpnPrefix?: string;
  /** §4.7.1.11 "Ignore Retry-After in Registration Responses": fail over even with Retry-After (default false). */
  readonly ignoreRetryAfter: boolean;
  /** §4.7.1.2 "IP-PBX supports redirection of registration when registered to alternative proxy" (default false). */
  readonly redirection: boolean;
  /** §4.7.1.1 "Add Instance ID to the user registration with the IP-PBX" (default false). */
  readonly instanceId: boolean;
  /**
   * §4.7.3.1 Temporary failure: the response to a call for a handset that is registered but not reachable. The
   * manual names no default; 480 Temporarily Unavailable is the one it describes as "normally used when an endpoint
   * is not reachable", which is exactly this case (and RFC 3261 §21.4.18: the callee's end system was contacted but
   * the callee is currently unavailable), so it is ours.
   */
  readonly temporaryFailure: 486 | 480 | 503;
  /**
   * The port the Master's SIP socket listens on (its Contact), 1..65535. App. H gives the Master's side as dynamic;
   * ours defaults to the well-known port of the protocol: 5060, 5061 for sip-tls.
   */
  readonly localPort: number;
  /** §4.6.24 Registration for Anonymous Devices; absent: none. */
  readonly anonymous?: AnonymousRegistration;
}

export interface Position {
  readonly x: number;
  readonly y: number;
  readonly floor: number;
}

/**
 * One device's configuration: the single typed model behind both faces (native text form and YAML/JSON).
 * A role is held when its section is present; absence means the role is off.
 */
export interface DeviceConfig {
  /** Device name (§4.1.1); also the name in event logs. */
  readonly name: string;
  readonly kind: DeviceKind;
  readonly mac: Mac;
  /** Static IPv4 address (§4.2.3); in this project always in 127.0.0.0/8 for real nodes. */
  readonly ip: string;
  /** Subnet mask of ETH0, dotted (`config add IP0 ETH0 /mask`, App. J.2.1). Absent: not configured. */
  readonly mask?: string;
  /** Default gateway, IPv4 (`config add IP0 RT0 /gateway`, App. J.2.1). Absent: not configured. */
  readonly gateway?: string;
  /**
   * DNS server, IPv4 (`config add IP0 ETH0 /dns`, App. J.2.1). Absent: not configured. This project's extension: an
   * optional `:port` (`127.0.0.1:5353`, e.g. a test's dnsmasq on a loopback high port); the manual's DNS is always
   * UDP port 53 (App. H). dnsServers() lists both servers.
   */
  readonly dns?: string;
  /** Alternate DNS server, IPv4 with an optional `:port` like `dns` (`config add IP0 ETH0 /dns2`, App. J.2.1). */
  readonly dns2?: string;
  /** Time server (§4.1.9), IPv4 or host name. A PARI Master's Radio Config overrides it on radios. */
  readonly ntp?: string;
  /** Update server URL for automatic firmware update (§4.9.1). */
  readonly updateUrl?: string;
  /** Where alarms and events are forwarded (§4.9.2), usually the PARI Master's HTTP address. */
  readonly alarmForward?: string;
  /** Multicast group of plug and play announcements (DEFAULT_DISCOVERY_GROUP when absent). */
  readonly discoveryGroup?: string;
  readonly system: DectSystem;
  readonly master?: MasterSettings;
  /** The PARI function; only on a device with a Master role (§4.6.21). */
  readonly pari?: PariSettings;
  /** The Radio Config page of a PARI Master (§4.6.33): pushed to every radio. */
  readonly radioConfig?: PushedRadioConfig;
  readonly radio?: RadioSettings;
  readonly position?: Position;
  /** The LDAP server and replicator (§4.5); only on a device with a Master role. */
  readonly ldap?: LdapSettings;
  /** The gatekeeper (SIP) settings (§4.6.23); only on a device with a Master role whose mode is not off. */
  readonly gatekeeper?: GatekeeperSettings;
  /**
   * The users of a Master's directory (§3.14), as a backup carries them (App. C user records, YAML `users:`): the
   * initial users of a first start, and after an upload and reset the users that replace the directory's
   * (docs/user-guide.md "Users in the configuration (App. C)"). Absent: the configuration says nothing about users;
   * empty: a directory without users.
   */
  readonly users?: readonly ConfigUser[];
  /**
   * Native text lines of modules this version does not model (e.g. `UP1`, `LLDP0`, `FLASHDIR0`, `vars create`),
   * kept verbatim and in order so a device's configuration survives a round trip through this software.
   */
  readonly extra: readonly string[];
}

export const DEFAULT_SYSTEM: DectSystem = { name: "ipdect", password: "ip-dect" };
