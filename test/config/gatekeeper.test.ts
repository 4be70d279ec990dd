/**
 * The `gatekeeper` section (§4.6.23 Configure Gatekeeper, §4.6.24 Registration for Anonymous Devices, §4.7.1 SIP
 * options, §4.7.3.1 SIP Response Mappings) on both faces: YAML and the native modules GK0 and GK0ANON. One test per
 * rule; every error names its line and field.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConfigCode } from "../../src/core/config/configCodes.js";
import {
  DEFAULT_REGISTRATION_TTL_S,
  DEFAULT_SIP_PORT,
  DEFAULT_SIPS_PORT,
  DEFAULT_SUBSCRIPTION_TTL_S,
  gatekeeperFromObject,
  type GatekeeperSettings,
} from "../../src/sip/settings.js";
import { deviceToObject } from "../../src/config/deviceToObject.js";
import { formatNativeText } from "../../src/config/nativeText.js";
import { formatYaml } from "../../src/core/config/yamlSource.js";
import { loadDeviceConfigs } from "../../src/config/loadDeviceConfigs.js";
import { type DeviceConfig } from "../../src/config/DeviceConfig.js";
import { ConfigError } from "../../src/core/errors.js";
import { assertConfigError, fromNative, fromYaml, NATIVE_BASE, YAML_BASE } from "./helpers.js";

const yaml = (field: string, line: number | undefined, code: string) => ({ code, line, field });
const native = (field: string, line: number | undefined, code: string) => ({ code, line, field, source: "test.txt" });

/** Lines 1-6 of every YAML case: a Master, then `gatekeeper:` at line 7; its keys start at line 8. */
const MASTER_YAML = `${YAML_BASE}master:\n  mode: active\ngatekeeper:\n`;
const withGk = (body: string) => fromYaml(`${MASTER_YAML}${body}`);
/** A gatekeeper section of one flow mapping at line 8. */
const gk = (fields: string) => withGk(`  { proxy: 127.0.0.1:5070${fields === "" ? "" : `, ${fields}`} }\n`);
/** Lines 1-3 of every native case: a Master; the GK0 line is line 4. */
const MASTER_NATIVE = `${NATIVE_BASE}config change MASTER0 /mode active\n`;
const gk0 = (options: string) => fromNative(`${MASTER_NATIVE}config change GK0 ${options}\n`);

function roundTrip(cfg: DeviceConfig): string {
  const text = formatNativeText(cfg);
  const back = fromNative(text);
  assert.deepEqual(back.gatekeeper, cfg.gatekeeper);
  assert.deepEqual(deviceToObject(back), deviceToObject(cfg));
  assert.equal(formatNativeText(back), text);
  return text;
}

const DEFAULTS: GatekeeperSettings = {
  protocol: "sip-udp",
  proxy: "127.0.0.1:5070",
  altProxies: [],
  registrationTtlS: DEFAULT_REGISTRATION_TTL_S,
  subscriptionTtlS: DEFAULT_SUBSCRIPTION_TTL_S,
  registerWithNumber: false,
  registerWithSystemPassword: false,
  ignoreRetryAfter: false,
  redirection: false,
  instanceId: false,
  temporaryFailure: 480,
  localPort: DEFAULT_SIP_PORT,
};

test("defaults: SIP/UDP, TTL 120 s and 3600 s (§4.6.23 step 15), Temporary failure 480 (§4.7.3.1), options off, local port 5060", () => {
  assert.equal(DEFAULT_REGISTRATION_TTL_S, 120);
  assert.equal(DEFAULT_SUBSCRIPTION_TTL_S, 3600);
  const cfg = gk("");
  assert.deepEqual(cfg.gatekeeper, DEFAULTS);
  assert.match(roundTrip(cfg), /^config change GK0 \/proxy 127\.0\.0\.1:5070 \/local-port 5060$/m);
  assert.deepEqual(gk0("/proxy 127.0.0.1:5070").gatekeeper, DEFAULTS);
});

