import type { DeviceKind } from "../core/identity/DeviceKind.js";
import type { Mac } from "../core/identity/Mac.js";
import type { LdapSettings } from "../ldap/settings.js";
import type { MasterSettings } from "../master/settings.js";
import type { PariSettings, PushedRadioConfig } from "../pari/settings.js";
import type { RadioSettings } from "../radio/settings.js";
import type { DectSystem } from "../role/system.js";
import type { GatekeeperSettings } from "../sip/settings.js";
import type { Position } from "../sync/settings.js";
import type { ConfigUser } from "../users/configUser.js";

/** Where unconfigured radios announce themselves and PARI Masters listen (plug and play, §3.11): UDP multicast. */
export const DEFAULT_DISCOVERY_GROUP = "239.255.17.19";

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
