import { HttpUpdateFetcher } from "../platform/node/HttpUpdateFetcher.js";
import { dnsResolver } from "../platform/node/DnsResolver.js";
import { SIP_FRAMING } from "../platform/node/sipFraming.js";
import type { DeviceConfig } from "../config/DeviceConfig.js";
import { ConfigError } from "../core/errors.js";
import type { Logger } from "../core/Logger.js";
import { Device } from "../device/Device.js";
import type { DeviceEvent, EventSink } from "../role/EventLog.js";
import type { ApiContext } from "../mgmt/api.js";
import { DEFAULT_HTTP, stationAllowed } from "../auth/settings.js";
import { FileStore } from "../platform/node/FileStore.js";
import { startHttpServer, startHttpsRedirect, type Allowed } from "../platform/node/HttpServer.js";
import { apiApp } from "../platform/node/httpApi.js";
import { SocketTransport } from "../platform/node/SocketTransport.js";
import { systemClock } from "../platform/node/SystemClock.js";
import { AirClient } from "../platform/node/AirClient.js";
import { DhcpLeaseKeeper } from "../platform/node/DhcpLeaseKeeper.js";
import { listenSnmp } from "../platform/node/SnmpAgent.js";
import { listenLdap } from "../platform/node/LdapServer.js";
import { mitKerberos } from "../platform/node/kerberos/mitKerberos.js";
import { LdapRemoteDirectory } from "../platform/node/LdapRemoteDirectory.js";
import type { Endpoint } from "../wire/Transport.js";
import type { RequestListener, Server } from "node:http";
import { randomBytes } from "node:crypto";
import { SeededRng } from "../core/Rng.js";
import { SyslogForwarder } from "../platform/node/syslog/SyslogForwarder.js";
import { NodeCode } from "./errors.js";
import { oneAtATime, rsaKeys } from "../certs/keys.js";
import { deviceMetrics } from "../device/metrics.js";
import { renderPrometheus, type MetricSource } from "../platform/node/promMetrics.js";
import { startMetricsServer } from "../platform/node/MetricsServer.js";
import { processPerformance } from "../platform/node/processPerformance.js";
import { siteRequest } from "../platform/node/siteHttp.js";

/** Events kept per device for `GET /api/events`. */
const EVENT_HISTORY = 2000;

export interface NodeHostOptions {
  readonly dataDir: string;
  /** `--reset-config`: each device starts with its start configuration, replacing the one on its flash. */
  readonly resetConfig?: boolean;
  /** Overrides every device's HTTP port (§4.9.3 `http.port`), e.g. a test's high port; 0: no HTTP. */
  readonly httpPort?: number;
  /** Overrides every device's HTTPS port (§4.9.3 `http.httpsPort`); 0: no HTTPS. */
  readonly httpsPort?: number;
  readonly events: EventSink;
  readonly logger: Logger;
  /** The air service (`ipdect air`) the radios of this process publish to; without it they hear nothing. */
  readonly air?: Endpoint;
  /** Where the process-level `/metrics` of every device listens (`--metrics`); absent: nowhere. */
  readonly metrics?: Endpoint;
  /**
   * `--dhcp <interface>`: the network interface whose DHCP answer's options (App. I) every device of this process
   * gets (DhcpLeaseKeeper); the devices keep their configured addresses. Absent: no DHCP.
   */
  readonly dhcp?: string;
}

