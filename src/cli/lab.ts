import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { parseDuration } from "../core/duration.js";
import { IpdectError } from "../core/errors.js";
import { PORTS } from "../wire/ports.js";
import { parseFleetFile, type FleetFile } from "../../sim/FleetFile.js";
import { checksPass, checksText, labChecks } from "../../lab/checks.js";
import { LabCode } from "../../lab/errors.js";
import { runLabFaults } from "../../lab/faults.js";
import { startLabHandsets } from "../../lab/handsets.js";
import { labDown, labUp } from "../../lab/Lab.js";
import { defaultStateDir, hasState, readState, type LabState } from "../../lab/LabState.js";
import { statuses, type Login } from "../../lab/status.js";
import { graphDot, graphText, inspectRows, inspectTable } from "../../lab/views.js";
import { ctl } from "./ctl.js";
import { endpointArg } from "./endpointArg.js";
import { CliCode } from "./errors.js";
import { readInput } from "./readInput.js";
import { stopSignal } from "./stopSignal.js";

/** Where every lab's state directory is by default (docs/user-guide.md "Labs: ipdect lab"). */
const LABS = ".ipdect-lab";
/** `--http-base`: every device's HTTP port on its own address, HTTPS on the next one; high, so no root is needed. */
const HTTP_BASE = 8080;
/** How long `faults` waits after the last fault for the checks to hold. */
const SETTLE = "30s";
const CHECK_EVERY_MS = 1_000;

const readFleet = (path: string): FleetFile => parseFleetFile(readInput(path), path, Date.now());

const login = (values: { user?: string; password?: string }): Login => ({
  user: values.user ?? "admin",
  password: values.password ?? process.env["IPDECT_PASSWORD"] ?? "changeme",
});

/**
 * The lab a command is about: `--state-dir`, else the fleet file's default directory, else the only lab under
 * .ipdect-lab.
 */
function stateDirOf(fleet: string | undefined, stateDir: string | undefined): string {
  if (stateDir !== undefined) return stateDir;
  if (fleet !== undefined) return defaultStateDir(readFleet(fleet).name);
  const labs = existsSync(LABS) ? readdirSync(LABS).filter((d) => hasState(join(LABS, d))) : [];
  if (labs.length === 1) return join(LABS, labs[0]!);
  throw new IpdectError(
    CliCode.Usage,
    labs.length === 0
      ? `no lab under ${LABS}: name the fleet file or --state-dir`
      : `${labs.length} labs under ${LABS} (${labs.join(", ")}): name the fleet file or --state-dir`,
  );
}

function positiveInt(text: string, option: string): number {
  if (!/^[1-9]\d*$/.test(text))
    throw new IpdectError(CliCode.Usage, `--${option} must be a whole number ≥ 1, not ${text}`);
  return Number(text);
}

function portBase(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1024 || n > 65534)
    throw new IpdectError(CliCode.Usage, `--http-base must be a port 1024..65534 (HTTPS takes the next), not ${text}`);
  return n;
}

const LOGIN_OPTIONS = { user: { type: "string" }, password: { type: "string" } } as const;

async function up(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      group: { type: "string", default: "1" },
      "state-dir": { type: "string" },
      "http-base": { type: "string", default: String(HTTP_BASE) },
      air: { type: "string", default: `127.0.0.1:${PORTS.AIR}` },
      faults: { type: "boolean", default: false },
      settle: { type: "string", default: SETTLE },
      ...LOGIN_OPTIONS,
    },
  });
  if (positionals.length !== 1) throw new IpdectError(CliCode.Usage, "ipdect lab up needs one fleet file");
  const path = positionals[0]!;
  const group = positiveInt(values.group, "group");
  const httpBase = portBase(values["http-base"]);
  const air = endpointArg(values.air, "air", PORTS.AIR);
  const settle = parseDuration(values.settle, "--settle");
  const file = readFleet(path);
  const stateDir = values["state-dir"] ?? defaultStateDir(file.name);
  const started = performance.now();
  const state = await labUp(file, path, { stateDir, group, httpBase, air: `${air.ip}:${air.port}` });
  const devices = state.processes.filter((p) => p.kind === "devices").length;
  process.stdout.write(
    `lab ${state.name}: ${state.devices.length} devices in ${devices} processes up in ${((performance.now() - started) / 1000).toFixed(1)} s (state in ${stateDir})\n`,
  );
  return values.faults ? faultsOn(state, file, login(values), settle) : 0;
}

async function faults(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "state-dir": { type: "string" }, settle: { type: "string", default: SETTLE }, ...LOGIN_OPTIONS },
  });
  if (positionals.length !== 1) throw new IpdectError(CliCode.Usage, "ipdect lab faults needs the fleet file");
  const file = readFleet(positionals[0]!);
  const settle = parseDuration(values.settle, "--settle");
  const state = readState(values["state-dir"] ?? defaultStateDir(file.name));
  return faultsOn(state, file, login(values), settle);
}

