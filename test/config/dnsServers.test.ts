/**
 * `dns` and `dns2` (`config add IP0 ETH0 /dns … /dns2 …`, App. J.2.1) with this project's optional `:port`, and
 * dnsServers(): the resolver list a device uses.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConfigCode } from "../../src/core/config/configCodes.js";
import { DEFAULT_DNS_PORT, dnsServers, isDnsServer } from "../../src/core/config/dnsServers.js";
import { formatNativeText } from "../../src/config/nativeText.js";
import { assertConfigError, fromNative, fromYaml, YAML_BASE } from "./helpers.js";

const DEV = "config change DEV0 /name n /kind IPVM /mac 00:90:33:0a:0b:0c";

test("a DNS server is an IPv4 address as in App. J.2.1, or ip:port (our extension; the manual's DNS is port 53)", () => {
  assert.equal(DEFAULT_DNS_PORT, 53);
  for (const good of ["192.168.0.1", "127.0.0.1:5353", "127.0.0.1:1", "127.0.0.1:65535", "127.0.0.1:53"])
    assert.ok(isDnsServer(good), good);
  for (const bad of [
    "",
    "dns.example.com",
    "dns.example.com:53",
    "127.0.0.1:",
    "127.0.0.1:0",
    "127.0.0.1:65536",
    "127.0.0.1:053",
    "127.0.0.1:5353:1",
    ":53",
    "1.2.3",
  ])
    assert.ok(!isDnsServer(bad), bad);
});

test("dns and dns2 with a port round-trip through the native text (IP0 ETH0 /dns, /dns2) and YAML", () => {
  const text = `${DEV}\nconfig add IP0 ETH0 /addr 127.0.0.2 /dns 127.0.0.1:5353 /dns2 127.0.0.3\nconfig change DECT0\nconfig write\nconfig activate\n`;
  const cfg = fromNative(text);
  assert.equal(cfg.dns, "127.0.0.1:5353");
  assert.equal(cfg.dns2, "127.0.0.3");
  assert.equal(formatNativeText(cfg), text);
  assert.equal(fromYaml(`${YAML_BASE}dns: 127.0.0.1:5353\n`).dns, "127.0.0.1:5353");
});

test("a bad DNS server names its field and says a port may follow", () => {
  const e = assertConfigError(() => fromYaml(`${YAML_BASE}dns2: '127.0.0.1:0'\n`), {
    code: ConfigCode.Ipv4,
    line: 5,
    field: "dns2",
  });
  assert.match(e.message, /optionally with :port/);
  assertConfigError(() => fromNative(`${DEV}\nconfig add IP0 ETH0 /addr 127.0.0.2 /dns ns1.example.com\n`), {
    code: ConfigCode.Ipv4,
    line: 2,
    field: "IP0 ETH0 /dns",
    source: "test.txt",
  });
  // The Radio Config page pushes plain addresses to radios (§4.6.33): no port there.
  assertConfigError(
    () => fromYaml(`${YAML_BASE}master: { mode: active }\npari: {}\nradioConfig: { dns: '127.0.0.1:5353' }\n`),
    { code: ConfigCode.Ipv4, line: 7, field: "radioConfig.dns" },
  );
});

test("dnsServers lists dns then dns2, as configured, and nothing when neither is set", () => {
  assert.deepEqual(dnsServers(fromYaml(YAML_BASE)), []);
  assert.deepEqual(dnsServers(fromYaml(`${YAML_BASE}dns2: 127.0.0.3\n`)), ["127.0.0.3"]);
  assert.deepEqual(dnsServers(fromYaml(`${YAML_BASE}dns2: 127.0.0.3\ndns: 127.0.0.1:5353\n`)), [
    "127.0.0.1:5353",
    "127.0.0.3",
  ]);
});
