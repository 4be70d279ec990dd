import { ctlHelp } from "./ctlCommands.js";
import { HANDSET_USAGE } from "./handset.js";
import { PBX_USAGE } from "./pbx.js";
import { DNS_USAGE } from "./dns.js";
import { IMAGE_USAGE } from "./image.js";
import { DHCP_PROBE_USAGE } from "./dhcpProbe.js";

/** Options every command takes (src/cli/failure.ts). */
const COMMON = `  Every command: --help (or help as its first word) prints its usage; --debug (or IPDECT_DEBUG=1) adds the stack
  trace to an error. Exit codes: 0 done, 1 a failure at run time, 2 bad usage or input (docs/user-guide.md).
`;

/** The usage of each command, as `ipdect <command> --help` prints it. */
export const COMMAND_USAGE: Readonly<Record<string, string>> = {
  sim: `  ipdect sim [fleet.yaml] [--seed N] [--until 10m] [--events events.jsonl] [--report report.json]
             [--sync-svg sync.svg] [--html report.html] [--snmp-walk <device>] [--quiet] [--wire]
      Runs a fleet in virtual time (without a file: the demo fleet, examples/redundancy.yaml). Prints the
      timeline of Master states, alarms and faults (repeats folded into one line) and a summary; writes the event
      log (JSON lines), the report, the PARI Master's Air Sync Overview picture (§4.12.1) and a self-contained
      HTML report with charts. On a terminal, stderr shows the run's progress. --snmp-walk prints the IPDECT-MIB objects the
      device's SNMP agent would serve at the end of the run (mibs/IPDECT-MIB.txt). --wire sends real bytes between
      devices (encoded, tagged, checked); without it messages travel by reference, faster, with the same event log.
`,
  node: `  ipdect node --config <device.yaml|devices.yaml> | --fleet <fleet.yaml> [--only a,b]
              [--data-dir .ipdect] [--http-port 80] [--https-port 443]
              [--events file.jsonl] [--log-level info] [--air 127.0.0.1:17300] [--metrics 127.0.0.1:9464]
              [--reset-config] [--dhcp <interface>]
      Runs real devices, each on its own 127.x.y.z address (App. H ports), until SIGINT/SIGTERM. --config only
      seeds an empty flash (<data-dir>/<name>): after that a device starts with the configuration on its flash;
      --reset-config replaces it with the file's. With --air its radios publish their beacons to that air service
      and hear what it says they receive. With --metrics, GET /metrics there serves every device's metrics
      (Prometheus text, a device label, no login). Not root? Take high ports: --http-port 8080 --https-port 8443.
      --fleet runs the devices of a fleet file (--only: those named), as ipdect lab does for each process.
      --dhcp asks the network on <interface> for a DHCP lease at start and at each renewal and gives its options
      (App. I: 215/216 for UP1 unless /no-dhcp, 66 shown in the status) to every device; the devices keep their
      addresses. Needs UDP port 68 and the broadcast routed out of <interface>, as ipdect dhcp-probe does.
`,
  air: `  ipdect air --fleet <fleet.yaml> [--listen 127.0.0.1:17300] [--seed 1] [--log-level info]
      The radio air of a fleet file (positions, air section) for real nodes, over UDP, until SIGINT/SIGTERM.
      Same file and seed as ipdect sim: same links.
`,
  ctl: `  ipdect ctl <command> --node <ip[:port]> [--user admin] [--password changeme] [--json]
      The management API of a running node (docs/user-guide.md "Management API and ipdect ctl"): tables and text
      for people, times in UTC; --json prints the API's JSON. Exit code 1: the node refused the request or did not
      answer; 2: bad usage or input.
${ctlHelp("      ")}
  ipdect ctl upgrade --site <PARI Master ip[:port]> --image <url> --serial <build serial> [--version <v>]
                     [--standby <ip>] [--wave 10] [--step-timeout 10m] [--allow-gaps]
      The site-wide rolling upgrade (§4.15.2; docs/user-guide.md "Rolling upgrade"): Standby Mobility Master,
      Mobility Master, radios in waves that keep coverage and sync, Standby Master, Master; each step checked.
`,
  handset: HANDSET_USAGE,
  lab: `  ipdect lab up <fleet.yaml> [--group 1] [--state-dir .ipdect-lab/<name>] [--http-base 8080]
                [--air 127.0.0.1:17300] [--faults [--settle 30s]]
  ipdect lab inspect|graph|check|down|handsets [<fleet.yaml>] [--state-dir DIR] [--json] [--dot]
  ipdect lab faults <fleet.yaml> [--state-dir DIR] [--settle 30s]
  ipdect lab exec [--state-dir DIR] <device> <ctl command> [ctl options]
      A fleet file as a live lab of real processes (docs/user-guide.md "Labs: ipdect lab"). up starts every device
      as its own OS process on its 127.x address (--group N: N devices a process), HTTP on --http-base and HTTPS on
      the next port (Masters always alone), one ipdect air for radios with positions, one ipdect pbx per pbx: entry
      not under external:, one ipdect dns per DNS server the devices name, and last ipdect lab handsets for the
      file's handsets (the sim's handsets over real UDP to the radios); it returns once all listen. The state directory holds state.json (PIDs, command lines, addresses), each process's log and events.
      inspect lists devices, addresses, ports, PIDs, state, role and alarms (--json); graph draws the topology
      (--dot: Graphviz); exec runs ipdect ctl on a device by name; faults runs the file's faults in real time (stop
      = kill -9 of the device's process, start = the same process again on the same flash, partition/heal/loss =
      nftables rules on loopback, command = the HTTP API), then check: no radio on two Masters, every radio on its
      Master (exit 1 if not). down stops every process (SIGTERM, SIGKILL after 5 s) and removes the nft table.
`,
  "sync-tree": `  ipdect sync-tree <report.json> [--svg out.svg] [--region N]
      The Air Sync Overview of a PARI Master (§4.12.1) as a text tree per region; --svg also draws it. The file
      holds the overview itself (GET /api/sync) or an ipdect sim --report with a PARI Master's sync status.
`,
  pbx: PBX_USAGE,
  dns: DNS_USAGE,
  image: IMAGE_USAGE,
  "dhcp-probe": DHCP_PROBE_USAGE,
};

/** `ipdect --help`: every command. */
export const USAGE = `ipdect — IP-DECT infrastructure, as real nodes or simulated fleets

${Object.values(COMMAND_USAGE).join("")}  ipdect --version
      The version of ipdect.
${COMMON}`;

/** `ipdect <command> --help`. */
export const commandUsage = (command: string): string => `${COMMAND_USAGE[command]!}${COMMON}`;
