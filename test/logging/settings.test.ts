/** Services → Logging (§4.9.2) and Diagnostics → Logging (§4.23.1.1) as settings, and events as entries. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatNativeText } from "../../src/config/nativeText.js";
import { entryOf, logClassOf } from "../../src/logging/classes.js";
import { LoggingCode } from "../../src/logging/errors.js";
import { formatSyslog } from "../../src/logging/rfc5424.js";
import { assertConfigError, fromNative, fromYaml, NATIVE_BASE, YAML_BASE } from "../config/helpers.js";

test("defaults: SYSLOG on UDP 514, Class local0, alarms, events, logins and config changes go out", () => {
  const cfg = fromYaml(`${YAML_BASE}logging: { type: syslog, address: 10.0.0.5 }\n`);
  assert.deepEqual(cfg.logging, {
    type: "syslog",
    address: "10.0.0.5",
    port: 514,
    class: "local0",
    allowUntrusted: false,
    logs: ["alarms", "events", "logins", "configChanges"],
  });
  assert.equal(fromYaml(`${YAML_BASE}logging: { type: syslog-tls, address: 10.0.0.5 }\n`).logging?.port, 6514);
  assert.equal(fromYaml(`${YAML_BASE}logging: { type: https, address: 10.0.0.5 }\n`).logging?.path, "/");
});

test("native text: LOG0 reads and writes back", () => {
  const cfg = fromNative(
    `${NATIVE_BASE}config change LOG0 /type http /addr 10.0.0.7 /port 8080 /path "/cdr/cdrwrite.asp" /class local3 /log1 alarms /log2 dectRadio\n`,
  );
  assert.equal(cfg.logging?.path, "/cdr/cdrwrite.asp");
  assert.deepEqual(cfg.logging?.logs, ["alarms", "dectRadio"]);
  assert.deepEqual(fromNative(formatNativeText(cfg)).logging, cfg.logging);
});

test("bad input says where and why: Type, Class, Path, Allow untrusted for UDP", () => {
  const bad = (body: string, code: string, field: string) =>
    assertConfigError(() => fromYaml(`${YAML_BASE}logging: ${body}\n`), { code, line: 5, field });
  bad("{ type: ftp, address: 10.0.0.5 }", LoggingCode.Type, "logging.type");
  bad("{ type: syslog, address: 10.0.0.5, class: local9 }", LoggingCode.Class, "logging.class");
  bad("{ type: http, address: 10.0.0.5, path: cdr }", LoggingCode.Path, "logging.path");
  bad("{ type: syslog, address: 10.0.0.5, path: /x }", LoggingCode.Option, "logging.path");
  bad("{ type: syslog, address: 10.0.0.5, allowUntrusted: true }", LoggingCode.Option, "logging.allowUntrusted");
  bad("{ type: syslog, address: 10.0.0.5, logs: [h323] }", LoggingCode.Class, "logging.logs[0]");
});

test("an alarm becomes an entry with MSGID ALARM, severity by RFC 5674 and our SD-ID with code, severity, source", () => {
  const e = {
    t: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
    device: "standby 1",
    kind: "alarm",
    code: "0x00030201",
    severity: "critical",
    text: "Master lost",
    source: "master-1",
  } as const;
  assert.equal(logClassOf(e), "alarms");
  const line = new TextDecoder().decode(formatSyslog(entryOf(e, { facility: 16, hostname: e.device })));
  assert.equal(
    line,
    '<129>1 2026-01-02T03:04:05.006Z standby_1 ipdect - ALARM [ipdect@99999 code="0x00030201" severity="critical" source="master-1"] \u{FEFF}Master lost',
  );
});