test("sip-tls is accepted and its local port defaults to 5061 (§4.6.23 step 2, App. H); an explicit port stays", () => {
  const tls = gk("protocol: sip-tls");
  assert.equal(tls.gatekeeper?.localPort, DEFAULT_SIPS_PORT);
  assert.match(roundTrip(tls), /^config change GK0 \/protocol sip-tls \/proxy 127\.0\.0\.1:5070 \/local-port 5061$/m);
  // 5060 on TLS is not the default: it must survive the text form (which always writes /local-port).
  assert.equal(fromNative(roundTrip(gk("protocol: sip-tls, localPort: 5060"))).gatekeeper?.localPort, 5060);
  assert.equal(gk("protocol: sip-tcp").gatekeeper?.localPort, DEFAULT_SIP_PORT);
  for (const bad of ["h323", "SIP/UDP", "sips", "udp"])
    assertConfigError(() => gk(`protocol: ${bad}`), yaml("gatekeeper.protocol", 8, ConfigCode.Gatekeeper));
  for (const bad of ["0", "65536", "'5060'"])
    assertConfigError(() => gk(`localPort: ${bad}`), yaml("gatekeeper.localPort", 8, ConfigCode.Port));
  assertConfigError(() => gk0("/proxy a /local-port x"), native("GK0 /local-port", 4, ConfigCode.Port));
});

test("every setting round-trips text → model → text: GK0 and GK0ANON (§4.6.23, §4.6.24, §4.7.1, §4.7.3.1)", () => {
  const text = [
    NATIVE_BASE.replace(/\n$/, ""),
    "config change DECT0",
    "config change MASTER0 /mode active",
    "config change GK0 /protocol sip-tcp /proxy pbx.example.com:5080 /alt-proxy1 127.0.0.1 /alt-proxy2 127.0.0.2:5062 /alt-proxy3 pbx3 /domain example.com /reg-ttl 300 /sub-ttl 600 /reg-number /reg-system-pw /max-internal 5 /intl-prefix 00 /ignore-retry-after /redirection /instance-id /temp-failure 503 /local-port 5070",
    'config change GK0ANON /name "Emergency line" /number *112# /deactivate-master',
    "config write",
    "config activate",
    "",
  ].join("\n");
  const cfg = fromNative(text);
  assert.deepEqual(cfg.gatekeeper, {
    protocol: "sip-tcp",
    proxy: "pbx.example.com:5080",
    altProxies: ["127.0.0.1", "127.0.0.2:5062", "pbx3"],
    domain: "example.com",
    registrationTtlS: 300,
    subscriptionTtlS: 600,
    registerWithNumber: true,
    registerWithSystemPassword: true,
    maxInternalNumberLength: 5,
    internationalCpnPrefix: "00",
    ignoreRetryAfter: true,
    redirection: true,
    instanceId: true,
    temporaryFailure: 503,
    localPort: 5070,
    anonymous: { name: "Emergency line", number: "*112#", deactivateMaster: true },
  });
  assert.equal(formatNativeText(cfg), text);
  assert.equal(roundTrip(cfg), text);
});

test("YAML: the gatekeeper section in camelCase; deviceToObject writes it back and YAML reads it back equal", () => {
  const cfg = withGk(
    [
      "  protocol: sip-tcp",
      "  proxy: proxy1.example.com:5060",
      "  altProxies: [127.0.0.2, 127.0.0.3:5060]",
      "  domain: example.com",
      "  registrationTtlS: 600",
      "  internationalCpnPrefix: '00'",
      "  temporaryFailure: 486",
      "  anonymous: { name: anon, number: '112' }",
      "",
    ].join("\n"),
  );
  const object = deviceToObject(cfg);
  assert.deepEqual(object.gatekeeper, cfg.gatekeeper);
  assert.deepEqual(JSON.parse(JSON.stringify(object)), object, "JSON-able");
  const [back] = loadDeviceConfigs(formatYaml(object), "back.yaml");
  assert.deepEqual(back?.gatekeeper, cfg.gatekeeper);
  assert.deepEqual(cfg.gatekeeper?.anonymous, { name: "anon", number: "112", deactivateMaster: false });
});

test("the proxy is required (§4.6.23 step 5)", () => {
  // A missing key is located at its section's line.
  assertConfigError(() => withGk("  protocol: sip-udp\n"), yaml("gatekeeper.proxy", 7, ConfigCode.Required));
  assertConfigError(() => withGk("  {}\n"), yaml("gatekeeper.proxy", 7, ConfigCode.Required));
  assertConfigError(() => gk0("/protocol sip-tcp"), native("GK0 /proxy", 4, ConfigCode.Required));
  // An anonymous registration alone is a gatekeeper section without a proxy; the error points at its line.
  assertConfigError(
    () => fromNative(`${MASTER_NATIVE}config change GK0ANON /name a /number 1\n`),
    native("GK0 /proxy", 4, ConfigCode.Required),
  );
});

