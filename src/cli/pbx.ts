import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { IpdectError } from "../core/errors.js";
import { SeededRng } from "../core/Rng.js";
import { SocketTransport } from "../platform/node/SocketTransport.js";
import { SIP_FRAMING } from "../platform/node/sipFraming.js";
import { systemClock } from "../platform/node/SystemClock.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { FleetPbx } from "../../sim/FleetPbx.js";
import { CliCode } from "./errors.js";
import { readInput } from "./readInput.js";
import { stopSignal } from "./stopSignal.js";

export const PBX_USAGE = `  ipdect pbx --fleet <fleet.yaml> --name <pbx>
      One PBX of a fleet file's pbx section as a real SIP registrar on its ip:port, UDP and TCP, until
      SIGINT/SIGTERM: the sim's rules (realm, password or passwordPrefix + Auth Name, minExpires, answerDelay); with
      redirectTo it answers every REGISTER with 302 to that PBX (the sim does so only while that PBX is up). Prints
      its counters when stopped.
`;

/** `ipdect pbx`: a fleet file's PBX on real sockets (issue 19: the simulated PBXs of a file become real servers). */
export async function pbx(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { fleet: { type: "string" }, name: { type: "string" } } });
  if (values.fleet === undefined || values.name === undefined)
    throw new IpdectError(CliCode.Usage, "ipdect pbx needs --fleet <fleet.yaml> --name <pbx>");
  const file = parseFleetFile(readInput(values.fleet), values.fleet, Date.now());
  const cfg = file.pbx.find((p) => p.name === values.name);
  if (cfg === undefined) {
    const names = file.pbx.map((p) => p.name).join(", ") || "none";
    throw new IpdectError(CliCode.Usage, `${values.fleet} has no PBX ${values.name} (its PBXs: ${names})`);
  }
  const target = file.pbx.find((p) => p.name === cfg.redirectTo);
  const redirect = target === undefined ? undefined : { ip: target.ip, port: target.port };
  // Digest nonces must not be guessable on a real network: a random seed per run.
  const rng = new SeededRng(randomBytes(16).toString("hex"));
  const server = new FleetPbx(
    cfg,
    (ip) => new SocketTransport(ip, SIP_FRAMING),
    systemClock,
    rng,
    () => redirect,
  );
  await server.start();
  process.stderr.write(
    `ipdect pbx: ${cfg.name} of fleet ${file.name}, realm ${cfg.realm}, listening on ${cfg.ip}:${cfg.port} (udp, tcp)\n`,
  );
  await stopSignal();
  const counters = server.report();
  await server.stop();
  process.stderr.write(`ipdect pbx: stopped ${JSON.stringify(counters)}\n`);
  return 0;
}
