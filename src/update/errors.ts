import { ConfigError, DecodeError, errorCodes, InternalError, IoError, StateError } from "../core/errors.js";

/**
 * The update area's error codes (docs/errors.md): command files of the update server (App. A), firmware images and
 * their banks (§4.15, App. A.1.4), downloads and uploads. The device's alarms for the same failures are the manual's
 * 0x0021xxxx codes (§6.2, core/alarms/catalog.ts); these codes say which input was wrong, where, and why.
 */
export const UpdateCode = errorCodes("update", {
  UpdateSettings: {
    code: "CONFIG_UPDATE",
    class: ConfigError,
    meaning: "the update section (§4.9.1): a poll interval out of 1..65535 minutes, or a URL that is not an update URL",
  },
  UpCommandSyntax: {
    code: "UP_COMMAND_SYNTAX",
    class: DecodeError,
    meaning: "a command file line that does not parse: its number, the word, and what was expected (App. A.1.3–A.1.7)",
  },
  UpCommandUnknown: {
    code: "UP_COMMAND_UNKNOWN",
    class: DecodeError,
    meaning: "a command file line for a module or command this device does not have (App. A)",
  },
  UpCommandFile: {
    code: "UP_COMMAND_FILE",
    class: DecodeError,
    meaning: "a command file that is not text, or over its size limit (App. A.1.3)",
  },
  UpUrl: {
    code: "UP_URL",
    class: DecodeError,
    meaning: "an update URL that is not http, https or tftp with an IP address (App. A.1.1, A.1.2)",
  },
  ImageHeader: {
    code: "IMAGE_HEADER",
    class: DecodeError,
    meaning:
      "a firmware image whose header does not decode (magic, format version, lengths, a product, version or build serial field), or a value `ipdect image build` cannot put in its field",
  },
  ImageChecksum: {
    code: "IMAGE_CHECKSUM",
    class: DecodeError,
    meaning: "a firmware image whose header and payload do not match its SHA-256: damaged on the way or on flash",
  },
  ImageProduct: {
    code: "IMAGE_PRODUCT",
    class: DecodeError,
    meaning:
      "a firmware image made for another product than this device's (App. A.1.4's file per product): the wrong file, whatever state the device is in",
  },
  ImagePayload: {
    code: "IMAGE_PAYLOAD",
    class: DecodeError,
    meaning:
      "a package archive (the payload `ipdect image build` makes of this package) that does not unpack: not gzip, cut short, or a path outside its folder",
  },
  BootNone: {
    code: "BOOT_NONE",
    class: StateError,
    meaning: 'a boot file uploaded to an IPVM, which has no boot code (§4.18.3: "does not apply to IPVM")',
  },
  BankTrial: {
    code: "BANK_TRIAL",
    class: StateError,
    meaning:
      'a firmware write while the device runs a new bank on trial, not yet confirmed: the other bank holds the last good firmware and is kept (docs/design.md "Firmware images and banks")',
  },
  UpFetch: {
    code: "UP_FETCH",
    class: IoError,
    meaning: "a download from the update server failed: the URL, and the server's answer or the network error",
  },
  UpNotFound: {
    code: "UP_NOT_FOUND",
    class: IoError,
    meaning:
      "the server has no such file: HTTP 404, TFTP error 1, FTP 550 (the second dialect's files are optional, seed 002)",
  },
  UpNoServer: {
    code: "UP_NO_SERVER",
    class: StateError,
    meaning: "poll now on a device without an update URL (§4.9.1), or in a world without downloads",
  },
  DhcpOption: {
    code: "DHCP_OPTION",
    class: DecodeError,
    meaning:
      "a DHCP answer whose options do not decode (RFC 2131 §3, RFC 2132): the option number and its offset, and why (a length past the field, no end option, a value that does not fit its type in App. I.3)",
  },
  DhcpMessage: {
    code: "DHCP_MESSAGE",
    class: DecodeError,
    meaning: "a DHCP message whose fixed part does not decode (RFC 2131 §2): too short, not a reply, not Ethernet",
  },
  DhcpRequest: {
    code: "DHCP_REQUEST",
    class: InternalError,
    meaning:
      "a DHCP request to be built with an Ethernet address that is not 6 octets or an address that is not IPv4: a bug",
  },
  UpPut: {
    code: "UP_PUT",
    class: IoError,
    meaning: "an upload (HTTP PUT) of the configuration to the update server failed (App. A.1.5)",
  },
});
