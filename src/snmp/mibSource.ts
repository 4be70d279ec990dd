import type { ActiveAlarm } from "../role/Alarms.js";
import type { PariOverview } from "../pari/overview.js";
import type { SyncOverview } from "../sync/overview.js";
import type { RadioSyncStatus } from "../sync/protocol.js";
import type { GatekeeperStatus } from "../sip/Gatekeeper.js";
import type { RegistrationStatus } from "../sip/registration.js";
import type { LdapCounters } from "../ldap/counters.js";
import type { ReplicatorStatus } from "../replication/Replicator.js";
import type { AdReplicatorStatus } from "../replication/AdReplicator.js";

/**
 * What the IPDECT-MIB view is built from: the device's status model (src/device/status.ts DeviceStatus fits `status`
 * as it is) and the pages the status does not carry (LDAP → Server Status, Replicator Status, the gatekeeper's
 * registrations). Declared here by shape, so that src/snmp sits below src/device and the device can build its view.
 */
export interface MibSource {
  readonly status: {
    readonly name: string;
    readonly kind: string;
    readonly mac: string;
    readonly ip: string;
    readonly counters: { readonly framesIn: number; readonly framesOut: number; readonly framesDropped: number };
    /** `remote`: the address of the object that reported a forwarded alarm (§4.23.3 Remote). */
    readonly alarms: readonly (ActiveAlarm & { readonly remote?: string })[];
    readonly master?: { readonly mode: string; readonly serving: boolean };
    readonly pari?: PariOverview;
    readonly sync?: SyncOverview;
    readonly radio?: { readonly sync?: RadioSyncStatus };
    readonly gatekeeper?: GatekeeperStatus;
  };
  /** LDAP → Server Status (§4.5.2), where the device runs the LDAP server. */
  readonly ldap?: LdapCounters;
  /** LDAP → Replicator Status (§4.5.4), where a replicator runs. */
  readonly replicator?: ReplicatorStatus | AdReplicatorStatus;
  /** Every user's SIP registration, on a Master with a gatekeeper. */
  readonly registrations?: readonly RegistrationStatus[];
  /** §4.23.5 CPU, MEM and concurrent calls, where the host measures them (a real node), else absent. */
  readonly performance?: { readonly cpuPct?: number; readonly memoryPct?: number; readonly calls?: number };
}
