import { promises as dns } from "node:dns";
import type { SipResolver } from "../../sip/ProxyPlan.js";

/** A name that exists without records of the asked type, or does not exist: no records, not a failure. */
const NO_RECORDS = new Set(["ENODATA", "ENOTFOUND"]);

/**
 * Name lookups for the gatekeeper through the device's DNS servers (IP0 `/dns`, `/dns2`; `ip[:port]`). Each query
 * waits at most 2 s per server and tries twice, so a dead DNS server is reported within seconds.
 */
export function dnsResolver(servers: readonly string[]): SipResolver {
  const r = new dns.Resolver({ timeout: 2000, tries: 2 });
  r.setServers([...servers]);
  return {
    srv: async (name) => {
      try {
        return (await r.resolveSrv(name)).map((s) => ({
          name: s.name,
          port: s.port,
          priority: s.priority,
          weight: s.weight,
        }));
      } catch (err) {
        if (NO_RECORDS.has((err as NodeJS.ErrnoException).code ?? "")) return [];
        throw err;
      }
    },
    a: (name) => r.resolve4(name),
  };
}
