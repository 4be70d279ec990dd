/**
 * The `ldap` section (§4.5.1 server, §4.5.3 replicator) on both faces: YAML and the native modules LDAP0, LDAPREP0,
 * LDAPIN0, LDAPOUT0. Every error names its line and field; passwords never appear in a message.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConfigCode } from "../../src/core/config/configCodes.js";
import { DEFAULT_AD_FILTER } from "../../src/ldap/settings.js";
import { deviceToObject } from "../../src/config/deviceToObject.js";
import { formatNativeText } from "../../src/config/nativeText.js";
import { type DeviceConfig } from "../../src/config/DeviceConfig.js";
import { assertConfigError, fromNative, fromYaml, NATIVE_BASE, YAML_BASE } from "./helpers.js";

const yaml = (field: string, line: number | undefined, code: string) => ({ code, line, field });
const native = (field: string, line: number | undefined, code: string) => ({ code, line, field, source: "test.txt" });

/** Lines 1-6 of every YAML case: a Master, then `ldap:` at line 7. */
const MASTER_YAML = `${YAML_BASE}master:\n  mode: active\nldap:\n`;
const withLdap = (body: string) => fromYaml(`${MASTER_YAML}${body}`);
/** Lines 1-3 of every native case: a Master. */
const MASTER_NATIVE = `${NATIVE_BASE}config change MASTER0 /mode active\n`;

function roundTrip(cfg: DeviceConfig): string {
  const text = formatNativeText(cfg);
  const back = fromNative(text);
  assert.deepEqual(back.ldap, cfg.ldap);
  assert.deepEqual(deviceToObject(back), deviceToObject(cfg));
  assert.equal(formatNativeText(back), text);
  return text;
}

test("LDAP server: user and password, Write Access off, port 389 and LDAPS 636 by default (§4.5.1, App. H)", () => {
  const cfg = withLdap("  server: { user: ldap-user, password: ldap-secret }\n");
  assert.deepEqual(cfg.ldap, {
    server: { user: "ldap-user", password: "ldap-secret", writeAccess: false, port: 389, tlsPort: 636 },
  });
  const noLdaps = withLdap("  server: { user: u, password: p, tlsPort: 0 }\n");
  assert.match(roundTrip(noLdaps), /^config change LDAP0 \/user u \/password p \/tls-port 0$/m);
  assert.equal(fromNative(roundTrip(noLdaps)).ldap?.server?.tlsPort, 0);
  assert.match(roundTrip(cfg), /^config change LDAP0 \/user ldap-user \/password ldap-secret$/m);
  const rw = withLdap("  server: { user: u, password: 'a \"b\" c', writeAccess: true, port: 3389 }\n");
  assert.match(roundTrip(rw), /^config change LDAP0 \/user u \/password "a \\"b\\" c" \/write-access \/port 3389$/m);
  assert.equal(
    fromNative(`${MASTER_NATIVE}config change LDAP0 /user u /password p /read-only\n`).ldap?.server?.writeAccess,
    false,
  );
});

test("LDAP server: bad values name the field; ports 1..65535", () => {
  assertConfigError(() => withLdap("  server: { password: p }\n"), yaml("ldap.server.user", 8, ConfigCode.Required));
  assertConfigError(() => withLdap("  server: { user: u }\n"), yaml("ldap.server.password", 8, ConfigCode.Required));
  assertConfigError(
    () => withLdap("  server: { user: u, password: p, write: true }\n"),
    yaml("ldap.server.write", 8, ConfigCode.UnknownKey),
  );
  for (const port of ["0", "65536", "1.5", "'389'"])
    assertConfigError(
      () => withLdap(`  server: { user: u, password: p, port: ${port} }\n`),
      yaml("ldap.server.port", 8, ConfigCode.Port),
    );
  assert.equal(withLdap("  server: { user: u, password: p, port: 65535 }\n").ldap?.server?.port, 65535);
  assertConfigError(
    () => fromNative(`${MASTER_NATIVE}config change LDAP0 /user u /password p /port http\n`),
    native("LDAP0 /port", 4, ConfigCode.Port),
  );
  assertConfigError(
    () => fromNative(`${MASTER_NATIVE}config change LDAP0 /user u /password p /write-access /read-only\n`),
    native("LDAP0 /read-only", 4, ConfigCode.DuplicateOption),
  );
  assertConfigError(
    () => fromNative(`${MASTER_NATIVE}config change LDAP0 /user u\n`),
    native("LDAP0 /password", 4, ConfigCode.Required),
  );
});

