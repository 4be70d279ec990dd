import { readInput } from "./readInput.js";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { DeviceConfig } from "../config/DeviceConfig.js";
import { loadDeviceConfigs } from "../config/loadDeviceConfigs.js";
import { parseDuration } from "../core/duration.js";
import { IpdectError } from "../core/errors.js";
import { makeLogger, type LogLevel } from "../core/Logger.js";
import { NodeHost } from "../node/NodeHost.js";
import { afterChains } from "../platform/node/settle.js";
import { Fleet } from "../../sim/Fleet.js";
import { fleetAirField, parseFleetFile, type FleetFile } from "../../sim/FleetFile.js";
import { addHandsetUsers, handsetsMaster } from "../../sim/handsetUsers.js";
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
import { sipSummary } from "../../sim/sipReport.js";
import { updateSummary } from "../../sim/updateSummary.js";
import { syncTreeSvg } from "../sync/overviewSvg.js";
import { ctl } from "./ctl.js";
import { endpointArg } from "./endpointArg.js";
import { handset } from "./handset.js";
import { image } from "./image.js";
import { lab } from "./lab.js";
import { pbx } from "./pbx.js";
import { dns } from "./dns.js";
import { dhcpProbe } from "./dhcpProbe.js";
import { stopSignal } from "./stopSignal.js";
import { syncTree } from "./syncTree.js";
import { CliCode } from "./errors.js";
import { failure } from "./failure.js";
import { EventLines } from "./eventLines.js";
import { openOutput, outputStream, writeOutput } from "./outputFile.js";
import { runWithProgress } from "./progress.js";
import { htmlReport } from "../../sim/report/htmlReport.js";
import { commandUsage, COMMAND_USAGE, USAGE } from "./usage.js";
import { SOFTWARE_VERSION } from "../core/version.js";
import { walkText } from "../snmp/walkText.js";

/** `--metrics <ip>` without a port: the OpenTelemetry Prometheus exporter's default, free of the App. H ports. */
const METRICS_PORT = 9464;

/** `--http-port`/`--https-port`: a TCP port, or 0 for that protocol off (§4.9.3). */
function portArg(text: string, option: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535)
    throw new IpdectError(CliCode.Usage, `--${option} must be a port 1..65535, or 0 for off, not ${text}`);
  return n;
}

const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** `--log-level`: one of the logger's levels. */
function logLevelArg(text: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(text))
    throw new IpdectError(CliCode.Usage, `--log-level must be one of ${LOG_LEVELS.join(", ")}, not ${text}`);
  return text as LogLevel;
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
      html: { type: "string" },
      "snmp-walk": { type: "string" },
      quiet: { type: "boolean", default: false },
      wire: { type: "boolean", default: false },
    },
  });
  const path = positionals[0] ?? fileURLToPath(new URL("../../../examples/redundancy.yaml", import.meta.url));
  // Certificates in the file are checked against the wall clock: the virtual one starts in 1970.
  const file = parseFleetFile(readInput(path), path, Date.now());
  const until = values.until !== undefined ? parseDuration(values.until, "--until") : (file.until ?? 600_000);
  const out = values.events === undefined ? undefined : new EventLines(outputStream(values.events));
  const reportFd = values.report === undefined ? undefined : openOutput(values.report);
  const svgFd = values["sync-svg"] === undefined ? undefined : openOutput(values["sync-svg"]);
  const htmlFd = values.html === undefined ? undefined : openOutput(values.html);
  const started = performance.now();
  const fleet = await Fleet.start(file, {
    seed: values.seed,
    afterChains,
    wire: values.wire,
    ...(out === undefined ? {} : { events: out }),
    logger: stderrLogger("error"),
  });
  await runWithProgress(fleet, until, process.stderr.isTTY ? process.stderr : undefined);
  const wallMs = performance.now() - started;
  const report = fleet.report();
  const walk = values["snmp-walk"] === undefined ? undefined : snmpWalk(fleet, values["snmp-walk"]);
  await fleet.close();
  await out?.end();
  if (values.report !== undefined) writeOutput(values.report, JSON.stringify(report, null, 2) + "\n", reportFd);
  if (values.html !== undefined) writeOutput(values.html, htmlReport(fleet.events.events, report), htmlFd);
  const sync = activePariMaster(report)?.sync;
  if (values["sync-svg"] !== undefined) {
    if (sync === undefined) throw new IpdectError(CliCode.NoSync, "--sync-svg: this fleet has no running PARI Master");
    writeOutput(values["sync-svg"], syncTreeSvg(sync), svgFd);
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
    if (report.sip !== undefined) process.stdout.write(`\n${sipSummary(report.sip)}`);
    if (report.updateServers !== undefined) process.stdout.write(`\n${updateSummary(report)}`);
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
      fleet: { type: "string" },
      only: { type: "string" },
      "data-dir": { type: "string", default: ".ipdect" },
      "http-port": { type: "string" },
      "https-port": { type: "string" },
      events: { type: "string" },
      "log-level": { type: "string", default: "info" },
      air: { type: "string" },
      metrics: { type: "string" },
      dhcp: { type: "string" },
      "reset-config": { type: "boolean", default: false },
    },
  });
  if ((values.config === undefined) === (values.fleet === undefined))
    throw new IpdectError(CliCode.Usage, "ipdect node needs --config <file> or --fleet <fleet.yaml> (one of them)");
  if (values.only !== undefined && values.fleet === undefined)
    throw new IpdectError(CliCode.Usage, "--only names devices of a --fleet file");
  const logLevel = logLevelArg(values["log-level"]);
  const air = values.air === undefined ? undefined : endpointArg(values.air, "air", PORTS.AIR);
  const fleet =
    values.fleet === undefined ? undefined : parseFleetFile(readInput(values.fleet), values.fleet, Date.now());
  const configs =
    fleet === undefined
      ? loadDeviceConfigs(readInput(values.config!), values.config!, Date.now())
      : fleetDevices(fleet, values.fleet!, values.only);
  const events = new EventLines(values.events === undefined ? process.stdout : outputStream(values.events, "a"));
  const host = await NodeHost.start(configs, {
    dataDir: values["data-dir"],
    resetConfig: values["reset-config"],
    ...(values["http-port"] === undefined ? {} : { httpPort: portArg(values["http-port"], "http-port") }),
    ...(values["https-port"] === undefined ? {} : { httpsPort: portArg(values["https-port"], "https-port") }),
    events,
    logger: stderrLogger(logLevel),
    ...(air === undefined ? {} : { air }),
    ...(values.metrics === undefined ? {} : { metrics: endpointArg(values.metrics, "metrics", METRICS_PORT) }),
    ...(values.dhcp === undefined ? {} : { dhcp: values.dhcp }),
  });
  // The fleet's lab handsets: their users on the Master, as in the sim (the handsets themselves live in ipdect sim).
  const handsets = fleet?.handsets;
  const holder = handsets === undefined ? undefined : host.devices.get(handsetsMaster(fleet!.devices, handsets));
  if (holder !== undefined) await addHandsetUsers(holder.directory(), handsets!);
  // A device keeps running whatever one of its tasks does: a stray failure is logged, not fatal.
  process.on("unhandledRejection", (err) => process.stderr.write(`error unhandled ${String(err)}\n`));
  process.stderr.write(`ipdect node: ${configs.map((c) => `${c.name}@${c.ip}`).join(", ")} running\n`);
  await stopSignal();
  await host.close();
  // A file is ended, so its last lines are on disk before the process exits; stdout is not ours to end.
  if (values.events === undefined) events.flush();
  else await events.end();
  return 0;
}

