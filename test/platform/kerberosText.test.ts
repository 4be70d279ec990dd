import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { refusalOf, trustRefusalOf } from "../../src/platform/node/kerberos/kinitText.js";
import { clientKrb5Conf } from "../../src/platform/node/kerberos/mitConf.js";

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

describe("a user of a trusted realm (§4.1.8.9, §4.1.8.10)", () => {
  const cases: [string, string][] = [
    // The device's KDC cannot decrypt the domain's cross-realm TGT: the trust passwords differ.
    ["kvno: Decrypt integrity check failed while getting credentials for host/x@R", "cross-realm"],
    ["kvno: Server not found in Kerberos database while getting credentials for host/x@R", "cross-realm"],
    ["kvno: Cannot contact any KDC for realm 'R' while getting credentials for host/x@R", "unreachable"],
    // The ticket came across the trust but does not fit this device's keytab: its own membership.
    ["kvno: Decrypt integrity check failed while decrypting ticket for host/x@R", "not-joined"],
  ];
  for (const [message, reason] of cases)
    test(`${reason}: ${message}`, () => assert.equal(trustRefusalOf(message).reason, reason));

  test("the client's krb5.conf leads each other realm to the joined one directly ([capaths])", () => {
    const row = (realm: string, address: string) => ({
      realm,
      address,
      port: 88,
      adminPort: 749,
      secondaryPort: 88,
      secondaryAdminPort: 749,
    });
    const conf = clientKrb5Conf([row("IPDECT.TEST", "10.0.0.1"), row("WINAD.TEST", "10.0.0.77")], "IPDECT.TEST", true);
    const capaths = conf.slice(conf.indexOf("[capaths]"));
    assert.equal(
      capaths,
      "[capaths]\n IPDECT.TEST = {\n  WINAD.TEST = .\n }\n WINAD.TEST = {\n  IPDECT.TEST = .\n }\n",
    );
    assert.ok(!clientKrb5Conf([row("IPDECT.TEST", "10.0.0.1")], "IPDECT.TEST", false).includes("[capaths]"));
  });
});
