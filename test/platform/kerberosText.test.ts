import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { refusalOf } from "../../src/platform/node/kerberos/kinitText.js";

/** MIT's messages (C locale) as realm refusals (src/auth/realm.ts). */
describe("MIT client messages → refusals of a realm login (§4.1.8.7, §6.2)", () => {
  const cases: [string, string][] = [
    ["kinit: Password incorrect while getting initial credentials", "credentials"],
    ["kinit: Client 'zed@R' not found in Kerberos database while getting initial credentials", "credentials"],
    ["kinit: Cannot contact any KDC for realm 'R' while getting initial credentials", "unreachable"],
    ["kadmin: Communication failure with server while initializing kadmin interface", "unreachable"],
    ["kvno: Server host/x@R not found in Kerberos database while getting credentials for host/x@R", "not-joined"],
    ["kvno: Decrypt integrity check failed while decrypting ticket for host/x@R", "not-joined"],
    ["kvno: Server krbtgt/R@AD not found in Kerberos database while getting credentials for host/x@R", "cross-realm"],
    ["kinit: Clock skew too great while getting initial credentials", "clock-skew"],
  ];
  for (const [message, reason] of cases)
    test(`${reason}: ${message}`, () => assert.equal(refusalOf(message).reason, reason));

  test("a clock skew says that time (NTP, §4.1.9) is the cause", () => {
    assert.match(refusalOf("kinit: Clock skew too great while getting initial credentials").detail, /NTP \(§4\.1\.9\)/);
  });
});
