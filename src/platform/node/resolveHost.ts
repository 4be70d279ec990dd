import { promises as dns } from "node:dns";
import { isIpv4 } from "../../core/config/ipv4.js";

/**
 * A server's IPv4 address from its host (seed 002 "URL": a provisioning server may be named, e.g.
 * `tftp://provisioning.test.com`): an address as it is, a name through the host's resolver (node's `lookup`, as
 * HTTP requests resolve).
 */
export async function resolveHost(host: string): Promise<string> {
  if (isIpv4(host)) return host;
  return (await dns.lookup(host, { family: 4 })).address;
}
