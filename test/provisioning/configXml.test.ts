/**
 * `<MAC>-config.xml` of the second provisioning dialect (seed 002 "Configuration File", Appendix A and B): mapped
 * parameters, not-modelled ones, refused ones, and the patch applied to a configuration.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { withConfigPatch } from "../../src/config/configPatch.js";
import { ConfigError, ConfigErrors } from "../../src/core/errors.js";
import { parseConfigXml, CONFIG_XML_MAX_BYTES } from "../../src/provisioning/configXml.js";
import { ProvisioningCode } from "../../src/provisioning/errors.js";
import { refusedBy } from "./refused.js";
import { fromYaml, YAML_BASE } from "../config/helpers.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const parse = (s: string) => parseConfigXml(bytes(s), "0013d1800032-config.xml");
const config = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<config>\n${inner}\n</config>\n`;

const refused = refusedBy(parse);

/** Seed 002 "Provisioning Configuration XML File Example (Spectralink IP-DECT Server 6500)", as printed. */
const SEED_6500 = config(`<network>
<bootproto>dhcp</bootproto>
</network>
<mr>
<auto>
<enable>true</enable>
<force>false</force>
<start_time>00:00</start_time>
</auto>
</mr>
<rfp>
<auto>
<enable>true</enable>
<force>false</force>
<start_time>immediately</start_time>
</auto>
</rfp>
<suota>
<auto>true</auto>
<incharger>true</incharger>
<load>high</load>
<start_time>immediately</start_time>
</suota>
<provisioning>
<check>
<check_sync>disabled</check_sync>
<interval>60</interval>
<time>00:00</time>
</check>
<config>
<check>true</check>
</config>
<firmware>
<kws>kws.bin</kws>
<default_kws>true</default_kws>
<pp14208700>pp14208700.bin</pp14208700>
<pp14225100>pp14225100.bin</pp14225100>
<pp14225110>pp14225110.bin</pp14225110>
<pp14225190>pp14225190.bin</pp14225190>
</firmware>
<server>
<method>static</method>
<url>example.com</url>
</server>
<users>
<check>true</check>
</users>
</provisioning>`);

test("seed 002's provisioning example maps onto the provisioning section; the rest is reported as not modelled", () => {
  const x = parse(SEED_6500);
  assert.deepEqual(x.patch, {
    provisioning: {
      checkSync: "disabled",
      intervalMinutes: 60,
      time: "00:00",
      importConfig: true,
      firmware: "kws.bin",
      method: "static",
      url: "example.com",
      importUsers: true,
    },
  });
  assert.ok(x.notModelled.includes("config/network/bootproto"));
  assert.ok(x.notModelled.includes("config/provisioning/firmware/pp14225190"));
  assert.ok(x.notModelled.includes("config/suota/load"));
  assert.equal(x.notModelled.length, 1 + 3 + 3 + 4 + 5);
});

test("Appendix B's example: SIP proxy with its port, default domain, local port and registration expiry", () => {
  const x = parse(
    config(`<dect><auto_create_users>true</auto_create_users></dect>
<media_resource><name /></media_resource>
<sip>
<auth><password>1234</password><username>someone</username></auth>
<defaultdomain>kirktelecom.com</defaultdomain>
<dtmf><duration>270</duration><rtp_payload_type>96</rtp_payload_type><rtp_payloadtype>96</rtp_payloadtype></dtmf>
<localport>5060</localport>
<media><codecs>1,2,0,0,0,0</codecs><port>58000</port></media>
<proxy><domain>172.29.200.250</domain><port>5060</port><transport>UDPonly</transport></proxy>
<registration_expire>3600</registration_expire>
<separate_endpoint_ports>false</separate_endpoint_ports>
</sip>`),
  );
  assert.deepEqual(x.patch, {
    gatekeeper: {
      domain: "kirktelecom.com",
      localPort: 5060,
      registrationTtlS: 3600,
      proxy: "172.29.200.250:5060",
      altProxies: [],
    },
  });
  assert.ok(x.notModelled.includes("config/media_resource/name"));
  assert.ok(x.notModelled.includes("config/sip/media/codecs"));
  assert.ok(x.notModelled.includes("config/sip/proxy/transport"));
});

