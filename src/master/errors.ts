import { DecodeError, errorCodes } from "../core/errors.js";

/** The master area's error codes (docs/errors.md): messages between Standby or Mirror Masters (§4.6.19, §4.6.20). */
export const MasterCode = errorCodes("master", {
  MsgBadData: {
    code: "MSG_BAD_DATA",
    class: DecodeError,
    meaning: "mirror data that is not a data snapshot (§4.6.19 Mirror)",
  },
  MsgBadGrant: {
    code: "MSG_BAD_GRANT",
    class: DecodeError,
    meaning: "a radio heartbeat whose grant echo (grant_ms) is not a time in ms from 0 on",
  },
  PeerAddress: {
    code: "PEER_ADDRESS",
    class: DecodeError,
    meaning:
      "a probe, probe answer or Mirror message from another address than the configured primary or Mirror peer (§4.6.19, §4.6.20)",
  },
});
