import { DecodeError, errorCodes, IoError, StateError } from "../core/errors.js";

/**
 * The radio area's error codes (docs/errors.md): what the PARI Master tells a radio (§4.6.21, §4.6.32), and the IPBL's
 * update of its RFPs (RFP_UPDATE0, App. A.1.7, §4.18.4).
 */
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
  RfpFirmwareName: {
    code: "RFP_FIRMWARE_NAME",
    class: DecodeError,
    meaning:
      'an RFP firmware file name that is not 1..64 letters, digits, ".", "_" or "-" (its stem is the RFP version, App. A.1.7): a firmware URL ending in "/" has none',
  },
  RfpFirmwareFile: {
    code: "RFP_FIRMWARE_FILE",
    class: DecodeError,
    meaning: 'an RFP firmware file that is empty or over 8 MiB (docs/design.md "RFP update")',
  },
  RfpFirmwareFetch: {
    code: "RFP_FIRMWARE_FETCH",
    class: IoError,
    meaning:
      "the RFP firmware could not be fetched from the `firmware` URL (App. A.1.7): the server's answer or the network error; alarm 0x00210003, source RFP_UPDATE0",
  },
  RfpUpdateIncomplete: {
    code: "RFP_UPDATE_INCOMPLETE",
    class: StateError,
    meaning: "RFP_UPDATE0 `start` without a `firmware` (a URL or an uploaded file) or without `select` (App. A.1.7)",
  },
  RfpUpdateBusy: {
    code: "RFP_UPDATE_BUSY",
    class: StateError,
    meaning:
      "RFP_UPDATE0 `start`, or an upload of an RFP file, while an RFP update is scheduled or under way (its file is the one in hand): try again once it has ended",
  },
  RfpUpdateNone: {
    code: "RFP_UPDATE_NONE",
    class: StateError,
    meaning: "an RFP update on a device that has no RFP ports: only an IPBL has them (App. A.1.7, §4.18.4)",
  },
});
