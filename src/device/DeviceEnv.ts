import type { UpdateFetcher } from "../update/UpdateHost.js";
import type { DhcpAnswer } from "../update/dhcpUpdate.js";
import type { KeySource } from "../certs/keys.js";
import type { Clock } from "../core/Clock.js";
import type { Logger } from "../core/Logger.js";
import type { Rng } from "../core/Rng.js";
import type { Store } from "../core/Store.js";
import type { KerberosWorld } from "../kerberos/ports.js";
import type { LdapListen } from "../ldap/listener.js";
import type { SnmpListen } from "../snmp/agentPort.js";
import type { RemoteDirectory } from "../replication/RemoteDirectory.js";
import type { Air } from "../role/Air.js";
import type { EventSink } from "../role/EventLog.js";
import type { Transport } from "../wire/Transport.js";
import type { SiteHttp } from "../upgrade/HttpSiteOps.js";
import type { SipWorld } from "./assembly.js";

/** Diagnostics → Performance (§4.23.5) as a host measures it: CPU and MEM in percent, concurrent calls. */
export interface HostPerformance {
  readonly cpuPct?: number;
  readonly memoryPct?: number;
  readonly calls?: number;
}

/**
 * What a world hands a device (docs/style.md §1): the only way a device reaches time, network, storage and logs. With
 * SipWorld: a second attachment on the device's address for SIP (§4.6.23) and name lookups through the configured DNS
 * servers (App. D).
 */
export interface DeviceEnv extends SipWorld {
  readonly clock: Clock;
  readonly transport: Transport;
  readonly store: Store;
  /** Start with the start configuration, replacing the one on flash (`ipdect node --reset-config`). */
  readonly resetConfig?: boolean;
  readonly events: EventSink;
  readonly logger: Logger;
  /** This device's random stream; the sim seeds it per device, real nodes from the OS. */
  readonly rng: Rng;
  /** The radio air around the device: the sim's AirField, or the air service on real nodes started with `--air`. */
  readonly air?: Air;
  /** LDAP servers as a client reaches them: the source of Active Directory replication (§4.5.3.2). */
  readonly ldap?: RemoteDirectory;
  /** Serves the LDAP server of a Master to clients (§4.5.1): TCP on real nodes; absent in the sim. */
  readonly ldapServer?: LdapListen;
  /** Runs the SNMP agent of a device with `snmp` enabled (§4.9.5): UDP on real nodes; absent in the sim. */
  readonly snmpAgent?: SnmpListen;
  /** Kerberos servers and clients (§4.1.8): MIT programs on real nodes, a model of realms in the sim. */
  readonly kerberos?: KerberosWorld;
  /** Where the device's RSA keys come from (§4.1.10.4); absent: node:crypto generates each one. */
  readonly keys?: KeySource;
  /**
   * The world serves the device's web administration (the node world): the device says at boot when its login is
   * still the factory account (§3.2.2). The sim has no web access and stays quiet.
   */
  readonly webAdmin?: boolean;
  /**
   * A new meter of what the host measures of Diagnostics → Performance (§4.23.5): the node world measures its process;
   * the sim measures nothing, and those objects, families and graphs are absent. Each reader gets a meter of its own
   * (the IPDECT-MIB and the metrics share one, the 24 h history has another), as a meter's CPU is the share since that
   * meter's previous reading: a history sample covers its whole minute, however often SNMP polls.
   */
  readonly performanceMeter?: () => () => HostPerformance;
  /**
   * Device links carry messages by reference instead of bytes (the sim without `--wire`, role/CarriedFrame.ts); absent:
   * every frame is encoded, tagged and checked.
   */
  readonly carryFrames?: boolean;
  /**
   * Downloads and uploads of the update client (§4.9.1, App. A): HTTP, HTTPS and TFTP on real nodes; absent: the
   * device does not poll an update server.
   */
  readonly updateFetcher?: UpdateFetcher;
  /**
   * The last DHCP answer of the host's network (App. I; `ipdect node --dhcp <interface>`), read whenever it is needed:
   * its options only, the device keeps its configured address. Absent (the sim, a node without `--dhcp`), or undefined
   * before the first answer: nothing from DHCP.
   */
  readonly dhcp?: () => DhcpAnswer | undefined;
  /**
   * The other devices' management APIs, which a PARI Master's site upgrade reaches (§4.15.2, src/upgrade/SiteUpgrade.ts):
   * HTTP on real nodes; absent in the sim, whose fleet file runs the upgrade as a fault.
   */
  readonly siteHttp?: SiteHttp;
  /** When a missing default certificate is made (CertStoreDeps); absent: at start, as on a real device. */
  readonly defaultCertificate?: "at-start" | "on-demand";
}
