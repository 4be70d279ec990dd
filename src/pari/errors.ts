import { DecodeError, errorCodes, StateError } from "../core/errors.js";

/** The PARI area's error codes (docs/errors.md): the administrator's radio and SARI commands, PARI messages. */
export const PariCode = errorCodes("pari", {
  PariNotUninitialized: {
    code: "PARI_NOT_UNINITIALIZED",
    class: StateError,
    meaning: "Add for a radio that has no uninitialized registration (§4.11.1 Add Radios)",
  },
  PariNotConnected: {
    code: "PARI_NOT_CONNECTED",
    class: StateError,
    meaning: "Move to a radio that is not connected to this PARI Master (§4.11.1)",
  },
  PariUnknownRadio: {
    code: "PARI_UNKNOWN_RADIO",
    class: StateError,
    meaning: "Delete or Move of a radio that is not in the PARI Master's list (§4.11.1)",
  },
  PariRadioConnected: {
    code: "PARI_RADIO_CONNECTED",
    class: StateError,
    meaning: "Delete or Move of a connected radio: only static registrations (§4.11.1)",
  },
  PariSariCount: {
    code: "PARI_SARI_COUNT",
    class: StateError,
    meaning: 'more than 10 SARIs in all, the SARI and 9 guest SARIs (§4.6.35: "Up to 10 SARIs can be added")',
  },
  PariSariDuplicate: { code: "PARI_SARI_DUPLICATE", class: StateError, meaning: "a SARI listed twice (§4.6.35)" },
  MsgBadKind: { code: "MSG_BAD_KIND", class: DecodeError, meaning: "a radio's message whose kind is not IPBS or IPBL" },
  MsgBadRfps: {
    code: "MSG_BAD_RFPS",
    class: DecodeError,
    meaning: "a radio's RFP count out of 1 for an IPBS, 1..16 for an IPBL (§4.11.2)",
  },
  MsgBadAlarm: {
    code: "MSG_BAD_ALARM",
    class: DecodeError,
    meaning: "a forwarded alarm report (§4.6.33) with a code that is not a §6.2 alarm, a bad time or too many changes",
  },
  MsgBadNumber: {
    code: "MSG_BAD_NUMBER",
    class: DecodeError,
    meaning: "a replicated PARI entry with a radio number out of 1..4095 (§4.6.34)",
  },
});
