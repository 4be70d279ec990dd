import type { DeviceKind } from "../core/identity/DeviceKind.js";
import type { Mac } from "../core/identity/Mac.js";
import type { JoinOrder } from "../kerberos/joinOrder.js";
import type { DectSystem } from "../role/system.js";
import type { SectionFields } from "./sections.js";

/** Where unconfigured radios announce themselves and PARI Masters listen (plug and play, §3.11): UDP multicast. */
export const DEFAULT_DISCOVERY_GROUP = "239.255.17.19";

/**
 * One device's configuration: the single typed model behind both faces (native text form and YAML/JSON).
 * The device's own fields are here; the roles' sections come from src/config/sections.ts (SectionFields). A role is
 * held when its section is present; absence means the role is off.
 */
export interface DeviceConfig extends SectionFields {
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
  /** Where alarms and events are forwarded (§4.9.2), usually the PARI Master's HTTP address. */
  readonly alarmForward?: string;
  /** Multicast group of plug and play announcements (DEFAULT_DISCOVERY_GROUP when absent). */
  readonly discoveryGroup?: string;
  readonly system: DectSystem;
  /**
   * Native text lines of modules this version does not model (e.g. `LLDP0`, `FLASHDIR0`, `vars create`),
   * kept verbatim and in order so a device's configuration survives a round trip through this software.
   */
  readonly extra: readonly string[];
  /**
   * App. E's join line of a native text (§4.1.8.5): a join the device carries out once, at its next start. Never
   * exported or written back (it holds the admin password); the device takes it out of its configuration and keeps it
   * on flash only until it has tried it (kerberos/pendingJoin.ts).
   */
  readonly kerberosJoin?: JoinOrder;
}