test("four proxies with ports are Proxy and Alt. Proxy 1–3; port 0 is the protocol's port", () => {
  const x = parse(
    config(`<sip><transport>tcp</transport><proxy>
<domain>proxy1.company.com</domain><port>5060</port>
<domain2>proxy2.company.com</domain2><port2>0</port2>
<domain3>10.0.0.3</domain3><port3>5070</port3>
<domain4>proxy4.company.com</domain4>
</proxy></sip>`),
  );
  assert.deepEqual(x.patch["gatekeeper"], {
    protocol: "sip-tcp",
    proxy: "proxy1.company.com:5060",
    altProxies: ["proxy2.company.com", "10.0.0.3:5070", "proxy4.company.com"],
  });
  refused(
    config("<sip><proxy><domain>a.example</domain><domain3>c.example</domain3></proxy></sip>"),
    ProvisioningCode.XmlSchema,
    "config/sip/proxy/domain3",
    "in order",
  );
  refused(
    config("<sip><proxy><port2>5060</port2><domain>a</domain></proxy></sip>"),
    ProvisioningCode.XmlSchema,
    "port2",
  );
});

test("SNMP and remote syslog map to the snmp and logging sections; an empty element unsets", () => {
  const x = parse(
    config(`<snmp><enable>true</enable><community>c0mm</community><syscontact>ops</syscontact><syslocation /></snmp>
<log><syslog><host>10.0.0.5</host><port>5514</port><facility>17</facility><level>info</level></syslog></log>
<provisioning><check><time></time></check></provisioning>`),
  );
  assert.deepEqual(x.patch, {
    snmp: { enabled: true, community: "c0mm", contact: "ops", location: null },
    logging: { address: "10.0.0.5", port: 5514, class: "local1", type: "syslog" },
    provisioning: { time: null },
  });
  assert.deepEqual(x.notModelled, ["config/log/syslog/level"]);
  assert.deepEqual(parse(config("<log><syslog><host/></syslog></log>")).patch, { logging: null });
});

test("refused: unknown parameters and groups, repeated parameters, bad values, text beside elements", () => {
  refused(config("<sip><proxyy>1</proxyy></sip>"), ProvisioningCode.XmlSchema, "config/sip/proxyy", "not a parameter");
  refused(config("<nosuchgroup><a>1</a></nosuchgroup>"), ProvisioningCode.XmlSchema, "config/nosuchgroup/a");
  refused(
    config("<sip><localport>1</localport><localport>2</localport></sip>"),
    ProvisioningCode.XmlSchema,
    "config/sip/localport[2]",
    "more than once",
  );
  refused(
    config("<snmp><enable>yes</enable></snmp>"),
    ProvisioningCode.XmlSchema,
    "config/snmp/enable",
    "true or false",
  );
  refused(
    config("<provisioning><check><interval>-5</interval></check></provisioning>"),
    ProvisioningCode.XmlSchema,
    "whole number",
  );
  refused(
    config("<provisioning><server><method>ftp</method></server></provisioning>"),
    ProvisioningCode.XmlSchema,
    "dhcp",
  );
  refused(config("<log><syslog><facility>24</facility></syslog></log>"), ProvisioningCode.XmlSchema, "0 to 23");
  refused(config("<sip>x<localport>1</localport></sip>"), ProvisioningCode.XmlSchema, "holds text and elements");
  refused("<settings><sip/></settings>", ProvisioningCode.XmlSchema, "<config>");
});

