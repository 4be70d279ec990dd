import type { Logger } from "../../../core/Logger.js";
import { entryOf, logClassOf } from "../../../logging/classes.js";
import { FACILITIES } from "../../../logging/facility.js";
import { formatSyslog } from "../../../logging/rfc5424.js";
import type { LoggingSettings } from "../../../logging/settings.js";
import type { DeviceEvent, EventSink } from "../../../role/EventLog.js";
import type { TlsPolicy } from "../../../wire/Transport.js";
import { tcpConnector, tlsConnector } from "./connectors.js";
import { HttpSender, StreamSender, udpSender, type LogSender } from "./senders.js";

/** What the forwarder reads of its device, each time an event comes (settings change at run time). */
export interface ForwardedDevice {
  readonly name: string;
  /** The device's own address: entries leave from it. */
  readonly ip: string;
  logging(): LoggingSettings | undefined;
  tls(): TlsPolicy | undefined;
}

/** The sender for `s` (§4.9.2 Type). */
function senderFor(s: LoggingSettings, from: string, tls: () => TlsPolicy | undefined, log: Logger): LogSender {
  const to = { ip: s.address, port: s.port };
  switch (s.type) {
    case "syslog":
      return udpSender(from, to, log);
    case "tcp":
      return new StreamSender(tcpConnector(from, to), log);
    case "syslog-tls":
      return new StreamSender(tlsConnector(from, to, tls, !s.allowUntrusted), log);
    case "http":
      return new HttpSender(tcpConnector(from, to), to, s.path ?? "/", log);
    case "https":
      return new HttpSender(tlsConnector(from, to, tls, !s.allowUntrusted), to, s.path ?? "/", log);
  }
}

/**
 * The node world's Logging (§4.9.2): a real device's events, of the classes chosen (§4.23.1.1), as RFC 5424 entries to
 * the configured server. The sim has none: its event log already holds every event, and sending nothing keeps it the
 * same for the same fleet and seed (docs/design.md "Logging").
 */
export class SyslogForwarder implements EventSink {
  readonly #device: ForwardedDevice;
  readonly #log: Logger;
  #sender: LogSender | undefined;
  /** The settings the sender was made for, as JSON: a change makes a new sender. */
  #made = "";

  constructor(device: ForwardedDevice, log: Logger) {
    this.#device = device;
    this.#log = log.child({ module: "logging", device: device.name });
  }

  emit(e: DeviceEvent): void {
    const s = this.#device.logging();
    const sender = this.#senderFor(s);
    if (s === undefined || sender === undefined) return;
    const cls = logClassOf(e);
    if (cls === undefined || !s.logs.includes(cls)) return;
    const facility = FACILITIES.indexOf(s.class);
    sender.send(formatSyslog(entryOf(e, { facility, hostname: this.#device.name, procId: String(process.pid) })));
  }

  #senderFor(s: LoggingSettings | undefined): LogSender | undefined {
    const key = JSON.stringify(s ?? null);
    if (key === this.#made) return this.#sender;
    this.#sender?.close();
    this.#made = key;
    this.#sender = s === undefined ? undefined : senderFor(s, this.#device.ip, () => this.#device.tls(), this.#log);
    return this.#sender;
  }

  /** Entries lost to a full queue while the server was away. */
  get dropped(): number {
    return this.#sender?.dropped ?? 0;
  }

  close(): void {
    this.#sender?.close();
    this.#sender = undefined;
  }
}
