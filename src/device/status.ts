import type { AnyMachineSnapshot } from "xstate";
import type { DeviceConfig } from "../core/config/DeviceConfig.js";
import type { MasterCore } from "../master/MasterCore.js";
import type { MasterData } from "../master/MirrorState.js";
import type { RadioCore } from "../radio/RadioCore.js";
import type { ActiveAlarm } from "./Alarms.js";
import type { Counters } from "./Device.js";

export interface MasterStatus {
  readonly mode: string;
  readonly id: number;
  /** The machine state, e.g. "standby.active", "mirror.inactive". */
  readonly state: string;
  readonly serving: boolean;
  readonly term: number;
  readonly radios: { name: string; mac: string; standing: string; since: number }[];
  readonly peer?: { ip: string; active: boolean; lastHeardAt: number | null };
}

export interface RadioStatusView {
  readonly state: string;
  readonly master: string;
  readonly standing: string;
  readonly masterId: number;
}

/** One status model read by HTTP, CLI and sim reports (ARCHITECTURE.md "Observability"). */
export interface DeviceStatus {
  readonly name: string;
  readonly kind: string;
  readonly mac: string;
  readonly ip: string;
  readonly up: boolean;
  readonly pendingReset: boolean;
  readonly counters: Counters;
  readonly alarms: ActiveAlarm[];
  readonly master?: MasterStatus;
  readonly radio?: RadioStatusView;
  readonly data?: MasterData;
}

/** "a.b" for nested XState values. */
export function stateName(value: unknown): string {
  if (typeof value === "string") return value;
  const [k, v] = Object.entries(value as Record<string, unknown>)[0] ?? ["?", ""];
  const inner = stateName(v);
  return inner === "" ? k : `${k}.${inner}`;
}

export function deviceStatus(p: {
  cfg: DeviceConfig;
  up: boolean;
  pendingReset: boolean;
  counters: Counters;
  alarms: ActiveAlarm[];
  master: AnyMachineSnapshot | undefined;
  radio: AnyMachineSnapshot | undefined;
  data: MasterData | undefined;
}): DeviceStatus {
  const base = {
    name: p.cfg.name,
    kind: p.cfg.kind,
    mac: p.cfg.mac.toString(),
    ip: p.cfg.ip,
    up: p.up,
    pendingReset: p.pendingReset,
    counters: { ...p.counters },
    alarms: p.alarms,
  };
  const master = p.master === undefined ? undefined : masterStatus(p.master);
  const radio = p.radio === undefined ? undefined : radioStatus(p.radio);
  return {
    ...base,
    ...(master === undefined ? {} : { master }),
    ...(radio === undefined ? {} : { radio }),
    ...(p.data === undefined || p.cfg.master === undefined ? {} : { data: p.data }),
  };
}

function masterStatus(s: AnyMachineSnapshot): MasterStatus {
  const core = (s.context as { core: MasterCore }).core;
  const peer =
    core.peer.ip === undefined
      ? undefined
      : { ip: core.peer.ip, active: core.peer.active, lastHeardAt: core.peer.heardEver ? core.peer.lastHeardAt : null };
  return {
    mode: core.cfg.mode,
    id: core.cfg.id,
    state: stateName(s.value),
    serving: core.serving,
    term: core.mirror.term,
    radios: core.radios
      .all()
      .map((r) => ({ name: r.name, mac: r.mac, standing: r.standing, since: r.since }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    ...(peer === undefined ? {} : { peer }),
  };
}

function radioStatus(s: AnyMachineSnapshot): RadioStatusView {
  const core = (s.context as { core: RadioCore }).core;
  return { state: stateName(s.value), master: core.target, standing: core.standing, masterId: core.masterId };
}