test("proxy and alt proxies are host[:port], an IPv4 address or a DNS name, port 1..65535 (§4.6.23 steps 5, 6)", () => {
  for (const good of [
    "127.0.0.1",
    "127.0.0.1:5070",
    "pbx",
    "proxy1.example.com:5060",
    "a-b.c:65535",
    "PBX.Example.COM",
  ])
    assert.equal(gk(`altProxies: ['${good}']`).gatekeeper?.altProxies[0], good);
  const bad = [
    "http://pbx",
    "pbx:0",
    "pbx:65536",
    "pbx:05060",
    "pbx:",
    ":5060",
    "-pbx.example.com",
    "pbx-.example.com",
    "1.2.3",
    "256.1.1.1",
    "pbx..example.com",
    "pbx.example.com.",
    "pbx example.com",
    "[::1]:5060",
    "pbx_1.example.com",
    `${"a".repeat(64)}.example.com`,
  ];
  for (const value of bad) {
    const e = assertConfigError(
      () => withGk(`  proxy: '${value}'\n`),
      yaml("gatekeeper.proxy", 8, ConfigCode.SipAddress),
    );
    assert.match(e.message, /is not host or host:port/);
    assertConfigError(
      () => gk(`altProxies: [127.0.0.2, '${value}']`),
      yaml("gatekeeper.altProxies[1]", 8, ConfigCode.SipAddress),
    );
  }
  assertConfigError(() => gk0("/proxy pbx:0"), native("GK0 /proxy", 4, ConfigCode.SipAddress));
  assertConfigError(
    () => gk0("/proxy pbx /alt-proxy1 127.0.0.2 /alt-proxy2 pbx:99999"),
    native("GK0 /alt-proxy2", 4, ConfigCode.SipAddress),
  );
  assertConfigError(() => gk("altProxies: 127.0.0.2"), yaml("gatekeeper.altProxies", 8, ConfigCode.Type));
});

test("the domain is a DNS name or an IPv4 address, without a port (§4.6.23 step 7)", () => {
  assert.equal(gk("domain: example.com").gatekeeper?.domain, "example.com");
  assert.equal(gk("domain: 127.0.0.1").gatekeeper?.domain, "127.0.0.1");
  for (const bad of ["example.com:5060", "-x.com", "1.2.3", "a b", "x.com."])
    assertConfigError(() => gk(`domain: '${bad}'`), yaml("gatekeeper.domain", 8, ConfigCode.SipAddress));
  assertConfigError(() => gk0("/proxy a /domain a:1"), native("GK0 /domain", 4, ConfigCode.SipAddress));
});

test("at most 3 alt proxies (§4.6.23 step 6: Alt. Proxy 1, 2, 3)", () => {
  const three = gk("altProxies: [127.0.0.2, 127.0.0.3, 127.0.0.4]");
  assert.deepEqual(three.gatekeeper?.altProxies, ["127.0.0.2", "127.0.0.3", "127.0.0.4"]);
  assert.match(roundTrip(three), / \/alt-proxy1 127\.0\.0\.2 \/alt-proxy2 127\.0\.0\.3 \/alt-proxy3 127\.0\.0\.4 /);
  const e = assertConfigError(
    () => gk("altProxies: [127.0.0.2, 127.0.0.3, 127.0.0.4, 127.0.0.5]"),
    yaml("gatekeeper.altProxies[3]", 8, ConfigCode.AltProxies),
  );
  assert.match(e.message, /at most 3 alternative proxies .*got 4$/);
  assertConfigError(
    () => gk0("/proxy a /alt-proxy4 127.0.0.5"),
    native("GK0 /alt-proxy4", 4, ConfigCode.UnknownOption),
  );
});

test("App. D.1's fixed connection is accepted as written: four proxies with ports", () => {
  // App. D.1 steps 3–4: "proxy1.company.com:5060" … "proxy4.company.com:5060", each "host name and optionally port".
  const d1 = gk0(
    "/protocol sip-udp /proxy proxy1.company.com:5060 /alt-proxy1 proxy2.company.com:5060 /alt-proxy2 proxy3.company.com:5060 /alt-proxy3 proxy4.company.com:5060",
  );
  assert.equal(d1.gatekeeper?.proxy, "proxy1.company.com:5060");
  assert.deepEqual(d1.gatekeeper?.altProxies, [
    "proxy2.company.com:5060",
    "proxy3.company.com:5060",
    "proxy4.company.com:5060",
  ]);
});

