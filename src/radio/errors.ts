import { DecodeError, errorCodes } from "../core/errors.js";

/** The radio area's error codes (docs/errors.md): what the PARI Master tells a radio (§4.6.21, §4.6.32). */
export const RadioCode = errorCodes("radio", {
  MsgBadStanding: {
    code: "MSG_BAD_STANDING",
    class: DecodeError,
    meaning: "a PARI grant with an unknown standing",
  },
  MsgBadRfpi: { code: "MSG_BAD_RFPI", class: DecodeError, meaning: "a PARI grant with a text that is not an RFPI" },
  MsgNoRfpi: { code: "MSG_NO_RFPI", class: DecodeError, meaning: "a PARI grant that assigns no RFPIs (§4.6.21)" },
  MsgBadSari: {
    code: "MSG_BAD_SARI",
    class: DecodeError,
    meaning: "a PARI grant with a text that is not a SARI (§4.6.35)",
  },
  MsgBadRadioConfig: {
    code: "MSG_BAD_RADIO_CONFIG",
    class: DecodeError,
    meaning: "a PARI grant with a Radio Config setting that is not pushed (§4.6.33)",
  },
  MsgBadAddress: {
    code: "MSG_BAD_ADDRESS",
    class: DecodeError,
    meaning: "a radio provision whose PARI Master addresses are not IPv4 (§4.6.32)",
  },
  MsgBadName: {
    code: "MSG_BAD_NAME",
    class: DecodeError,
    meaning: "a radio provision whose device name is not 1..64 characters (§4.11.1 Add Radios)",
  },
});
