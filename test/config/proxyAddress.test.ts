/** parseProxyAddress and isDnsName: the `host[:port]` of §4.6.23 steps 5 and 6 (Proxy, Alt. Proxy 1..3). */
import assert from "node:assert/strict";
import { test } from "node:test";

import { isDnsName } from "../../src/core/config/dnsName.js";
import { parseProxyAddress } from "../../src/sip/proxyAddress.js";
import { DecodeError } from "../../src/core/errors.js";

test("parseProxyAddress: host, optional port, and whether the host is an IPv4 address (§4.6.23 step 5)", () => {
  assert.deepEqual(parseProxyAddress("127.0.0.1"), { host: "127.0.0.1", isIp: true });
  assert.deepEqual(parseProxyAddress("127.0.0.1:5070"), { host: "127.0.0.1", port: 5070, isIp: true });
  assert.deepEqual(parseProxyAddress("proxy1.example.com:5060"), {
    host: "proxy1.example.com",
    port: 5060,
    isIp: false,
  });
  assert.deepEqual(parseProxyAddress("pbx"), { host: "pbx", isIp: false });
  assert.deepEqual(parseProxyAddress("a:1"), { host: "a", port: 1, isIp: false });
  assert.deepEqual(parseProxyAddress("a:65535"), { host: "a", port: 65535, isIp: false });
  assert.deepEqual(parseProxyAddress("9pbx.example.com"), { host: "9pbx.example.com", isIp: false });
  assert.deepEqual(parseProxyAddress("sip:5060"), { host: "sip", port: 5060, isIp: false });
});

test("parseProxyAddress refuses anything else with a DecodeError that says why", () => {
  const cases: [string, RegExp][] = [
    ["", /the host is missing/],
    [":5060", /the host is missing/],
    ["pbx:0", /the port must be a number from 1 to 65535, got "0"/],
    ["pbx:65536", /the port must be/],
    ["pbx:05060", /the port must be/],
    ["pbx:+5060", /the port must be/],
    ["pbx:", /the port must be/],
    ["pbx:50:60", /the host must be an IPv4 address/],
    ["[::1]:5060", /IPv6 addresses are not supported/],
    ["::1", /IPv6 addresses are not supported/],
    ["sip:pbx.example.com", /without a URI scheme/],
    ["sips:pbx.example.com:5061", /without a URI scheme/],
    ["http://pbx", /without a URI scheme/],
    ["1.2.3", /the host must be/],
    ["127.0.0.01", /the host must be/],
    ["pbx..example.com", /the host must be/],
    ["pbx.example.com.", /the host must be/],
    ["-pbx", /the host must be/],
    ["pbx-", /the host must be/],
    ["p b x", /the host must be/],
    ["pbx_1", /the host must be/],
  ];
  for (const [text, why] of cases) {
    assert.throws(
      () => parseProxyAddress(text),
      (e: unknown) => e instanceof DecodeError && e.code === "PROXY_ADDRESS" && why.test(e.message),
      text,
    );
  }
});

test("isDnsName: RFC 1123 labels of 1..63 characters, at most 253 characters, not all-numeric at the end", () => {
  const label63 = "a".repeat(63);
  assert.ok(isDnsName(label63));
  assert.ok(!isDnsName("a".repeat(64)));
  const name253 = [label63, label63, label63, "a".repeat(61)].join(".");
  assert.equal(name253.length, 253);
  assert.ok(isDnsName(name253));
  assert.ok(!isDnsName(`${name253}a`));
  assert.ok(isDnsName("x-1.example.com"));
  assert.ok(isDnsName("1x.2y"));
  for (const bad of ["", ".", "a.", ".a", "a..b", "1.2.3.4", "a.123", "-a", "a-", "a_b", "ä.com"])
    assert.ok(!isDnsName(bad), bad);
});
