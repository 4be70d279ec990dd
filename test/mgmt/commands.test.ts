import { DEFAULT_ADMIN_SETTINGS } from "../../src/auth/adminSettings.js";
import type { Device } from "../../src/device/Device.js";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, test } from "node:test";
import { ConfigError } from "../../src/core/errors.js";
import { CTL_OPTIONS, CTL_WORDS, ctlCommand } from "../../src/cli/ctlCommands.js";
import { handleApi } from "../helpers/api.js";
import type { Command } from "../../src/mgmt/command.js";
import { COMMANDS } from "../../src/mgmt/commands/index.js";
import { SimCode } from "../../sim/errors.js";
import { COMMAND_KEYS, FLEET_COMMANDS } from "../../sim/fleetCommands.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { ROOT, runIpdect } from "../helpers/cli.js";

/** The operator-command table (docs/design.md "Operator commands") and its three faces. */

const ctlOptions = (c: Command) =>
  Object.values(c.params).flatMap((p) => (p.ctl !== undefined && "option" in p.ctl ? [p.ctl.option] : []));
const wordOf = (c: Command) => c.ctl?.word ?? c.name;

describe("the operator-command table", () => {
  test("every entry has its own name and its own method and path", () => {
    const names = COMMANDS.map((c) => c.name);
    assert.deepEqual(names, [...new Set(names)]);
    const routes = COMMANDS.map((c) => `${c.method} ${c.path}`);
    assert.deepEqual(routes, [...new Set(routes)]);
    for (const c of COMMANDS)
      assert.match(c.summary, /^[^\n|]+\((?:§|App\. )[^)]+\)/, `${c.name}: one line citing the manual`);
  });

  test("the HTTP API is the table: every method and path with the access level it needs (§3.4.2)", () => {
    assert.deepEqual(
      COMMANDS.map((c) => `${c.method} ${c.path} ${c.need}`),
      [
        "GET /api/status auditor",
        "GET /api/events auditor",
        "GET /api/config system-admin",
        "PUT /api/config system-admin",
        "POST /api/reset system-admin",
        "GET /api/backup system-admin",
        "PUT /api/backup system-admin",
        "GET /api/firmware auditor",
        "PUT /api/firmware system-admin",
        "PUT /api/firmware/boot system-admin",
        "GET /api/settings auditor",
        "PATCH /api/settings system-admin",
        "GET /api/alarms auditor",
        "GET /api/alarms/events auditor",
        "POST /api/alarms/events/clear system-admin",
        "GET /metrics auditor",
        "GET /api/performance auditor",
        "POST /api/master/activate-mirror system-admin",
        "POST /api/master/switch-mirror system-admin",
        "PUT /api/master/data/:key system-admin",
        "GET /api/radios auditor",
        "POST /api/radios/add system-admin",
        "DELETE /api/radios/:mac system-admin",
        "POST /api/radios/move system-admin",
        "PUT /api/pari/sari system-admin",
        "GET /api/sync auditor",
        "GET /api/sync.svg auditor",
        "GET /api/sync/disturbances auditor",
        "POST /api/sync/resync system-admin",
        "POST /api/sync/clear system-admin",
        "PUT /api/sync/carriers system-admin",
        "POST /api/radio/scan system-admin",
        "GET /api/ldap/replicator auditor",
        "GET /api/ldap/server auditor",
        "GET /api/user-admins user-admin",
        "POST /api/user-admins system-admin",
        "DELETE /api/user-admins/:name system-admin",
        "GET /api/users user-admin",
        "POST /api/users user-admin",
        "PATCH /api/users/:number user-admin",
        "DELETE /api/users/:number user-admin",
        "POST /api/users/import user-admin",
        "POST /api/anonymous/import user-admin",
        "GET /api/users/export user-admin",
        "GET /api/anonymous/export user-admin",
        "GET /api/anonymous user-admin",
        "GET /api/park user-admin",
        "POST /api/anonymous user-admin",
        "POST /api/users/:number/allow-subscription user-admin",
        "GET /api/handsets user-admin",
        "GET /api/directory auditor",
        "GET /api/dect/system system-admin",
        "PUT /api/dect/system system-admin",
        "GET /api/sip auditor",
        "GET /api/sip/registrations auditor",
        "GET /api/gatekeeper auditor",
        "PUT /api/gatekeeper system-admin",
        "DELETE /api/gatekeeper system-admin",
        "GET /api/certs auditor",
        "GET /api/certs/device.pem auditor",
        "POST /api/certs/device/self-signed system-admin",
        "POST /api/certs/csr system-admin",
        "GET /api/certs/csr.pem auditor",
        "DELETE /api/certs/csr system-admin",
        "PUT /api/certs/device system-admin",
        "PUT /api/certs/device/pkcs12 system-admin",
        "DELETE /api/certs/device system-admin",
        "POST /api/certs/device/trust system-admin",
        "GET /api/certs/trust auditor",
        "GET /api/certs/trust.pem auditor",
        "POST /api/certs/trust system-admin",
        "DELETE /api/certs/trust/:fingerprint system-admin",
        "DELETE /api/certs/trust system-admin",
        "GET /api/certs/rejected auditor",
        "POST /api/certs/rejected/:fingerprint/trust system-admin",
        "DELETE /api/certs/rejected system-admin",
        "GET /api/tls auditor",
        "PUT /api/tls system-admin",
        "GET /api/admin auditor",
        "PUT /api/admin/account system-admin",
        "GET /api/admin/sessions system-admin",
        "GET /api/kerberos/server auditor",
        "POST /api/kerberos/server system-admin",
        "POST /api/kerberos/server/copy system-admin",
        "GET /api/kerberos/users auditor",
        "POST /api/kerberos/users system-admin",
        "PATCH /api/kerberos/users/:name system-admin",
        "DELETE /api/kerberos/users/:name system-admin",
        "GET /api/kerberos/clients auditor",
        "GET /api/kerberos/trusts auditor",
        "POST /api/kerberos/trusts system-admin",
        "DELETE /api/kerberos/trusts/:realm system-admin",
        "GET /api/kerberos/client auditor",
        "POST /api/kerberos/client/join system-admin",
        "POST /api/kerberos/client/leave system-admin",
        "GET /api/snmp auditor",
        "PUT /api/snmp system-admin",
        "GET /api/logging auditor",
        "PUT /api/logging system-admin",
        "DELETE /api/logging system-admin",
        "GET /api/http auditor",
        "PUT /api/http system-admin",
        "POST /api/update/poll system-admin",
        "POST /api/update/run system-admin",
        "GET /api/provisioning auditor",
        "PUT /api/provisioning system-admin",
        "POST /api/provisioning/check system-admin",
        "GET /api/site-upgrade auditor",
        "POST /api/site-upgrade system-admin",
        "GET /api/rfp-update auditor",
        "PUT /api/rfp-update/firmware system-admin",
        "POST /api/rfp-update/start system-admin",
      ],
    );
  });

  test("every ctl word resolves to one entry, with its options given or not; ctl takes the options it always took", () => {
    for (const word of CTL_WORDS) {
      const entries = COMMANDS.filter((c) => c.ctl !== undefined && wordOf(c) === word);
      assert.ok(entries.length === 1 || entries.length === 2, word);
      assert.equal(ctlCommand(word, {}), entries[0], `${word} without options`);
      for (const c of entries)
        for (const option of ctlOptions(c)) assert.equal(ctlCommand(word, { [option]: "x" }), c, `${word} --${option}`);
    }
    assert.equal(CTL_WORDS.length, 100);
    assert.deepEqual([...CTL_OPTIONS].sort(), [
      "ac",
      "admin-password",
      "admin-user",
      "aes-rc4",
      "auth-servers",
      "band",
      "bits",
      "cn",
      "commands",
      "disable-local",
      "dns",
      "force",
      "hash",
      "host",
      "kerberos-host",
      "kerberos-password",
      "kerberos-realm",
      "kerberos-user",
      "key-usage",
      "logout-code",
      "minutes",
      "mode",
      "name",
      "new-password",
      "new-user",
      "old-password",
      "overwrite",
      "parameters",
      "pkcs12-password",
      "profile",
      "region",
      "role",
      "root-password",
      "schedule",
      "select",
      "set",
      "since",
      "standby",
      "state",
      "subscription",
      "trust-password",
      "user-password",
      "years",
    ]);
  });

  test("every fleet command resolves to one entry that takes the keys it always took", () => {
    assert.deepEqual(
      Object.fromEntries(
        FLEET_COMMANDS.map((c) => [
          c.name,
          Object.values(c.params).flatMap((p) => (p.fleet !== undefined && "key" in p.fleet ? [p.fleet.key] : [])),
        ]),
      ),
      {
        reset: [],
        "activate-mirror": [],
        "switch-mirror": [],
        "radio-add": [
          "radio",
          "name",
          "standby",
          "region",
          "kerberosRealm",
          "kerberosHost",
          "kerberosUser",
          "kerberosPassword",
          "disableLocal",
          "aesRc4",
          "overwrite",
          "authServers",
        ],
        "radio-delete": ["radio"],
        "radio-move": ["radio", "to"],
        sari: ["sari"],
        "sync-resync": ["region"],
        "sync-carriers": ["carriers", "band"],
        "certs-self-signed": ["bits", "hash", "years", "cn", "dns"],
        "tls-set": ["profile", "keyUsage"],
        "update-poll": [],
        "update-run": ["commands"],
        "provisioning-check": [],
      },
    );
    for (const c of FLEET_COMMANDS) assert.equal(COMMANDS.filter((x) => x.name === c.name).length, 1, c.name);
    assert.deepEqual([...COMMAND_KEYS].sort(), [
      "aesRc4",
      "authServers",
      "band",
      "bits",
      "carriers",
      "cn",
      "commands",
      "disableLocal",
      "dns",
      "hash",
      "kerberosHost",
      "kerberosPassword",
      "kerberosRealm",
      "kerberosUser",
      "keyUsage",
      "name",
      "overwrite",
      "profile",
      "radio",
      "region",
      "sari",
      "standby",
      "to",
      "years",
    ]);
  });

  test("ctl prints every answer for people: each ctl entry has its text, unless it answers a document", () => {
    for (const c of COMMANDS.filter((x) => x.ctl !== undefined))
      assert.ok((c.ctl!.text === undefined) === (c.contentType !== undefined), c.name);
    for (const c of COMMANDS.filter((x) => x.ctl?.also !== undefined))
      for (const name of c.ctl!.also!) {
        const also = COMMANDS.find((x) => x.name === name);
        const free = Object.values(also?.params ?? {}).every((p) => p.optional === true || p.default !== undefined);
        assert.ok(also?.method === "GET" && free, `${c.name}: also ${name} is a GET without required parameters`);
        assert.ok(also.ctl?.text !== undefined, `${c.name}: also ${name} has a text`);
      }
  });

  test("every parameter a face must give has its source there: ctl a positional or option, a fleet file a key", () => {
    const required = (c: Command) =>
      Object.entries(c.params).filter(([, p]) => p.optional !== true && p.default === undefined);
    for (const c of COMMANDS.filter((x) => x.ctl !== undefined))
      for (const [k, p] of required(c)) assert.ok(p.ctl !== undefined, `ctl ${c.name}: ${k}`);
    for (const c of FLEET_COMMANDS)
      for (const [k, p] of Object.entries(c.params))
        assert.ok(p.fleet !== undefined || p.optional === true, `fleet ${c.name}: ${k}`);
  });

  test("a command that is not in the table is refused by all three faces", async () => {
    const basicAdmin = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;
    // Only the login is asked of the device (at our own interface): the route table refuses the path.
    const principal = { user: "admin", level: "system-admin", source: "local" } as const;
    const admin = {
      settings: DEFAULT_ADMIN_SETTINGS,
      session: () => undefined,
      login: async () => ({ ok: true, principal, record: { failures: 0 } }),
    };
    const ctx = { device: () => ({ admin: () => admin, config: {} }) as unknown as Device, events: () => [] };
    const http = await handleApi(ctx, {
      method: "POST",
      path: "/api/fly",
      query: new URLSearchParams(),
      authorization: basicAdmin,
      body: "",
    });
    assert.deepEqual([http.status, (http.body as { error: { code: string } }).error.code], [404, "NOT_FOUND"]);

    const ctl = runIpdect(["ctl", "fly", "--node", "127.0.0.1:1"]);
    assert.equal(ctl.status, 2);
    assert.match(
      ctl.stderr,
      /^error: unknown ctl command fly; the commands are status, events, config, .*, sip-registrations, .*, tls-set, admin, admin-account, sessions, .*, kerberos-leave, snmp, snmp-set, logging, logging-set, logging-remove, http, http-set, update-poll, update-run, provisioning, provisioning-set, provisioning-check, site-upgrade, site-upgrade-start, rfp-update, rfp-firmware-upload, rfp-update-start\n$/,
    );

    const yaml = `name: x
devices:
  - { name: a, kind: IPBS, mac: "00:90:33:00:01:01", ip: 127.0.1.1, master: { mode: active } }
faults:
  - { at: 5s, command: fly, device: a }
`;
    assert.throws(
      () => parseFleetFile(yaml, "fly.yaml"),
      (err) =>
        err instanceof ConfigError &&
        err.code === SimCode.FleetCommand &&
        /^fly\.yaml:5: faults\[0\]\.command: must be one of reset, activate-mirror, .*sync-carriers, certs-self-signed, tls-set, update-poll, update-run, provisioning-check$/.test(
          err.message,
        ),
    );
  });

  test("docs/user-guide.md's command table is written from the table", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts", "commands-doc.mjs"), "--check"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
  });
});
