import type { Endpoint } from "../src/wire/Transport.js";
import type { DnsSection } from "./pbxSection.js";

/**
 * The fleet's `dns:` section as a dnsmasq configuration file: the same SRV and A records the sim's resolver answers
 * (SimDns.ts), served on `listen` only. No upstream, no /etc/hosts, no DHCP; `local=/#/` makes every other name
 * NXDOMAIN, as a zone holding only these records would (RFC 2782 SRV, RFC 1035 A). Names are checked by the fleet
 * reader (readDnsSection), so none can break a line.
 */
export function dnsmasqConf(dns: DnsSection, listen: Endpoint): string {
  const lines = [
    `listen-address=${listen.ip}`,
    `port=${listen.port}`,
    "bind-interfaces",
    "no-resolv",
    "no-hosts",
    "no-poll",
    "local=/#/",
  ];
  for (const r of dns.srv) lines.push(`srv-host=${r.service},${r.name},${r.port},${r.priority},${r.weight}`);
  // One host-record line per address: dnsmasq answers all of them for the name.
  for (const [host, ips] of dns.a) for (const ip of ips) lines.push(`host-record=${host},${ip}`);
  return lines.join("\n") + "\n";
}
