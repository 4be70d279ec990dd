import type { Command } from "../command.js";
import { ADMIN_COMMANDS } from "./admin.js";
import { ALARM_COMMANDS } from "./alarms.js";
import { BACKUP_COMMANDS } from "./backup.js";
import { CERTS_COMMANDS } from "./certs.js";
import { DEVICE_COMMANDS } from "./device.js";
import { HTTP_COMMANDS } from "./http.js";
import { KERBEROS_COMMANDS } from "./kerberos.js";
import { LDAP_COMMANDS } from "./ldap.js";
import { LOGGING_COMMANDS } from "./logging.js";
import { MASTER_COMMANDS } from "./master.js";
import { PARI_COMMANDS } from "./pari.js";
import { PERFORMANCE_COMMANDS } from "./performance.js";
import { RFP_UPDATE_COMMANDS } from "./rfpUpdate.js";
import { PROVISIONING_COMMANDS } from "./provisioning.js";
import { SETTINGS_COMMANDS } from "./settings.js";
import { SIP_COMMANDS } from "./sip.js";
import { SITE_UPGRADE_COMMANDS } from "./siteUpgrade.js";
import { SNMP_COMMANDS } from "./snmp.js";
import { SYNC_COMMANDS } from "./sync.js";
import { UPDATE_SERVER_COMMANDS } from "./updateServer.js";
import { USER_COMMANDS } from "./users.js";

/**
 * Every operator command (docs/design.md "Operator commands"): the HTTP API routes them all, `ipdect ctl` those
 * with a ctl form, a fleet file those with a fleet form. Adding a command is adding its entry to its area's list.
 */
export const COMMANDS: readonly Command[] = [
  ...DEVICE_COMMANDS,
  ...BACKUP_COMMANDS,
  ...SETTINGS_COMMANDS,
  ...ALARM_COMMANDS,
  ...PERFORMANCE_COMMANDS,
  ...MASTER_COMMANDS,
  ...PARI_COMMANDS,
  ...SYNC_COMMANDS,
  ...LDAP_COMMANDS,
  ...USER_COMMANDS,
  ...SIP_COMMANDS,
  ...CERTS_COMMANDS,
  ...ADMIN_COMMANDS,
  ...KERBEROS_COMMANDS,
  ...SNMP_COMMANDS,
  ...LOGGING_COMMANDS,
  ...HTTP_COMMANDS,
  ...UPDATE_SERVER_COMMANDS,
  ...PROVISIONING_COMMANDS,
  ...SITE_UPGRADE_COMMANDS,
  ...RFP_UPDATE_COMMANDS,
];
