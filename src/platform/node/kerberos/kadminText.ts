import { IoError, StateError } from "../../../core/errors.js";
import { KerberosCode } from "../../../kerberos/errors.js";
import type { RunResult } from "./mitRun.js";

/**
 * Reading what kadmin and kadmin.local said. They exit 0 whether a query worked or not, and write the failure as
 * `<request>: <message> while <doing>` on stderr; the rest of stderr is chatter (prompts, "Authenticating as …").
 */

const CHATTER = [/^Authenticating as /, /^No policy specified/, /^WARNING: /, /^Enter password/, /^Re-enter password/];

/** The failure lines of a run, chatter left out. */
export function failures(r: RunResult): string[] {
  return r.stderr
    .split("\n")
    .map((l) => l.replace(/^.*?kadmin(\.local)?:\s+/, "").trim())
    .filter((l) => l !== "" && !CHATTER.some((c) => c.test(l)) && !/\(info\)/.test(l));
}

/** Throws the typed error of a failed kadmin query: a name taken or missing, or the tool's own failure. */
export function checkKadmin(r: RunResult, what: string): void {
  const lines = failures(r);
  if (r.code === 0 && lines.length === 0) return;
  const text = lines.join(" / ") || `exit code ${String(r.code)}`;
  if (/already exists/.test(text)) throw new StateError(KerberosCode.UserExists, `${what}: it exists already`);
  if (/does not exist/.test(text)) throw new StateError(KerberosCode.NoUser, `${what}: no such principal`);
  throw new IoError(KerberosCode.Tool, `${what}: ${text}`);
}

/** `getprinc` answers, one after the other, as principal → policy (no policy: undefined). */
export function policies(stdout: string): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  let current: string | undefined;
  for (const line of stdout.split("\n")) {
    const p = /^Principal: (\S+)$/.exec(line);
    if (p !== null) {
      current = p[1]!;
      out.set(current, undefined);
      continue;
    }
    const pol = /^Policy: (\S+)$/.exec(line);
    if (pol !== null && current !== undefined && pol[1] !== "[none]") out.set(current, pol[1]!);
  }
  return out;
}
