import { DecodeError, errorCodes } from "../core/errors.js";

/** The master area's error codes (docs/errors.md): messages between Mirror Masters (§4.6.19). */
export const MasterCode = errorCodes("master", {
  MsgBadData: {
    code: "MSG_BAD_DATA",
    class: DecodeError,
    meaning: "mirror data that is not a data snapshot (§4.6.19 Mirror)",
  },
});
