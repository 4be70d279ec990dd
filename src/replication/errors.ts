import { ConfigError, errorCodes } from "../core/errors.js";

/** The replication area's error codes (docs/errors.md): Active Directory replication settings (§4.5.3.2). */
export const ReplicationCode = errorCodes("replication", {
  AdSettings: {
    code: "AD_SETTINGS",
    class: ConfigError,
    meaning: "Active Directory replication without its Server or search base: it stays Stopped (§4.5.3.2 steps 4, 5)",
  },
  AdMap: {
    code: "AD_MAP",
    class: ConfigError,
    meaning: "an In or Out Map that does not compile, is repeated or missing: replication stays Stopped (§4.5.3.2)",
  },
});
