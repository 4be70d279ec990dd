import { ConfigError, DecodeError, StateError, errorCodes } from "../core/errors.js";

/** The auth area's error codes (docs/errors.md): administrator access and the web access settings (§3.4, §4.1, §4.9.3). */
export const AuthCode = errorCodes("auth", {
  HttpPort: { code: "AUTH_HTTP_PORT", class: ConfigError, meaning: "an HTTP or HTTPS port out of 0..65535 (§4.9.3)" },
  HttpStation: {
    code: "AUTH_HTTP_STATION",
    class: ConfigError,
    meaning: "an allowed station that is no network (a.b.c.d/m.m.m.m or a.b.c.d/len, §4.9.3)",
  },
  HttpPorts: {
    code: "AUTH_HTTP_PORTS",
    class: ConfigError,
    meaning: "HTTP and HTTPS both off, on one port, or Force HTTPS without HTTPS (§4.9.3)",
  },
  AdminSetting: {
    code: "AUTH_ADMIN_SETTING",
    class: ConfigError,
    meaning: "a General → Admin setting out of range: login banner, automatic logout, session limits (§4.1.3–§4.1.5)",
  },
  AdminName: {
    code: "AUTH_ADMIN_NAME",
    class: DecodeError,
    meaning: "a System Administrator name that is empty, too long or has a character a login cannot carry (§3.4.5.2)",
  },
  AdminPassword: {
    code: "AUTH_ADMIN_PASSWORD",
    class: DecodeError,
    meaning: "a System Administrator password over 15 characters or outside the manual's set (§3.4.5.2)",
  },
  AdminChange: {
    code: "AUTH_ADMIN_CHANGE",
    class: StateError,
    meaning: "the account change needs the right old password and both name and new password (§3.4.5.2)",
  },
  BackupAdmin: {
    code: "AUTH_BACKUP_ADMIN",
    class: StateError,
    meaning:
      "a restored configuration saved under another admin name or password than the device's (§4.18.1: change the device's to the file's first), or a device whose admin account predates backups (set its password again, §3.4.5.2)",
  },
  BackupFile: {
    code: "AUTH_BACKUP_FILE",
    class: DecodeError,
    meaning:
      "a restored file without the backup's admin line (`config change BACKUP0 /admin <name> /check <hex>`, §4.14), with two, or with one that does not parse",
  },
  Rid: {
    code: "AUTH_RID",
    class: DecodeError,
    meaning: "an Admin or Auditor Group RID that is not a number 1..4294967295 (§4.1.8.9 step 5)",
  },
  Sid: {
    code: "AUTH_SID",
    class: DecodeError,
    meaning: "a Windows SID that does not decode (MS-DTYP §2.4.2): binary from a domain controller, or S-1-… text",
  },
});
