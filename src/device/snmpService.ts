import type { DeviceConfig } from "../config/DeviceConfig.js";
import type { Clock } from "../core/Clock.js";
import type { Logger } from "../core/Logger.js";
import { SOFTWARE_VERSION } from "../core/version.js";
import type { Emit, EventKind } from "../role/EventLog.js";
import { COLD_START, type SnmpAgent, type SnmpListen } from "../snmp/agentPort.js";
import type { MibView } from "../snmp/mibView.js";
import { engineIdOf, newSnmpCounters, snmpGroupView, systemView, type SnmpCounters } from "../snmp/systemGroup.js";
import { mergeViews } from "../snmp/views.js";
import { ViewCache } from "../snmp/ViewCache.js";

/**
 * The events after which the next request gets a new IPDECT-MIB view, however young the kept one: an alarm raised,
 * cleared or timed out, so that the alarm table agrees with the alarm notification a manager has just received.
 * Other events (logins, dropped frames, …) can come by the thousand and would make every request build the view;
 * what they change is at most SNMP_VIEW_MAX_AGE_MS old in the answers.
 */
const ALARM_EVENTS: ReadonlySet<EventKind> = new Set<EventKind>(["alarm", "alarm-cleared", "alarm-timeout"]);

/** The SNMP agent of a device with `snmp` enabled (§4.9.5): what it serves and, in the node world, where. */
export interface RunningSnmp {
  readonly counters: SnmpCounters;
  /** What the agent serves: the system and snmp groups as of now, the rest as of at most SNMP_VIEW_MAX_AGE_MS ago. */
  view(): MibView;
  /** The device emitted an event: an alarm raised or cleared is in the next answer (ALARM_EVENTS). */
  changed(kind: EventKind): void;
  readonly agent?: SnmpAgent;
}

/**
 * Starts the agent on the device's address and the configured port (App. H 161) when the `snmp` section is enabled.
 * The view is the SNMPv2-MIB system and snmp groups plus whatever `more` provides (the IPDECT-MIB), which is built
 * at most once per SNMP_VIEW_MAX_AGE_MS or alarm change (ViewCache), not per request. The agent sends
 * coldStart once it listens (RFC 3418 snmpTraps). A port that cannot be had is logged and reported as a warning
 * event; the device runs on without SNMP, as with LDAP.
 */
export async function startSnmp(
  cfg: DeviceConfig,
  env: { readonly snmpAgent?: SnmpListen; readonly clock: Clock },
  deviceLog: Logger,
  emit: Emit,
  more: readonly (() => MibView)[] = [],
): Promise<RunningSnmp | undefined> {
  const settings = cfg.snmp;
  if (settings === undefined || !settings.enabled) return undefined;
  const log = deviceLog.child({ module: "snmp.agent" });
  const counters = newSnmpCounters();
  const since = env.clock.now();
  const upTimeCs = (): number => Math.floor((env.clock.now() - since) / 10);
  const built = new ViewCache(() => mergeViews(...more.map((m) => m())), env.clock);
  const changed = (kind: EventKind): void => {
    if (ALARM_EVENTS.has(kind)) built.invalidate();
  };
  // Made once: sysUpTime and the agent's counters are read at each request.
  const standard = mergeViews(
    systemView({
      descr: `${cfg.kind} ${SOFTWARE_VERSION}`,
      upTimeCs,
      name: settings.deviceName ?? cfg.name,
      contact: settings.contact ?? "",
      location: settings.location ?? "",
    }),
    snmpGroupView(counters, settings.authTrap),
  );
  const view = (): MibView => mergeViews(standard, built.view());
  const listen = env.snmpAgent;
  if (listen === undefined) return { counters, view, changed };
  try {
    const engineId = engineIdOf(cfg.mac.bytes);
    const agent = await listen({ ip: cfg.ip, port: settings.port, settings, engineId, view, upTimeCs, counters, log });
    emit("state", { role: "snmp-agent", state: "listening", ip: cfg.ip, port: agent.port });
    agent.notify({ trapOid: COLD_START, varbinds: [] });
    return { counters, view, changed, agent };
  } catch (err) {
    log.log("error", "snmp agent cannot listen", { ip: cfg.ip, port: settings.port, error: String(err) });
    emit("warning", { role: "snmp-agent", reason: `cannot listen on ${cfg.ip}:${settings.port}: ${String(err)}` });
    return { counters, view, changed };
  }
}
