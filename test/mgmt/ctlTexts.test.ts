import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { ctlCommand } from "../../src/cli/ctlCommands.js";
import type { CtlArgs } from "../../src/mgmt/command.js";
import { sipFleetYaml } from "../../sim/generators/sip.js";
import { handleApi, type TestRequest } from "../helpers/api.js";
import { startFleet } from "../helpers/sim.js";
import { basic } from "../helpers/testRealm.js";

/**
 * `ipdect ctl` for people (issue 18): every reading of a Master with a gatekeeper and users, as the API answers it in
 * the sim, shown by its entry's text — headers, times as UTC dates (virtual time starts at the epoch). The actions'
 * lines are pinned one by one below.
 */

const ADMIN = basic("admin", "changeme");

const req = (method: string, path: string, body = ""): TestRequest => {
  const url = new URL(path, "http://x");
  const json = body === "" ? {} : { contentType: "application/json" };
  return { method, path: url.pathname, query: url.searchParams, authorization: ADMIN, body, ...json };
};

/** A date as ctl writes it: UTC, to the second, in the sim's first minutes. */
const SIM_TIME = String.raw`1970-01-01 00:0\d:\d\dZ`;

describe("ipdect ctl texts of the readings of a Master with a gatekeeper (sim)", async () => {
  // User 1002 has a wrong password: one registration fails, and so the alarm lists and history have a row.
  const fleet = await startFleet(sipFleetYaml({ users: 3 }).replace('"password":"pw-1002"', '"password":"wrong"'));
  await fleet.runFor(30_000);
  after(() => fleet.close());
  const ctx = {
    device: () => fleet.device("master"),
    events: () => fleet.events.events.filter((e) => e.device === "master"),
  };

  /** `ipdect ctl <word>` as it prints the API's answer (sent over the wire as JSON). */
  const shown = async (word: string, args: CtlArgs = {}) => {
    const c = ctlCommand(word, {});
    const r = await handleApi(ctx, req(c.method, c.path));
    assert.equal(r.status, 200, `${word}: ${JSON.stringify(r.body)}`);
    return c.ctl!.text!(JSON.parse(JSON.stringify(r.body)) as unknown, args);
  };

  test("status: a key/value block, one row per part of the device, then the active alarms", async () => {
    const text = await shown("status");
    assert.match(text, /^Device +master, IPVM, MAC 00:90:33:02:00:01, IP 10\.0\.0\.1$/m);
    assert.match(text, /^State +up$/m);
    assert.match(text, /^Master +mode active, state active\.serving \(serving\), id 1, term 0; 0 radios$/m);
    assert.match(
      text,
      /^Gatekeeper +sip-udp, running, mode serving; 2\/3 users registered, 1 failed; proxies 10\.0\.9\.1, 10\.0\.9\.2$/m,
    );
    assert.match(text, /^Alarms +1 active$/m);
    assert.match(text, /^Code +Severity +Text +Source +Since$/m);
    assert.match(text, new RegExp(`^0x00030202 .* 1002 +${SIM_TIME}$`, "m"));
  });

  test("events: a table of time, kind and fields, oldest first", async () => {
    const lines = (await shown("events")).split("\n");
    assert.match(lines[0]!, /^Time +Kind +Details$/);
    assert.match(lines[1]!, new RegExp(`^${SIM_TIME} +\\S+ +\\S+=`));
    assert.ok(
      lines.some((l) => new RegExp(`^${SIM_TIME} +state +role=device state=up model=IPVM ip=10\\.0\\.0\\.1$`).test(l)),
    );
    assert.ok(
      lines.some((l) =>
        /^\S+ \S+ +alarm +code=0x00030202 severity=\S+ text="[^"]+" source=1002 detail="401 [^"]+ from udp:10\.0\.9\.1:5060"$/.test(
          l,
        ),
      ),
    );
  });

  test("alarms and alarm-events: tables with the time of each (§4.23.3, §4.23.4)", async () => {
    const alarms = await shown("alarms");
    assert.match(alarms, /^Code +Severity +Text +Source +Since\n/);
    assert.match(alarms, new RegExp(`^0x00030202 +\\S+ +.+ +1002 +${SIM_TIME}$`, "m"));
    const history = await shown("alarm-events");
    assert.match(history, /^Time +Type +Code +Severity +Text +Source\n/);
    assert.match(history, new RegExp(`^${SIM_TIME} +alarm +0x00030202 +`, "m"));
  });

  test("sip-registrations: one row per user under a header, the expiry as a duration", async () => {
    const text = await shown("sip-registrations");
    assert.match(text, /^Number +State +Proxy +Expires in +Last status +Reason\n/);
    assert.match(text, /^1000 +registered +udp:10\.0\.9\.1:5060 +\d+m \d\ds +200$/m);
    assert.match(text, /^1002 +failed +\S+ +\S* *\d{3} +.*password/m);
  });

  test("gatekeeper: the settings as the page names them (§4.6.23), durations readable", async () => {
    const text = await shown("gatekeeper");
    assert.match(text, /^Protocol +sip-udp$/m);
    assert.match(text, /^Proxy +10\.0\.9\.1$/m);
    assert.match(text, /^Alt\. Proxies +10\.0\.9\.2$/m);
    assert.match(text, /^Registration TTL +2m 00s$/m);
    assert.match(text, /^Temporary failure +480$/m);
    assert.doesNotMatch(text, /After reset/, "nothing pending");
  });

  test("users, handsets, directory: tables under the manual's column names; passwords never shown", async () => {
    const users = await shown("users");
    assert.match(users, /^Long Name +Name +Number +IPEI\/IPDI +Auth\. Code\n/);
    assert.match(users, /^User 1000 +1000 +1000 +\d{13} +\d{4}$/m);
    assert.doesNotMatch(users, /pw-/);
    const handsets = await shown("handsets");
    assert.match(handsets, /^IPEI +Number +Subscribed +Radio +RFPI +Located since\n/);
    assert.match(handsets, /^\d{13} +1000 +yes$/m);
    const directory = await shown("directory");
    assert.match(directory, /^Epoch +[0-9a-f]+$/m);
    assert.match(directory, /^Users +3$/m);
    assert.match(directory, /^Entry +USN +SHA-256$/m);
  });

  test("dect-system, admin, tls: key/value blocks", async () => {
    assert.match(await shown("dect-system"), /^Subscription +user-ac\nSystem AC +\d{4,8}\nLogout code +\S+\n$/);
    const admin = await shown("admin");
    assert.match(admin, /^System Administrator +admin$/m);
    assert.match(admin, /^Factory password +yes$/m);
    assert.match(admin, /^Automatic logout +off$/m);
    const tls = await shown("tls");
    assert.match(
      tls,
      /^TLS profile +normal\nKey usage check +standard\nMinimum version +TLSv1\nCiphers \(App\. K\) +TLS_/,
    );
  });

  test("sessions: one row per login session, with its level's name and its times", async () => {
    const login = await handleApi(ctx, req("POST", "/api/login", '{"user":"admin","password":"changeme"}'));
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const text = await shown("sessions");
    assert.match(text, /^User +Level +Account +Address +Since +Last used\n/);
    assert.match(text, new RegExp(`^admin +System Administrator +local +\\S+ +${SIM_TIME} +${SIM_TIME}$`, "m"));
  });
});

