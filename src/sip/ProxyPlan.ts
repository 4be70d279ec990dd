import type { GatekeeperSettings, SipProtocol } from "./settings.js";
import { parseProxyAddress } from "./proxyAddress.js";
import { IpdectError } from "../core/errors.js";
import type { Rng } from "../core/Rng.js";
import { srvOrder, type SrvRecord } from "./srv.js";
import { targetKey, type SipTarget, type SipTransportName } from "./target.js";
import { SipCode } from "./errors.js";

/** How a device looks up names (§4.1 DNS settings): the node world asks DNS servers, the sim a table. */
export interface SipResolver {
  /** SRV records of `name`; none when the name has no SRV records. Throws when DNS does not answer. */
  srv(name: string): Promise<SrvRecord[]>;
  /** IPv4 addresses of `name`. Throws when the name does not resolve. */
  a(name: string): Promise<string[]>;
}

/** A configured proxy (Proxy or Alt. Proxy n) as resolved: fixed addresses, or the SRV set of a domain (App. D.2). */
type PlanEntry =
  | { readonly kind: "fixed"; readonly targets: readonly SipTarget[] }
  | { readonly kind: "srv"; readonly records: readonly SrvRecord[]; readonly addresses: ReadonlyMap<string, string[]> };

export const transportOf = (p: SipProtocol): SipTransportName =>
  p === "sip-udp" ? "udp" : p === "sip-tcp" ? "tcp" : "tls";

/** RFC 3263 §4.2 service names. */
const SRV_PREFIX: Record<SipTransportName, string> = { udp: "_sip._udp.", tcp: "_sip._tcp.", tls: "_sips._tcp." };
const DEFAULT_PORT: Record<SipTransportName, number> = { udp: 5060, tcp: 5060, tls: 5061 };

/**
 * Where the registrations go: Proxy, then Alt. Proxy 1..3 (manual 003 §4.6.23 step 5–6). An IP address is used as
 * given. A DNS name with a port is looked up as an A record; a DNS name without a port is first looked up as SRV
 * (RFC 3263 §4.2, App. D.2), and as an A record on the default port when it has no SRV records.
 */
export class ProxyPlan {
  readonly #entries: readonly PlanEntry[];
  readonly #transport: SipTransportName;

  private constructor(entries: readonly PlanEntry[], transport: SipTransportName) {
    this.#entries = entries;
    this.#transport = transport;
  }

  static async resolve(settings: GatekeeperSettings, resolver: SipResolver | undefined): Promise<ProxyPlan> {
    const transport = transportOf(settings.protocol);
    const entries: PlanEntry[] = [];
    for (const text of [settings.proxy, ...settings.altProxies]) {
      const addr = parseProxyAddress(text);
      const port = addr.port ?? DEFAULT_PORT[transport];
      if (addr.isIp) {
        entries.push({ kind: "fixed", targets: [{ ip: addr.host, port, transport }] });
        continue;
      }
      if (resolver === undefined)
        throw new IpdectError(SipCode.SipNoDns, `${text}: a DNS name needs DNS servers (IP0 /dns)`, { field: text });
      const records = addr.port === undefined ? await resolver.srv(SRV_PREFIX[transport] + addr.host) : [];
      if (records.length > 0) {
        const addresses = new Map<string, string[]>();
        for (const r of records) if (!addresses.has(r.name)) addresses.set(r.name, await resolver.a(r.name));
        entries.push({ kind: "srv", records, addresses });
      } else {
        const ips = await resolver.a(addr.host);
        entries.push({ kind: "fixed", targets: ips.map((ip) => ({ ip, port, transport })) });
      }
    }
    return new ProxyPlan(entries, transport);
  }

  /** Every address of the Proxy and the Alt. Proxies as resolved: where the PBX's requests come from. */
  addresses(): Set<string> {
    const out = new Set<string>();
    for (const e of this.#entries)
      if (e.kind === "fixed") for (const t of e.targets) out.add(t.ip);
      else for (const ips of e.addresses.values()) for (const ip of ips) out.add(ip);
    return out;
  }

  /**
   * One user's targets in the order to try them. SRV sets are ordered per user by RFC 2782 weighted choice, so the
   * users split across equal-priority proxies by weight, and each has a primary and a secondary (App. D.2.1).
   */
  targetsFor(rng: Rng): SipTarget[] {
    const out: SipTarget[] = [];
    const seen = new Set<string>();
    const add = (t: SipTarget) => {
      const k = targetKey(t);
      if (seen.has(k)) return;
      out.push(t);
      seen.add(k);
    };
    for (const e of this.#entries) {
      if (e.kind === "fixed") e.targets.forEach(add);
      else
        for (const r of srvOrder(e.records, rng))
          for (const ip of e.addresses.get(r.name) ?? []) add({ ip, port: r.port, transport: this.#transport });
    }
    return out;
  }
}
