/**
 * The LDAP server of a real `ipdect node` (examples/ldap-node.yaml on a loopback address of this test) against
 * OpenLDAP's own clients (Debian ldap-utils): ldapsearch, ldapadd, ldapmodify, ldapdelete, ldapmodrdn.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, HTTP_PORT, NodeProcesses } from "../helpers/nodes.js";

const EXAMPLE = readFileSync(new URL("../../../examples/ldap-node.yaml", import.meta.url), "utf8");
const BIN = fileURLToPath(new URL("../../../bin/ipdect.js", import.meta.url));
const PORT = 3389;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; its exit code (an ldap-utils tool exits with the LDAP result code). */
function run(file: string, args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(file, args, (err, stdout, stderr) =>
      resolve({ code: err === null ? 0 : Number((err as { code?: unknown }).code ?? 1), stdout, stderr }),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

const ldap = (ip: string, tool: string, args: readonly string[], input?: string, password = "ldap-secret") =>
  run(tool, ["-x", "-H", `ldap://${ip}:${PORT}`, "-D", "cn=ldap-user", "-w", password, ...args], input);

/** Entries of LDIF output: DN and attributes (values of repeated attributes in order). */
function entries(ldif: string): { dn: string; attrs: Record<string, string[]> }[] {
  return ldif
    .split(/\n\n+/)
    .map((block) => block.replace(/\n /g, "").trim())
    .filter((b) => b.startsWith("dn:"))
    .map((block) => {
      const [first, ...lines] = block.split("\n").map(line);
      const attrs: Record<string, string[]> = {};
      for (const [type, value] of lines) (attrs[type] ??= []).push(value);
      return { dn: first![1], attrs };
    });
}

/** One LDIF line: `type: value`, or `type:: base64` for a value that is not plain ASCII (RFC 2849). */
function line(text: string): [string, string] {
  const m = /^([^:]+):(:?) ?(.*)$/.exec(text)!;
  return [m[1]!, m[2] === ":" ? Buffer.from(m[3]!, "base64").toString("utf8") : m[3]!];
}

describe("real node: LDAP server of a Master with 100 users (§4.5.1, §4.5.2) against ldap-utils", () => {
  const ip = loopbackBlock();
  const RW = ip(1);
  const RO = ip(2);
  const nodes = new NodeProcesses();
  const counters = async (node: string) =>
    ((await api(node, "GET", "/api/ldap/server")).json as { counters: Record<string, number> }).counters;
  const users = async (node: string) =>
    (await api(node, "GET", "/api/users")).json as { longName: string; number: string; name?: string }[];

  before(async () => {
    await nodes.start("rw", EXAMPLE.replace("ip: 127.0.0.1", `ip: ${RW}`));
    const readOnly = EXAMPLE.replace("ip: 127.0.0.1", `ip: ${RO}`)
      .replace("writeAccess: true", "writeAccess: false")
      .replace('mac: "00:90:33:20:00:01"', 'mac: "00:90:33:20:00:02"');
    await nodes.start("ro", readOnly);
  });
  after(() => nodes.close());

  test("ldapsearch returns the 100 users with the manual's attribute names", async () => {
    const r = await ldap(RW, "ldapsearch", ["-b", "cn=PBX0", "-LLL", "(objectClass=ipdectUser)"]);
    assert.equal(r.code, 0, r.stderr);
    const found = entries(r.stdout);
    assert.equal(found.length, 100);
    const ann = found.find((e) => e.dn === "cn=Ann Berg,cn=PBX0");
    assert.deepEqual(ann?.attrs["cn"], ["Ann Berg"]);
    assert.deepEqual(ann?.attrs["e164"], ["2000"]);
    assert.deepEqual(ann?.attrs["h323"], ["u2000"]);
    assert.deepEqual(ann?.attrs["idle"], ["Ward 1"]);
    assert.match(ann?.attrs["authCode"]?.[0] ?? "", /^\d{4}$/);
    assert.match(ann?.attrs["guid"]?.[0] ?? "", /^[0-9A-F]{32}$/);
    assert.ok(Number(ann?.attrs["usn"]?.[0]) > 0);
    const one = entries((await ldap(RW, "ldapsearch", ["-b", "cn=PBX0", "-LLL", "(e164=2042)", "cn"])).stdout);
    assert.deepEqual(one, [{ dn: "cn=Cecilia Sjö,cn=PBX0", attrs: { cn: ["Cecilia Sjö"] } }]);
  });

  test("the root DSE lists namingContexts cn=PBX0, also to an anonymous client", async () => {
    const r = await run("ldapsearch", [
      "-x",
      "-H",
      `ldap://${RW}:${PORT}`,
      "-b",
      "",
      "-s",
      "base",
      "-LLL",
      "namingContexts",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(entries(r.stdout), [{ dn: "", attrs: { namingContexts: ["cn=PBX0"] } }]);
    const denied = await run("ldapsearch", ["-x", "-H", `ldap://${RW}:${PORT}`, "-b", "cn=PBX0", "-LLL"]);
    assert.equal(denied.code, 50);
  });

  test("a wrong password is refused with 49 (invalidCredentials); the bare user name binds too", async () => {
    const wrong = await ldap(RW, "ldapsearch", ["-b", "cn=PBX0", "-LLL", "(e164=2000)"], undefined, "wrong");
    assert.equal(wrong.code, 49);
    assert.match(wrong.stderr, /Invalid credentials \(49\)/);
    // The login block (§3.4.5.1, issue 16): for 5 s the right password is refused too, in either spelling.
    const blocked = await ldap(RW, "ldapsearch", ["-b", "cn=PBX0", "-LLL", "(e164=2000)"]);
    assert.equal(blocked.code, 49);
    await new Promise((r) => setTimeout(r, 5_100));
    const bare = await run("ldapsearch", [
      "-x",
      "-H",
      `ldap://${RW}:${PORT}`,
      "-D",
      "ldap-user",
      "-w",
      "ldap-secret",
      "-b",
      "cn=PBX0",
      "-LLL",
      "(e164=2000)",
      "dn",
    ]);
    assert.equal(bare.code, 0, bare.stderr);
    assert.equal((await counters(RW))["txError49"], 2);
  });

  test("without Write Access: ldapmodify gets 50 (insufficientAccessRights), secrets are not shown", async () => {
    const change = "dn: cn=Ann Berg,cn=PBX0\nchangetype: modify\nreplace: e164\ne164: 9999\n";
    const r = await ldap(RO, "ldapmodify", [], change);
    assert.equal(r.code, 50);
    assert.match(r.stderr, /Insufficient access \(50\)/);
    assert.ok((await users(RO)).some((u) => u.number === "2000"));
    const ann = entries((await ldap(RO, "ldapsearch", ["-b", "cn=PBX0", "-LLL", "(e164=2000)"])).stdout)[0];
    assert.equal(ann?.attrs["authCode"], undefined);
    assert.deepEqual(ann?.attrs["e164"], ["2000"]);
    const c = await counters(RO);
    assert.deepEqual([c["rxModify"], c["txError50"], c["writeConnections"]], [1, 1, 0]);
  });

  test("with Write Access: ldapadd, ldapmodify, ldapmodrdn and ldapdelete change the directory; the counters count them", async () => {
    const before = await counters(RW);
    const add = [
      'dn: cn=Smith\\, John \\"JJ\\" #2,cn=PBX0',
      "objectClass: ipdectUser",
      "e164: 3000",
      "h323: jsmith",
      "ipei: 00019 0592015 3",
      "",
      "dn: cn=Temp User,cn=PBX0",
      "e164: 3001",
      "",
    ].join("\n");
    const added = await ldap(RW, "ldapadd", [], add);
    assert.equal(added.code, 0, added.stderr);
    let now = await users(RW);
    assert.ok(now.some((u) => u.longName === 'Smith, John "JJ" #2' && u.number === "3000" && u.name === "jsmith"));
    // The escaped DN names the entry for a base search.
    const base = await ldap(RW, "ldapsearch", [
      "-b",
      'cn=Smith\\, John \\"JJ\\" #2,cn=PBX0',
      "-s",
      "base",
      "-LLL",
      "e164",
    ]);
    assert.deepEqual(entries(base.stdout)[0]?.attrs, { e164: ["3000"] });
    const modify = [
      "dn: cn=Temp User,cn=PBX0",
      "changetype: modify",
      "replace: e164",
      "e164: 3002",
      "-",
      "add: h323",
      "h323: temp",
      "",
    ];
    assert.equal((await ldap(RW, "ldapmodify", [], modify.join("\n"))).code, 0);
    assert.equal((await ldap(RW, "ldapmodrdn", ["-r", "cn=Temp User,cn=PBX0", "cn=Renamed User"])).code, 0);
    now = await users(RW);
    assert.ok(now.some((u) => u.longName === "Renamed User" && u.number === "3002" && u.name === "temp"));
    const taken = await ldap(
      RW,
      "ldapmodify",
      [],
      "dn: cn=Renamed User,cn=PBX0\nchangetype: modify\nreplace: e164\ne164: 2000\n",
    );
    assert.equal(taken.code, 19, "Number 2000 belongs to Ann Berg (§3.14: unique)");
    assert.equal((await ldap(RW, "ldapdelete", ["cn=Renamed User,cn=PBX0"])).code, 0);
    assert.equal((await ldap(RW, "ldapdelete", ["cn=Renamed User,cn=PBX0"])).code, 32);
    now = await users(RW);
    assert.equal(now.length, 101);
    assert.ok(!now.some((u) => u.longName === "Renamed User"));
    const after = await counters(RW);
    const delta = (k: string) => after[k]! - before[k]!;
    assert.deepEqual(
      { add: delta("rxAdd"), modify: delta("rxModify"), del: delta("rxDel"), error: delta("txError") },
      { add: 2, modify: 3, del: 2, error: 2 },
    );
    const ctl = await run(process.execPath, [BIN, "ctl", "ldap-server", "--node", `${RW}:${HTTP_PORT}`]);
    assert.match(
      ctl.stdout,
      new RegExp(`^LDAP server ${RW.replace(/\./g, "\\.")}:3389, user ldap-user, write access on`),
    );
    assert.match(ctl.stdout, /^ {2}rx add {13}\d+$/m);
    assert.match(ctl.stdout, /^ {2}tx error 49 {8}2$/m);
  });

  test("a reset closes the LDAP server and opens it again with the configuration stored before (§4.24)", async () => {
    const { json } = await api(RW, "GET", "/api/config");
    const text = (json as { running: string }).running.replace(" /write-access", "");
    assert.equal((await api(RW, "PUT", "/api/config", text)).status, 202);
    assert.equal((await api(RW, "POST", "/api/reset?mode=immediate")).status, 200);
    const change = "dn: cn=Ann Berg,cn=PBX0\nchangetype: modify\nreplace: h323\nh323: ann\n";
    assert.equal((await ldap(RW, "ldapmodify", [], change)).code, 50);
    const r = await ldap(RW, "ldapsearch", ["-b", "cn=PBX0", "-LLL", "(objectClass=ipdectUser)", "dn"]);
    assert.equal(
      entries(r.stdout).length,
      101,
      "the directory on flash stands; the config's users are not added again",
    );
    assert.equal((await counters(RW))["rxModify"], 1, "counters start again at the reset");
  });
});