/** An action's line from its answer and what ctl sent. */
const line = (word: string, answer: unknown, args: CtlArgs = {}, values: Record<string, string> = {}) =>
  ctlCommand(word, values).ctl!.text!(answer, args);

describe("ipdect ctl actions: one line saying what happened", () => {
  const cert = {
    origin: "self-signed",
    certificate: { subject: "CN=ipbs-1", key: "rsa 2048", notAfter: "2031-05-01T10:00:00.000Z" },
    chain: [],
  };
  const cases: [string, unknown, CtlArgs, Record<string, string>, string][] = [
    [
      "config",
      { result: "stored" },
      {},
      { set: "a.txt" },
      "configuration stored: in force after the next reset (§4.18.1)",
    ],
    ["alarm-events-clear", { count: 4 }, {}, {}, "cleared 4 entries of the history; active alarms stay (§4.23.4)"],
    [
      "activate-mirror",
      { result: "requested" },
      {},
      {},
      "activate mirror requested: this Mirror becomes active (§4.6.19)",
    ],
    [
      "switch-mirror",
      { result: "requested" },
      {},
      {},
      "switch active mirror requested: the other Mirror takes over (§4.6.19)",
    ],
    ["data-set", { result: "stored" }, { key: "k.1" }, {}, "stored the row k.1"],
    ["radio-delete", { result: "released" }, { mac: "m1" }, {}, "deleted m1: its RFPIs are released (§4.11.1)"],
    ["radio-move", { result: "moved" }, { from: "m1", to: "m2" }, {}, "moved the RFPIs of m1 to m2 (§4.11.1)"],
    ["sari", { result: "pushed" }, { saris: ["B-1", "B-2"] }, {}, "SARI B-1, B-2 pushed to every radio (§4.6.35)"],
    ["sync-resync", { region: 2 }, {}, {}, "reference synchronization started in region 2 (§4.12.1)"],
    ["sync-clear", { region: 2 }, {}, {}, "statistics of region 2 cleared (§4.12.1)"],
    [
      "sync-carriers",
      { result: "pushed" },
      { carriers: "18,19,20,21", band: "south-america" },
      {},
      "enabled carriers set to 18,19,20,21 of band south-america, pushed to every radio; they resynchronise (§4.6.6, §4.6.7)",
    ],
    ["users-import", { count: 12 }, {}, {}, "imported 12 users"],
    ["anonymous-import", { count: 3 }, {}, {}, "imported 3 anonymous handsets"],
    [
      "allow-subscription",
      { until: Date.UTC(2026, 0, 2, 3, 4, 5) },
      { number: "2005" },
      {},
      "the handset of 2005 may subscribe until 2026-01-02 03:04:05Z (§3.14.2 step 7)",
    ],
    [
      "certs-self-signed",
      cert,
      {},
      {},
      "new self-signed device certificate CN=ipbs-1  (self-signed, rsa 2048, until 2031-05-01)",
    ],
    ["certs-upload", cert, {}, {}, "installed CN=ipbs-1  (self-signed, rsa 2048, until 2031-05-01)"],
    ["certs-csr-delete", { deleted: false }, {}, {}, "no signing request: nothing deleted"],
    ["certs-clear", { cleared: true }, {}, {}, "device certificate cleared: the default one serves again"],
    ["trust-remove", { removed: { subject: "CN=pbx" } }, {}, {}, "removed CN=pbx from the trust list"],
    ["trust-clear", { removed: 3 }, {}, {}, "removed 3 certificates from the trust list"],
    ["rejected-clear", { removed: 1 }, {}, {}, "discarded 1 rejected chains"],
    ["admin-account", { user: "boss" }, {}, {}, "account changed: the System Administrator is now boss (§3.4.5.2)"],
    [
      "kerberos-setup",
      { realm: "LAB", state: "running" },
      {},
      {},
      "database of LAB created: the Kerberos server is running",
    ],
    ["kerberos-copy", { secondaries: ["10.0.0.2"] }, {}, {}, "database copied to 10.0.0.2"],
    ["kerberos-user-add", { name: "alice", role: "auditor" }, {}, {}, "created alice as auditor"],
    ["kerberos-user-delete", { name: "alice" }, {}, {}, "deleted alice"],
    ["kerberos-trust-add", { realm: "AD.EXAMPLE" }, {}, {}, "trusted AD.EXAMPLE"],
    ["kerberos-join", { membership: { realm: "LAB", host: "ipbs-1" } }, {}, {}, "joined LAB as ipbs-1"],
    ["kerberos-leave", {}, { how: "delete" }, {}, "left the realm: this device's keys are dropped (§4.1.8.13)"],
    [
      "gatekeeper-set",
      { pending: { proxy: "10.0.9.1" }, note: "takes effect after reset (§4.6.23 step 17)" },
      {},
      {},
      "gatekeeper settings stored: takes effect after reset (§4.6.23 step 17)",
    ],
    [
      "logging-remove",
      { pending: null, note: "takes effect after reset (§4.18.1, §4.24)" },
      {},
      {},
      "logging destination removed: takes effect after reset (§4.18.1, §4.24)",
    ],
    [
      "logging-remove",
      { pending: null, note: "no logging destination: nothing changed" },
      {},
      {},
      "no logging destination: nothing changed",
    ],
  ];
  for (const [word, answer, args, values, expected] of cases)
    test(`${word}: ${expected}`, () => assert.equal(line(word, answer, args, values), `${expected}\n`));
});

