import type { Level } from "./api.js";
import type { MenuGroup } from "./page.js";
import { BackupPage, UpdatePage } from "./pages/backup/Config.js";
import { GatekeeperPage } from "./pages/dect/Gatekeeper.js";
import { MasterPage } from "./pages/dect/Master.js";
import { PariPage, SariPage } from "./pages/dect/Pari.js";
import { RadioPage } from "./pages/dect/Radio.js";
import { RegistrationsPage } from "./pages/dect/Registrations.js";
import { SystemPage } from "./pages/dect/System.js";
import { AlarmsPage, EventsPage } from "./pages/diagnostics/Alarms.js";
import { ConfigShowPage } from "./pages/diagnostics/ConfigShow.js";
import { PerformancePage } from "./pages/diagnostics/Performance.js";
import { RfpScanPage } from "./pages/diagnostics/RfpScan.js";
import { AdminPage } from "./pages/general/Admin.js";
import { CertificatesPage } from "./pages/general/Certificates.js";
import { KerberosPage } from "./pages/general/Kerberos.js";
import { NtpPage } from "./pages/general/Ntp.js";
import { LdapReplicatorPage } from "./pages/ldap/Replicator.js";
import { LdapServerPage } from "./pages/ldap/Server.js";
import { RadiosPage } from "./pages/overview/Radios.js";
import { TlsPage } from "./pages/ip4/Tls.js";
import { ResetPage } from "./pages/Reset.js";
import { HttpPage } from "./pages/services/Http.js";
import { LoggingPage } from "./pages/services/Logging.js";
import { UpdateServicePage } from "./pages/services/Update.js";
import { ProvisioningPage } from "./pages/services/Provisioning.js";
import { BootPage, FirmwarePage } from "./pages/update/Firmware.js";
import { RfpsPage } from "./pages/update/Rfps.js";
import { SiteUpgradePage } from "./pages/update/SiteUpgrade.js";
import { SnmpPage } from "./pages/services/Snmp.js";
import { AirSyncPage } from "./pages/sync/AirSync.js";
import { DisturbancesPage } from "./pages/sync/Disturbances.js";
import { SyncStatusPage } from "./pages/sync/Status.js";
import { AnonymousPage } from "./pages/users/Anonymous.js";
import { UsersPage } from "./pages/users/UsersPage.js";
import type { Status } from "./status.js";

const isMaster = (s: Status) => s.master !== undefined && s.master.mode !== "off";
const isPariMaster = (s: Status) => s.pari !== undefined;
/** The device has a radio of its own (an IPBS or IPBL with radio settings; §4.12.3, §4.23.10). */
const hasRadio = (s: Status) => s.radio !== undefined;

/**
 * The chapter-4 menus (§4.1–§4.24) in the manual's order, with the pages this version models; docs/gui.md lists the
 * manual's pages that are left out and why.
 */
