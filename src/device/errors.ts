import { ConfigError, errorCodes, IpdectError, StateError } from "../core/errors.js";

/** The device area's error codes (docs/errors.md): frame routing and the operator's commands to a device. */
export const DeviceCode = errorCodes("device", {
  MsgNoRole: {
    code: "MSG_NO_ROLE",
    class: IpdectError,
    meaning: "a frame for a role this device does not run: dropped",
  },
  ConfigIdentity: {
    code: "CONFIG_IDENTITY",
    class: ConfigError,
    meaning: "a configuration that changes the device name or IP address while it runs (§4.1.1, §4.2.3)",
  },
  NotAMirror: {
    code: "NOT_A_MIRROR",
    class: StateError,
    meaning: "a mirror command on a device whose Master mode is not Mirror (§4.6.19)",
  },
  NoMaster: {
    code: "NO_MASTER",
    class: StateError,
    meaning: "a command for a Master on a device without a Master role",
  },
  NoPari: {
    code: "NO_PARI",
    class: StateError,
    meaning: "a command for the PARI function on a device without it (§4.6.21)",
  },
  NoGatekeeper: {
    code: "NO_GATEKEEPER",
    class: StateError,
    meaning: "a gatekeeper query on a device that registers no users (§4.6.23)",
  },
  NoLdapServer: {
    code: "NO_LDAP_SERVER",
    class: StateError,
    meaning: "an LDAP server query on a device that runs none (§4.5.1)",
  },
  NoRadio: { code: "NO_RADIO", class: StateError, meaning: "an RFP scan on a device without a radio (§4.23.10)" },
  NotUp: {
    code: "NOT_UP",
    class: StateError,
    meaning:
      "a command on what a boot starts (certificates §4.1.10, administrator access, performance §4.23.5) while the device is stopped or restarting",
  },
});