test("refused as XML: not well-formed (with its line), a DOCTYPE, unknown entities, two roots, attributes, too big", () => {
  refused(config("<sip>\n<localport>5060</sip>"), ProvisioningCode.Xml, "0013d1800032-config.xml:4", "not well-formed");
  refused(
    '<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY a "aaaa">]>\n<config>&a;</config>',
    ProvisioningCode.Xml,
    ":2",
    "DOCTYPE",
  );
  refused(config("<sip><defaultdomain>&ext;</defaultdomain></sip>"), ProvisioningCode.Xml, "unknown entity");
  refused("<config/><config/>", ProvisioningCode.Xml, "more than one root");
  refused('<config><sip enabled="1"/></config>', ProvisioningCode.Xml, "config/sip", "attributes");
  refused("", ProvisioningCode.Xml);
  assert.throws(() => parseConfigXml(new Uint8Array([0x3c, 0xff, 0x3e]), "f.xml"), /not UTF-8/);
  const big = config(`<company>${"x".repeat(CONFIG_XML_MAX_BYTES)}</company>`);
  refused(big, ProvisioningCode.Xml, "over the limit");
  // XML's own entities are text.
  assert.deepEqual(parse(config("<snmp><syscontact>R&amp;D &#x41;</syscontact></snmp>")).patch, {
    snmp: { contact: "R&D A" },
  });
});

const MASTER = fromYaml(
  `${YAML_BASE}master:\n  mode: active\ngatekeeper:\n  proxy: 127.0.0.1:5070\n  altProxies: [127.0.0.2]\n  registrationTtlS: 300\nprovisioning:\n  method: static\n  url: http://127.0.0.1/prov\n`,
);

test("withConfigPatch: the file's parameters replace the configuration's, the others stay, each section read again", () => {
  const x = parse(
    config(`<sip><defaultdomain>pbx.example</defaultdomain><proxy><domain>127.0.0.9</domain><port>5080</port></proxy></sip>
<provisioning><check><interval>30</interval></check></provisioning>
<snmp><enable>true</enable></snmp>`),
  );
  const cfg = withConfigPatch(MASTER, x.patch, "0013d1800032-config.xml");
  assert.equal(cfg.gatekeeper?.proxy, "127.0.0.9:5080");
  assert.deepEqual(cfg.gatekeeper?.altProxies, []);
  assert.equal(cfg.gatekeeper?.domain, "pbx.example");
  assert.equal(cfg.gatekeeper?.registrationTtlS, 300, "not in the file: kept");
  assert.equal(cfg.provisioning?.intervalMinutes, 30);
  assert.equal(cfg.provisioning?.url, "http://127.0.0.1/prov");
  assert.equal(cfg.snmp?.enabled, true, "a section the device lacked is made with its defaults");
  assert.equal(cfg.master?.mode, "active");
  const unset = withConfigPatch(cfg, { provisioning: { url: null, method: "dhcp" } }, "f.xml");
  assert.equal(unset.provisioning?.url, undefined);
});

test("withConfigPatch: a value out of its range is the section's ConfigError naming the file and field; nothing applies", () => {
  const x = parse(
    config(`<sip><registration_expire>5</registration_expire></sip>
<provisioning><check><interval>99999999</interval><time>25:00</time></check></provisioning>`),
  );
  assert.throws(
    () => withConfigPatch(MASTER, x.patch, "0013d1800032-config.xml"),
    (e: unknown) => {
      assert.ok(e instanceof ConfigErrors, String(e));
      const fields = e.errors.map((c) => (c as ConfigError).context.field);
      // One error per section: a section's reader stops at its first broken rule.
      assert.deepEqual(fields.sort(), ["gatekeeper.registrationTtlS", "provisioning.intervalMinutes"]);
      assert.ok(e.message.includes("0013d1800032-config.xml"), e.message);
      return true;
    },
  );
  assert.equal(MASTER.gatekeeper?.registrationTtlS, 300);
  assert.throws(() => withConfigPatch(MASTER, { nosuch: {} }, "f.xml"), /not a section/);
});
