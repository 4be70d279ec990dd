import { ctlHelp } from "./ctlCommands.js";
import { HANDSET_USAGE } from "./handset.js";
import { PBX_USAGE } from "./pbx.js";
import { DNS_USAGE } from "./dns.js";

/** Options every command takes (src/cli/failure.ts). */
const COMMON = `  Every command: --help (or help as its first word) prints its usage; --debug (or IPDECT_DEBUG=1) adds the stack
  trace to an error. Exit codes: 0 done, 1 a failure at run time, 2 bad usage or input (docs/user-guide.md).
`;

/** The usage of each command, as `ipdect <command> --help` prints it. */
export const COMMAND_USAGE: Readonly<Record<string, string>> = {
  sim: `  ipdect sim [fleet.yaml] [--seed N] [--until 10m] [--events events.jsonl] [--report report.json]
             [--sync-svg sync.svg] [--snmp-walk <device>] [--quiet]
      Runs a fleet in virtual time (without a file: the demo fleet, examples/redundancy.yaml). Prints the
      timeline of Master states, alarms and faults and a summary; writes the event log (JSON lines), the report
      and the PARI Master's Air Sync Overview picture (§4.12.1). --snmp-walk prints the IPDECT-MIB objects the
      device's SNMP agent would serve at the end of the run (mibs/IPDECT-MIB.txt).
`,
  node: `  ipdect node --config <device.yaml|devices.yaml> [--data-dir .ipdect] [--http-port 80] [--https-port 443]
              [--events file.jsonl] [--log-level info] [--air 127.0.0.1:17300] [--metrics 127.0.0.1:9464]
              [--reset-config]
      Runs real devices, each on its own 127.x.y.z address (App. H ports), until SIGINT/SIGTERM. --config only
      seeds an empty flash (<data-dir>/<name>): after that a device starts with the configuration on its flash;
      --reset-config replaces it with the file's. With --air its radios publish their beacons to that air service
      and hear what it says they receive. With --metrics, GET /metrics there serves every device's metrics
      (Prometheus text, a device label, no login). Not root? Take high ports: --http-port 8080 --https-port 8443.
`,
  air: `  ipdect air --fleet <fleet.yaml> [--listen 127.0.0.1:17300] [--seed 1] [--log-level info]
      The radio air of a fleet file (positions, air section) for real nodes, over UDP, until SIGINT/SIGTERM.
      Same file and seed as ipdect sim: same links.
`,
  ctl: `  ipdect ctl <command> --node <ip[:port]> [--user admin] [--password changeme] [--json]
      The management API of a running node (docs/user-guide.md "Management API and ipdect ctl"): tables and text
      for people, times in UTC; --json prints the API's JSON. Exit code 1: the node refused the request or did not
      answer; 2: bad usage or input.
${ctlHelp("      ")}`,
  handset: HANDSET_USAGE,
  "sync-tree": `  ipdect sync-tree <report.json> [--svg out.svg] [--region N]
      The Air Sync Overview of a PARI Master (§4.12.1) as a text tree per region; --svg also draws it. The file
      holds the overview itself (GET /api/sync) or an ipdect sim --report with a PARI Master's sync status.
`,
  pbx: PBX_USAGE,
  dns: DNS_USAGE,
};

/** `ipdect --help`: every command. */
export const USAGE = `ipdect — IP-DECT infrastructure, as real nodes or simulated fleets

${Object.values(COMMAND_USAGE).join("")}  ipdect --version
      The version of ipdect.
${COMMON}`;

/** `ipdect <command> --help`. */
export const commandUsage = (command: string): string => `${COMMAND_USAGE[command]!}${COMMON}`;
