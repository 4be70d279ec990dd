import { ADMIN_SECTION } from "../auth/adminSettings.js";
import { HTTP_SECTION } from "../auth/settings.js";
import { CERTIFICATES_SECTION, TLS_SECTION } from "../certs/settings.js";
import { KERBEROS_SECTION } from "../kerberos/settings.js";
import { LDAP_SECTION } from "../ldap/settings.js";
import { LOGGING_SECTION } from "../logging/settings.js";
import { MASTER_SECTION } from "../master/settings.js";
import { PARI_SECTION, RADIO_CONFIG_SECTION } from "../pari/settings.js";
import { RADIO_SECTION } from "../radio/settings.js";
import type { SectionValue } from "../role/configSection.js";
import { GATEKEEPER_SECTION } from "../sip/settings.js";
import { SNMP_SECTION } from "../snmp/settings.js";
import { UPDATE_SECTION } from "../update/settings.js";
import { PROVISIONING_SECTION } from "../provisioning/settings.js";
import { POSITION_SECTION } from "../sync/settings.js";
import { USERS_SECTION } from "../users/settings.js";

/**
 * The roles' sections of the device configuration, one line each: a role held when its section is present. The order
 * is the order of reading (a section sees those before it, so `master` is first), of the keys of DeviceConfig and of
 * the modules in the native text form. Adding a role's settings adds one line here (docs/architecture.md).
 */
export const SECTIONS = [
  MASTER_SECTION,
  GATEKEEPER_SECTION,
  PARI_SECTION,
  RADIO_CONFIG_SECTION,
  RADIO_SECTION,
  POSITION_SECTION,
  LDAP_SECTION,
  USERS_SECTION,
  HTTP_SECTION,
  ADMIN_SECTION,
  TLS_SECTION,
  CERTIFICATES_SECTION,
  KERBEROS_SECTION,
  SNMP_SECTION,
  LOGGING_SECTION,
  UPDATE_SECTION,
  PROVISIONING_SECTION,
] as const;

type Section = (typeof SECTIONS)[number];

/** The sections as optional fields of DeviceConfig: `master?: MasterSettings`, `pari?: PariSettings`, … */
export type SectionFields = { readonly [S in Section as S["key"]]?: SectionValue<S> };

export type SectionKey = Section["key"];
