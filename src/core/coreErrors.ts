import { alarmCodeText } from "./alarms/alarmCodeText.js";
import { DecodeError, errorCodes, InternalError, IpdectError } from "./errors.js";

/** A code that is not in the §6.2 catalog. `alarmCode` is the number asked for. */
export class UnknownAlarmCodeError extends IpdectError {
  readonly alarmCode: number;

  constructor(alarmCode: number) {
    super(
      CoreCode.AlarmUnknownCode,
      `${alarmCodeText(alarmCode) ?? String(alarmCode)} is not a fault code of manual 003 §6.2`,
    );
    this.alarmCode = alarmCode;
  }
}

/** The core area's error codes (docs/errors.md): identities (EN 300 175-6), the alarm catalog (§6.2), durations. */
export const CoreCode = errorCodes("core", {
  AriSyntax: { code: "ARI_SYNTAX", class: DecodeError, meaning: "not an ARI in our text form (EN 300 175-6 §5)" },
  AriClass: {
    code: "ARI_CLASS",
    class: DecodeError,
    meaning: "an ARI of a class other than A or B (EN 300 175-6 §5)",
  },
  AriRange: { code: "ARI_RANGE", class: DecodeError, meaning: "an ARI field wider than its bits (EN 300 175-6 §5)" },
  AriLength: {
    code: "ARI_LENGTH",
    class: DecodeError,
    meaning: "ARI bits of the wrong length for their class (EN 300 175-6 §5)",
  },
  HostnameModel: { code: "HOSTNAME_MODEL", class: DecodeError, meaning: "a host name of an unknown model (§3.2)" },
  HostnameSyntax: {
    code: "HOSTNAME_SYNTAX",
    class: DecodeError,
    meaning: "not a device host name such as ipbs2-0a-0b-0c (§3.2)",
  },
  IpeiEmcRange: {
    code: "IPEI_EMC_RANGE",
    class: DecodeError,
    meaning: "an IPEI's EMC is not 16 bits (EN 300 175-6 §6.2)",
  },
  IpeiPsnRange: {
    code: "IPEI_PSN_RANGE",
    class: DecodeError,
    meaning: "an IPEI's PSN is not 20 bits (EN 300 175-6 §6.2)",
  },
  IpeiSyntax: {
    code: "IPEI_SYNTAX",
    class: DecodeError,
    meaning: "not a 13-character IPEI (§3.14, EN 300 175-6 Annex C)",
  },
  IpeiCheckDigit: {
    code: "IPEI_CHECK_DIGIT",
    class: DecodeError,
    meaning: "an IPEI whose check digit is wrong (EN 300 175-6 Annex C)",
  },
  IpeiHexSyntax: {
    code: "IPEI_HEX_SYNTAX",
    class: DecodeError,
    meaning: "not a 10-hex-digit IPUI type N (EN 300 175-6 §6.2)",
  },
  IpeiPut: { code: "IPEI_PUT", class: DecodeError, meaning: "an IPUI whose PUT is not 0 (EN 300 175-6 §6.2)" },
  MacInvalid: { code: "MAC_INVALID", class: DecodeError, meaning: "not a MAC address of 6 bytes" },
  ParkPliRange: {
    code: "PARK_PLI_RANGE",
    class: DecodeError,
    meaning: "a PARK length indicator out of range for its ARI (EN 300 175-6 §6.1)",
  },
  ParkSyntax: {
    code: "PARK_SYNTAX",
    class: DecodeError,
    meaning: "not a PARK{y} followed by an ARI (EN 300 175-6 §6.1)",
  },
  RfpiRpnRange: {
    code: "RFPI_RPN_RANGE",
    class: DecodeError,
    meaning: "an RPN too wide for the PARI's class (EN 300 175-6 §5)",
  },
  RfpiLength: { code: "RFPI_LENGTH", class: DecodeError, meaning: "an RFPI that is not 10 hex digits (§4.11.1)" },
  RfpiNotHex: { code: "RFPI_NOT_HEX", class: DecodeError, meaning: "an RFPI with a character that is not hex" },
  RfpiClass: {
    code: "RFPI_CLASS",
    class: DecodeError,
    meaning: "an RFPI of a class other than A or B (EN 300 175-6 §5)",
  },
  AlarmCodeRange: {
    code: "ALARM_CODE_RANGE",
    class: InternalError,
    meaning: "a fault code that is not a 32-bit number was to be printed (§6.2)",
  },
  AlarmCodeInvalid: { code: "ALARM_CODE_INVALID", class: DecodeError, meaning: "not 0x and 8 hex digits (§6.2)" },
  AlarmUnknownCode: {
    code: "ALARM_UNKNOWN_CODE",
    class: UnknownAlarmCodeError,
    meaning: "a fault code that is not in the catalog (§6.2)",
  },
  AlarmCatalogDuplicate: {
    code: "ALARM_CATALOG_DUPLICATE",
    class: InternalError,
    meaning: "the fault code catalog lists a code twice (§6.2)",
  },
  AlarmNameUnknown: {
    code: "ALARM_NAME_UNKNOWN",
    class: InternalError,
    meaning: "an ALARM name for a code that is not in the catalog (§6.2)",
  },
  AlarmNameDuplicate: {
    code: "ALARM_NAME_DUPLICATE",
    class: InternalError,
    meaning: "two ALARM names for one fault code (§6.2)",
  },
  AlarmNameMissing: {
    code: "ALARM_NAME_MISSING",
    class: InternalError,
    meaning: "a catalog code without an ALARM name (§6.2)",
  },
  FlashCorrupt: {
    code: "FLASH_CORRUPT",
    class: DecodeError,
    meaning: "a file of the device's flash that is empty, truncated, garbage or of the wrong shape, or a log gap",
  },
  DurationInvalid: {
    code: "DURATION_INVALID",
    class: DecodeError,
    meaning: "not a duration such as 250ms, 90s, 5m30s or 1h, or over a year",
  },
});
