import type { RealmRefusal } from "../../../auth/realm.js";

/**
 * The MIT client programs' failures (kinit, kvno, kadmin) as the refusals of a realm login (src/auth/realm.ts). The
 * texts are MIT's error table (krb5_err.et, kadm_err.et) in the C locale the tools run in.
 */
const RULES: readonly (readonly [RegExp, RealmRefusal, string])[] = [
  [
    /Clock skew too great/i,
    "clock-skew",
    "the clocks of this device and the Kerberos server differ too much: set NTP (§4.1.9)",
  ],
  [
    /Cannot (contact|find) any KDC|Cannot resolve network address|timed out|Connection refused|Communication failure|GSS-API \(or Kerberos\) error while initializing/i,
    "unreachable",
    "no Kerberos server answered (0x000c0406)",
  ],
  [
    /Password incorrect|Preauthentication failed|not found in Kerberos database while getting initial|Decrypt integrity check failed while getting initial|Client's credentials have been revoked/i,
    "credentials",
    "wrong user name or password",
  ],
  [
    /krbtgt\/[^ ]+ not found|No such file or directory.*krbtgt|KDC policy rejects request|Cannot find KDC for requested realm/i,
    "cross-realm",
    "no trust with that realm, or its trust passwords differ (0x000c0407)",
  ],
  [
    /Server .* not found in Kerberos database|No key table entry found|Key table entry not found|Key version number for principal in key table is incorrect|Decrypt integrity check failed|Key table file .* not found|Request is a replay/i,
    "not-joined",
    "this device's host principal is gone or its keys do not match: join the realm again (0x000c0403)",
  ],
];

export interface Refusal {
  readonly reason: RealmRefusal;
  readonly detail: string;
}

/** What a failed run said, or the message itself when no rule knows it (the login is refused either way). */
export function refusalOf(stderr: string): Refusal {
  for (const [pattern, reason, detail] of RULES) if (pattern.test(stderr)) return { reason, detail };
  const line = stderr.trim().split("\n").pop() ?? "";
  return { reason: "credentials", detail: `the Kerberos server refused: ${line}` };
}

/**
 * A failed `kvno` for a user of a trusted realm. The ticket for this device goes through the trust: the domain's KDC
 * issues a cross-realm TGT and this realm's KDC must decrypt it with the shared key, so a failure to get the ticket is
 * the trust's (absent on one side, or passwords that differ: "Decrypt integrity check failed while getting
 * credentials"), unless no server answered or the clocks differ. A ticket that came but does not fit the keytab is
 * still this device's membership (not-joined).
 */
export function trustRefusalOf(stderr: string): Refusal {
  const refusal = refusalOf(stderr);
  if (refusal.reason === "unreachable" || refusal.reason === "clock-skew") return refusal;
  if (!/while getting credentials/.test(stderr)) return refusal;
  const line = stderr.trim().split("\n").pop() ?? "";
  return {
    reason: "cross-realm",
    detail: `no ticket across the trust: it is missing on one side or its passwords differ (0x000c0407): ${line}`,
  };
}
