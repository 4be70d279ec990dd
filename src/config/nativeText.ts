/**
 * The device's native text form of a DeviceConfig: one command per line, as in a config backup (§4.14) or an
 * update-server command file (App. A, C, E).
 *
 * ```
 * # Standby Master with its own radio
 * config change DEV0 /name ipbs-north-2 /kind IPBS /mac 00:90:33:0a:0b:0c
 * config add IP0 ETH0 /addr 127.0.1.2 /mask 255.0.0.0
 * config add IP0 RT0 /gateway 127.0.0.1
 * config change DECT0 /sysname "Site North" /syspwd n0rth!
 * config change MASTER0 /mode standby /id 2 /primary 127.0.1.1
 * config change RADIO0 /master 127.0.1.1 /alt-master 127.0.1.2
 * config change POS0 /x 12.5 /y 4 /floor 1
 * config add NTP0 /addr 192.168.42.136
 * mod cmd UP1 check resetn serial002
 * config write
 * config activate
 * ```
 *
 * Modules this version models (names are this project's choice, except IP0 which follows App. J.2.1):
 * - `DEV0 /name <text> /kind IPBS|IPBL|IPVM /mac <mac> [/ntp …] [/update-url …] [/alarm-forward …] [/discovery <group>]`
 * - `IP0 ETH0 /addr <ipv4> [/mask <mask>] [/dns <ipv4>[:port]] [/dns2 <ipv4>[:port]]` and `IP0 RT0 /gateway <ipv4>`
 *   (the `:port` of a DNS server is this project's extension; the manual's DNS is always port 53)
 * - `DECT0 /sysname <text> /syspwd <password>` (§4.6.1)
 * - `MASTER0 /mode off|active|standby|mirror|deployment [/id <n>] [/primary <ipv4>] [/mirror-peer <ipv4>]
 *   [/probe-interval <ms>] [/master-lost <ms>] [/radio-lost <ms>]` (§4.6.19, §4.6.20)
 * - `GK0 [/protocol sip-udp|sip-tcp|sip-tls] /proxy <host[:port]> [/alt-proxy1 …] [/alt-proxy2 …] [/alt-proxy3 …]
 *   [/domain <name>] [/reg-ttl <s>] [/sub-ttl <s>] [/reg-number] [/reg-system-pw] [/max-internal <n>]
 *   [/intl-prefix <digits>] [/ignore-retry-after] [/redirection] [/instance-id] [/temp-failure 486|480|503]
 *   [/local-port <port>]` (§4.6.23, §4.7.1, §4.7.3.1): the gatekeeper; `/local-port` is always written
 * - `GK0ANON /name <text> /number <digits> [/deactivate-master]` (§4.6.24): Registration for Anonymous Devices
 * - `PARI0 [/sysid <1..296>] [/sari <sari>,<guest>,…]` (§4.6.21, §4.6.34, §4.6.35): the PARI function
 * - `RCFG0 [/ntp …] [/update-url …] [/alarm-forward …] [/mask …] [/gateway …] [/dns …] [/dns2 …]` (§4.6.33)
 * - `RADIO0 [/enable|/disable] [/master <ipv4>] [/alt-master <ipv4>] [/pari-master <ipv4>] [/alt-pari-master <ipv4>]
 *   [/region <0..249>] [/rfps <1..16>] [/cable <m>] [/rfp-error-rate <0..1>] [/heartbeat <ms>] [/master-lost <ms>]`
 *   (§4.6.31, §4.6.32)
 * - `POS0 /x <n> /y <n> [/floor <n>]`
 * - `LDAP0 /user <text> /password <text> [/write-access|/read-only] [/port <1..65535>]` (§4.5.1): the LDAP server
 * - `LDAPREP0 /type full|ad [/enable|/disable] [/server <host[:port]>] [/alt-server …] /user <text> /password <text>
 *   [/filter-type gateway|ldap /filter <text>] [/search-base <dn>] [/ad-filter <filter>] [/tls|/no-tls]` (§4.5.3)
 * - `LDAPIN0 /source <attribute> /pattern <text> [/description <text>]` and `LDAPOUT0 /dest <attribute> /value <text>`:
 *   one line per In Map and Out Map of an Active Directory replicator (§4.5.3.2), in order
 *
 * App. E's join line (`vars create CMD0/KCMD p <join …>…</join>`, kerberos/joinScript.ts) sets the Kerberos client's
 * servers and flags (KRBCLI0, KRBAS0) and becomes `kerberosJoin`, a join carried out once at the next start; it is
 * never written back (formatNativeText leaves it out, as it holds a password: docs/design.md "Kerberos joins").
 *
 * Parsing: `add` merges options, `change` replaces the module's options, `rem` resets options to their defaults
 * (`rem` with no option resets the module; for MASTER0/RADIO0/POS0/GK0 the role is then off). Values holding spaces
 * are double-quoted, `\"` and `\\` inside quotes. `mod …`, `vars …` and `config` lines of other modules are kept
 * verbatim (trimmed) in `extra`, in order, except App. C's user records (`mod cmd FLASHDIR0 add-view 101 cn=PBX0` and
 * the `add-item 101` lines after it, users/backupLines.ts), which become `users`. Blank lines and `#` comments are
 * dropped: they do not survive a round trip. `config write` and `config activate` are accepted anywhere and do not
 * change the model; readNativeText keeps them in order for whoever runs a command file.
 *
 * Formatting is canonical: modelled modules in the order above, options in the order above, options equal to
 * their default left out (as a device's own backup does), then `extra` verbatim, then the user records (App. C: "at
 * the end of the file"), then `config write` and `config activate`. So format(parse(text)) is stable and
 * parse(format(cfg)) equals cfg.
 */
