/**
 * Fleet files carry `snmp` (§4.9.5) and `logging` (§4.9.2) per device like every other setting (issue 17 item 5):
 * the sim's devices run their agents from them, each with its own settings, and a broken rule names the fleet file,
 * line and device field.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { ConfigCode } from "../../src/core/config/configCodes.js";
import { LoggingCode } from "../../src/logging/errors.js";
import { SnmpCode } from "../../src/snmp/errors.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { assertConfigError } from "../config/helpers.js";
import { startFleet } from "../helpers/sim.js";

const FLEET = `name: monitored
devices:
  - name: master
    kind: IPVM
    mac: 00:90:33:23:00:01
    ip: 127.0.1.1
    master: { mode: active }
    snmp:
      enabled: true
      community: ward-ro
      location: Building A
      trapDestinations: [{ address: "10.0.0.5", version: v2c-inform }]
    logging: { type: syslog-tls, address: 10.0.0.50, logs: [alarms] }
  - name: radio
    kind: IPBS
    mac: 00:90:33:23:00:02
    ip: 127.0.2.1
    radio: { master: 127.0.1.1 }
    snmp: { enabled: true, port: 1161, location: Building B, allowedNetworks: [{ network: 10.0.0.0/8 }] }
    logging: { type: http, address: 10.0.0.51, path: /log }
  - name: quiet
    kind: IPBS
    mac: 00:90:33:23:00:03
    ip: 127.0.2.2
    radio: { master: 127.0.1.1 }
`;

describe("snmp and logging sections in a fleet file", () => {
  test("each device reads its own sections, with the defaults of §4.9.5 and §4.9.2", () => {
    const [master, radio, quiet] = parseFleetFile(FLEET, "monitored.yaml").devices;
    assert.equal(master?.snmp?.community, "ward-ro");
    assert.equal(master?.snmp?.port, 161);
    // An inform waits 15 s and is sent again 3 times (RFC 3413 §3.3, SNMP-TARGET-MIB DEFVALs).
    assert.deepEqual(master?.snmp?.trapDestinations, [
      { address: "10.0.0.5", version: "v2c-inform", timeoutMs: 15_000, retries: 3 },
    ]);
    assert.deepEqual(master?.logging, {
      type: "syslog-tls",
      address: "10.0.0.50",
      port: 6514,
      class: "local0",
      allowUntrusted: false,
      logs: ["alarms"],
    });
    assert.equal(radio?.snmp?.community, "public");
    assert.equal(radio?.snmp?.location, "Building B");
    assert.deepEqual(radio?.snmp?.allowedNetworks, [{ network: "10.0.0.0/8" }]);
    assert.equal(radio?.logging?.port, 80);
    assert.equal(radio?.logging?.path, "/log");
    assert.equal(quiet?.snmp, undefined);
    assert.equal(quiet?.logging, undefined);
  });

  test("a broken rule names the file, line and device field", () => {
    const broken = (from: string, to: string) => () => parseFleetFile(FLEET.replace(from, to), "monitored.yaml");
    const at = (field: string, line: number, code: string) => ({ code, line, field, source: "monitored.yaml" });
    assertConfigError(
      broken("version: v2c-inform", "version: v2"),
      at("devices[0].snmp.trapDestinations[0].version", 12, SnmpCode.Settings),
    );
    assertConfigError(broken("port: 1161", "port: 0"), at("devices[1].snmp.port", 19, ConfigCode.Port));
    assertConfigError(broken("type: http,", "type: ftp,"), at("devices[1].logging.type", 20, LoggingCode.Type));
    assertConfigError(
      broken("logs: [alarms]", "logs: [alarms], path: /x"),
      at("devices[0].logging.path", 13, LoggingCode.Option),
    );
  });

  describe("in the sim", async () => {
    const fleet = await startFleet(FLEET);
    after(() => fleet.close());

    test("each device with SNMP enabled runs its agent; one without runs none", () => {
      assert.notEqual(fleet.device("master").snmpAgent(), undefined);
      assert.notEqual(fleet.device("radio").snmpAgent(), undefined);
      assert.equal(fleet.device("quiet").snmpAgent(), undefined);
      assert.equal(fleet.device("radio").config.snmp?.location, "Building B");
    });
  });
});
