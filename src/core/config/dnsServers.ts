import { isIpv4 } from "./ipv4.js";

/** App. H: a DNS server answers on UDP port 53; `dns`/`dns2` without a port mean this one. */
export const DEFAULT_DNS_PORT = 53;

/**
 * A DNS server as `dns`/`dns2` hold it: an IPv4 address (`config add IP0 ETH0 /dns …`, App. J.2.1), or this
 * project's extension `ip:port` with a port 1..65535 (`127.0.0.1:5353`: a test's dnsmasq on a loopback high port).
 */
export function isDnsServer(text: string): boolean {
  const m = /^([^:]+)(?::([1-9]\d{0,4}))?$/.exec(text);
  return m !== null && isIpv4(m[1]!) && (m[2] === undefined || Number(m[2]) <= 65535);
}

/**
 * The configured DNS servers, `dns` first and then `dns2`, each `ip` or `ip:port` as written (the form Node's
 * `dns.Resolver#setServers` takes); empty when neither is set.
 */
export function dnsServers(cfg: { readonly dns?: string; readonly dns2?: string }): string[] {
  return [cfg.dns, cfg.dns2].filter((s): s is string => s !== undefined);
}
