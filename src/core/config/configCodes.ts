/**
 * Stable error codes of the configuration faces (STYLE.md §4). One code per rule, so tests and callers can tell
 * the rules apart; the message says where (source, line, field) and why.
 */
export const ConfigCode = {
  // Shared by both faces (deviceFromObject).
  Type: "CONFIG_TYPE",
  UnknownKey: "CONFIG_UNKNOWN_KEY",
  Required: "CONFIG_REQUIRED",
  Text: "CONFIG_TEXT",
  Kind: "CONFIG_KIND",
  Mac: "CONFIG_MAC",
  Ipv4: "CONFIG_IPV4",
  Netmask: "CONFIG_NETMASK",
  SystemPassword: "CONFIG_SYSTEM_PASSWORD",
  MasterMode: "CONFIG_MASTER_MODE",
  DeploymentOnIpvm: "CONFIG_DEPLOYMENT_ON_IPVM",
  MasterId: "CONFIG_MASTER_ID",
  StandbyNeedsPrimary: "CONFIG_STANDBY_NEEDS_PRIMARY",
  MirrorNeedsPeer: "CONFIG_MIRROR_NEEDS_PEER",
  PrimaryOnlyStandby: "CONFIG_PRIMARY_ONLY_STANDBY",
  MirrorPeerOnlyMirror: "CONFIG_MIRROR_PEER_ONLY_MIRROR",
  IpvmRadio: "CONFIG_IPVM_RADIO",
  Region: "CONFIG_REGION",
  Sync: "CONFIG_SYNC",
  Rfps: "CONFIG_RFPS",
  SystemId: "CONFIG_SYSTEM_ID",
  Sari: "CONFIG_SARI",
  PariNeedsMaster: "CONFIG_PARI_NEEDS_MASTER",
  RadioConfigNeedsPari: "CONFIG_RADIO_CONFIG_NEEDS_PARI",
  Multicast: "CONFIG_MULTICAST",
  Timing: "CONFIG_TIMING",
  Position: "CONFIG_POSITION",
  ExtraLine: "CONFIG_EXTRA_LINE",
  User: "CONFIG_USER",
  UserDuplicate: "CONFIG_USER_DUPLICATE",
  UsersNeedMaster: "CONFIG_USERS_NEED_MASTER",
  // YAML/JSON face.
  YamlSyntax: "CONFIG_YAML_SYNTAX",
  // Native text face.
  UnknownCommand: "CONFIG_UNKNOWN_COMMAND",
  UnknownVerb: "CONFIG_UNKNOWN_VERB",
  MissingModule: "CONFIG_MISSING_MODULE",
  ModuleCase: "CONFIG_MODULE_CASE",
  UnknownOption: "CONFIG_UNKNOWN_OPTION",
  MissingValue: "CONFIG_MISSING_VALUE",
  UnexpectedValue: "CONFIG_UNEXPECTED_VALUE",
  DuplicateOption: "CONFIG_DUPLICATE_OPTION",
  UnterminatedQuote: "CONFIG_UNTERMINATED_QUOTE",
  UserLine: "CONFIG_USER_LINE",
  UserLineOrder: "CONFIG_USER_LINE_ORDER",
} as const;
export type ConfigCode = (typeof ConfigCode)[keyof typeof ConfigCode];
