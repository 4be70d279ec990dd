import { ConfigError, ConfigErrors, errorCodes } from "../errors.js";

/**
 * The config area's error codes (docs/errors.md): one code per rule of the configuration faces, so tests and callers
 * can tell the rules apart; the message says where (source, line, field) and why. Every code is a ConfigError.
 */
export const ConfigCode = errorCodes("config", {
  // Shared by both faces (deviceFromObject).
  Type: {
    code: "CONFIG_TYPE",
    class: ConfigError,
    meaning: "a value has the wrong type: not a mapping, list, boolean",
  },
  UnknownKey: { code: "CONFIG_UNKNOWN_KEY", class: ConfigError, meaning: "a key the section does not have" },
  Several: {
    code: "CONFIG_ERRORS",
    class: ConfigErrors,
    meaning: "an input with several errors, reported together (each with its own code, line and field)",
  },
  Required: { code: "CONFIG_REQUIRED", class: ConfigError, meaning: "a required setting is missing" },
  Text: { code: "CONFIG_TEXT", class: ConfigError, meaning: "not a text, empty, or with control characters" },
  Kind: { code: "CONFIG_KIND", class: ConfigError, meaning: "the device kind is not IPBS, IPBL or IPVM" },
  Mac: { code: "CONFIG_MAC", class: ConfigError, meaning: "not a MAC address" },
  Ipv4: { code: "CONFIG_IPV4", class: ConfigError, meaning: "not a dotted IPv4 address (§4.2.3)" },
  Netmask: { code: "CONFIG_NETMASK", class: ConfigError, meaning: "not a dotted subnet mask (§4.2.3)" },
  SystemPassword: {
    code: "CONFIG_SYSTEM_PASSWORD",
    class: ConfigError,
    meaning: "the DECT system password breaks the length or character rule (§4.6.1)",
  },
  MasterMode: { code: "CONFIG_MASTER_MODE", class: ConfigError, meaning: "not a Master mode (§4.6.19)" },
  DeploymentOnIpvm: {
    code: "CONFIG_DEPLOYMENT_ON_IPVM",
    class: ConfigError,
    meaning: "Master mode deployment on an IPVM (§4.6.19)",
  },
  MasterId: { code: "CONFIG_MASTER_ID", class: ConfigError, meaning: "the Master Id is out of range (§4.6.20)" },
  StandbyNeedsPrimary: {
    code: "CONFIG_STANDBY_NEEDS_PRIMARY",
    class: ConfigError,
    meaning: "a standby Master without the primary Master's address (§4.6.19)",
  },
  MirrorNeedsPeer: {
    code: "CONFIG_MIRROR_NEEDS_PEER",
    class: ConfigError,
    meaning: "a Mirror Master without the other Mirror's address (§4.6.19)",
  },
  MirrorNeedsNtp: {
    code: "CONFIG_MIRROR_NEEDS_NTP",
    class: ConfigError,
    meaning: 'a Mirror Master without a Time Server (§4.6.19 step 4: "Configure NTP settings", §4.1.9)',
  },
  PrimaryOnlyStandby: {
    code: "CONFIG_PRIMARY_ONLY_STANDBY",
    class: ConfigError,
    meaning: "a primary address on a Master that is not standby (§4.6.19)",
  },
  MirrorPeerOnlyMirror: {
    code: "CONFIG_MIRROR_PEER_ONLY_MIRROR",
    class: ConfigError,
    meaning: "a mirror peer on a Master that is not Mirror (§4.6.19)",
  },
  IpvmRadio: { code: "CONFIG_IPVM_RADIO", class: ConfigError, meaning: "radio settings on an IPVM (§4.6.31)" },
  Region: { code: "CONFIG_REGION", class: ConfigError, meaning: "the sync region is out of range (§3.3.5)" },
  Sync: {
    code: "CONFIG_SYNC",
    class: ConfigError,
    meaning: "an air synchronisation setting breaks its rule (§4.6.36, carriers §4.6.7)",
  },
  Rfps: {
    code: "CONFIG_RFPS",
    class: ConfigError,
    meaning: "an RFP setting out of range or on a device that is not an IPBL (§4.11.2)",
  },
  Band: {
    code: "CONFIG_BAND",
    class: ConfigError,
    meaning: "not one of the frequency bands of §4.6.6 (europe, thailand, south-america, north-america)",
  },
  Carriers: {
    code: "CONFIG_CARRIERS",
    class: ConfigError,
    meaning: "enabled carriers empty, repeated, a count, or not of the frequency band (§4.6.7)",
  },
  RegionCode: {
    code: "CONFIG_REGION_CODE",
    class: ConfigError,
    meaning: "a region code that is not numbers 0–9, * and # or is too long (§4.6.22)",
  },
  SystemId: { code: "CONFIG_SYSTEM_ID", class: ConfigError, meaning: "the System ID is out of range (§4.6.34)" },
  Sari: { code: "CONFIG_SARI", class: ConfigError, meaning: "a bad, repeated or surplus SARI (§4.6.35)" },
  PariNeedsMaster: {
    code: "CONFIG_PARI_NEEDS_MASTER",
    class: ConfigError,
    meaning: "the PARI function without a Master role (§4.6.21)",
  },
  RadioConfigNeedsPari: {
    code: "CONFIG_RADIO_CONFIG_NEEDS_PARI",
    class: ConfigError,
    meaning: "Radio Config without the PARI function (§4.6.33)",
  },
  Multicast: {
    code: "CONFIG_MULTICAST",
    class: ConfigError,
    meaning: "the plug and play discovery group is not a multicast address (§3.11)",
  },
  Timing: { code: "CONFIG_TIMING", class: ConfigError, meaning: "a timing is not a positive whole number of ms" },
  Position: { code: "CONFIG_POSITION", class: ConfigError, meaning: "a radio's position is not a number" },
  Port: { code: "CONFIG_PORT", class: ConfigError, meaning: "a port is out of range 1..65535" },
  LdapNeedsMaster: {
    code: "CONFIG_LDAP_NEEDS_MASTER",
    class: ConfigError,
    meaning: "LDAP server or replicator settings without a Master role (§4.5)",
  },
  Ldap: {
    code: "CONFIG_LDAP",
    class: ConfigError,
    meaning: "an LDAP server or replicator setting breaks its rule (§4.5.1, §4.5.3)",
  },
  Secret: { code: "CONFIG_SECRET", class: ConfigError, meaning: "a password or secret is not a text" },
  SecretMask: {
    code: "CONFIG_SECRET_MASK",
    class: ConfigError,
    meaning: "the mask `********` of a secret sent in a change where no secret is stored to keep",
  },
  GatekeeperNeedsMaster: {
    code: "CONFIG_GATEKEEPER_NEEDS_MASTER",
    class: ConfigError,
    meaning: "gatekeeper settings without a Master role (§4.6.23)",
  },
  Gatekeeper: {
    code: "CONFIG_GATEKEEPER",
    class: ConfigError,
    meaning: "a gatekeeper setting breaks its rule (§4.6.23, §4.7.3.1)",
  },
  SipAddress: {
    code: "CONFIG_SIP_ADDRESS",
    class: ConfigError,
    meaning: "a proxy or domain is not a SIP host (§4.6.23 steps 5 to 7)",
  },
  AltProxies: {
    code: "CONFIG_ALT_PROXIES",
    class: ConfigError,
    meaning: "too many or empty alternative proxies (§4.6.23 step 6)",
  },
  AltProxyDomainNames: {
    code: "CONFIG_ALT_PROXY_DOMAIN_NAMES",
    class: ConfigError,
    meaning:
      "Alt. Proxy 2 or 3 where the Proxy and Alt. Proxy 1 are domain names without a port, looked up by DNS SRV (§4.6.23 steps 6b, 6c)",
  },
  Anonymous: {
    code: "CONFIG_ANONYMOUS",
    class: ConfigError,
    meaning: "the number for anonymous devices breaks its rule (§4.6.24)",
  },
  ExtraLine: {
    code: "CONFIG_EXTRA_LINE",
    class: ConfigError,
    meaning: "an extra line is not one native line kept verbatim (App. C)",
  },
  User: { code: "CONFIG_USER", class: ConfigError, meaning: "a user of the users section breaks a field rule (§3.14)" },
  UserDuplicate: {
    code: "CONFIG_USER_DUPLICATE",
    class: ConfigError,
    meaning: "two users of the users section share a unique field (§3.14)",
  },
  UsersNeedMaster: {
    code: "CONFIG_USERS_NEED_MASTER",
    class: ConfigError,
    meaning: "a users section without a Master role (§4.10)",
  },
  // YAML/JSON face.
  YamlSyntax: { code: "CONFIG_YAML_SYNTAX", class: ConfigError, meaning: "the YAML or JSON document does not parse" },
  // Native text face (App. A, App. C).
  UnknownCommand: {
    code: "CONFIG_UNKNOWN_COMMAND",
    class: ConfigError,
    meaning: "a native line that is not config, mod or vars (App. A)",
  },
  UnknownVerb: { code: "CONFIG_UNKNOWN_VERB", class: ConfigError, meaning: "config with an unknown verb (App. A)" },
  MissingModule: { code: "CONFIG_MISSING_MODULE", class: ConfigError, meaning: "config without a module (App. A)" },
  ModuleCase: { code: "CONFIG_MODULE_CASE", class: ConfigError, meaning: "a module name not in upper case (App. A)" },
  UnknownOption: { code: "CONFIG_UNKNOWN_OPTION", class: ConfigError, meaning: "an option the module does not have" },
  MissingValue: { code: "CONFIG_MISSING_VALUE", class: ConfigError, meaning: "an option without its value" },
  UnexpectedValue: {
    code: "CONFIG_UNEXPECTED_VALUE",
    class: ConfigError,
    meaning: "a value where an option or nothing belongs",
  },
  DuplicateOption: { code: "CONFIG_DUPLICATE_OPTION", class: ConfigError, meaning: "an option twice in one line" },
  UnterminatedQuote: {
    code: "CONFIG_UNTERMINATED_QUOTE",
    class: ConfigError,
    meaning: "a quoted value not closed before the end of the line",
  },
  UserLine: {
    code: "CONFIG_USER_LINE",
    class: ConfigError,
    meaning: "a user record line of a backup breaks its rule (App. C)",
  },
  BackupAdminLine: {
    code: "CONFIG_BACKUP_LINE",
    class: ConfigError,
    meaning:
      "a backup's admin line (`config change BACKUP0 …`, §4.14) in a configuration: a backup is restored (PUT /api/backup, ipdect ctl restore), which checks and drops the line",
  },
  UserLineOrder: {
    code: "CONFIG_USER_LINE_ORDER",
    class: ConfigError,
    meaning: "user record lines out of their order in a backup (App. C)",
  },
});
export type ConfigCode = (typeof ConfigCode)[keyof typeof ConfigCode];
