import { writeFileSync, createWriteStream } from "node:fs";
import { readInput } from "./readInput.js";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadDeviceConfigs } from "../config/loadDeviceConfigs.js";
import { parseDuration } from "../core/duration.js";
import { errorsOf } from "../core/config/collect.js";
import { IpdectError } from "../core/errors.js";
import { makeLogger, type LogLevel } from "../core/Logger.js";
import type { EventSink } from "../role/EventLog.js";
import { NodeHost } from "../node/NodeHost.js";
import { afterChains } from "../platform/node/settle.js";
import { Fleet } from "../../sim/Fleet.js";
import { fleetAirField, parseFleetFile } from "../../sim/FleetFile.js";
import { AirService } from "../../sim/AirService.js";
import { SocketTransport } from "../platform/node/SocketTransport.js";
import { systemClock } from "../platform/node/SystemClock.js";
import { PORTS } from "../wire/ports.js";
import {
  activePariMaster,
  certificatesSummary,
  handsetSummary,
  overviews,
  summaryTable,
  syncSummary,
  timeline,
} from "../../sim/summary.js";
import { syncTreeSvg } from "../sync/overviewSvg.js";
import { ctl } from "./ctl.js";
import { endpointArg } from "./endpointArg.js";
import { ctlHelp } from "./ctlCommands.js";
import { handset, HANDSET_USAGE } from "./handset.js";
import { syncTree } from "./syncTree.js";
import { CliCode } from "./errors.js";
import { walkText } from "../snmp/walkText.js";

const USAGE = `ipdect — IP-DECT infrastructure, as real nodes or simulated fleets

  ipdect sim [fleet.yaml] [--seed N] [--until 10m] [--events events.jsonl] [--report report.json]
             [--sync-svg sync.svg] [--snmp-walk <device>] [--quiet]
      Runs a fleet in virtual time (without a file: the demo fleet, examples/redundancy.yaml). Prints the
      timeline of Master states, alarms and faults and a summary; writes the event log (JSON lines), the report
      and the PARI Master's Air Sync Overview picture (§4.12.1). --snmp-walk prints the IPDECT-MIB objects the
      device's SNMP agent would serve at the end of the run (mibs/IPDECT-MIB.txt).
  ipdect node --config <device.yaml|devices.yaml> [--data-dir .ipdect] [--http-port 80] [--https-port 443]
              [--events file.jsonl] [--air 127.0.0.1:17300] [--metrics 127.0.0.1:9464] [--reset-config]
      Runs real devices, each on its own 127.x.y.z address (App. H ports), until SIGINT/SIGTERM. --config only
      seeds an empty flash (<data-dir>/<name>): after that a device starts with the configuration on its flash;
      --reset-config replaces it with the file's. With --air its radios publish their beacons to that air service
      and hear what it says they receive. With --metrics, GET /metrics there serves every device's metrics
      (Prometheus text, a device label, no login).
  ipdect air --fleet <fleet.yaml> [--listen 127.0.0.1:17300] [--seed 1]
      The radio air of a fleet file (positions, air section) for real nodes, over UDP, until SIGINT/SIGTERM.
      Same file and seed as ipdect sim: same links.
  ipdect ctl <command> --node <ip[:port]> [--user admin] [--password changeme] [--json]
      The management API of a running node (docs/user-guide.md "Management API and ipdect ctl"): tables and text
      for people, times in UTC; --json prints the API's JSON. Exit code 1: the node refused the request or did not
      answer; 2: bad usage or input.
${ctlHelp("      ")}${HANDSET_USAGE}  ipdect sync-tree <report.json> [--svg out.svg] [--region N]
      The Air Sync Overview of a PARI Master (§4.12.1) as a text tree per region; --svg also draws it. The file
      holds the overview itself (GET /api/sync) or an ipdect sim --report with a PARI Master's sync status.
`;

/** `--metrics <ip>` without a port: the OpenTelemetry Prometheus exporter's default, free of the App. H ports. */
const METRICS_PORT = 9464;

/** `--http-port`/`--https-port`: a TCP port, or 0 for that protocol off (§4.9.3). */
function portArg(text: string, option: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535)
    throw new IpdectError(CliCode.Usage, `--${option} must be a port 1..65535, or 0 for off, not ${text}`);
  return n;
}

function stderrLogger(level: LogLevel) {
  return makeLogger((lvl, msg, fields) => process.stderr.write(`${lvl} ${msg} ${JSON.stringify(fields)}\n`), level);
}

/** `--snmp-walk`: what the device's agent would serve now (a device that is down serves nothing). */
function snmpWalk(fleet: Fleet, name: string): string {
  if (!fleet.isUp(name)) throw new IpdectError(CliCode.Usage, `--snmp-walk: device ${name} is not running at the end`);
  return walkText(fleet.device(name).ipdectMib().varbinds);
}

