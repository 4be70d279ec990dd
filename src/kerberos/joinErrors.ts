import { ConfigError, DecodeError, errorCodes } from "../core/errors.js";

/**
 * The kerberos area's codes for the two join routes beside the device's own page (§4.1.8.5 App. E, §4.1.8.6): the
 * update script's join line and the Kerberos section of Device Overview → Add (docs/errors.md).
 */
export const KerberosJoinCode = errorCodes("kerberos", {
  Script: {
    code: "KERBEROS_JOIN_SCRIPT",
    class: DecodeError,
    meaning:
      "App. E's line `vars create CMD0/KCMD p <join …>…</join>` is malformed: its XML, an attribute, or a value breaks a rule",
  },
  JoinLine: {
    code: "CONFIG_JOIN_LINE",
    class: ConfigError,
    meaning: "App. E's Kerberos join line (`vars create CMD0/KCMD p <join …>`) breaks a rule, or is given twice",
  },
  Order: {
    code: "KERBEROS_JOIN_ORDER",
    class: DecodeError,
    meaning:
      "a Kerberos section (§4.1.8.6) or join order without the realm's Authentication Server, with too many servers or a realm twice",
  },
});