test("Alt. Proxy 2/3 cannot be used if the Proxy and the Alt. Proxy 1 contain domain names (§4.6.23 step 6b/6c)", () => {
  const names = "proxy: proxy1.example.com, altProxies: [proxy2.example.com";
  const e = assertConfigError(
    () => withGk(`  { ${names}, 127.0.0.3] }\n`),
    yaml("gatekeeper.altProxies[1]", 8, ConfigCode.AltProxyDomainNames),
  );
  assert.match(e.message, /Alt\. Proxy 2 and 3 cannot be used if the Proxy and the Alt\. Proxy 1 contain domain names/);
  assertConfigError(
    () => withGk(`  { ${names}, 127.0.0.3, 127.0.0.4] }\n`),
    yaml("gatekeeper.altProxies[1]", 8, ConfigCode.AltProxyDomainNames),
  );
  assertConfigError(
    () => gk0("/proxy proxy1.example.com /alt-proxy1 proxy2.example.com /alt-proxy2 127.0.0.3"),
    native("GK0 /alt-proxy2", 4, ConfigCode.AltProxyDomainNames),
  );
  // A name with a port is a fixed target, not a domain for DNS SRV (RFC 3263 §4.2): App. D.1's "fixed connection".
  const fixed = gk0("/proxy proxy1.example.com /alt-proxy1 proxy2.example.com:5060 /alt-proxy2 127.0.0.3");
  assert.equal(fixed.gatekeeper?.altProxies.length, 2);
  // Two names and nothing more is fine (DNS SRV gives more, App. D.2); so is an IPv4 address as Proxy or Alt. Proxy 1.
  assert.equal(withGk(`  { ${names}] }\n`).gatekeeper?.altProxies.length, 1);
  const ipFirst = withGk("  { proxy: '127.0.0.1:5060', altProxies: [proxy2.example.com, proxy3.example.com, p4] }\n");
  assert.equal(ipFirst.gatekeeper?.altProxies.length, 3);
  const ipSecond = withGk("  { proxy: proxy1.example.com, altProxies: [127.0.0.2, proxy3.example.com, p4] }\n");
  assert.equal(ipSecond.gatekeeper?.altProxies.length, 3);
});

test("native alt proxies: no gap (§4.6.23 step 6 in order); rem clears one; the same option twice is refused", () => {
  assertConfigError(() => gk0("/proxy a /alt-proxy2 127.0.0.3"), native("GK0 /alt-proxy1", 4, ConfigCode.AltProxies));
  assertConfigError(() => gk("altProxies: [~, 127.0.0.3]"), yaml("gatekeeper.altProxies[0]", 8, ConfigCode.AltProxies));
  const base = `${MASTER_NATIVE}config change GK0 /proxy a /alt-proxy1 127.0.0.2 /alt-proxy2 c /alt-proxy3 d\n`;
  const alts = (line: string) => fromNative(`${base}${line}\n`).gatekeeper?.altProxies;
  assert.deepEqual(alts("config rem GK0 /alt-proxy3"), ["127.0.0.2", "c"]);
  assert.deepEqual(alts("config add GK0 /alt-proxy2 e"), ["127.0.0.2", "e", "d"]);
  assert.deepEqual(alts("config rem GK0 /alt-proxy1 /alt-proxy2 /alt-proxy3"), []);
  assert.deepEqual(alts("config change GK0 /proxy a"), []);
  assertConfigError(
    () => fromNative(`${base}config rem GK0 /alt-proxy2\n`),
    native("GK0 /alt-proxy2", 5, ConfigCode.AltProxies),
  );
  assertConfigError(
    () => gk0("/proxy a /alt-proxy1 127.0.0.2 /alt-proxy1 127.0.0.3"),
    native("GK0 /alt-proxy1", 4, ConfigCode.DuplicateOption),
  );
});

test("Registration and Subscription Time-To-Live: 10..86400 s and 60..86400 s (§4.6.23 step 15)", () => {
  assert.equal(gk("registrationTtlS: 10").gatekeeper?.registrationTtlS, 10);
  assert.equal(gk("registrationTtlS: 86400").gatekeeper?.registrationTtlS, 86400);
  assert.equal(gk("subscriptionTtlS: 60").gatekeeper?.subscriptionTtlS, 60);
  for (const bad of ["9", "86401", "120.5", "'120'"])
    assertConfigError(
      () => gk(`registrationTtlS: ${bad}`),
      yaml("gatekeeper.registrationTtlS", 8, ConfigCode.Gatekeeper),
    );
  for (const bad of ["59", "86401"])
    assertConfigError(
      () => gk(`subscriptionTtlS: ${bad}`),
      yaml("gatekeeper.subscriptionTtlS", 8, ConfigCode.Gatekeeper),
    );
  assertConfigError(() => gk0("/proxy a /reg-ttl 2m"), native("GK0 /reg-ttl", 4, ConfigCode.Gatekeeper));
});