async function sim(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      seed: { type: "string", default: "1" },
      until: { type: "string" },
      events: { type: "string" },
      report: { type: "string" },
      "sync-svg": { type: "string" },
      "snmp-walk": { type: "string" },
      quiet: { type: "boolean", default: false },
    },
  });
  const path = positionals[0] ?? fileURLToPath(new URL("../../../examples/redundancy.yaml", import.meta.url));
  // Certificates in the file are checked against the wall clock: the virtual one starts in 1970.
  const file = parseFleetFile(readInput(path), path, Date.now());
  const until = values.until !== undefined ? parseDuration(values.until, "--until") : (file.until ?? 600_000);
  const out = values.events === undefined ? undefined : createWriteStream(values.events);
  const sink: EventSink | undefined =
    out === undefined ? undefined : { emit: (e) => void out.write(JSON.stringify(e) + "\n") };
  const started = performance.now();
  const fleet = await Fleet.start(file, {
    seed: values.seed,
    afterChains,
    ...(sink === undefined ? {} : { events: sink }),
    logger: stderrLogger("error"),
  });
  await fleet.runUntil(until);
  const wallMs = performance.now() - started;
  const report = fleet.report();
  const walk = values["snmp-walk"] === undefined ? undefined : snmpWalk(fleet, values["snmp-walk"]);
  await fleet.close();
  if (out !== undefined) await new Promise<void>((r) => out.end(() => r()));
  if (values.report !== undefined) writeFileSync(values.report, JSON.stringify(report, null, 2) + "\n");
  const sync = activePariMaster(report)?.sync;
  if (values["sync-svg"] !== undefined) {
    if (sync === undefined) throw new IpdectError(CliCode.NoSync, "--sync-svg: this fleet has no running PARI Master");
    writeFileSync(values["sync-svg"], syncTreeSvg(sync));
  }
  if (!values.quiet) {
    process.stdout.write(
      `${file.name}: ${file.devices.length} devices, seed ${values.seed}\n\n${timeline(fleet.events.events)}\n`,
    );
    process.stdout.write(summaryTable(report));
    const overview = overviews(report);
    if (overview !== "") process.stdout.write(`\n${overview}`);
    const syncLines = syncSummary(report);
    if (syncLines !== "") process.stdout.write(`\n${syncLines}`);
    if (report.handsets !== undefined) process.stdout.write(`\n${handsetSummary(report.handsets)}`);
    const certificates = certificatesSummary(report);
    if (certificates !== "") process.stdout.write(`\n${certificates}`);
    if (walk !== undefined) process.stdout.write(`\nSNMP walk of ${values["snmp-walk"]} (IPDECT-MIB)\n${walk}`);
    process.stdout.write(
      `\n${fleet.events.events.length} events, ${(until / 1000).toFixed(0)} s virtual in ${(wallMs / 1000).toFixed(2)} s wall\n`,
    );
  }
  if (report.checks.doubleRegistrations.length > 0) {
    process.stderr.write(
      `error: ${report.checks.doubleRegistrations.length} moments with a radio registered to two Masters\n`,
    );
    return 1;
  }
  return 0;
}

async function node(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: "string" },
      "data-dir": { type: "string", default: ".ipdect" },
      "http-port": { type: "string" },
      "https-port": { type: "string" },
      events: { type: "string" },
      "log-level": { type: "string", default: "info" },
      air: { type: "string" },
      metrics: { type: "string" },
      "reset-config": { type: "boolean", default: false },
    },
  });
  if (values.config === undefined) throw new IpdectError(CliCode.Usage, "ipdect node needs --config <file>");
  const air = values.air === undefined ? undefined : endpointArg(values.air, "air", PORTS.AIR);
  const configs = loadDeviceConfigs(readInput(values.config), values.config, Date.now());
  const out = values.events === undefined ? process.stdout : createWriteStream(values.events, { flags: "a" });
  const host = await NodeHost.start(configs, {
    dataDir: values["data-dir"],
    resetConfig: values["reset-config"],
    ...(values["http-port"] === undefined ? {} : { httpPort: portArg(values["http-port"], "http-port") }),
    ...(values["https-port"] === undefined ? {} : { httpsPort: portArg(values["https-port"], "https-port") }),
    events: { emit: (e) => void out.write(JSON.stringify(e) + "\n") },
    logger: stderrLogger(values["log-level"] as LogLevel),
    ...(air === undefined ? {} : { air }),
    ...(values.metrics === undefined ? {} : { metrics: endpointArg(values.metrics, "metrics", METRICS_PORT) }),
  });
  // A device keeps running whatever one of its tasks does: a stray failure is logged, not fatal.
  process.on("unhandledRejection", (err) => process.stderr.write(`error unhandled ${String(err)}\n`));
  process.stderr.write(`ipdect node: ${configs.map((c) => `${c.name}@${c.ip}`).join(", ")} running\n`);
  await stopSignal();
  await host.close();
  return 0;
}

async function air(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      fleet: { type: "string" },
      listen: { type: "string", default: `127.0.0.1:${PORTS.AIR}` },
      seed: { type: "string", default: "1" },
      "log-level": { type: "string", default: "info" },
    },
  });
  if (values.fleet === undefined) throw new IpdectError(CliCode.Usage, "ipdect air needs --fleet <fleet.yaml>");
  const listen = endpointArg(values.listen, "listen", PORTS.AIR);
  const file = parseFleetFile(readInput(values.fleet), values.fleet, Date.now());
  const field = fleetAirField(file, values.seed);
  const service = await AirService.start({
    field,
    fleet: file.name,
    transport: new SocketTransport(listen.ip),
    port: listen.port,
    clock: systemClock,
    logger: stderrLogger(values["log-level"] as LogLevel),
  });
  const placed = file.devices.filter((d) => field.has(d.name)).length;
  process.stderr.write(
    `ipdect air: fleet ${file.name}, ${placed} radios placed, seed ${values.seed}, listening on ${listen.ip}:${listen.port}\n`,
  );
  await stopSignal();
  await service.close();
  process.stderr.write(`ipdect air: stopped ${JSON.stringify(service.stats)}\n`);
  return 0;
}

function stopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case "sim":
        return await sim(rest);
      case "node":
        return await node(rest);
      case "air":
        return await air(rest);
      case "ctl":
        return await ctl(rest);
      case "handset":
        return await handset(rest);
      case "sync-tree":
        return syncTree(rest);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        process.stderr.write(`unknown command ${cmd}\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof IpdectError || (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      for (const e of errorsOf(err)) process.stderr.write(`error: ${(e as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}
