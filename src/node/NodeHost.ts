import { dnsResolver } from "../platform/node/DnsResolver.js";
import { SIP_FRAMING } from "../platform/node/sipFraming.js";
import type { DeviceConfig } from "../config/DeviceConfig.js";
import { ConfigError } from "../core/errors.js";
import type { Logger } from "../core/Logger.js";
import { Device } from "../device/Device.js";
import type { DeviceEvent, EventSink } from "../role/EventLog.js";
import { Accounts } from "../auth/Accounts.js";
import { handleApi } from "../mgmt/api.js";
import { FileStore } from "../platform/node/FileStore.js";
import { startHttpServer } from "../platform/node/HttpServer.js";
import { SocketTransport } from "../platform/node/SocketTransport.js";
import { systemClock } from "../platform/node/SystemClock.js";
import { AirClient } from "../platform/node/AirClient.js";
import { listenLdap } from "../platform/node/LdapServer.js";
import { LdapRemoteDirectory } from "../platform/node/LdapRemoteDirectory.js";
import { PORTS } from "../wire/ports.js";
import type { Endpoint } from "../wire/Transport.js";
import type { Server } from "node:http";
import { randomBytes } from "node:crypto";
import { SeededRng } from "../core/Rng.js";
import { NodeCode } from "./errors.js";
import { oneAtATime, rsaKeys } from "../certs/keys.js";

/** Events kept per device for `GET /api/events`. */
const EVENT_HISTORY = 2000;

export interface NodeHostOptions {
  readonly dataDir: string;
  readonly httpPort?: number;
  readonly events: EventSink;
  readonly logger: Logger;
  /** The air service (`ipdect air`) the radios of this process publish to; without it they hear nothing. */
  readonly air?: Endpoint;
  /**
   * CAs (PEM) that an LDAP server's TLS certificate must chain to (AD replication with Use TLS, §4.5.3.2 step 8);
   * absent: Node's default CAs. Stands in for the device trust list (§4.1.10) until that exists.
   */
  readonly ldapCa?: readonly string[];
}

const LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * The node world (docs/architecture.md): real devices in this process, each on its own loopback address with the
 * App. H ports, a file store under `<dataDir>/<name>` and its own HTTP management interface; radios reach the air
 * through the air service when one is given; a Master with `ldap.server` serves LDAP over TCP (the device starts
 * and stops it with its own boot, reset and stop).
 */
export class NodeHost {
  readonly devices = new Map<string, Device>();
  readonly #servers: Server[] = [];
  /** One key generation at a time for all devices of this process (certs/keys.ts). */
  readonly #keys = oneAtATime(rsaKeys);
  #air: AirClient | undefined;

  static async start(configs: readonly DeviceConfig[], opts: NodeHostOptions): Promise<NodeHost> {
    const host = new NodeHost();
    try {
      if (opts.air !== undefined) host.#air = await AirClient.open(opts.air, opts.logger);
      for (const cfg of configs) await host.#startOne(cfg, opts);
    } catch (err) {
      await host.close();
      throw err;
    }
    return host;
  }

  async #startOne(cfg: DeviceConfig, opts: NodeHostOptions): Promise<void> {
    if (!LOOPBACK.test(cfg.ip))
      throw new ConfigError(
        NodeCode.NodeNotLoopback,
        `${cfg.name}: real nodes run on 127.0.0.0/8 addresses, not ${cfg.ip}`,
      );
    const history: DeviceEvent[] = [];
    const events: EventSink = {
      emit: (e) => {
        history.push(e);
        if (history.length > EVENT_HISTORY) history.shift();
        opts.events.emit(e);
      },
    };
    const device = await Device.start(cfg, {
      clock: systemClock,
      transport: new SocketTransport(cfg.ip),
      store: new FileStore(`${opts.dataDir}/${cfg.name}`),
      events,
      logger: opts.logger,
      rng: new SeededRng(randomBytes(8).toString("hex")),
      air: cfg.radio === undefined ? undefined : this.#air?.attach(cfg.name),
      ldap: new LdapRemoteDirectory(opts.ldapCa === undefined ? {} : { ca: opts.ldapCa }),
      ldapServer: listenLdap,
      sip: () => new SocketTransport(cfg.ip, SIP_FRAMING),
      resolver: dnsResolver,
      keys: this.#keys,
    });
    this.devices.set(cfg.name, device);
    const accounts = new Accounts();
    const server = await startHttpServer(
      cfg.ip,
      opts.httpPort ?? PORTS.HTTP,
      (req) => handleApi({ device: () => device, accounts, events: () => history }, req),
      (err) => opts.logger.log("error", "http handler failed", { device: cfg.name, error: String(err) }),
    );
    this.#servers.push(server);
  }

  async close(): Promise<void> {
    for (const s of this.#servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
    for (const d of this.devices.values()) await d.stop(true);
    // After the devices: a stopping radio says "off air" through it.
    await this.#air?.close();
  }
}
