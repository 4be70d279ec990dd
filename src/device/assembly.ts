import { DEFAULT_DISCOVERY_GROUP, type DeviceConfig } from "../config/DeviceConfig.js";
import { dnsServers } from "../core/config/dnsServers.js";
import type { MasterUsers } from "../master/MasterCore.js";
import type { PariInput } from "../pari/PariCore.js";
import type { PariPersisted } from "../pari/PariState.js";
import { PUSHED_RADIO_CONFIG_KEYS } from "../pari/settings.js";
import type { PariClientInput } from "../radio/PariClientCore.js";
import type { RadioSettings } from "../radio/settings.js";
import type { Alarms } from "../role/Alarms.js";
import type { RoleIo } from "../role/RoleIo.js";
import type { Logger } from "../core/Logger.js";
import type { GatekeeperInput } from "../sip/Gatekeeper.js";
import type { SipResolver } from "../sip/ProxyPlan.js";
import type { Directory } from "../users/Directory.js";
import { PORTS } from "../wire/ports.js";
import type { Listen, TlsPolicy, Transport } from "../wire/Transport.js";

/**
 * Assembly: a device configuration turned into the inputs of its roles. Pure functions of the configuration (and of
 * what was loaded from flash), so the Device only creates, starts and stops; docs/design.md "Device".
 */

/** The ports and multicast groups a device listens on (App. H): RAS always, the streams only on a serving Master. */
export function listenSpec(cfg: DeviceConfig): Listen {
  const master = cfg.master !== undefined && cfg.master.mode !== "off";
  return {
    datagram: [PORTS.RAS, ...(cfg.radio === undefined ? [] : [PORTS.HANDSET])],
    stream: master ? [PORTS.MASTER_STREAM, ...(cfg.pari === undefined ? [] : [PORTS.PARI_STREAM])] : [],
    groups: master && cfg.pari !== undefined ? [{ ip: discoveryGroup(cfg), port: PORTS.DISCOVERY }] : [],
  };
}

/** Where unconfigured radios announce themselves and PARI Masters listen (plug and play, §3.11). */
function discoveryGroup(cfg: DeviceConfig): string {
  return cfg.discoveryGroup ?? DEFAULT_DISCOVERY_GROUP;
}

/**
 * The PARI function of a Master (§4.6.21), with what the PARI Master kept on flash; `serving` asks the Master chart
 * whether it serves.
 */
export function pariInput(
  cfg: DeviceConfig,
  persisted: PariPersisted | undefined,
  serving: () => boolean,
): PariInput | undefined {
  if (cfg.pari === undefined) return undefined;
  return { settings: cfg.pari, radioConfig: cfg.radioConfig, persisted, serving };
}

/**
 * The Master role's users: its directory, and on a Standby the full replication from its primary (§4.5.3.1). With
 * no LDAP settings, the Master asks replicators for no login and the Standby copies everything.
 */
export function masterUsers(cfg: DeviceConfig, directory: Directory): MasterUsers {
  const server = cfg.ldap?.server;
  const rep = cfg.ldap?.replicator;
  const primary = cfg.master?.mode === "standby" ? cfg.master.primary : undefined;
  const full = rep?.type === "full" ? rep : undefined;
  const target = full?.server ?? primary;
  // Full Replication from an ipdect Master runs on a Standby (§4.5.3.1); PBX → Master over LDAP is not modelled.
  const replicate = primary !== undefined && target !== undefined && (full?.enabled ?? true);
  return {
    directory,
    ...(server === undefined ? {} : { credentials: { user: server.user, password: server.password } }),
    ...(!replicate
      ? {}
      : {
          replicator: {
            // The copy runs over the Master stream port (docs: "Standby copy of the directory"): a port given
            // with the server is for LDAP clients, not for us.
            server: hostOf(target),
            ...(full?.altServer === undefined ? {} : { altServer: hostOf(full.altServer) }),
            credentials: { user: full?.user ?? "", password: full?.password ?? "" },
            filterType: full?.filterType ?? "none",
            filter: full?.filter ?? "",
            configured: full !== undefined,
          },
        }),
  };
}

