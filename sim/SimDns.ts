import { IpdectError } from "../src/core/errors.js";
import type { SipResolver } from "../src/sip/ProxyPlan.js";
import type { DnsSection } from "./pbxSection.js";
import { SimCode } from "./errors.js";

/**
 * The fleet's DNS (the `dns:` section): what a device with DNS servers configured gets when it looks up its proxies.
 * A name without SRV records has none; a name without A records does not resolve.
 */
export function simResolver(dns: DnsSection | undefined): SipResolver {
  return {
    srv: async (name) => {
      const n = name.toLowerCase();
      return (dns?.srv ?? []).filter((r) => r.service === n).map(({ service: _s, ...r }) => r);
    },
    a: async (name) => {
      const ips = dns?.a.get(name.toLowerCase());
      if (ips === undefined) throw new IpdectError(SimCode.DnsNotFound, `${name} does not resolve (fleet dns section)`);
      return [...ips];
    },
  };
}