/** `--fleet <file> [--only a,b]`: the devices of a fleet file, or those named (ipdect lab runs each so). */
function fleetDevices(file: FleetFile, path: string, only: string | undefined): DeviceConfig[] {
  const devices = file.devices;
  if (only === undefined) return [...devices];
  const names = only.split(",");
  const unknown = names.filter((n) => !devices.some((d) => d.name === n));
  if (unknown.length > 0)
    throw new IpdectError(CliCode.Usage, `--only: no device named ${unknown.join(", ")} in ${path}`);
  return devices.filter((d) => names.includes(d.name));
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
  const logLevel = logLevelArg(values["log-level"]);
  const file = parseFleetFile(readInput(values.fleet), values.fleet, Date.now());
  const field = fleetAirField(file, values.seed);
  const service = await AirService.start({
    field,
    fleet: file.name,
    transport: new SocketTransport(listen.ip),
    port: listen.port,
    clock: systemClock,
    logger: stderrLogger(logLevel),
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

const COMMANDS: Readonly<Record<string, (argv: string[]) => Promise<number> | number>> = {
  sim,
  node,
  air,
  ctl,
  handset,
  "sync-tree": syncTree,
  lab,
  pbx,
  dns,
  image,
  "dhcp-probe": dhcpProbe,
};

/** A word asking for help: `help` counts as the first word only (later, it may be a value). */
const isHelp = (arg: string | undefined): boolean => arg === "--help" || arg === "-h" || arg === "help";

/**
 * `ipdect <command> …`. `--help` anywhere before `--` (or `help` as the first word) prints the command's usage;
 * `--debug` anywhere, or IPDECT_DEBUG=1, adds the stack trace to an error (failure.ts prints every error).
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const debug = argv.includes("--debug") || env["IPDECT_DEBUG"] === "1";
  const [cmd = "", ...rest] = argv.filter((a) => a !== "--debug");
  const own = rest.indexOf("--") === -1 ? rest : rest.slice(0, rest.indexOf("--"));
  const run = COMMANDS[cmd];
  if (cmd === "--version") {
    process.stdout.write(`${SOFTWARE_VERSION}\n`);
    return 0;
  }
  if (cmd === "" || isHelp(cmd)) {
    const topic = rest[0] === undefined ? undefined : COMMAND_USAGE[rest[0]];
    (cmd === "" ? process.stderr : process.stdout).write(topic === undefined ? USAGE : commandUsage(rest[0]!));
    return cmd === "" ? 2 : 0;
  }
  if (run !== undefined && (isHelp(own[0]) || own.includes("--help") || own.includes("-h"))) {
    process.stdout.write(commandUsage(cmd));
    return 0;
  }
  try {
    if (run === undefined) throw new IpdectError(CliCode.Usage, `unknown command ${cmd} (ipdect --help lists them)`);
    return await run(rest);
  } catch (err) {
    const { stderr, exit } = failure(err, cmd, debug);
    process.stderr.write(stderr);
    return exit;
  }
}
