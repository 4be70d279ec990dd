import { ConfigError, errorCodes } from "../core/errors.js";

/** The snmp area's error codes (docs/errors.md): the SNMP agent's settings (§4.9.5). */
export const SnmpCode = errorCodes("snmp", {
  Settings: {
    code: "CONFIG_SNMP",
    class: ConfigError,
    meaning: "an SNMP setting breaks its rule (§4.9.5): a trap destination, network or SNMPv3 algorithm",
  },
});
