import { parseArgs } from "node:util";
import { parseDuration } from "../core/duration.js";
import { IpdectError } from "../core/errors.js";
import { DEFAULT_DHCP_TIMEOUT_MS, requestLease, type DhcpLease } from "../platform/node/dhcpClient.js";
import type { VendorOptions } from "../update/dhcpOptions.js";
import { dhcpUpdateOptions } from "../update/dhcpUpdate.js";
import { CliCode } from "./errors.js";

export const DHCP_PROBE_USAGE = `  ipdect dhcp-probe <interface> [--timeout 10s] [--json]
      Asks the network on <interface> for a DHCP lease (DISCOVER, OFFER, REQUEST, ACK; RFC 2131) and prints it: the
      address, mask, routers, DNS and NTP servers, options 66 and 67, and the vendor options of App. I.3 (215 Update
      URL, 216 Update Poll Interval, …). It does not configure the interface. Needs UDP port 68 (root, or a network
      namespace) and the broadcast 255.255.255.255 routed out of <interface> (docs/user-guide.md "DHCP options").
      Exit code 2: no such interface, no answer, or an answer that does not decode.
`;

/** App. I.3's rows, in the table's order: option number, name, the field of `VendorOptions`, and a unit. */
const VENDOR_ROWS: readonly (readonly [number, string, keyof VendorOptions, string?])[] = [
  [200, "H323 gatekeeper", "gatekeepers"],
  [201, "H323 gatekeeper id", "gatekeeperId"],
  [202, "POSIX TZ", "posixTz"],
  [203, "Default coder", "defaultCoder"],
  [206, "VLAN ID", "vlanId"],
  [207, "VLAN Priority", "vlanPriority"],
  [208, "TOS Bits", "tosBits"],
  [209, "Enbloc dialling", "enblocSeconds", "s"],
  [210, "Dialtone type", "dialtoneType"],
  [211, "Faststart", "faststart"],
  [212, "H245-Tunnelling", "h245Tunnelling"],
  [215, "Update URL", "updateUrl"],
  [216, "Update Poll Interval", "updatePollMinutes", "min"],
  [250, "Server Identifier object id", "serverOid"],
];

/** `ipdect dhcp-probe <interface>`: what a device on that network would get from DHCP (App. I). */
export async function dhcpProbe(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { timeout: { type: "string" }, json: { type: "boolean", default: false } },
  });
  if (positionals.length !== 1)
    throw new IpdectError(CliCode.Usage, "ipdect dhcp-probe needs one network interface, e.g. ipdect dhcp-probe eth0");
  const timeout = values.timeout === undefined ? DEFAULT_DHCP_TIMEOUT_MS : parseDuration(values.timeout, "--timeout");
  if (timeout <= 0) throw new IpdectError(CliCode.Usage, "--timeout must be longer than 0");
  const lease = await requestLease(positionals[0]!, timeout);
  const update = dhcpUpdateOptions(lease.options);
  process.stdout.write(values.json ? `${JSON.stringify({ ...lease, update }, null, 2)}\n` : leaseText(lease));
  return 0;
}

function leaseText(l: DhcpLease): string {
  const o = l.options;
  const rows: [string, string | undefined][] = [
    ["address", l.address],
    ["subnet mask (1)", l.subnetMask],
    ["routers (3)", l.routers.join(", ")],
    ["DNS servers (6)", l.dnsServers.join(", ")],
    ["NTP servers (42)", o.ntpServers.join(", ")],
    ["TFTP server name (66)", o.tftpServer],
    ["bootfile name (67)", o.bootfile],
    ["lease", l.leaseSeconds === undefined ? undefined : `${l.leaseSeconds} s`],
  ];
  for (const [code, name, key, unit] of VENDOR_ROWS) {
    const v = o.vendor[key];
    if (v !== undefined)
      rows.push([`${name} (${code})`, `${Array.isArray(v) ? v.join(", ") : String(v)}${unit ? ` ${unit}` : ""}`]);
  }
  const shown = rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== "");
  const width = Math.max(...shown.map(([k]) => k.length));
  return (
    `DHCP lease on ${l.interface} (${l.mac}) from ${l.serverId}\n` +
    shown.map(([k, v]) => `  ${k.padEnd(width)}  ${v}\n`).join("")
  );
}
