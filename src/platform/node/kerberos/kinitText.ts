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
