import type { DeviceConfig } from "../src/config/DeviceConfig.js";
import type { Path } from "../src/core/config/Locator.js";
import { parseProxyAddress } from "../src/sip/proxyAddress.js";
import type { GatekeeperSettings } from "../src/sip/settings.js";
import { SimCode, type FleetCode } from "./errors.js";
import type { HandsetSection } from "./handsetSection.js";
import type { DnsSection, PbxConfig } from "./pbxSection.js";

/** What the check reads of the fleet file. */
export interface AuthRefs {
  /** The devices read without errors, with their index in `devices` (fleetReferences.ts `Entry`). */
  readonly entries: readonly { readonly device: DeviceConfig; readonly index: number }[];
  readonly pbx: readonly PbxConfig[];
  readonly dns?: DnsSection;
  readonly handsets?: HandsetSection;
}

/** A user as the gatekeeper will register it: its Number and password (§4.6.23). */
interface SipUser {
  readonly number: string;
  readonly password: string | undefined;
}

/** How many users an error names before "and N more". */
const NAMED = 3;

/**
 * Users with no way to authenticate to a PBX of the file (docs/user-guide.md "SIP registration of the users"): every
 * Master with a gatekeeper registers its subscribed users (a Standby its primary's too, and the lab handsets') with
 * the PBXs its Proxy and Alt. Proxies reach, and every PBX of the file wants a password (`password`, `passwordPrefix`
 * + Auth Name, or the Auth Name). A user without one would get 401 twice and 0x00030202 forever, so the file is
 * refused, once per device or handset group and PBX. A wrong password is allowed: a lab may want to see the 401s.
 */
export function checkPbxAuth(
  refs: AuthRefs,
  place: (path: Path) => string,
  report: (path: Path, code: FleetCode, msg: string) => void,
): void {
  const byIp = new Map(refs.entries.map((e) => [e.device.ip, e.device]));
  const reported = new Set<string>();
  for (const { device: d, index } of refs.entries) {
    const gk = d.gatekeeper;
    // With registerWithSystemPassword every user sends the DECT system password, which always exists (§4.6.1).
    if (gk === undefined || d.master === undefined || gk.registerWithSystemPassword) continue;
    const pbxs = reachedPbxs(gk, refs);
    if (pbxs.length === 0) continue;
    const primary = d.master.primary === undefined ? undefined : byIp.get(d.master.primary);
    // A Standby registers its primary's users only when it takes over: they are the primary's error, if it registers.
    const copied = primary === undefined || primary.gatekeeper !== undefined ? [] : configUsers(primary);
    const own = [...configUsers(d), ...copied];
    const without = own.filter((u) => (u.password ?? "") === "").map((u) => u.number);
    const [first] = pbxs;
    if (first === undefined) continue;
    const wants = `${first.pbx.name} wants ${rule(first.pbx, first.at, place)}`;
    if (without.length > 0)
      report(
        ["devices", index, "gatekeeper"],
        SimCode.FleetPbxAuth,
        `${count(without)} registered by ${d.name} have no password, and ${wants}: give them one`,
      );
    refs.handsets?.groups.forEach((g, gi) => {
      if (g.password !== undefined || reported.has(`group${gi}`)) return;
      reported.add(`group${gi}`);
      report(
        ["handsets", "groups", gi],
        SimCode.FleetPbxAuth,
        `the ${g.count} users of this group have no password, ${d.name} registers them and ${wants}: give the group ${first.pbx.password === undefined ? "passwordPrefix" : "password"} as the PBX has it`,
      );
    });
  }
}

/** Which password a PBX checks (sim/SimPbx.ts), and where the file says so; never the password itself. */
function rule(pbx: PbxConfig, at: number, place: (path: Path) => string): string {
  if (pbx.password !== undefined) return `one password for all, as ${place(["pbx", at, "password"])} says`;
  if (pbx.passwordPrefix !== undefined)
    return `passwordPrefix + Auth Name, as ${place(["pbx", at, "passwordPrefix"])} says`;
  return `the Auth Name as password, since ${place(["pbx", at])} has no password or passwordPrefix`;
}

function count(numbers: readonly string[]): string {
  const named = numbers.slice(0, NAMED).join(", ");
  const more = numbers.length > NAMED ? ` and ${numbers.length - NAMED} more` : "";
  return `${numbers.length === 1 ? "user" : `${numbers.length} users`} ${named}${more}`;
}

/** The subscribed users of a device's `users` section: the ones its gatekeeper registers. */
function configUsers(d: DeviceConfig): SipUser[] {
  return (d.users ?? []).filter((u) => u.subs !== undefined).map((u) => ({ number: u.number, password: u.password }));
}

/** The PBXs of the file a gatekeeper's Proxy and Alt. Proxies reach: by address, or through the file's DNS. */
function reachedPbxs(gk: GatekeeperSettings, refs: AuthRefs): { pbx: PbxConfig; at: number }[] {
  const ips = new Set<string>();
  for (const text of [gk.proxy, ...gk.altProxies]) {
    const { host, isIp } = parseProxyAddress(text);
    if (isIp) ips.add(host);
    else for (const ip of resolve(host, refs.dns)) ips.add(ip);
  }
  return refs.pbx.flatMap((pbx, at) => (ips.has(pbx.ip) ? [{ pbx, at }] : []));
}

/** Every address the file's DNS gives a name: its SRV targets' A records (any service of the name) and its own. */
function resolve(host: string, dns: DnsSection | undefined): string[] {
  if (dns === undefined) return [];
  const name = host.toLowerCase();
  const targets = dns.srv.filter((r) => r.service.endsWith(`.${name}`)).map((r) => r.name);
  return [name, ...targets].flatMap((n) => dns.a.get(n) ?? []);
}
