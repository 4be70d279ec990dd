import { ConfigError, DecodeError, errorCodes, IpdectError, StateError } from "../src/core/errors.js";

/**
 * The sim area's error codes (docs/errors.md): fleet files (docs/user-guide.md "Fleet files"), the RF air service and
 * the simulated DNS. A fleet file's devices are device configurations, whose codes are the config area's.
 */
export const SimCode = errorCodes("sim", {
  FleetType: { code: "FLEET_TYPE", class: ConfigError, meaning: "a fleet file section that is not a mapping" },
  FleetUnknownKey: {
    code: "FLEET_UNKNOWN_KEY",
    class: ConfigError,
    meaning: "a key the fleet file section does not have",
  },
  FleetDuration: {
    code: "FLEET_DURATION",
    class: ConfigError,
    meaning: "not a duration such as 250ms, 90s, 5m30s or 1h",
  },
  FleetDevices: { code: "FLEET_DEVICES", class: ConfigError, meaning: "a fleet without a list of devices" },
  FleetDuplicateName: {
    code: "FLEET_DUPLICATE_NAME",
    class: ConfigError,
    meaning: "two devices, PBXs or update servers of a fleet with one name",
  },
  FleetDuplicateIp: {
    code: "FLEET_DUPLICATE_IP",
    class: ConfigError,
    meaning: "two devices, PBXs or update servers of a fleet with one IP address",
  },
  FleetDuplicateMac: {
    code: "FLEET_DUPLICATE_MAC",
    class: ConfigError,
    meaning: "two devices of a fleet with one MAC address (and so one RFPI, §4.6.31)",
  },
  FleetUnknownAddress: {
    code: "FLEET_UNKNOWN_ADDRESS",
    class: ConfigError,
    meaning: "a Master, PARI Master, primary or mirror peer address that no Master of the fleet has (§4.6.19, §4.6.32)",
  },
  FleetFaultAfterUntil: {
    code: "FLEET_FAULT_AFTER_UNTIL",
    class: ConfigError,
    meaning: "a fault scheduled after the fleet's until: it would never happen",
  },
  FleetExternal: { code: "FLEET_EXTERNAL", class: ConfigError, meaning: "an external list that is not IPv4 addresses" },
  FleetSyncRegion: {
    code: "FLEET_SYNC_REGION",
    class: ConfigError,
    meaning: "a static Sync RFPI of a device in another sync region (§4.6.36)",
  },
  FleetSyncRing: {
    code: "FLEET_SYNC_RING",
    class: ConfigError,
    meaning: "reference synchronisation between regions that forms a ring (§4.6.36, §4.11.3)",
  },
  FleetNetwork: { code: "FLEET_NETWORK", class: ConfigError, meaning: "network latency or jitter that is not ms ≥ 0" },
  FleetProbability: { code: "FLEET_PROBABILITY", class: ConfigError, meaning: "a loss or duplicate rate out of 0..1" },
  FleetFaults: { code: "FLEET_FAULTS", class: ConfigError, meaning: "faults that are not a list" },
  FleetFault: { code: "FLEET_FAULT", class: ConfigError, meaning: "a fault without its time, kind or arguments" },
  FleetUnknownDevice: {
    code: "FLEET_UNKNOWN_DEVICE",
    class: ConfigError,
    meaning: "a fault that names a device, PBX or update server the fleet does not have",
  },
  FleetPartition: {
    code: "FLEET_PARTITION",
    class: ConfigError,
    meaning: "a partition that is not two groups of devices",
  },
  FleetLink: { code: "FLEET_LINK", class: ConfigError, meaning: "a fault link that is not two device names" },
  FleetCommand: {
    code: "FLEET_COMMAND",
    class: ConfigError,
    meaning: "an operator command fault with wrong arguments",
  },
  FleetTemplate: {
    code: "FLEET_TEMPLATE",
    class: ConfigError,
    meaning: "a device template (count, first, a {n} placeholder) that breaks its rule",
  },
  FleetGroup: {
    code: "FLEET_GROUP",
    class: ConfigError,
    meaning: "a named group or name range {from..to} that breaks its rule",
  },
  FleetAir: {
    code: "FLEET_AIR",
    class: ConfigError,
    meaning: "an air section value (building, walls, aliens) that breaks its rule",
  },
  FleetPbx: { code: "FLEET_PBX", class: ConfigError, meaning: "a simulated PBX that breaks its rule" },
  FleetPbxAuth: {
    code: "FLEET_PBX_AUTH",
    class: ConfigError,
    meaning: "users a Master registers with a PBX of the fleet whose password rule they do not meet (§4.6.23)",
  },
  FleetDns: { code: "FLEET_DNS", class: ConfigError, meaning: "a simulated DNS record that breaks its rule" },
  FleetUpdateServer: {
    code: "FLEET_UPDATE_SERVER",
    class: ConfigError,
    meaning: "a simulated update server, a file it serves or a serve fault that breaks its rule (App. A)",
  },
  FleetHandsets: {
    code: "FLEET_HANDSETS",
    class: ConfigError,
    meaning: "a handsets section that breaks its rule (subscription §4.6.2)",
  },
  AirNotPublish: {
    code: "AIR_NOT_PUBLISH",
    class: DecodeError,
    meaning: "a datagram to the air service that is not an air_publish message",
  },
  NoDevice: {
    code: "NO_DEVICE",
    class: StateError,
    meaning: "a fleet device named that the fleet has not, or not running",
  },
  DnsNotFound: {
    code: "DNS_NOT_FOUND",
    class: IpdectError,
    meaning: "a name the fleet's dns section does not resolve (RFC 3263)",
  },
});

/** The codes of a fleet file's rules, every one a ConfigError (sim/fleetFields.ts `Fail`). */
export type FleetCode = Extract<(typeof SimCode)[keyof typeof SimCode], `FLEET_${string}`>;
