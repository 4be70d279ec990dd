import type { DeviceConfig } from "../config/DeviceConfig.js";
import type { Clock } from "../core/Clock.js";
import { IpdectError } from "../core/errors.js";
import type { Logger } from "../core/Logger.js";
import type { LdapListen, LdapListener } from "../ldap/listener.js";
import { LdapService } from "../ldap/LdapService.js";
import type { Administration } from "../auth/Administration.js";
import type { MasterSettings } from "../master/settings.js";
import type { Emit } from "../role/EventLog.js";
import type { TlsPolicy } from "../wire/Transport.js";
import type { Rng } from "../core/Rng.js";
import type { Store } from "../core/Store.js";
import { Directory } from "../users/Directory.js";

/** The LDAP server of a Master as it runs: the service, and where it listens when the world serves LDAP. */
export interface RunningLdap {
  readonly service: LdapService;
  readonly listener?: LdapListener;
  /** LDAPS (App. H 636), when its port is not 0. */
  readonly tlsListener?: LdapListener;
}

/**
 * The Master's directory (§3.14, §4.10) with the configuration's users (docs/user-guide.md "Users in the
 * configuration (App. C)"): on a first start they are the initial users; after an upload and reset they replace the
 * directory's users (App. C.2 steps 6–7). At any other boot the directory on flash stands as it is, so a plain reset
 * keeps every change made since. A Standby's directory copies its Master's (§4.5.3.1) and ignores them.
 */
export async function loadDirectory(
  cfg: DeviceConfig,
  master: MasterSettings,
  uploaded: boolean,
  env: { readonly store: Store; readonly rng: Rng },
  emit: Emit,
): Promise<Directory> {
  const replica = master.mode === "standby";
  const users = replica ? undefined : cfg.users;
  const dir = await Directory.load(env.store, env.rng.fork("users"), {
    gateway: cfg.name,
    replica,
    compactionFailed: (e) =>
      emit("warning", {
        ...(e instanceof IpdectError ? { code: e.code } : {}),
        text: `users: the log could not be compacted (${e instanceof Error ? e.message : String(e)}); every change is saved, compaction is tried again at the next change`,
      }),
    ...(users === undefined ? {} : { initialUsers: users }),
  });
  const restore = uploaded && !dir.created;
  if (users !== undefined && restore) await dir.replaceUsers(users);
  if (users !== undefined && (restore || dir.created))
    emit("command", { command: "users", result: restore ? "replaced" : "initial", count: users.length });
  if (replica && cfg.users !== undefined && (uploaded || dir.created))
    emit("warning", {
      code: "USERS_IGNORED",
      text: "the configuration's users are ignored: a Standby copies its Master's directory (§4.5.3.1)",
    });
  return dir;
}

/**
 * The LDAP server (§4.5.1) of a Master whose mode is not off, on the device's address and the configured port, and
 * LDAPS on its TLS port (App. H 636) with the device certificate once there is one (§4.1.10.4.1). A port that cannot
 * be had is logged and reported as a warning event; the device runs on without it.
 */
export async function startLdapServer(
  cfg: DeviceConfig,
  directory: Directory | undefined,
  env: { readonly ldapServer?: LdapListen; readonly clock: Clock },
  deviceLog: Logger,
  emit: Emit,
  tls: TlsPolicy,
  admin: Administration,
): Promise<RunningLdap | undefined> {
  const settings = cfg.ldap?.server;
  // Config validation lets ldap.server through only with a Master role that is not off (§4.5).
  if (settings === undefined || directory === undefined) return undefined;
  const log = deviceLog.child({ module: "ldap.server" });
  const service = new LdapService({
    directory,
    settings,
    log,
    clock: env.clock,
    ...(cfg.master?.primary === undefined ? {} : { master: cfg.master.primary }),
    bind: (name, source, check) => admin.ldapBind(name, source, check),
  });
  const listen = env.ldapServer;
  if (listen === undefined) return { service };
  const open = async (port: number, secure: boolean): Promise<LdapListener | undefined> => {
    if (port === 0) return undefined;
    try {
      if (secure) await tls.ready();
      const listener = await listen(cfg.ip, port, service, log, secure ? tls : undefined);
      emit("state", { role: "ldap-server", state: "listening", ip: cfg.ip, port, ...(secure ? { tls: true } : {}) });
      return listener;
    } catch (err) {
      log.log("error", "ldap server cannot listen", { ip: cfg.ip, port, error: String(err) });
      emit("warning", { role: "ldap-server", reason: `cannot listen on ${cfg.ip}:${port}: ${String(err)}` });
      return undefined;
    }
  };
  const listener = await open(settings.port, false);
  const tlsListener = await open(settings.tlsPort, true);
  return {
    service,
    ...(listener === undefined ? {} : { listener }),
    ...(tlsListener === undefined ? {} : { tlsListener }),
  };
}

/** Closes the LDAP server's listeners (LDAP and LDAPS) and stops its view of the directory. */
export async function closeLdapServer(ldap: RunningLdap | undefined): Promise<void> {
  await ldap?.listener?.close();
  await ldap?.tlsListener?.close();
  ldap?.service.close();
}