export const MENU: readonly MenuGroup[] = [
  {
    label: "General",
    items: [
      { route: "/general/admin", label: "Admin", need: "auditor", page: AdminPage },
      { route: "/general/kerberos", label: "Kerberos", need: "auditor", page: KerberosPage },
      { route: "/general/ntp", label: "NTP", need: "auditor", page: NtpPage },
      { route: "/general/certificates", label: "Certificates", need: "auditor", page: CertificatesPage },
    ],
  },
  {
    label: "IP4",
    items: [{ route: "/ip4/tls", label: "TLS", need: "auditor", page: TlsPage }],
  },
  {
    label: "LDAP",
    items: [
      { route: "/ldap/server", label: "Server", need: "auditor", when: isMaster, page: LdapServerPage },
      { route: "/ldap/replicator", label: "Replicator", need: "auditor", when: isMaster, page: LdapReplicatorPage },
    ],
  },
  {
    label: "DECT",
    items: [
      { route: "/dect/master", label: "Master", need: "auditor", page: MasterPage },
      { route: "/dect/system", label: "System", need: "auditor", page: SystemPage },
      { route: "/dect/gatekeeper", label: "Gatekeeper", need: "auditor", when: isMaster, page: GatekeeperPage },
      {
        route: "/dect/registrations",
        label: "Registrations",
        need: "auditor",
        when: (s) => isMaster(s) && s.gatekeeper !== undefined,
        page: RegistrationsPage,
      },
      { route: "/dect/radio", label: "Radio", need: "auditor", when: (s) => s.kind !== "IPVM", page: RadioPage },
      { route: "/dect/pari", label: "PARI", need: "auditor", when: isPariMaster, page: PariPage },
      { route: "/dect/sari", label: "SARI", need: "auditor", when: isPariMaster, page: SariPage },
    ],
  },
  {
    label: "Services",
    items: [
      { route: "/services/logging", label: "Logging", need: "auditor", page: LoggingPage },
      { route: "/services/http", label: "HTTP", need: "auditor", page: HttpPage },
      { route: "/services/snmp", label: "SNMP", need: "auditor", page: SnmpPage },
      { route: "/services/update", label: "Update", need: "auditor", page: UpdateServicePage },
      { route: "/services/provisioning", label: "Provisioning", need: "auditor", page: ProvisioningPage },
    ],
  },
  {
    label: "Users",
    items: [
      { route: "/users", label: "Users", need: "system-admin", when: isMaster, page: UsersPage },
      { route: "/users/anonymous", label: "Anonymous", need: "system-admin", when: isMaster, page: AnonymousPage },
    ],
  },
  {
    label: "Device Overview",
    items: [{ route: "/overview/radios", label: "Radios", need: "auditor", when: isPariMaster, page: RadiosPage }],
  },
  {
    label: "DECT Sync",
    items: [
      { route: "/sync/overview", label: "Air Sync Overview", need: "auditor", when: isPariMaster, page: AirSyncPage },
      {
        route: "/sync/disturbances",
        label: "Disturbances",
        need: "auditor",
        when: isPariMaster,
        page: DisturbancesPage,
      },
      { route: "/sync/status", label: "Status", need: "auditor", when: hasRadio, page: SyncStatusPage },
    ],
  },
  {
    label: "Backup",
    items: [{ route: "/backup", label: "Config", need: "system-admin", page: BackupPage }],
  },
  {
    label: "Update",
    items: [
      { route: "/update", label: "Update Config", need: "system-admin", page: UpdatePage },
      { route: "/update/firmware", label: "Firmware", need: "system-admin", page: FirmwarePage },
      // §4.18.3: "This section does not apply to IPVM."
      { route: "/update/boot", label: "Boot", need: "system-admin", when: (s) => s.kind !== "IPVM", page: BootPage },
      // §4.18.4: "This section only applies to the IPBL."
      { route: "/update/rfps", label: "RFPs", need: "system-admin", when: (s) => s.kind === "IPBL", page: RfpsPage },
      // Beyond the manual (§4.15.2, §4.19): every device shows it, and only the PARI Master runs it (the page says so).
      { route: "/update/site", label: "Site Upgrade", need: "system-admin", page: SiteUpgradePage },
    ],
  },
  {
    label: "Diagnostics",
    items: [
      { route: "/diagnostics/alarms", label: "Alarms", need: "auditor", page: AlarmsPage },
      { route: "/diagnostics/events", label: "Events", need: "auditor", page: EventsPage },
      { route: "/diagnostics/performance", label: "Performance", need: "auditor", page: PerformancePage },
      { route: "/diagnostics/config", label: "Config Show", need: "system-admin", page: ConfigShowPage },
      { route: "/diagnostics/rfp-scan", label: "RFP Scan", need: "system-admin", when: hasRadio, page: RfpScanPage },
    ],
  },
  {
    label: "Reset",
    items: [{ route: "/reset", label: "Reset", need: "auditor", page: ResetPage }],
  },
];

/** The menus `level` may see on this device (§3.4.2): System Administrators all, Auditors the read-only ones. */
export function visibleMenu(level: Level, s: Status): readonly MenuGroup[] {
  return MENU.map((g) => ({
    ...g,
    items: g.items.filter((i) => (i.need === "auditor" || level === "system-admin") && (i.when?.(s) ?? true)),
  })).filter((g) => g.items.length > 0);
}