test("Max. internal number length 1..30 (§4.6.23 step 8) and International CPN Prefix of at most 8 digits (step 9)", () => {
  assert.equal(gk("maxInternalNumberLength: 1").gatekeeper?.maxInternalNumberLength, 1);
  assert.equal(gk("maxInternalNumberLength: 30").gatekeeper?.maxInternalNumberLength, 30);
  for (const bad of ["0", "31", "'4'"])
    assertConfigError(
      () => gk(`maxInternalNumberLength: ${bad}`),
      yaml("gatekeeper.maxInternalNumberLength", 8, ConfigCode.Gatekeeper),
    );
  assert.equal(gk("internationalCpnPrefix: '12345678'").gatekeeper?.internationalCpnPrefix, "12345678");
  for (const bad of ["'123456789'", "'+46'", "'0 0'", "'1a'"])
    assertConfigError(
      () => gk(`internationalCpnPrefix: ${bad}`),
      yaml("gatekeeper.internationalCpnPrefix", 8, ConfigCode.Gatekeeper),
    );
  // YAML reads 00 as the number 0: the message says to quote it.
  const e = assertConfigError(
    () => gk("internationalCpnPrefix: 00"),
    yaml("gatekeeper.internationalCpnPrefix", 8, ConfigCode.Gatekeeper),
  );
  assert.match(e.message, /quote it in YAML/);
  assertConfigError(
    () => gk("internationalCpnPrefix: ''"),
    yaml("gatekeeper.internationalCpnPrefix", 8, ConfigCode.Text),
  );
  assert.equal(gk0("/proxy a /intl-prefix 0011").gatekeeper?.internationalCpnPrefix, "0011");
});

test("Temporary failure is 486, 480 or 503 (§4.7.3.1 SIP Response Mappings)", () => {
  for (const code of [486, 480, 503] as const)
    assert.equal(gk(`temporaryFailure: ${code}`).gatekeeper?.temporaryFailure, code);
  for (const bad of ["404", "'480'", "480.0001"])
    assertConfigError(
      () => gk(`temporaryFailure: ${bad}`),
      yaml("gatekeeper.temporaryFailure", 8, ConfigCode.Gatekeeper),
    );
  assert.equal(gk0("/proxy a /temp-failure 486").gatekeeper?.temporaryFailure, 486);
  assertConfigError(() => gk0("/proxy a /temp-failure busy"), native("GK0 /temp-failure", 4, ConfigCode.Gatekeeper));
});

test("Registration for Anonymous Devices: name and number required, number of 0-9 * # + up to 30 (§4.6.24)", () => {
  const anon = (fields: string) => gk(`anonymous: { ${fields} }`);
  assert.equal(anon(`name: a, number: '${"9".repeat(30)}'`).gatekeeper?.anonymous?.number, "9".repeat(30));
  assert.equal(anon("name: a, number: '+46#*1'").gatekeeper?.anonymous?.number, "+46#*1");
  assertConfigError(() => anon("number: '112'"), yaml("gatekeeper.anonymous.name", 8, ConfigCode.Required));
  assertConfigError(() => anon("name: a"), yaml("gatekeeper.anonymous.number", 8, ConfigCode.Required));
  assertConfigError(() => anon("name: '', number: '1'"), yaml("gatekeeper.anonymous.name", 8, ConfigCode.Text));
  assertConfigError(() => anon("name: a, number: ''"), yaml("gatekeeper.anonymous.number", 8, ConfigCode.Text));
  for (const bad of [`'${"9".repeat(31)}'`, "'11 2'", "'112a'", "'1-2'"])
    assertConfigError(
      () => anon(`name: a, number: ${bad}`),
      yaml("gatekeeper.anonymous.number", 8, ConfigCode.Anonymous),
    );
  assertConfigError(() => anon("name: a, number: 112"), yaml("gatekeeper.anonymous.number", 8, ConfigCode.Anonymous));
  assertConfigError(
    () => anon("name: a, number: '1', deactivateMaster: yes"),
    yaml("gatekeeper.anonymous.deactivateMaster", 8, ConfigCode.Type),
  );
  const text = `${MASTER_NATIVE}config change GK0 /proxy a\n`;
  assertConfigError(
    () => fromNative(`${text}config change GK0ANON /name a /number 1x\n`),
    native("GK0ANON /number", 5, ConfigCode.Anonymous),
  );
  assertConfigError(
    () => fromNative(`${text}config change GK0ANON /number 1\n`),
    native("GK0ANON /name", 5, ConfigCode.Required),
  );
});

