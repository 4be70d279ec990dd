import { formatTable } from "../src/core/textTable.js";
import type { RegistrationState, RegistrationStatus } from "../src/sip/registration.js";

/** One user's SIP registration at the end of a run, as the sim report says it (§4.6.23). */
export interface SipUserReport {
  /** the user's Number */
  readonly user: string;
  readonly state: RegistrationState;
  /** The Master that registers the user: the one that holds the binding, else the one serving. */
  readonly master: string;
  /** The PBX (its fleet name, else `udp:ip:port`) of the binding, or of the last REGISTER when not registered. */
  readonly proxy?: string;
  readonly status?: number;
  /** Why it is not registered (the last answer, or no answer). */
  readonly reason?: string;
}

/** Every registering user of the fleet, by Number; and the same grouped by outcome, largest group first. */
export interface SipReport {
  readonly users: readonly SipUserReport[];
  readonly outcomes: readonly SipOutcome[];
}

/** Users with the same state, Master, proxy and answer. */
export interface SipOutcome {
  readonly count: number;
  readonly state: RegistrationState;
  readonly master: string;
  readonly proxy?: string;
  readonly status?: number;
  readonly reason?: string;
  /** the first few users' Numbers */
  readonly users: readonly string[];
}

/** A Master with a gatekeeper, as the report reads it. */
export interface SipMasterView {
  readonly name: string;
  /** Its gatekeeper registers users (mode `serving`) */
  readonly serving: boolean;
  readonly registrations: readonly RegistrationStatus[];
}

/** How many Numbers an outcome lists. */
const LISTED = 5;

/**
 * Where each user is registered and why not (docs/user-guide.md "PBXs and DNS in a fleet"): a user registered at
 * some Master is reported there; one registered nowhere is reported as the serving Master (else the first) sees it.
 * `pbxName` turns `udp:10.0.9.1:5060` into the fleet's PBX name.
 */
export function sipReport(
  masters: readonly SipMasterView[],
  pbxName: (target: string) => string | undefined,
): SipReport | undefined {
  if (masters.length === 0) return undefined;
  const order = [...masters].sort((a, b) => Number(b.serving) - Number(a.serving));
  const byUser = new Map<string, SipUserReport>();
  for (const m of order)
    for (const r of m.registrations) {
      const seen = byUser.get(r.number);
      if (seen !== undefined && (seen.state === "registered" || r.state !== "registered")) continue;
      byUser.set(r.number, userOf(m.name, r, pbxName));
    }
  const users = [...byUser.values()].sort((a, b) => compareNumbers(a.user, b.user));
  return { users, outcomes: group(users) };
}

function userOf(master: string, r: RegistrationStatus, pbxName: (target: string) => string | undefined): SipUserReport {
  const at = r.state === "registered" ? r.target : (r.lastProxy ?? r.target);
  return {
    user: r.number,
    state: r.state,
    master,
    ...(at === undefined ? {} : { proxy: pbxName(at) ?? at }),
    ...(r.lastStatus === undefined ? {} : { status: r.lastStatus }),
    ...(r.state === "registered" || r.reason === undefined ? {} : { reason: r.reason }),
  };
}

function group(users: readonly SipUserReport[]): SipOutcome[] {
  const groups = new Map<string, { first: SipUserReport; numbers: string[] }>();
  for (const u of users) {
    const key = JSON.stringify([u.state, u.master, u.proxy, u.state === "registered" ? 0 : u.status, u.reason]);
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { first: u, numbers: [u.user] });
    else g.numbers.push(u.user);
  }
  return [...groups.values()]
    .map(({ first: u, numbers }) => ({
      count: numbers.length,
      state: u.state,
      master: u.master,
      ...(u.proxy === undefined ? {} : { proxy: u.proxy }),
      ...(u.status === undefined || u.state === "registered" ? {} : { status: u.status }),
      ...(u.reason === undefined ? {} : { reason: u.reason }),
      users: numbers.slice(0, LISTED),
    }))
    .sort((a, b) => b.count - a.count || compareNumbers(a.users[0]!, b.users[0]!));
}

/**
 * The report's SIP part as text: a line of totals, then one row per outcome, e.g. "298 registered at pbx1 via
 * master" and "2 failed at pbx1 via master: 401 Unauthorized … (1002, 1003)".
 */
export function sipSummary(r: SipReport): string {
  const counts = new Map<RegistrationState, number>();
  for (const o of r.outcomes) counts.set(o.state, (counts.get(o.state) ?? 0) + o.count);
  const totals = [...counts].map(([state, n]) => `${n} ${state}`).join(", ");
  const rows = [["users", "state", "proxy", "master", "why", "numbers"]];
  for (const o of r.outcomes) {
    const more = o.count > o.users.length ? ` and ${o.count - o.users.length} more` : "";
    rows.push([String(o.count), o.state, o.proxy ?? "", o.master, o.reason ?? "", o.users.join(", ") + more]);
  }
  return `SIP registrations (§4.6.23)\n${r.users.length} users: ${totals}\n${formatTable(rows)}\n`;
}

/** Numbers in numeric order when both are digits, else as text. */
function compareNumbers(a: string, b: string): number {
  return /^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length ? a.length - b.length : a.localeCompare(b);
}