test("a password never appears in an error message", () => {
  for (const value of ["123456", "true", "[s3cr3t]", "{ a: s3cr3t }"]) {
    const e = assertConfigError(
      () => withLdap(`  server: { user: u, password: ${value} }\n`),
      yaml("ldap.server.password", 8, ConfigCode.Secret),
    );
    assert.doesNotMatch(e.message, /123456|true|s3cr3t/);
  }
  const e = assertConfigError(
    () => withLdap("  replicator: { type: full, server: 10.0.0.1, user: u, password: 987654 }\n"),
    yaml("ldap.replicator.password", 8, ConfigCode.Secret),
  );
  assert.doesNotMatch(e.message, /987654/);
});

test("the LDAP server and replicator need a Master role that is not off (§4.5)", () => {
  assertConfigError(
    () => fromYaml(`${YAML_BASE}ldap:\n  server: { user: u, password: p }\n`),
    yaml("ldap.server", 6, ConfigCode.LdapNeedsMaster),
  );
  assertConfigError(
    () =>
      fromYaml(
        `${YAML_BASE}master: { mode: off }\nldap:\n  replicator: { type: ad, server: ad, user: u, password: p, searchBase: b }\n`,
      ),
    yaml("ldap.replicator", 7, ConfigCode.LdapNeedsMaster),
  );
  assertConfigError(
    () => fromNative(`${NATIVE_BASE}config change LDAP0 /user u /password p\n`),
    native("LDAP0", 3, ConfigCode.LdapNeedsMaster),
  );
  // An empty section is no section: nothing to run, nothing to write.
  assert.equal(fromYaml(`${YAML_BASE}ldap: {}\n`).ldap, undefined);
});

test("Full Replication: a Standby's server defaults to its primary; filter type and filter come together (§4.5.3.1)", () => {
  const standby = (body: string) =>
    fromYaml(
      `${YAML_BASE}master: { mode: standby, primary: 127.0.1.1 }\nldap:\n  replicator: { type: full, user: u, password: p${body} }\n`,
    );
  assert.deepEqual(standby("").ldap?.replicator, { type: "full", enabled: true, user: "u", password: "p" });
  const filtered = standby(
    ", server: 127.0.1.1:389, altServer: pbx.example.com, filterType: ldap, filter: '(&(e164=1*)(!(cn=x)))'",
  );
  assert.match(
    roundTrip(filtered),
    /^config change LDAPREP0 \/type full \/server 127\.0\.1\.1:389 \/alt-server pbx\.example\.com \/user u \/password p \/filter-type ldap \/filter \(&\(e164=1\*\)\(!\(cn=x\)\)\)$/m,
  );
  assert.equal(standby(", filterType: gateway, filter: 'ipbs north'").ldap?.replicator?.filter, "ipbs north");
  assertConfigError(() => standby(", filterType: gateway"), yaml("ldap.replicator.filter", 7, ConfigCode.Required));
  assertConfigError(() => standby(", filter: '(cn=x)'"), yaml("ldap.replicator.filterType", 7, ConfigCode.Required));
  for (const bad of ["cn=x", "(cn=x", "(cn=x))", "(a)(b)", ")("])
    assertConfigError(
      () => standby(`, filterType: ldap, filter: '${bad}'`),
      yaml("ldap.replicator.filter", 7, ConfigCode.Ldap),
    );
  assert.equal(standby(", filterType: ldap, filter: '(cn=a\\29b)'").ldap?.replicator?.filter, "(cn=a\\29b)");
  // On an active Master (PBX → Master replication) the server is needed, unless the replicator is disabled.
  assertConfigError(
    () => withLdap("  replicator: { type: full, user: u, password: p }\n"),
    yaml("ldap.replicator.server", 8, ConfigCode.Required),
  );
  const off = withLdap("  replicator: { type: full, enabled: false, user: u, password: p }\n");
  assert.match(roundTrip(off), /^config change LDAPREP0 \/type full \/disable \/user u \/password p$/m);
  for (const bad of ["http://x", "a:0", "a:65536", "-a.b", "1.2.3", "a b", "a:"])
    assertConfigError(
      () => withLdap(`  replicator: { type: full, server: '${bad}', user: u, password: p }\n`),
      yaml("ldap.replicator.server", 8, ConfigCode.Ldap),
    );
  assertConfigError(() => standby(", searchBase: 'CN=Users'"), yaml("ldap.replicator.searchBase", 7, ConfigCode.Ldap));
});

