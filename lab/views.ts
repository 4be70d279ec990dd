import type { DeviceStatus } from "../src/device/status.js";
import { formatTable } from "../src/core/textTable.js";
import type { LabDevice, LabState } from "./LabState.js";
import { alive } from "./processes.js";

/** One row of `ipdect lab inspect`: the plan's device with its process and what its HTTP API says now. */
export interface InspectRow {
  readonly name: string;
  readonly kind: string;
  readonly ip: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  readonly process: string;
  readonly pid: number | null;
  readonly alive: boolean;
  /** The Master or radio state the device reports; absent when it does not answer. */
  readonly state?: string;
  readonly role: string;
  readonly alarms: readonly string[];
}

/** The state a device shows in the table: its Master role's, else its radio's with the Master it is on. */
function stateOf(s: DeviceStatus): string {
  if (s.master !== undefined) return s.master.state;
  if (s.radio !== undefined) return s.radio.master === "" ? s.radio.state : `${s.radio.state} on ${s.radio.master}`;
  return s.up ? "up" : "down";
}

export function inspectRows(state: LabState, status: ReadonlyMap<string, DeviceStatus | undefined>): InspectRow[] {
  return state.devices.map((d) => {
    const p = state.processes.find((x) => x.name === d.process)!;
    const s = status.get(d.name);
    return {
      name: d.name,
      kind: d.kind,
      ip: d.ip,
      httpPort: d.httpPort,
      httpsPort: d.httpsPort,
      process: p.name,
      pid: p.pid,
      alive: alive(p.pid),
      ...(s === undefined ? {} : { state: stateOf(s) }),
      role: d.role,
      alarms: s === undefined ? [] : [...new Set(s.alarms.map((a) => a.code))],
    };
  });
}

/** Alarm codes in the table: a few, then how many more (a PARI Master may list hundreds). */
const ALARMS_SHOWN = 4;

export function inspectTable(state: LabState, rows: readonly InspectRow[]): string {
  const others = state.processes
    .filter((p) => p.kind !== "devices")
    .map((p) => `${p.kind} ${p.name}: pid ${p.pid ?? "-"} ${alive(p.pid) ? "alive" : "gone"}`);
  const table = formatTable([
    ["device", "kind", "address", "http/https", "pid", "alive", "state", "role", "alarms"],
    ...rows.map((r) => [
      r.name,
      r.kind,
      r.ip,
      `${r.httpPort}/${r.httpsPort}`,
      r.pid === null ? "-" : String(r.pid),
      r.alive ? "yes" : "no",
      r.state ?? (r.alive ? "(no answer)" : "-"),
      r.role,
      r.alarms.length <= ALARMS_SHOWN
        ? r.alarms.join(" ")
        : `${r.alarms.slice(0, ALARMS_SHOWN).join(" ")} +${r.alarms.length - ALARMS_SHOWN} more`,
    ]),
  ]);
  return `lab ${state.name} (${state.stateDir})\n${table}\n${others.map((l) => `${l}\n`).join("")}`;
}

/** An edge of the topology: `from` points at `to` (a radio at its Master, a Standby at its primary). */
interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly style: "solid" | "dashed" | "dotted" | "bold";
}

/**
 * The lab's topology: Masters and Standbys (PARI marked), radios to their Master and alternate, the Master each radio
 * is on now and its air sync source when the devices answer (`status`).
 */
function edges(devices: readonly LabDevice[], status: ReadonlyMap<string, DeviceStatus | undefined>): Edge[] {
  const byIp = new Map(devices.map((d) => [d.ip, d.name]));
  const byRfpi = new Map<string, string>();
  for (const d of devices) for (const r of status.get(d.name)?.radio?.pari?.rfpis ?? []) byRfpi.set(r, d.name);
  const named = (ip: string | undefined) => (ip === undefined ? undefined : (byIp.get(ip) ?? ip));
  return devices.flatMap((d): Edge[] => {
    const s = status.get(d.name);
    const out: Edge[] = [];
    const master = named(d.master);
    if (master !== undefined)
      out.push({ from: d.name, to: master, label: d.role === "radio" ? "master" : `${d.role} of`, style: "solid" });
    const alternate = named(d.alternateMaster);
    if (alternate !== undefined) out.push({ from: d.name, to: alternate, label: "alternate", style: "dashed" });
    const pari = named(d.pariMaster);
    if (pari !== undefined && pari !== master) out.push({ from: d.name, to: pari, label: "PARI", style: "dashed" });
    const on = named(s?.radio?.master === "" ? undefined : s?.radio?.master);
    if (on !== undefined) out.push({ from: d.name, to: on, label: "on now", style: "bold" });
    const source = s?.radio?.sync?.source;
    if (source !== undefined)
      out.push({ from: d.name, to: byRfpi.get(source) ?? source, label: "sync from", style: "dotted" });
    return out;
  });
}

const title = (d: LabDevice): string =>
  `${d.name} (${d.kind} ${d.ip}) ${d.role === "master" ? "Master" : d.role}${d.pari ? ", PARI" : ""}`;

export function graphText(state: LabState, status: ReadonlyMap<string, DeviceStatus | undefined>): string {
  const all = edges(state.devices, status);
  return state.devices
    .map((d) => {
      const out = all.filter((e) => e.from === d.name).map((e) => `    ${e.label} → ${e.to}\n`);
      return `${title(d)}\n${out.join("")}`;
    })
    .join("");
}

const q = (s: string): string => JSON.stringify(s);

/** The same graph in Graphviz DOT: `dot -Tsvg` draws it. */
export function graphDot(state: LabState, status: ReadonlyMap<string, DeviceStatus | undefined>): string {
  const nodes = state.devices.map((d) => {
    const shape = d.role === "radio" ? "ellipse" : "box";
    const label = `${d.name}\\n${d.role === "master" ? "Master" : d.role}${d.pari ? " PARI" : ""}\\n${d.ip}`;
    return `  ${q(d.name)} [shape=${shape}, label="${label}"];\n`;
  });
  const lines = edges(state.devices, status).map(
    (e) => `  ${q(e.from)} -> ${q(e.to)} [label=${q(e.label)}, style=${e.style}];\n`,
  );
  return `digraph ${q(state.name)} {\n  rankdir=BT;\n${nodes.join("")}${lines.join("")}}\n`;
}
