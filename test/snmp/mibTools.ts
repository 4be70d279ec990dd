import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's mibs/ folder. */
export const MIB_DIR = fileURLToPath(new URL("../../../mibs", import.meta.url));

/**
 * SNMPv2-SMI, -TC and -CONF: Debian ships no IETF MIBs (snmp-mibs-downloader is non-free); the npm net-snmp package,
 * our agent's library, carries them.
 */
export const STANDARD_MIB_DIR = join(
  dirname(createRequire(import.meta.url).resolve("net-snmp/package.json")),
  "lib/mibs",
);

/** Runs a net-snmp tool with IPDECT-MIB and the standard MIBs loaded; returns stdout. */
export function snmpTool(tool: string, args: readonly string[]): string {
  return execFileSync(tool, ["-M", `+${STANDARD_MIB_DIR}:${MIB_DIR}`, "-m", "+IPDECT-MIB", ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}
