import assert from "node:assert/strict";
import { test } from "node:test";
import { dnsmasqConf } from "../../sim/dnsmasqConf.js";
import { parseFleetFile } from "../../sim/FleetFile.js";

const fleet = (dns: string) => `name: d
devices:
  - { name: m, kind: IPVM, mac: "00:90:33:20:19:01", ip: 10.0.0.1, master: { mode: active } }
dns:
${dns}
`;

test("a fleet's dns section as dnsmasq lines: its SRV records, one host-record per address, nothing else answered", () => {
  const file = parseFleetFile(
    fleet(`  srv:
    - { service: _sip._udp.Lab.Test, target: pbx1.lab.test, port: 5060, priority: 10, weight: 60 }
  a: { pbx1.lab.test: [10.0.9.1, 10.0.9.2] }`),
    "d.yaml",
  );
  assert.equal(
    dnsmasqConf(file.dns!, { ip: "127.0.0.53", port: 10053 }),
    [
      "listen-address=127.0.0.53",
      "port=10053",
      "bind-interfaces",
      "no-resolv",
      "no-hosts",
      "no-poll",
      "local=/#/",
      "srv-host=_sip._udp.lab.test,pbx1.lab.test,5060,10,60",
      "host-record=pbx1.lab.test,10.0.9.1",
      "host-record=pbx1.lab.test,10.0.9.2",
      "",
    ].join("\n"),
  );
});

test("a name that is not a DNS name is a fleet error at its path, so no configuration line can break", () => {
  const srv = '    - { service: "_sip._udp.x,y", target: pbx1.lab.test, port: 5060, priority: 10, weight: 60 }';
  assert.throws(() => parseFleetFile(fleet(`  srv:\n${srv}`), "d.yaml"), {
    message: "d.yaml:6: dns.srv[0].service: a DNS name",
  });
  assert.throws(() => parseFleetFile(fleet(`  a: { "pbx1 lab": 10.0.9.1 }`), "d.yaml"), /dns\.a.*pbx1 lab.*a DNS name/);
});
