import type { DeviceConfig } from "../config/DeviceConfig.js";
import type { Logger } from "../core/Logger.js";
import { KerberosClient } from "../kerberos/KerberosClient.js";
import { KerberosServer } from "../kerberos/KerberosServer.js";
import { carryOutJoin, clientSettings } from "../kerberos/pendingJoin.js";
import type { Alarms } from "../role/Alarms.js";
import type { Emit } from "../role/EventLog.js";
import type { TlsPolicy } from "../wire/Transport.js";
import type { DeviceEnv } from "./DeviceEnv.js";

/** The Kerberos roles a device runs (§4.1.8): the server of its `kerberos.server`, the client of `kerberos.client`. */
export interface RunningKerberos {
  readonly server?: KerberosServer;
  readonly client?: KerberosClient;
}

/**
 * Starts the Kerberos roles the configuration asks for, in the world's Kerberos (env.kerberos). A server that cannot
 * start (a missing MIT program, a port taken) is a logged error and a `warning` event: the device runs on without it.
 * The client gets the device's TLS policy: a trusted domain's controller is judged by the trust list (§4.1.8.9).
 * The client's settings are the configured ones, else those a PARI Master's Add provisioned (§4.1.8.6); a join waiting
 * on flash (App. E, §4.1.8.6) is then tried once, in the background (a KDC may take its time; the start does not wait).
 */
export async function startKerberos(
  cfg: DeviceConfig,
  env: DeviceEnv,
  alarms: Alarms,
  emit: Emit,
  log: Logger,
  tls: TlsPolicy | undefined,
): Promise<RunningKerberos> {
  const k = cfg.kerberos;
  const world = env.kerberos;
  if (world === undefined) return {};
  const klog = log.child({ module: "kerberos" });
  let server: KerberosServer | undefined;
  if (k?.server !== undefined) {
    const s = k.server;
    const kdc = world.kdc({ ...s, ip: cfg.ip });
    try {
      server = await KerberosServer.start(s, kdc, { clock: env.clock, emit, log: klog });
    } catch (err) {
      klog.log("error", "kerberos server failed to start", { error: String(err) });
      emit("warning", { role: "kerberos-server", reason: `cannot start: ${String(err)}` });
      await kdc.stop();
    }
  }
  const c = await clientSettings(k?.client, env.store);
  const client =
    c === undefined
      ? undefined
      : await KerberosClient.load(
          c,
          world.client({ servers: c.servers, aesRc4: c.aesRc4, ...(tls === undefined ? {} : { tls }) }),
          {
            alarms,
            emit,
            store: env.store,
            mac: cfg.mac.toString(),
          },
        );
  void carryOutJoin(env.store, client, emit).catch((err: unknown) =>
    klog.log("error", "kerberos join order failed", { error: String(err) }),
  );
  return { ...(server === undefined ? {} : { server }), ...(client === undefined ? {} : { client }) };
}

/** The configuration without App. E's join, which the device carries out once and never keeps (docs/design.md). */
export function withoutJoin(cfg: DeviceConfig): DeviceConfig {
  if (cfg.kerberosJoin === undefined) return cfg;
  const { kerberosJoin: _join, ...rest } = cfg;
  return rest;
}
