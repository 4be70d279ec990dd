import assert from "node:assert/strict";
import { test } from "node:test";
import { dnOf } from "../../src/ldap/dn.js";
import { ROOT_DSE, systemToLdap, userToLdap, viewEntry } from "../../src/ldap/mapping.js";
import type { UserEntry } from "../../src/users/entry.js";

const full: UserEntry = {
  kind: "user",
  guid: "0123456789ABCDEF0123456789ABCDEF",
  usn: 42,
  gateway: "master-1",
  user: {
    longName: "Berg, Ann #2",
    displayName: "Ann",
    name: "ann",
    number: "4711",
    authName: "ann-sip",
    password: "pw",
    ipei: "0001905920153",
    authCode: "1234",
    idleDisplay: "Ward 3",
  },
};
const attrs = (e: { attributes: readonly { type: string; values: readonly string[] }[] }) =>
  Object.fromEntries(e.attributes.map((a) => [a.type, a.values]));

test("a user's fields under the manual's attribute names (§4.5.3.2); Idle Display as idle; guid and usn", () => {
  const e = userToLdap(full);
  assert.deepEqual(attrs(e), {
    objectClass: ["top", "ipdectUser"],
    cn: ["Berg, Ann #2"],
    dn: ["Ann"],
    h323: ["ann"],
    e164: ["4711"],
    auth: ["ann-sip"],
    password: ["pw"],
    ipei: ["0001905920153"],
    authCode: ["1234"],
    idle: ["Ward 3"],
    guid: ["0123456789ABCDEF0123456789ABCDEF"],
    usn: ["42"],
  });
  assert.deepEqual([...e.secret], ["password", "authcode"]);
});

test("the DN is cn=<Long Name>,cn=PBX0 with DN-special characters escaped (RFC 4514)", () => {
  assert.equal(userToLdap(full).name, "cn=Berg\\, Ann #2,cn=PBX0");
  assert.equal(
    userToLdap({ ...full, user: { ...full.user, longName: "#1 \\ <x>" } }).name,
    "cn=\\#1 \\\\ \\<x\\>,cn=PBX0",
  );
});

test("optional fields a user does not have are left out; only Long Name, Number, Auth. Code are always there", () => {
  const e = userToLdap({ ...full, user: { longName: "Min", number: "1", authCode: "0000" } });
  assert.deepEqual(Object.keys(attrs(e)), ["objectClass", "cn", "e164", "authCode", "guid", "usn"]);
});

test("DECT settings (§4.6.2, §4.6.3, §4.6.18) at cn=DECT,cn=PBX0 with the system AC secret; cn=PBX0 and the root DSE name the naming context", () => {
  const sys = systemToLdap({
    kind: "system",
    usn: 1,
    subscription: "system-ac",
    systemAc: "98765",
    logoutCode: "#11*$#",
  });
  assert.equal(sys.name, "cn=DECT,cn=PBX0");
  assert.deepEqual(attrs(sys), {
    objectClass: ["top", "ipdectSystem"],
    cn: ["DECT"],
    subscription: ["system-ac"],
    systemAc: ["98765"],
    logoutCode: ["#11*$#"],
    usn: ["1"],
  });
  assert.deepEqual([...sys.secret], ["systemac"]);
  assert.deepEqual(viewEntry(7).dn, dnOf(["cn", "PBX0"]));
  assert.deepEqual(attrs(viewEntry(7)).usn, ["7"]);
  assert.deepEqual(attrs(ROOT_DSE), { objectClass: ["top"], namingContexts: ["cn=PBX0"], supportedLDAPVersion: ["3"] });
  assert.equal(ROOT_DSE.name, "");
});