import { formatBackupLines } from "../users/backupLines.js";
import { deviceFromObject } from "./deviceFromObject.js";
import type { DeviceConfig } from "./DeviceConfig.js";
import { foldNativeCommands } from "./nativeFold.js";
import { readNativeText } from "./nativeLine.js";
import { NATIVE_MODULES } from "./nativeModules.js";
import { sectionPath, type NativeModule } from "../core/config/nativeModule.js";
import { quoteValue } from "../core/config/nativeTokens.js";

/** Parses and validates a native text; every problem is a ConfigError with `source`, line and option. */
export function parseNativeText(text: string, source: string): DeviceConfig {
  const { value, locator, join } = foldNativeCommands(readNativeText(text, source), source);
  const cfg = deviceFromObject(value, locator);
  return join === undefined ? cfg : { ...cfg, kerberosJoin: join };
}

/** The canonical native text of `cfg`, ending with a line break. */
export function formatNativeText(cfg: DeviceConfig): string {
  const lines: string[] = [];
  for (const m of NATIVE_MODULES) lines.push(...formatModule(cfg, m));
  const users = cfg.users === undefined ? [] : formatBackupLines(cfg.users);
  lines.push(...cfg.extra, ...users, "config write", "config activate");
  return `${lines.join("\n")}\n`;
}

type Holder = Readonly<Record<string, unknown>>;

/** The lines of one module: none, one, or (a list module) one per item. */
function formatModule(cfg: DeviceConfig, m: NativeModule): string[] {
  let holder: unknown = cfg;
  for (const key of sectionPath(m)) holder = (holder as Holder | undefined)?.[key];
  if (holder === undefined) return [];
  if (m.list !== undefined) return (holder as readonly Holder[]).map((item) => formatLine(m, item));
  const line = formatLine(m, holder as Holder);
  return line === `config ${m.formatVerb} ${m.label}` && !m.always && m.section === undefined ? [] : [line];
}

function formatLine(m: NativeModule, holder: Holder): string {
  const words: string[] = [];
  for (const option of m.options) {
    const field = holder[option.field];
    const value = option.index === undefined ? field : (field as readonly unknown[] | undefined)?.[option.index];
    if (value === undefined || value === option.default || (Array.isArray(value) && value.length === 0)) continue;
    if (option.type === "flag") {
      if (value === option.flagValue) words.push(option.name);
    } else words.push(option.name, quoteValue(String(value)));
  }
  return ["config", m.formatVerb, m.label, ...words].join(" ");
}