test("Active Directory Replication: search base, default filter, TLS, In Maps and Out Maps in order (§4.5.3.2)", () => {
  const cfg = withLdap(
    [
      "  replicator:",
      "    type: ad",
      "    server: 192.0.2.10",
      "    user: 'DOMAIN\\ipdect'",
      "    password: 'pass word'",
      "    searchBase: 'CN=Users,DC=example,DC=com'",
      "    tls: true",
      "    inMaps:",
      "      - { source: telephoneNumber, pattern: '%tel=([0-9]+)', description: digits only }",
      "      - { source: cn, pattern: '%dsp=' }",
      "    outMaps:",
      "      - { dest: e164, value: '%tel' }",
      "      - { dest: dn, value: '%dsp' }",
      "",
    ].join("\n"),
  );
  const rep = cfg.ldap?.replicator;
  assert.equal(rep?.adFilter, DEFAULT_AD_FILTER);
  assert.deepEqual(rep?.inMaps, [
    { source: "telephoneNumber", pattern: "%tel=([0-9]+)", description: "digits only" },
    { source: "cn", pattern: "%dsp=" },
  ]);
  const text = roundTrip(cfg);
  assert.match(
    text,
    /^config add LDAPIN0 \/source telephoneNumber \/pattern %tel=\(\[0-9\]\+\) \/description "digits only"\nconfig add LDAPIN0 \/source cn \/pattern %dsp=\nconfig add LDAPOUT0 \/dest e164 \/value %tel\nconfig add LDAPOUT0 \/dest dn \/value %dsp$/m,
  );
  assert.match(text, / \/tls$/m);
  assertConfigError(
    () => withLdap("  replicator: { type: ad, server: a, user: u, password: p }\n"),
    yaml("ldap.replicator.searchBase", 8, ConfigCode.Required),
  );
  assertConfigError(
    () => withLdap("  replicator: { type: ad, server: a, user: u, password: p, searchBase: b, filter: '(cn=x)' }\n"),
    yaml("ldap.replicator.filter", 8, ConfigCode.Ldap),
  );
  assertConfigError(
    () =>
      withLdap(
        "  replicator: { type: ad, server: a, user: u, password: p, searchBase: b, inMaps: [{ source: cn }] }\n",
      ),
    yaml("ldap.replicator.inMaps[0].pattern", 8, ConfigCode.Required),
  );
  assertConfigError(
    () =>
      withLdap(
        "  replicator: { type: ad, server: a, user: u, password: p, searchBase: b, outMaps: [{ dest: e164, value: x, to: y }] }\n",
      ),
    yaml("ldap.replicator.outMaps[0].to", 8, ConfigCode.UnknownKey),
  );
  assertConfigError(
    () => withLdap("  replicator: { type: sync, server: a, user: u, password: p }\n"),
    yaml("ldap.replicator.type", 8, ConfigCode.Ldap),
  );
});

test("native LDAPIN0/LDAPOUT0: add appends, change replaces the list, rem empties it; errors name the item's line", () => {
  const rep =
    `${MASTER_NATIVE}config change LDAPREP0 /type ad /server a /user u /password p /search-base b\n` +
    "config add LDAPIN0 /source one /pattern 1\nconfig add LDAPIN0 /source two /pattern 2\n";
  const maps = (extra: string) => fromNative(rep + extra).ldap?.replicator?.inMaps?.map((m) => m.source);
  assert.deepEqual(maps(""), ["one", "two"]);
  assert.deepEqual(maps("config change LDAPIN0 /source three /pattern 3\n"), ["three"]);
  assert.deepEqual(maps("config rem LDAPIN0\n"), undefined);
  // LDAPREP0 change keeps the maps (they are modules of their own); rem LDAPREP0 removes the replicator with them.
  assert.deepEqual(maps("config change LDAPREP0 /type ad /server a2 /user u /password p /search-base b\n"), [
    "one",
    "two",
  ]);
  assert.equal(fromNative(`${rep}config rem LDAPREP0\n`).ldap, undefined);
  assertConfigError(
    () => fromNative(`${rep}config add LDAPIN0 /pattern 3\n`),
    native("LDAPIN0 /source", 7, ConfigCode.Required),
  );
  assertConfigError(
    () => fromNative(`${rep}config rem LDAPIN0 /source\n`),
    native("LDAPIN0", 7, ConfigCode.UnexpectedValue),
  );
  assertConfigError(
    () => fromNative(`${MASTER_NATIVE}config add LDAPOUT0 /dest e164 /value %tel\n`),
    native("LDAPREP0 /type", 4, ConfigCode.Required),
  );
});