/** The file's faults in real time, then the sim's checks, waiting up to `settle` for them to hold; 1 if they do not. */
async function faultsOn(state: LabState, file: FleetFile, who: Login, settleMs: number): Promise<number> {
  await runLabFaults(state, file, who, (line) => process.stdout.write(`${line}\n`));
  const until = Date.now() + settleMs;
  for (;;) {
    const checks = await labChecks(state, who);
    if (checksPass(checks) || Date.now() >= until) {
      process.stdout.write(checksText(checks));
      return checksPass(checks) ? 0 : 1;
    }
    await sleep(CHECK_EVERY_MS);
  }
}

/** The options of the commands that only read a lab: `[<fleet>] [--state-dir DIR]`. */
function labArgs(argv: string[], flag?: "json" | "dot") {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "state-dir": { type: "string" },
      ...LOGIN_OPTIONS,
      ...(flag === undefined ? {} : { [flag]: { type: "boolean" } }),
    },
  });
  if (positionals.length > 1)
    throw new IpdectError(CliCode.Usage, `one fleet file at most, not ${positionals.join(" ")}`);
  const state = readState(stateDirOf(positionals[0], values["state-dir"] as string | undefined));
  return { values, flag: flag !== undefined && (values as Record<string, unknown>)[flag] === true, state };
}

async function down(argv: string[]): Promise<number> {
  const { state } = labArgs(argv);
  await labDown(state);
  process.stdout.write(`lab ${state.name}: ${state.processes.length} processes stopped\n`);
  return 0;
}

async function inspect(argv: string[]): Promise<number> {
  const { values, flag: json, state } = labArgs(argv, "json");
  const rows = inspectRows(state, await statuses(state.devices, login(values)));
  process.stdout.write(json ? JSON.stringify(rows, null, 2) + "\n" : inspectTable(state, rows));
  return 0;
}

async function graph(argv: string[]): Promise<number> {
  const { values, flag: dot, state } = labArgs(argv, "dot");
  const status = await statuses(state.devices, login(values));
  process.stdout.write(dot ? graphDot(state, status) : graphText(state, status));
  return 0;
}

async function check(argv: string[]): Promise<number> {
  const { values, state } = labArgs(argv);
  const checks = await labChecks(state, login(values));
  process.stdout.write(checksText(checks));
  return checksPass(checks) ? 0 : 1;
}

/** `exec [--state-dir DIR] <device> <ctl args…>`: ctl with `--node` set to the device's address and HTTP port. */
async function exec(argv: string[]): Promise<number> {
  const own = argv[0] === "--state-dir" ? argv.slice(0, 2) : [];
  const [device, ...rest] = argv.slice(own.length);
  if (own.length === 1 || device === undefined || rest.length === 0)
    throw new IpdectError(CliCode.Usage, "ipdect lab exec [--state-dir DIR] <device> <ctl command> [ctl options]");
  const state = readState(stateDirOf(undefined, own[1]));
  const d = state.devices.find((x) => x.name === device);
  if (d === undefined)
    throw new IpdectError(
      LabCode.NoDevice,
      `lab ${state.name} has no device named ${device} (it has ${state.devices.map((x) => x.name).join(", ")})`,
    );
  return ctl([...rest, "--node", `${d.ip}:${d.httpPort}`]);
}

/** `handsets [--state-dir DIR]`: the fleet's lab handsets against the live lab until SIGTERM (up starts it). */
async function handsets(argv: string[]): Promise<number> {
  const { values, state } = labArgs(argv);
  const file = readFleet(state.fleet);
  const running = await startLabHandsets(state, file, login(values));
  process.stderr.write(`handsets: ${running.handsets.length} lab handsets of ${file.name} running\n`);
  await stopSignal();
  await running.close();
  return 0;
}

const SUBCOMMANDS: Readonly<Record<string, (argv: string[]) => Promise<number>>> = {
  up,
  handsets,
  down,
  inspect,
  graph,
  exec,
  faults,
  check,
};

/** `ipdect lab <up|handsets|down|inspect|graph|exec|faults|check> …` (docs/user-guide.md "Labs: ipdect lab"). */
export async function lab(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const run = sub === undefined ? undefined : SUBCOMMANDS[sub];
  if (run === undefined)
    throw new IpdectError(
      CliCode.Usage,
      `ipdect lab needs one of ${Object.keys(SUBCOMMANDS).join(", ")}${sub === undefined ? "" : `, not ${sub}`} (ipdect lab --help)`,
    );
  return run(rest);
}