const hostOf = (server: string) => server.split(":")[0]!;

/** What a world offers the gatekeeper: SIP sockets and name lookups through the configured DNS servers (App. D). */
export interface SipWorld {
  /** A SIP attachment; with `tls`, its streams are TLS under that policy (only where `sipTls` says the world can). */
  readonly sip?: (tls?: TlsPolicy) => Transport;
  /** Whether `sip` can give TLS streams: real nodes can; the sim has no TLS, so SIP/TLS is unavailable there. */
  readonly sipTls?: boolean;
  readonly resolver?: (servers: readonly string[]) => SipResolver;
}

/**
 * The gatekeeper of a Master with gatekeeper settings (§4.6.23), in a world that gives SIP sockets. SIP/TLS (Protocol
 * sip-tls, 5061) runs over the device's TLS policy: its trust list decides which PBX it talks to (§4.1.10.1).
 */
export function gatekeeperInput(
  cfg: DeviceConfig,
  world: SipWorld,
  tls: TlsPolicy,
  checkSync: GatekeeperInput["checkSync"],
): GatekeeperInput | undefined {
  const sip = world.sip;
  if (cfg.gatekeeper === undefined || sip === undefined) return undefined;
  const servers = dnsServers(cfg);
  const resolver = world.resolver === undefined || servers.length === 0 ? undefined : world.resolver(servers);
  const secure = cfg.gatekeeper.protocol === "sip-tls";
  return {
    settings: cfg.gatekeeper,
    transport: secure ? () => sip(tls) : () => sip(),
    checkSync,
    ...(secure && world.sipTls !== true ? { unavailable: "SIP/TLS needs real nodes: the sim has no TLS" } : {}),
    ...(resolver === undefined ? {} : { resolver }),
  };
}

/** The radio's PARI client (§4.6.32, §3.11): its settings in force, its own Radio Config values and its name. */
export function pariClientInput(
  cfg: DeviceConfig,
  radio: RadioSettings,
  io: RoleIo,
  deviceName: string,
  version: string,
): PariClientInput {
  return {
    cfg: radio,
    io,
    version,
    local: localRadioConfig(cfg),
    deviceName,
    discoveryGroup: discoveryGroup(cfg),
  };
}

/** The radio's own values of the settings a PARI Master's Radio Config may override (§4.6.33). */
function localRadioConfig(cfg: DeviceConfig): Record<string, string> {
  const out: Record<string, string> = {};
  // The update server's URL and interval are the update section's (UP1 /url /poll, App. I.3); the others are the
  // device's own fields.
  const own: { readonly [K in (typeof PUSHED_RADIO_CONFIG_KEYS)[number]]?: string | undefined } = {
    ...cfg,
    updateUrl: cfg.update?.url,
    updatePoll: cfg.update === undefined ? undefined : String(cfg.update.pollMinutes),
  };
  for (const k of PUSHED_RADIO_CONFIG_KEYS) {
    const v = own[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** The I/O a device gives each role (RoleIo): who it is, its clock, flash, Rng and alarms, and the device's `hooks`. */
export function roleIo(
  cfg: DeviceConfig,
  env: Pick<RoleIo, "clock" | "store" | "rng" | "air">,
  alarms: Alarms,
  log: Logger,
  hooks: Pick<RoleIo, "requestReset" | "send" | "disconnect" | "emit">,
): RoleIo {
  return {
    clock: env.clock,
    device: cfg.name,
    ip: cfg.ip,
    mac: cfg.mac,
    kind: cfg.kind,
    alarms,
    store: env.store,
    log,
    rng: env.rng,
    ...(env.air === undefined ? {} : { air: env.air }),
    ...hooks,
  };
}