test("the gatekeeper needs a Master role that is not off (§4.6.23: DECT → Master)", () => {
  const e = assertConfigError(
    () => fromYaml(`${YAML_BASE}gatekeeper: { proxy: 127.0.0.1 }\n`),
    yaml("gatekeeper", 5, ConfigCode.GatekeeperNeedsMaster),
  );
  assert.match(e.message, /need a Master role that is not off \(Master mode is absent\)/);
  assertConfigError(
    () => fromYaml(`${YAML_BASE}master: { mode: off }\ngatekeeper: { proxy: 127.0.0.1 }\n`),
    yaml("gatekeeper", 6, ConfigCode.GatekeeperNeedsMaster),
  );
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change GK0 /proxy 127.0.0.1\n`),
    native("GK0", 3, ConfigCode.GatekeeperNeedsMaster),
  );
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change MASTER0 /mode off\nconfig change GK0ANON /name a /number 1\n`),
    native("GK0", 4, ConfigCode.GatekeeperNeedsMaster),
  );
  for (const mode of ["active", "standby, primary: 127.0.1.1", "mirror, mirrorPeer: 127.0.1.1", "deployment"])
    assert.ok(
      fromYaml(`${YAML_BASE}ntp: 127.0.1.123\nmaster: { mode: ${mode} }\ngatekeeper: { proxy: a }\n`).gatekeeper,
    );
});

test("unknown keys are refused, as in the other sections", () => {
  const e = assertConfigError(() => gk("proxy2: b"), yaml("gatekeeper.proxy2", 8, ConfigCode.UnknownKey));
  assert.match(e.message, /allowed keys: protocol, proxy, altProxies, domain, /);
  assertConfigError(
    () => gk("anonymous: { name: a, number: '1', deactivate: true }"),
    yaml("gatekeeper.anonymous.deactivate", 8, ConfigCode.UnknownKey),
  );
  assertConfigError(() => gk0("/proxy a /stun b"), native("GK0 /stun", 4, ConfigCode.UnknownOption));
  assertConfigError(() => withGk("  proxy\n"), yaml("gatekeeper", 7, ConfigCode.Type));
});

test("config change GK0 keeps GK0ANON, config rem GK0 removes the gatekeeper with it, config rem GK0ANON only that", () => {
  const text = `${MASTER_NATIVE}config change GK0 /proxy a /reg-number\nconfig change GK0ANON /name n /number 1\n`;
  const again = fromNative(`${text}config change GK0 /proxy b\n`).gatekeeper;
  assert.equal(again?.proxy, "b");
  assert.equal(again?.registerWithNumber, false, "change resets the options it does not give");
  assert.deepEqual(again?.anonymous, { name: "n", number: "1", deactivateMaster: false });
  assert.equal(fromNative(`${text}config rem GK0\n`).gatekeeper, undefined);
  assert.equal(fromNative(`${text}config rem GK0ANON\n`).gatekeeper?.anonymous, undefined);
  assert.equal(fromNative(`${text}config add GK0 /redirection\n`).gatekeeper?.registerWithNumber, true);
});

test("gatekeeperFromObject: a section on its own (an HTTP body) names the field inside it", () => {
  const master = { mode: "active", id: 1, probeIntervalMs: 1, masterLostMs: 1, radioLostMs: 1 } as const;
  assert.deepEqual(gatekeeperFromObject({ proxy: "127.0.0.1:5070" }, master, "request body"), DEFAULTS);
  const bad = (value: unknown, m: Parameters<typeof gatekeeperFromObject>[1]) => {
    try {
      gatekeeperFromObject(value, m, "request body");
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      return e;
    }
    return assert.fail("no error");
  };
  assert.equal(
    bad({ proxy: "p1.x", altProxies: ["p2.x", "p3.x"] }, master)
      .message.split(": ")
      .slice(0, 2)
      .join(": "),
    "request body: altProxies[1]",
  );
  assert.equal(bad({ protocol: "sip-udp" }, master).context.field, "proxy");
  assert.equal(bad({ proxy: "a" }, undefined).code, ConfigCode.GatekeeperNeedsMaster);
  assert.equal(bad([], master).code, ConfigCode.Type);
});
