import { ConfigError, DecodeError, IoError, StateError, errorCodes } from "../core/errors.js";

/** The kerberos area's error codes (docs/errors.md): the Kerberos server and client roles (§4.1.8). */
export const KerberosCode = errorCodes("kerberos", {
  Realm: {
    code: "KERBEROS_REALM",
    class: ConfigError,
    meaning: "a realm name that is not 1 to 64 upper-case letters, digits, dots and dashes (§4.1.8.1 step 6)",
  },
  Server: {
    code: "KERBEROS_SERVER",
    class: ConfigError,
    meaning: "Authentication Servers: a realm listed twice, or a secondary port without a secondary address (§4.1.8.3)",
  },
  Trust: {
    code: "KERBEROS_TRUST",
    class: ConfigError,
    meaning:
      "a trusted realm's Authorization that is not domain-group, administrator or auditor, a group RID out of range, domain-group without a RID, or a RID without domain-group (§4.1.8.9)",
  },
  Secondary: {
    code: "KERBEROS_SECONDARY",
    class: ConfigError,
    meaning: "a secondary Kerberos server that also lists secondaries of its own, or names itself (§4.1.8.11)",
  },
  Name: {
    code: "KERBEROS_NAME",
    class: DecodeError,
    meaning: "a user, host or realm name with characters a Kerberos principal name cannot carry here",
  },
  RealmText: {
    code: "KERBEROS_REALM_TEXT",
    class: DecodeError,
    meaning: "an API realm name that is not 1 to 64 upper-case letters, digits, dots and dashes (§4.1.8.1 step 6)",
  },
  Choice: {
    code: "KERBEROS_CHOICE",
    class: DecodeError,
    meaning:
      "a leave that is neither deregister nor delete, a deregister without admin account (§4.1.8.13), a force not true or false",
  },
  Password: {
    code: "KERBEROS_PASSWORD",
    class: DecodeError,
    meaning: "an empty password, one over 64 characters, or one with control characters",
  },
  Role: {
    code: "KERBEROS_ROLE",
    class: DecodeError,
    meaning: "a role that is not administrator, auditor or join-realm (§4.1.8.1 step 7)",
  },
  NoServer: {
    code: "KERBEROS_NO_SERVER",
    class: StateError,
    meaning: "a Kerberos server command on a device without the server role (kerberos.server, §4.1.8.1)",
  },
  NotSetUp: {
    code: "KERBEROS_NOT_SET_UP",
    class: StateError,
    meaning: "the Kerberos server has no database yet: give the root password first (§4.1.8.1 step 4)",
  },
  SetUp: {
    code: "KERBEROS_SET_UP",
    class: StateError,
    meaning: "the Kerberos server already has its database; its root password cannot be given again",
  },
  SecondaryReadOnly: {
    code: "KERBEROS_SECONDARY_READ_ONLY",
    class: StateError,
    meaning:
      "users and trusted realms are changed on the primary Kerberos server; a secondary holds a copy (§4.1.8.11)",
  },
  UserExists: { code: "KERBEROS_USER_EXISTS", class: StateError, meaning: "a user of that name exists already" },
  NoUser: { code: "KERBEROS_NO_USER", class: StateError, meaning: "no user, host or trusted realm of that name" },
  NoClient: {
    code: "KERBEROS_NO_CLIENT",
    class: StateError,
    meaning: "a Kerberos client command on a device without Authentication Servers (kerberos.client, §4.1.8.3)",
  },
  NoAuthServer: {
    code: "KERBEROS_NO_AUTH_SERVER",
    class: StateError,
    meaning: "join of a realm that the Authentication Servers do not list (§4.1.8.3 step 7)",
  },
  Joined: {
    code: "KERBEROS_JOINED",
    class: StateError,
    meaning: "the device is a member of a realm already: leave it first, or join with force (App. E)",
  },
  NotJoined: { code: "KERBEROS_NOT_JOINED", class: StateError, meaning: "the device is not a member of a realm" },
  Refused: {
    code: "KERBEROS_REFUSED",
    class: StateError,
    meaning: "the Kerberos server refused: wrong admin password, unknown user, or a role without the right (§4.1.8.4)",
  },
  Unreachable: {
    code: "KERBEROS_UNREACHABLE",
    class: IoError,
    meaning: "no Kerberos server answered (0x000c0406), or a clock skew: set NTP (§4.1.9)",
  },
  Tool: {
    code: "KERBEROS_TOOL",
    class: IoError,
    meaning: "an MIT Kerberos program failed or is missing (krb5-kdc, krb5-admin-server, krb5-user, krb5-kpropd)",
  },
});
