import { ConfigError, errorCodes } from "../core/errors.js";

/** The logging area's error codes (docs/errors.md): the Services → Logging settings (§4.9.2, §4.23.1.1). */
export const LoggingCode = errorCodes("logging", {
  Type: {
    code: "LOGGING_TYPE",
    class: ConfigError,
    meaning: "a logging Type other than syslog, tcp, syslog-tls, http or https (§4.9.2)",
  },
  Class: {
    code: "LOGGING_CLASS",
    class: ConfigError,
    meaning: "a syslogd message Class that is not an RFC 5424 facility name or number 0..23 (§4.9.2)",
  },
  Path: {
    code: "LOGGING_PATH",
    class: ConfigError,
    meaning: "an HTTP Path that does not start with / or holds a ?, # or space (§4.9.2)",
  },
  Option: {
    code: "LOGGING_OPTION",
    class: ConfigError,
    meaning:
      "a Path for a type other than http or https, or Allow untrusted for one other than syslog-tls or https (§4.9.2)",
  },
});
