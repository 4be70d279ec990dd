import { DecodeError, StateError, errorCodes, InternalError } from "../core/errors.js";

/** The mgmt area's error codes (docs/errors.md): request bodies and query values of the HTTP API, its command table. */
export const MgmtCode = errorCodes("mgmt", {
  BadJson: {
    code: "BAD_JSON",
    class: DecodeError,
    meaning: "a request body that is not the JSON object the route takes",
  },
  BadField: {
    code: "BAD_FIELD",
    class: DecodeError,
    meaning: "a field of a request body that is unknown or breaks its rule",
  },
  BadRegion: { code: "BAD_REGION", class: DecodeError, meaning: "a sync region out of 0..249 (§3.3.5)" },
  BadAddress: { code: "BAD_ADDRESS", class: DecodeError, meaning: "a Standby PARI Master address that is not IPv4" },
  BadCarriers: {
    code: "BAD_CARRIERS",
    class: DecodeError,
    meaning: "enabled carriers that are not carrier numbers separated by commas, nor all (§4.6.7)",
  },
  BadBand: { code: "BAD_BAND", class: DecodeError, meaning: "not one of the frequency bands of §4.6.6" },
  NoMetrics: {
    code: "NO_METRICS",
    class: StateError,
    meaning: "GET /metrics where the world renders none (a simulated device: its status is in the sim report)",
  },
  BadFlag: { code: "BAD_FLAG", class: DecodeError, meaning: "a yes/no query value other than true or false" },
  BadMode: { code: "BAD_MODE", class: DecodeError, meaning: "a reset mode other than idle or immediate (§4.24)" },
  BadParameter: {
    code: "BAD_PARAMETER",
    class: DecodeError,
    meaning: "a Diagnostics → Performance parameter other than cpu, mem, eth0 and calls (§4.23.5)",
  },
  BadMinutes: {
    code: "BAD_MINUTES",
    class: DecodeError,
    meaning: "a Diagnostics → Performance time window other than 1 to 1440 whole minutes (§4.23.5: 24 hours)",
  },
  CommandPath: {
    code: "COMMAND_PATH",
    class: InternalError,
    meaning: "an operator command whose path names a parameter it does not have (docs/design.md)",
  },
});
