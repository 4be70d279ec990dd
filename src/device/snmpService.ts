import type { DeviceConfig } from "../config/DeviceConfig.js";
import type { Clock } from "../core/Clock.js";
import type { Logger } from "../core/Logger.js";
import type { Store } from "../core/Store.js";
import { SOFTWARE_VERSION } from "../core/version.js";
import type { AlarmFields, Emit } from "../role/EventLog.js";
import {
  AUTHENTICATION_FAILURE,
  COLD_START,
  type SnmpAgent,
  type SnmpListen,
  type SnmpNotification,
} from "../snmp/agentPort.js";
import { alarmNotification, type AlarmEventKind } from "../snmp/alarmNotifications.js";
import type { MibView } from "../snmp/mibView.js";
import { ENGINE_BOOTS_KEY, engineClock, nextEngineBoots, snmpEngineView } from "../snmp/snmpEngine.js";
import { engineIdOf, newSnmpCounters, snmpGroupView, systemView, type SnmpCounters } from "../snmp/systemGroup.js";
import { mergeViews } from "../snmp/views.js";
import { ViewCache } from "../snmp/ViewCache.js";

/** The SNMP agent of a device with `snmp` enabled (§4.9.5): what it serves and, in the node world, where. */
export interface RunningSnmp {
  readonly counters: SnmpCounters;
  /** What the agent serves: the system and snmp groups as of now, the rest as of at most SNMP_VIEW_MAX_AGE_MS ago. */
  view(): MibView;
  /**
   * An alarm raised, cleared or timed out: the next request gets a new IPDECT-MIB view however young the kept one,
   * so that the alarm table agrees with the notification, which goes to every trap destination. Other events
   * (logins, dropped frames, …) can come by the thousand and would make every request build the view; what they
   * change is at most SNMP_VIEW_MAX_AGE_MS old in the answers.
   */
  alarm(kind: AlarmEventKind, fields: AlarmFields): void;
  readonly agent?: SnmpAgent;
}

/**
 * Starts the agent on the device's address and the configured port (App. H 161) when the `snmp` section is enabled.
 * Each start counts in snmpEngineBoots on flash (RFC 3414 §2.2.2), from which snmpEngineTime counts the seconds.
 * The view is the SNMPv2-MIB system and snmp groups, SNMP-FRAMEWORK-MIB's snmpEngine group (all read at each
 * request) plus whatever `more` provides (the IPDECT-MIB), which is built at most once per SNMP_VIEW_MAX_AGE_MS or
 * alarm change (ViewCache), not per request. The agent sends coldStart once
 * it listens (RFC 3418 snmpTraps), authenticationFailure when `authTrap` is on, and a notification for each alarm
 * raised and cleared (mibs/IPDECT-MIB.txt ipdectNotifications). Each notification is also a `notification` event, so
 * a sim device, which has no UDP agent, shows in its event log what it would have sent.
 * A port that cannot be had is logged and reported as a warning event; the device runs on without SNMP, as with LDAP.
 */
export async function startSnmp(
  cfg: DeviceConfig,
  env: {
    readonly snmpAgent?: SnmpListen;
    readonly clock: Clock;
    readonly store: Store;
    /** The firmware version this boot runs (§4.15) for sysDescr; absent: this software's own. */
    readonly version?: string;
  },
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
  const engineId = engineIdOf(cfg.mac.bytes);
  const boots = await nextEngineBoots(env.store);
  if (boots.unreadable === true)
    log.log("error", "snmpEngineBoots on flash is unreadable; counting starts again at 1", { key: ENGINE_BOOTS_KEY });
  const engineTime = engineClock(boots.boots, env.clock);
  const built = new ViewCache(() => mergeViews(...more.map((m) => m())), env.clock);
  // Made once: sysUpTime and the agent's counters are read at each request.
  const standard = mergeViews(
    systemView({
      descr: `${cfg.kind} ${env.version === undefined ? SOFTWARE_VERSION : `ipdect ${env.version}`}`,
      upTimeCs,
      name: settings.deviceName ?? cfg.name,
      contact: settings.contact ?? "",
      location: settings.location ?? "",
    }),
    snmpGroupView(counters, settings.authTrap),
    snmpEngineView(engineId, engineTime),
  );
  const view = (): MibView => mergeViews(standard, built.view());
  const destinations = settings.trapDestinations.map((d) => d.address);
  let agent: SnmpAgent | undefined;
  const notify = (name: string, n: SnmpNotification, code?: string): void => {
    if (destinations.length === 0) return;
    emit("notification", { notification: name, ...(code === undefined ? {} : { code }), destinations });
    agent?.notify(n);
  };
  const running = (): RunningSnmp => ({
    counters,
    view,
    alarm: (kind, fields) => {
      built.invalidate();
      notify(
        kind === "alarm" ? "ipdectAlarmRaised" : "ipdectAlarmCleared",
        alarmNotification(kind, fields, cfg.ip),
        fields.code,
      );
    },
    ...(agent === undefined ? {} : { agent }),
  });
  const listen = env.snmpAgent;
  if (listen === undefined) {
    notify("coldStart", { trapOid: COLD_START, varbinds: [] });
    return running();
  }
  const authenticationFailed = (): void => {
    if (settings.authTrap) notify("authenticationFailure", { trapOid: AUTHENTICATION_FAILURE, varbinds: [] });
  };
  try {
    const options = { ip: cfg.ip, port: settings.port, settings, engineId, engineTime, view, upTimeCs, counters, log };
    agent = await listen({ ...options, authenticationFailed });
    emit("state", { role: "snmp-agent", state: "listening", ip: cfg.ip, port: agent.port });
    notify("coldStart", { trapOid: COLD_START, varbinds: [] });
  } catch (err) {
    log.log("error", "snmp agent cannot listen", { ip: cfg.ip, port: settings.port, error: String(err) });
    emit("warning", { role: "snmp-agent", reason: `cannot listen on ${cfg.ip}:${settings.port}: ${String(err)}` });
  }
  return running();
}
