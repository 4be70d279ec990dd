import { parseArgs } from "node:util";
import { IpdectError } from "../core/errors.js";
import { startDnsmasq } from "../platform/node/Dnsmasq.js";
import { dnsmasqConf } from "../../sim/dnsmasqConf.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { CliCode } from "./errors.js";
import { endpointArg } from "./endpointArg.js";
import { readInput } from "./readInput.js";
import { stopSignal } from "./stopSignal.js";

/** DNS's port (RFC 1035); below 1024, so without root take a high one with --listen. */
const DNS_PORT = 53;

export const DNS_USAGE = `  ipdect dns --fleet <fleet.yaml> [--listen 127.0.0.1:53]
      The fleet file's dns section (SRV and A records) as a real DNS server, dnsmasq in the foreground, until
      SIGINT/SIGTERM; every other name is NXDOMAIN. A device finds its PBX through it with its DNS server setting
      (IP0 /dns ip[:port]). Not root? Take a high port: --listen 127.0.0.1:10053.
`;

/** `ipdect dns`: a fleet's DNS for a live lab (issue 19: the simulated DNS of a file becomes a real server). */
export async function dns(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { fleet: { type: "string" }, listen: { type: "string", default: `127.0.0.1:${DNS_PORT}` } },
  });
  if (values.fleet === undefined) throw new IpdectError(CliCode.Usage, "ipdect dns needs --fleet <fleet.yaml>");
  const listen = endpointArg(values.listen, "listen", DNS_PORT);
  const file = parseFleetFile(readInput(values.fleet), values.fleet, Date.now());
  if (file.dns === undefined) throw new IpdectError(CliCode.Usage, `${values.fleet} has no dns section`);
  const server = await startDnsmasq(dnsmasqConf(file.dns, listen), listen);
  const names = file.dns.a.size;
  process.stderr.write(
    `ipdect dns: fleet ${file.name}, ${file.dns.srv.length} SRV records, ${names} names, listening on ${listen.ip}:${listen.port} (dnsmasq)\n`,
  );
  const died = await Promise.race([stopSignal().then(() => false), server.exited.then(() => true)]);
  await server.stop();
  if (died) {
    process.stderr.write(`error: dnsmasq ended on its own:\n${server.output()}`);
    return 1;
  }
  process.stderr.write("ipdect dns: stopped\n");
  return 0;
}
