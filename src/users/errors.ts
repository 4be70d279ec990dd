import { DecodeError, errorCodes, StateError } from "../core/errors.js";

/** A row the import refused, by its line number in the file (1-based). */
export interface RejectedRow {
  readonly row: number;
  readonly reason: string;
}

/** A CSV file that cannot be imported: why, and every refused row; nothing was imported. */
export class CsvError extends DecodeError {
  readonly rejected: readonly RejectedRow[];

  constructor(code: `CSV_${string}`, message: string, rejected: readonly RejectedRow[] = []) {
    super(code, message);
    this.rejected = rejected;
  }
}

/** The users area's error codes (docs/errors.md): the user directory (§3.14, §4.10), its CSV files and flash. */
export const UsersCode = errorCodes("users", {
  UserField: { code: "USER_FIELD", class: DecodeError, meaning: "a user field that breaks its rule (§3.14, §4.10.3)" },
  UserDuplicate: {
    code: "USER_DUPLICATE",
    class: StateError,
    meaning: "a Long Name, Number, IPEI or login name that is already used (§3.14, §3.4.5.4)",
  },
  UserUnknown: {
    code: "USER_UNKNOWN",
    class: StateError,
    meaning: "no such user, anonymous handset or User Administrator",
  },
  UserReadOnly: {
    code: "USER_READ_ONLY",
    class: StateError,
    meaning: "a change of fields that come from Active Directory (§4.5.3.2)",
  },
  HandsetNotSubscribed: {
    code: "HANDSET_NOT_SUBSCRIBED",
    class: StateError,
    meaning: "assign or log out a handset that is not subscribed (§3.14.1.2, §3.15.1)",
  },
  DirectoryReplica: {
    code: "DIRECTORY_REPLICA",
    class: StateError,
    meaning: "a change of a Standby's copy of the directory: change it on the Master (§4.5.3.1)",
  },
  UserLine: {
    code: "USER_LINE",
    class: DecodeError,
    meaning: "a user record line of a backup that breaks its rule (App. C)",
  },
  FeatureCode: {
    code: "FEATURE_CODE",
    class: DecodeError,
    meaning: "not a feature code of digits, * # and one placeholder $ (§4.6.18)",
  },
  CsvTooLarge: { code: "CSV_TOO_LARGE", class: CsvError, meaning: "a CSV file over 128 KB (§3.14.3)" },
  CsvEncoding: { code: "CSV_ENCODING", class: DecodeError, meaning: "a CSV file that is not UTF-8 text (§3.14.3)" },
  CsvSeparator: { code: "CSV_SEPARATOR", class: CsvError, meaning: "a CSV file without ; or TAB separators (§3.14.3)" },
  CsvTooManyRows: { code: "CSV_TOO_MANY_ROWS", class: CsvError, meaning: "a CSV file over 1000 rows (§3.14.3)" },
  CsvRejected: {
    code: "CSV_REJECTED",
    class: CsvError,
    meaning: "a CSV file with refused rows: nothing is imported (§4.10.5, §4.10.9)",
  },
});