/** A device's metric families, from the readings its IPDECT-MIB is built from, at scrape time. */
const metricsOf = (device: Device, labels: Record<string, string>): MetricSource => ({
  labels,
  families: () => deviceMetrics(device.readings()),
});

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
  /** HTTPS servers waiting for their device's certificate. */
  readonly #starting: Promise<void>[] = [];
  #closing = false;
  /** One key generation at a time for all devices of this process (certs/keys.ts). */
  readonly #keys = oneAtATime(rsaKeys);
  #air: AirClient | undefined;
  #dhcp: DhcpLeaseKeeper | undefined;
  /** Each device's Logging (§4.9.2), closed after the devices so their last events go out. */
  readonly #forwarders: SyslogForwarder[] = [];
  /** §4.23.5 CPU and MEM of this process, which every device of it shares. */
  /** Each device's management API by its address: the process's one HTTP application serves them all. */
  readonly #apis = new Map<string, ApiContext>();
  #serve: RequestListener | undefined;

  static async start(configs: readonly DeviceConfig[], opts: NodeHostOptions): Promise<NodeHost> {
    const host = new NodeHost();
    try {
      const onError = (err: unknown) => opts.logger.log("error", "http handler failed", { error: String(err) });
      // The device a request is for is the one whose address it came in on.
      const app = await apiApp(
        (req) => host.#apis.get((req.socket.localAddress ?? "").replace(/^::ffff:/, "")),
        onError,
      );
      host.#serve = app.routing;
      if (opts.air !== undefined) host.#air = await AirClient.open(opts.air, opts.logger);
      // Before the devices, as a device's DHCP client runs before its services: UP1 starts with the URL it gives.
      if (opts.dhcp !== undefined) host.#dhcp = await DhcpLeaseKeeper.start(opts.dhcp, opts.logger);
      for (const cfg of configs) await host.#startOne(cfg, opts);
      if (opts.metrics !== undefined) await host.#startMetrics(opts.metrics, opts.logger);
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
    const listeners = new Set<(e: DeviceEvent) => void>();
    // Events of the boot come before `started` is set: the settings are the file's until then.
    let started: Device | undefined = undefined;
    // The port this device's API serves on, set once its servers start: the site's other devices take the same.
    let apiPort = 0;
    const forwarder = new SyslogForwarder(
      {
        name: cfg.name,
        ip: cfg.ip,
        logging: () => (started?.config ?? cfg).logging,
        tls: () => started?.tlsPolicy(),
      },
      opts.logger,
    );
    this.#forwarders.push(forwarder);
    const events: EventSink = {
      emit: (e) => {
        history.push(e);
        if (history.length > EVENT_HISTORY) history.shift();
        opts.events.emit(e);
        forwarder.emit(e);
        for (const l of listeners) l(e);
      },
    };
    const device = await Device.start(cfg, {
      clock: systemClock,
      transport: new SocketTransport(cfg.ip),
      store: await FileStore.open(`${opts.dataDir}/${cfg.name}`),
      ...(opts.resetConfig === true ? { resetConfig: true } : {}),
      kerberos: mitKerberos(`${opts.dataDir}/${cfg.name}`),
      events,
      logger: opts.logger,
      rng: new SeededRng(randomBytes(8).toString("hex")),
      air: cfg.radio === undefined ? undefined : this.#air?.attach(cfg.name),
      ldap: new LdapRemoteDirectory(),
      ldapServer: listenLdap,
      snmpAgent: listenSnmp,
      sip: (tls) => new SocketTransport(cfg.ip, SIP_FRAMING, tls),
      sipTls: true,
      resolver: dnsResolver,
      keys: this.#keys,
      performanceMeter: processPerformance,
      webAdmin: true,
      updateFetcher: new HttpUpdateFetcher(cfg.ip, () => started?.tlsPolicy()),
      ...(this.#dhcp === undefined ? {} : { dhcp: () => this.#dhcp?.answer() }),
      siteHttp: {
        request: siteRequest(cfg.ip),
        get port() {
          return apiPort;
        },
      },
    });
    started = device;
    this.devices.set(cfg.name, device);
    const metrics = async () => (await renderPrometheus([metricsOf(device, {})])).text;
    const subscribe = (l: (e: DeviceEvent) => void) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    };
    this.#apis.set(cfg.ip, { device: () => device, events: () => history, metrics, subscribe });
    const serve = this.#serve!;
    // The settings in force come from flash (the file only seeds it). Ports, Force HTTPS and mutual TLS take effect
    // when the process starts; allowed stations and No Cache follow the running configuration after every reset.
    const http = device.config.http ?? DEFAULT_HTTP;
    const allowed = (address: string) => stationAllowed(device.config.http ?? DEFAULT_HTTP, address);
    const httpPort = opts.httpPort ?? http.port;
    const httpsPort = opts.httpsPort ?? http.httpsPort;
    apiPort = httpPort;
    // §4.9.3: port 0 turns a protocol off; Force HTTPS answers every HTTP request with a redirect.
    if (httpPort !== 0)
      this.#servers.push(
        http.forceHttps && httpsPort !== 0
          ? await startHttpsRedirect(cfg.ip, httpPort, httpsPort, allowed)
          : await startHttpServer(cfg.ip, httpPort, serve, undefined, allowed),
      );
    if (httpsPort !== 0)
      this.#starting.push(this.#startHttps(device, httpsPort, http.mutualTls, serve, opts.logger, allowed));
  }

  /**
   * HTTPS (§4.9.3) once the device has a certificate: a first start makes the default one in the background, and the
   * manual says "HTTPS is deactivated during the generation" (§4.1.10.4.1). A port that cannot be had is logged.
   */
  async #startHttps(
    device: Device,
    port: number,
    mutual: boolean,
    serve: RequestListener,
    logger: Logger,
    allowed: Allowed,
  ): Promise<void> {
    try {
      await device.certificateReady();
      if (this.#closing) return;
      this.#servers.push(
        await startHttpServer(device.config.ip, port, serve, { policy: () => device.tlsPolicy(), mutual }, allowed),
      );
      logger.log("info", "https listening", { device: device.name, ip: device.config.ip, port });
    } catch (err) {
      logger.log("error", "https cannot listen", { device: device.name, port, error: String(err) });
    }
  }

  /** The process-level `/metrics`: every device, told apart by its `device` label. */
  async #startMetrics(at: Endpoint, logger: Logger): Promise<void> {
    const render = () => renderPrometheus([...this.devices.values()].map((d) => metricsOf(d, { device: d.name })));
    const onError = (err: unknown) => logger.log("error", "metrics handler failed", { error: String(err) });
    this.#servers.push(await startMetricsServer(at.ip, at.port, render, onError));
    logger.log("info", "metrics listening", { ip: at.ip, port: at.port });
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#dhcp?.close();
    await Promise.all(this.#starting.splice(0));
    for (const s of this.#servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
    for (const d of this.devices.values()) await d.stop(true);
    for (const f of this.#forwarders.splice(0)) f.close();
    // After the devices: a stopping radio says "off air" through it.
    await this.#air?.close();
  }
}
