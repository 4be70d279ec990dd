/**
 * The LDAP server core (§4.5.1, §4.5.2) through sessions, without sockets: bind, access, search, writes onto the
 * Directory, result codes and counters. Responses are read back from the bytes the session would send.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { dnOf } from "../../src/ldap/dn.js";
import { ResultCode } from "../../src/ldap/resultCodes.js";
import {
  ALL,
  ask,
  bind,
  bound,
  codeOf,
  connect,
  directory,
  eq,
  PBX0,
  replace,
  search,
  service,
  user,
  users,
} from "./helpers.js";
import { readAll } from "./responses.js";

const dns = (rs: readonly { dn?: string }[]) => rs.flatMap((r) => (r.dn === undefined ? [] : [r.dn]));

test("simple bind (§4.5.1): cn=<user> or the bare user name; a wrong password is 49 and counted", async () => {
  const svc = service(await directory());
  const s = connect(svc);
  assert.equal(codeOf(await ask(s, bind("cn=ldap-user"))), ResultCode.success);
  assert.equal(codeOf(await ask(s, bind("CN=LDAP-USER"))), ResultCode.success, "DNs match without regard to case");
  assert.equal(codeOf(await ask(s, bind("ldap-user"))), ResultCode.success);
  assert.equal(codeOf(await ask(s, bind("cn=ldap-user", "wrong"))), ResultCode.invalidCredentials);
  assert.equal(codeOf(await ask(s, bind("cn=other", "ldap-secret"))), ResultCode.invalidCredentials);
  assert.equal(codeOf(await ask(s, bind("cn=ldap-user,cn=PBX0"))), ResultCode.invalidCredentials);
  assert.equal(codeOf(await ask(s, bind("cn=ldap-user", ""))), ResultCode.unwillingToPerform, "unauthenticated bind");
  assert.equal(codeOf(await ask(s, bind("", ""))), ResultCode.success, "anonymous");
  const c = svc.status().counters;
  assert.deepEqual([c.txError, c.txError49, c.txError50], [4, 3, 0]);
});

test("a failed bind leaves the connection anonymous; write connections count binds with Write Access", async () => {
  const svc = service(await directory(users(2)));
  const s = connect(svc);
  await ask(s, bind());
  assert.equal(svc.status().counters.writeConnections, 1);
  assert.equal(codeOf(await ask(s, bind("cn=ldap-user", "bad"))), ResultCode.invalidCredentials);
  assert.equal(svc.status().counters.writeConnections, 0);
  assert.equal(codeOf(await ask(s, search(PBX0))), ResultCode.insufficientAccessRights);
  const ro = service(await directory(), { writeAccess: false });
  await bound(ro);
  assert.deepEqual([ro.status().counters.connections, ro.status().counters.writeConnections], [1, 0]);
});

test("anonymous clients read the root DSE only: namingContexts cn=PBX0; anything else is 50", async () => {
  const svc = service(await directory(users(3)));
  const s = connect(svc);
  const root = await ask(s, search([], ALL, "base"));
  assert.deepEqual(root[0]?.attributes, {
    objectClass: ["top"],
    namingContexts: ["cn=PBX0"],
    supportedLDAPVersion: ["3"],
  });
  assert.equal(codeOf(root), ResultCode.success);
  for (const scope of ["one", "sub"] as const)
    assert.equal(codeOf(await ask(s, search([], ALL, scope))), ResultCode.insufficientAccessRights);
  assert.equal(codeOf(await ask(s, search(PBX0))), ResultCode.insufficientAccessRights);
  assert.equal(codeOf(await ask(s, { op: "compare", dn: user("User 1"), type: "e164", value: "1001" })), 50);
  assert.equal(svc.status().counters.txError50, 4);
});

test("scopes: base, one level and subtree of cn=PBX0, of a user, and of the root", async () => {
  const s = await bound(service(await directory(users(3))));
  const all = ["cn=PBX0", "cn=DECT,cn=PBX0", "cn=User 0,cn=PBX0", "cn=User 1,cn=PBX0", "cn=User 2,cn=PBX0"];
  assert.deepEqual(dns(await ask(s, search(PBX0))), all);
  assert.deepEqual(dns(await ask(s, search([], ALL, "sub"))), all, "a subtree search of the root covers cn=PBX0");
  assert.deepEqual(dns(await ask(s, search(PBX0, ALL, "one"))), all.slice(1));
  assert.deepEqual(dns(await ask(s, search(PBX0, ALL, "base"))), ["cn=PBX0"]);
  assert.deepEqual(dns(await ask(s, search([], ALL, "one"))), ["cn=PBX0"]);
  assert.deepEqual(dns(await ask(s, search(user("user 1"), ALL, "base"))), ["cn=User 1,cn=PBX0"]);
  assert.deepEqual(dns(await ask(s, search(user("User 1"), ALL, "one"))), []);
  const missing = await ask(s, search(user("nobody")));
  assert.deepEqual([codeOf(missing), missing[0]?.matchedDn], [ResultCode.noSuchObject, "cn=PBX0"]);
  const elsewhere = await ask(s, search(dnOf(["dc", "example"], ["dc", "com"])));
  assert.deepEqual([codeOf(elsewhere), elsewhere[0]?.matchedDn], [ResultCode.noSuchObject, ""]);
});

test("filters select by the manual's attributes; equality on e164 or cn takes the index and still checks the rest", async () => {
  const dir = await directory([...users(50), { longName: "Ann Berg", number: "4711", name: "ann" }]);
  const s = await bound(service(dir));
  assert.deepEqual(dns(await ask(s, search(PBX0, eq("e164", "4711")))), ["cn=Ann Berg,cn=PBX0"]);
  assert.deepEqual(dns(await ask(s, search(PBX0, eq("cn", "ANN BERG")))), ["cn=Ann Berg,cn=PBX0"]);
  const both = { kind: "and" as const, filters: [eq("e164", "4711"), eq("h323", "nobody")] };
  assert.deepEqual(dns(await ask(s, search(PBX0, both))), []);
  const or = { kind: "or" as const, filters: [eq("e164", "1003"), eq("h323", "ann")] };
  assert.deepEqual(dns(await ask(s, search(PBX0, or))), ["cn=User 3,cn=PBX0", "cn=Ann Berg,cn=PBX0"]);
  assert.deepEqual(dns(await ask(s, search(PBX0, eq("objectClass", "ipdectSystem")))), ["cn=DECT,cn=PBX0"]);
  // The index follows changes.
  await dir.modifyUser("4711", { number: "4712" });
  assert.deepEqual(dns(await ask(s, search(PBX0, eq("e164", "4711")))), []);
  assert.deepEqual(dns(await ask(s, search(PBX0, eq("e164", "4712")))), ["cn=Ann Berg,cn=PBX0"]);
  await dir.removeUser("4712");
  assert.deepEqual(dns(await ask(s, search(PBX0, eq("cn", "Ann Berg")))), []);
});

test("attribute lists (RFC 4511 §4.5.1.8), typesOnly, and the size limit (sizeLimitExceeded after the limit)", async () => {
  const s = await bound(service(await directory(users(5))));
  const only = await ask(s, search(user("User 1"), ALL, "base", ["E164", "cn"]));
  assert.deepEqual(only[0]?.attributes, { cn: ["User 1"], e164: ["1001"] });
  const none = await ask(s, search(user("User 1"), ALL, "base", ["1.1"]));
  assert.deepEqual(none[0]?.attributes, {});
  const star = await ask(s, search(user("User 1"), ALL, "base", ["*", "+"]));
  assert.ok("guid" in star[0]!.attributes! && "authCode" in star[0]!.attributes!);
  const types = await ask(s, { ...search(user("User 1"), ALL, "base", ["cn"]), typesOnly: true } as never);
  assert.deepEqual(types[0]?.attributes, { cn: [] });
  const limited = await ask(s, { ...search(PBX0), sizeLimit: 3 } as never);
  assert.equal(dns(limited).length, 3);
  assert.equal(codeOf(limited), ResultCode.sizeLimitExceeded);
  assert.equal(codeOf(await ask(s, { ...search(PBX0), sizeLimit: 7 } as never)), ResultCode.success);
});

test("without Write Access: passwords, Auth. Codes and the system AC are not read, nor probed; writes are 50", async () => {
  const dir = await directory([{ longName: "Ann", number: "1", password: "pw", authCode: "1234" }]);
  const svc = service(dir, { writeAccess: false });
  const s = await bound(svc);
  const [ann] = await ask(s, search(user("Ann"), ALL, "base"));
  assert.deepEqual(Object.keys(ann!.attributes!), ["objectClass", "cn", "e164", "guid", "usn"]);
  const [dect] = await ask(s, search(dnOf(["cn", "DECT"], ["cn", "PBX0"]), ALL, "base"));
  assert.ok(!("systemAc" in dect!.attributes!) && "subscription" in dect!.attributes!);
  assert.deepEqual(dns(await ask(s, search(PBX0, eq("authCode", "1234")))), []);
  const probe = await ask(s, { op: "compare", dn: user("Ann"), type: "password", value: "pw" });
  assert.equal(codeOf(probe), ResultCode.insufficientAccessRights);
  const writes = [
    { op: "add", dn: user("Bob"), attributes: [{ type: "e164", values: ["2"] }] },
    { op: "modify", dn: user("Ann"), changes: [replace("e164", "3")] },
    { op: "delete", dn: user("Ann") },
    { op: "modifyDn", dn: user("Ann"), newRdn: [{ type: "cn", value: "Anna" }] },
  ] as const;
  for (const w of writes) assert.equal(codeOf(await ask(s, w)), ResultCode.insufficientAccessRights, w.op);
  assert.equal(dir.users.length, 1);
  assert.equal(dir.users[0]!.number, "1");
  const c = svc.status().counters;
  assert.deepEqual([c.rxAdd, c.rxModify, c.rxDel, c.txError50], [1, 2, 1, 5]);
});

test("add, modify, modify DN and delete change the directory through its own rules", async () => {
  const dir = await directory();
  const svc = service(dir);
  const s = await bound(svc);
  const add = await ask(s, {
    op: "add",
    dn: user("Smith, John"),
    attributes: [
      { type: "objectClass", values: ["top", "ipdectUser"] },
      { type: "e164", values: ["200"] },
      { type: "dn", values: ["John"] },
      { type: "idle", values: ["Ward 3"] },
      { type: "ipei", values: ["00019 0592015 3"] },
      { type: "password", values: ["secret"] },
    ],
  });
  assert.equal(codeOf(add), ResultCode.success, add[0]?.message);
  const john = dir.findUser("number", "200")!.user;
  assert.deepEqual(
    [john.longName, john.displayName, john.idleDisplay, john.ipei, john.password],
    ["Smith, John", "John", "Ward 3", "0001905920153", "secret"],
  );
  assert.match(john.authCode, /^\d{4}$/, "an Auth. Code is generated as for any new user (§3.14.3)");
  const mod = await ask(s, {
    op: "modify",
    dn: user("smith, john"),
    changes: [replace("e164", "201"), { operation: "delete", type: "password", values: [] }, replace("h323", "js")],
  });
  assert.equal(codeOf(mod), ResultCode.success, mod[0]?.message);
  assert.deepEqual(
    [dir.findUser("number", "201")?.user.name, dir.findUser("number", "201")?.user.password],
    ["js", undefined],
  );
  assert.equal(
    codeOf(await ask(s, { op: "modifyDn", dn: user("Smith, John"), newRdn: [{ type: "cn", value: "J. Smith" }] })),
    0,
  );
  assert.equal(dir.findUser("number", "201")?.user.longName, "J. Smith");
  assert.equal(codeOf(await ask(s, { op: "delete", dn: user("J. Smith") })), ResultCode.success);
  assert.equal(dir.users.length, 0);
  const c = svc.status().counters;
  assert.deepEqual([c.rxAdd, c.rxModify, c.rxDel, c.txError], [1, 2, 1, 0]);
});

test("refused writes get the LDAP result that says why, and change nothing", async () => {
  const dir = await directory([
    { longName: "Ann", number: "1" },
    { longName: "Bob", number: "2" },
  ]);
  const s = await bound(service(dir));
  const add = (dn: ReturnType<typeof user>, ...attrs: [string, ...string[]][]) =>
    ask(s, { op: "add", dn, attributes: attrs.map(([type, ...values]) => ({ type, values })) });
  const mod = (name: string, ...changes: Parameters<typeof replace>[]) =>
    ask(s, { op: "modify", dn: user(name), changes: changes.map((c) => replace(...c)) });
  const cases: [string, Promise<unknown>, number][] = [
    ["existing entry", add(user("ann"), ["e164", "9"]), ResultCode.entryAlreadyExists],
    ["no Number", add(user("Cy"), ["h323", "cy"]), ResultCode.objectClassViolation],
    ["Number taken", add(user("Cy"), ["e164", "2"]), ResultCode.constraintViolation],
    ["unknown attribute", add(user("Cy"), ["e164", "9"], ["mail", "x"]), ResultCode.undefinedAttributeType],
    ["two values", add(user("Cy"), ["e164", "9", "10"]), ResultCode.constraintViolation],
    ["guid", add(user("Cy"), ["e164", "9"], ["guid", "00"]), ResultCode.constraintViolation],
    ["other class", add(user("Cy"), ["e164", "9"], ["objectClass", "person"]), ResultCode.objectClassViolation],
    ["cn not the RDN", add(user("Cy"), ["e164", "9"], ["cn", "Dee"]), ResultCode.namingViolation],
    ["at the top", add(dnOf(["cn", "Cy"]), ["e164", "9"]), ResultCode.unwillingToPerform],
    ["below nothing", add(dnOf(["cn", "Cy"], ["ou", "x"]), ["e164", "9"]), ResultCode.noSuchObject],
    [
      "below a user",
      add([[{ type: "cn", value: "Cy" }], ...user("Ann")], ["e164", "9"]),
      ResultCode.unwillingToPerform,
    ],
    ["not cn=", add(dnOf(["uid", "cy"], ["cn", "PBX0"]), ["e164", "9"]), ResultCode.namingViolation],
    ["Long Name too long", add(user("x".repeat(31)), ["e164", "9"]), ResultCode.constraintViolation],
    ["bad IPEI", add(user("Cy"), ["e164", "9"], ["ipei", "12"]), ResultCode.invalidAttributeSyntax],
    ["bad AC", add(user("Cy"), ["e164", "9"], ["authCode", "12a"]), ResultCode.invalidAttributeSyntax],
    ["rename by modify", mod("Ann", ["cn", "Anna"]), ResultCode.notAllowedOnRdn],
    ["clear Number", mod("Ann", ["e164"]), ResultCode.objectClassViolation],
    ["objectClass", mod("Ann", ["objectClass", "top"]), ResultCode.objectClassModsProhibited],
    ["usn", mod("Ann", ["usn", "1"]), ResultCode.constraintViolation],
    ["no such user", mod("Zed", ["e164", "5"]), ResultCode.noSuchObject],
    ["modify the root", ask(s, { op: "modify", dn: [], changes: [] }), ResultCode.unwillingToPerform],
    ["delete cn=PBX0", ask(s, { op: "delete", dn: PBX0 }), ResultCode.notAllowedOnNonLeaf],
    ["delete DECT", ask(s, { op: "delete", dn: dnOf(["cn", "DECT"], ["cn", "PBX0"]) }), ResultCode.unwillingToPerform],
    ["rename onto Bob", ask(s, { op: "modifyDn", dn: user("Ann"), newRdn: [{ type: "cn", value: "bob" }] }), 68],
    ["critical control", ask(s, search(PBX0), [{ oid: "1.2.840.113556.1.4.319", critical: true }]), 12],
  ];
  for (const [what, reply, code] of cases) assert.equal(codeOf((await reply) as never), code, what);
  assert.deepEqual(
    dir.users.map((u) => [u.longName, u.number]),
    [
      ["Ann", "1"],
      ["Bob", "2"],
    ],
  );
  // add then delete of a value that is there, delete of one that is not
  const del = await ask(s, {
    op: "modify",
    dn: user("Ann"),
    changes: [{ operation: "delete", type: "h323", values: [] }],
  });
  assert.equal(codeOf(del), ResultCode.noSuchAttribute);
  const twice = await ask(s, {
    op: "modify",
    dn: user("Ann"),
    changes: [
      { operation: "add", type: "h323", values: ["a"] },
      { operation: "add", type: "h323", values: ["b"] },
    ],
  });
  assert.equal(codeOf(twice), ResultCode.attributeOrValueExists);
  assert.equal(dir.findUser("number", "1")?.user.name, undefined, "all or nothing (RFC 4511 §4.6)");
});

test("the DECT settings entry: subscription, system AC (4 to 8 digits) and logout code change by modify", async () => {
  const dir = await directory();
  const s = await bound(service(dir));
  const dect = dnOf(["cn", "DECT"], ["cn", "PBX0"]);
  const mod = (...changes: Parameters<typeof replace>[]) =>
    ask(s, { op: "modify", dn: dect, changes: changes.map((c) => replace(...c)) });
  assert.equal(codeOf(await mod(["subscription", "system-ac"], ["systemAc", "12345678"])), ResultCode.success);
  assert.deepEqual([dir.system.subscription, dir.system.systemAc], ["system-ac", "12345678"]);
  assert.equal(codeOf(await mod(["systemAc", "123"])), ResultCode.invalidAttributeSyntax);
  assert.equal(codeOf(await mod(["systemAc", "123456789"])), ResultCode.invalidAttributeSyntax);
  assert.equal(codeOf(await mod(["subscription", "anyone"])), ResultCode.invalidAttributeSyntax);
  assert.equal(codeOf(await mod(["logoutCode", "#12*$#"])), ResultCode.success);
  assert.equal(codeOf(await mod(["logoutCode", "abc"])), ResultCode.invalidAttributeSyntax);
  assert.equal(codeOf(await mod(["systemAc"])), ResultCode.objectClassViolation);
  assert.deepEqual([dir.system.systemAc, dir.system.logoutCode], ["12345678", "#12*$#"]);
});

test("a Standby's replica (§4.5.3.1) is read like the Master's; writes are unwillingToPerform naming the Master", async () => {
  const replica = await directory(users(2), true);
  const s = await bound(service(replica, {}, "127.0.1.1"));
  assert.equal(dns(await ask(s, search(PBX0, ALL, "one"))).length, 3);
  const r = await ask(s, { op: "delete", dn: user("User 0") });
  assert.equal(codeOf(r), ResultCode.unwillingToPerform);
  assert.match(r[0]!.message!, /Standby's copy .* write to the Master at 127\.0\.1\.1/);
  assert.equal(replica.users.length, 2);
});

test("unbind closes; abandon and connections lost without unbind count as rx abandon (§4.5.2)", async () => {
  const svc = service(await directory());
  const a = connect(svc);
  const b = connect(svc);
  assert.equal(svc.status().counters.connections, 2);
  assert.deepEqual(await a.handle({ messageId: 1, controls: [], op: "unbind" }), { frames: [], close: true });
  a.close();
  assert.deepEqual(await b.handle({ messageId: 1, controls: [], op: "abandon" }), { frames: [] });
  b.close();
  b.close();
  const c = svc.status().counters;
  assert.deepEqual([c.connections, c.rxAbandon], [0, 2]);
});

test("malformed requests: a SASL bind gets 7, another request protocolError in kind, garbage a notice and close", async () => {
  const svc = service(await directory());
  const s = connect(svc);
  // bindRequest with SASL credentials [3]: 30 0c 02 01 05 60 07 02 01 03 04 00 a3 00
  const sasl = Uint8Array.of(0x30, 0x0c, 0x02, 0x01, 0x05, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04, 0x00, 0xa3, 0x00);
  const bindReply = s.malformed(sasl, "authentication 0xa3 not supported");
  assert.deepEqual(
    readAll(bindReply.frames).map((r) => [r.messageId, r.op, r.code]),
    [[5, 0x61, ResultCode.authMethodNotSupported]],
  );
  assert.equal(bindReply.close, undefined);
  // a delRequest the decoder refused (e.g. a bad DN): 30 06 02 01 06 4a 01 3d
  const del = s.malformed(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x06, 0x4a, 0x01, 0x3d), "bad DN");
  assert.deepEqual(
    readAll(del.frames).map((r) => [r.messageId, r.op, r.code, r.message]),
    [[6, 0x6b, 2, "bad DN"]],
  );
  const junk = s.malformed(undefined, "an LDAPMessage starts with a SEQUENCE (0x30)");
  assert.equal(junk.close, true);
  assert.equal(readAll(junk.frames)[0]?.name, "1.3.6.1.4.1.1466.20036");
  assert.equal(svc.status().counters.txError, 3);
});

test("Who am I (RFC 4532) names the bound user; other extended operations are protocolError", async () => {
  const s = connect(service(await directory()));
  const who = async () => (await ask(s, { op: "extended", oid: "1.3.6.1.4.1.4203.1.11.3" }))[0];
  assert.deepEqual([(await who())?.code, (await who())?.value], [0, ""]);
  await ask(s, bind());
  assert.equal((await who())?.value, "dn:cn=ldap-user");
  const tls = await ask(s, { op: "extended", oid: "1.3.6.1.4.1.1466.20037" });
  assert.deepEqual([tls[0]?.op, tls[0]?.code], [0x78, ResultCode.protocolError]);
});