describe("ipdect ctl readings of the Kerberos server and client (§4.1.8), the RFP Scan and disturbances", () => {
  const show = (word: string, answer: unknown) => ctlCommand(word, {}).ctl!.text!(answer, {});

  test("kerberos-server: a key/value block with the last copy as a date", () => {
    const text = show("kerberos-server", {
      realm: "LAB",
      role: "primary",
      state: "running",
      port: 88,
      adminPort: 749,
      secondaries: ["127.0.1.2"],
      copied: Date.UTC(2026, 4, 1, 12, 0, 0),
    });
    assert.match(
      text,
      /^Realm +LAB\nRole +primary\nState +running\nPorts +KDC 88, admin 749\nSecondaries +127\.0\.1\.2\n/,
    );
    assert.match(text, /^Last copy +2026-05-01 12:00:00Z$/m);
  });

  test("kerberos-users, -clients, -trusts: tables with headers, or a line saying they are empty", () => {
    assert.equal(
      show("kerberos-users", [{ name: "alice", role: "administrator" }]),
      "Name   Role\nalice  administrator\n",
    );
    assert.equal(show("kerberos-clients", ["ipbs-1"]), "Host\nipbs-1\n");
    assert.equal(show("kerberos-trusts", []), "no trusted realms\n");
  });

  test("kerberos-client: the realm joined and the Authentication Servers", () => {
    const text = show("kerberos-client", {
      servers: [
        { realm: "LAB", address: "10.0.0.9", port: 88, adminPort: 749, secondaryPort: 88, secondaryAdminPort: 749 },
      ],
      aesRc4: false,
      disableLocal: false,
      membership: { realm: "LAB", host: "ipbs-1" },
      loginWorked: true,
    });
    assert.match(text, /^Realm joined +LAB as ipbs-1$/m);
    assert.match(text, /^Realm +Server +Admin +Secondary +Authorization\nLAB +10\.0\.0\.9:88 +749$/m);
  });

  test("rfp-scan and disturbances: tables of the systems heard, RSSI in dBm", () => {
    assert.equal(
      show("rfp-scan", { systems: [{ systemId: 7, rfpi: "1000700000", rssi: -61 }] }),
      "System ID  RFPI        RSSI\n7          1000700000  -61 dBm\n",
    );
    assert.equal(show("rfp-scan", { systems: [] }), "no other IP-DECT system heard\n");
    assert.match(
      show("disturbances", [{ radio: "r1", rfpi: "10", alienRfpi: "20", systemId: 9, rssi: -50, syncRssi: -70 }]),
      /^Radio +RFPI +Alien RFPI +System ID +RSSI +Sync RSSI\nr1 +10 +20 +9 +-50 dBm +-70 dBm\n$/,
    );
  });
});
