import { resolve, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DeviceConfig } from "../src/config/DeviceConfig.js";
import type { FleetFile } from "../sim/FleetFile.js";
import { labPbx } from "../sim/FleetPbx.js";
import { safeName, type LabDevice, type LabProcess, type LabState } from "./LabState.js";

/** The ipdect command the lab's processes run (the same build as the lab's). */
export const IPDECT_BIN = fileURLToPath(new URL("../../bin/ipdect.js", import.meta.url));

export interface LabOptions {
  readonly stateDir: string;
  /** Devices per process: 1 (the default) runs each device in its own process. */
  readonly group: number;
  /** Every device's HTTP port (on its own 127.x address); HTTPS on the next port. */
  readonly httpBase: number;
  /** Where `ipdect air` listens for the radios (ip:port). */
  readonly air: string;
}

/** What the device does in the fleet, for inspect and graph. */
function roleOf(d: DeviceConfig): string {
  const mode = d.master?.mode;
  if (mode === "active") return "master";
  if (mode !== undefined && mode !== "off") return mode;
  return d.radio === undefined ? "device" : "radio";
}

/**
 * V8 flags of a process that runs one radio (or another device without a Master role): a small young generation and
 * size-optimised code take its resident memory from about 128 to 88 MiB (measured on an idle IPBS radio), which is
 * what lets 200 single-device processes fit a 24 GiB machine. A Master keeps V8's defaults: it may serve thousands
 * of radios and users, where a small young generation would cost CPU in collections.
 */
const LEAN_V8 = ["--max-semi-space-size=1", "--optimize-for-size"];

/** A device that is a Master, Standby, Mirror or PARI Master: alone in its process, with V8's defaults. */
const leads = (d: DeviceConfig): boolean => d.pari !== undefined || (d.master !== undefined && d.master.mode !== "off");

/**
 * The devices of each process: a device with a Master or PARI role alone, so a stop fault can kill just that Master
 * (the failover a lab is built to watch); the others `group` to a process, in file order.
 */
function processChunks(all: readonly DeviceConfig[], group: number): DeviceConfig[][] {
  const chunks: DeviceConfig[][] = [];
  let open: DeviceConfig[] = [];
  for (const d of all) {
    if (leads(d)) {
      chunks.push([d]);
      continue;
    }
    if (open.length === 0) chunks.push(open);
    open.push(d);
    if (open.length === group) open = [];
  }
  return chunks;
}

/**
 * The processes and devices of a lab for a fleet file: devices in file order, `group` to a process, each process an
 * `ipdect node --fleet <file> --only <names>` with its own event log (Masters and PARI Masters alone); one `ipdect air` when radios have positions;
 * one `ipdect pbx` per `pbx:` entry. Nothing is started here.
 */
export function labPlan(file: FleetFile, fleetPath: string, opts: LabOptions): LabState {
  const dir = resolve(opts.stateDir);
  const fleet = resolve(fleetPath);
  const hasAir = file.devices.some((d) => d.radio !== undefined && d.position !== undefined);
  const processes: LabProcess[] = [];
  if (hasAir)
    processes.push({
      name: "air",
      kind: "air",
      devices: [],
      argv: [IPDECT_BIN, "air", "--fleet", fleet, "--listen", opts.air, "--log-level", "warn"],
      pid: null,
      log: join(dir, "air.log"),
      ready: "listening on",
    });
  // The DNS servers the devices use, where the file has a dns: section: one dnsmasq for each address named (a real
  // lab may give some devices another), unless the address is a real server of the file's external: list.
  const dnsServers = new Set(
    file.dns === undefined ? [] : file.devices.flatMap((d) => [d.dns, d.dns2].filter((a) => a !== undefined)),
  );
  for (const listen of [...dnsServers].filter((a) => !file.external.has(a.split(":")[0]!)))
    processes.push({
      name: `dns-${safeName(listen)}`,
      kind: "dns",
      devices: [],
      argv: [IPDECT_BIN, "dns", "--fleet", fleet, "--listen", listen.includes(":") ? listen : `${listen}:53`],
      pid: null,
      log: join(dir, `dns-${safeName(listen)}.log`),
      ready: "listening",
    });
  // A PBX the file lists under external: is a real one (kamailio) that the user runs there.
  for (const pbx of labPbx(file))
    processes.push({
      name: pbx.name,
      kind: "pbx",
      devices: [],
      argv: [IPDECT_BIN, "pbx", "--fleet", fleet, "--name", pbx.name],
      pid: null,
      log: join(dir, `${safeName(pbx.name)}.log`),
      ready: "listening",
    });
  const devices: LabDevice[] = [];
  for (const [i, chunk] of processChunks(file.devices, opts.group).entries()) {
    const name = chunk.length === 1 ? chunk[0]!.name : `group-${i + 1}`;
    const file_ = safeName(name);
    const radios = chunk.some((d) => d.radio !== undefined);
    processes.push({
      name,
      kind: "devices",
      devices: chunk.map((d) => d.name),
      argv: [
        ...(chunk.length === 1 && !leads(chunk[0]!) ? LEAN_V8 : []),
        IPDECT_BIN,
        "node",
        "--fleet",
        fleet,
        "--only",
        chunk.map((d) => d.name).join(","),
        "--data-dir",
        join(dir, "flash"),
        "--http-port",
        String(opts.httpBase),
        "--https-port",
        String(opts.httpBase + 1),
        "--events",
        join(dir, `${file_}.events.jsonl`),
        "--log-level",
        "warn",
        ...(radios && hasAir ? ["--air", opts.air] : []),
      ],
      pid: null,
      log: join(dir, `${file_}.log`),
      events: join(dir, `${file_}.events.jsonl`),
      ready: "running",
    });
    for (const d of chunk)
      devices.push({
        name: d.name,
        kind: d.kind,
        mac: d.mac.toString(),
        ip: d.ip,
        httpPort: opts.httpBase,
        httpsPort: opts.httpBase + 1,
        process: name,
        role: roleOf(d),
        pari: d.pari !== undefined,
        ...(d.master?.primary === undefined ? {} : { master: d.master.primary }),
        ...(d.master?.mirrorPeer === undefined ? {} : { master: d.master.mirrorPeer }),
        ...(d.radio?.master === undefined ? {} : { master: d.radio.master }),
        ...(d.radio?.alternateMaster === undefined ? {} : { alternateMaster: d.radio.alternateMaster }),
        ...(d.radio?.pariMaster === undefined ? {} : { pariMaster: d.radio.pariMaster }),
      });
  }
  // The file's lab handsets, once the radios and Masters run (Lab.ts starts this process last).
  if (file.handsets !== undefined)
    processes.push({
      name: "handsets",
      kind: "handsets",
      devices: [],
      argv: [IPDECT_BIN, "lab", "handsets", "--state-dir", dir],
      pid: null,
      log: join(dir, "handsets.log"),
      ready: "handsets:",
    });
  return {
    name: file.name,
    fleet,
    stateDir: dir,
    table: `ipdect_${safeName(file.name)}`,
    startedAt: new Date().toISOString(),
    processes,
    devices,
  };
}
