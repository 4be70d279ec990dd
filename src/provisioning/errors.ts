import { ConfigError, DecodeError, errorCodes, StateError } from "../core/errors.js";

/**
 * The provisioning area's error codes (docs/errors.md): the second provisioning dialect, the XML files of a
 * provisioning server (seed 002, "Provisioning Server (Protocols and Files)"), its URL and the `provisioning` section.
 * Each says which file or field was wrong, where (the element path), and why.
 */
export const ProvisioningCode = errorCodes("provisioning", {
  Settings: {
    code: "CONFIG_PROVISIONING",
    class: ConfigError,
    meaning:
      "the provisioning section (seed 002 Provisioning Configuration): a method, URL, interval, time or NOTIFY check-sync value out of its range",
  },
  Url: {
    code: "PROV_URL",
    class: DecodeError,
    meaning:
      "a provisioning server URL not of the form [<protocol>://[<user>:<password>@]]<host>[:<port>][/<path>] with tftp, ftp, http or https",
  },
  Xml: {
    code: "PROV_XML",
    class: DecodeError,
    meaning:
      "a provisioning XML file that is not well-formed XML, is over its size limit, or carries a DOCTYPE: the line and column, and why",
  },
  XmlSchema: {
    code: "PROV_XML_SCHEMA",
    class: DecodeError,
    meaning:
      "a provisioning XML file that is well-formed but not what seed 002 allows: an unknown element, a value out of range, a missing mandatory field; the element path and why",
  },
  VerFile: {
    code: "PROV_VER_FILE",
    class: DecodeError,
    meaning: "a firmware version file (.bin.ver) that is empty, not one line of text, or over its size limit",
  },
  FirmwareVersion: {
    code: "PROV_FIRMWARE_VERSION",
    class: DecodeError,
    meaning:
      "a firmware image on the provisioning server whose version is not the one its .ver file names: nothing is written (it would be fetched again after every reboot)",
  },
  Off: {
    code: "PROV_OFF",
    class: StateError,
    meaning:
      "provisioning-check on a device whose provisioning method is disabled (the App. A update client runs instead), or in a world without downloads",
  },
});
