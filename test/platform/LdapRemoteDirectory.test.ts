import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { IoError } from "../../src/core/errors.js";
import type { RemoteChange, RemoteObject, RemoteQuery, RemoteSession } from "../../src/replication/RemoteDirectory.js";
import { LdapRemoteDirectory } from "../../src/platform/node/LdapRemoteDirectory.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { waitFor } from "../helpers/nodes.js";
import { ROOT_PW, Slapd } from "../helpers/slapd.js";

const BASE = "ou=Users,dc=example,dc=com";
const person = (uid: string, extra = "") =>
  `dn: uid=${uid},${BASE}\nobjectClass: inetOrgPerson\nuid: ${uid}\ncn: ${uid}\nsn: ${uid}\n${extra}\n`;

describe("LDAP client of AD replication against a real slapd (§4.5.3.2: simple bind, paged search)", () => {
  const ip = loopbackBlock();
  let slapd: Slapd;
  let query: RemoteQuery;
  const sessions: RemoteSession[] = [];
  const open = async (directory: LdapRemoteDirectory, server: string, patch: Partial<RemoteQuery> = {}) => {
    const s = await directory.connect(server, { ...query, ...patch });
    sessions.push(s);
    return s;
  };
  const loadAll = async (s: RemoteSession) => {
    const pages: (readonly RemoteObject[])[] = [];
    await s.load(async (p) => void pages.push(p));
    return pages;
  };

  before(async () => {
    let ldif = `dn: ${BASE}\nobjectClass: organizationalUnit\nou: Users\n\n`;
    for (let i = 0; i < 1200; i++) ldif += person(`u${i}`, "telephoneNumber: 1\n");
    ldif += `dn: cn=printer,${BASE}\nobjectClass: organizationalRole\ncn: printer\n\n`;
    slapd = await Slapd.start({ ip: ip(1), port: 10389, ldif });
    query = {
      user: slapd.rootDn,
      password: ROOT_PW,
      tls: false,
      searchBase: BASE,
      filter: "(objectClass=inetOrgPerson)",
      attributes: ["cn", "telephonenumber"],
    };
  });
  after(async () => {
    for (const s of sessions) await s.close();
    await slapd?.close();
  });

  test("the load comes in pages of 500 with entryUUID keys and lower-case attribute names; the filter applies", async () => {
    const pages = await loadAll(await open(new LdapRemoteDirectory(), `${ip(1)}:10389`));
    assert.deepEqual(
      pages.map((p) => p.length),
      [500, 500, 200],
    );
    const first = pages[0]![0]!;
    assert.match(first.key, /^[0-9a-f-]{36}$/);
    assert.deepEqual(Object.keys(first.attributes).sort(), ["cn", "entryuuid", "telephonenumber"]);
  });

  test("the load ends only once its last page has been through page(), however long that takes", async () => {
    const s = await open(new LdapRemoteDirectory(), `${ip(1)}:10389`);
    let written = 0;
    await s.load(async (p) => {
      await new Promise((r) => setTimeout(r, 100));
      written += p.length;
    });
    assert.equal(written, 1200);
  });

  test("a wrong password is refused at connect (IoError, result 49)", async () => {
    await assert.rejects(
      new LdapRemoteDirectory().connect(`${ip(1)}:10389`, { ...query, password: "wrong" }),
      (err: unknown) => err instanceof IoError && /Invalid Credentials/i.test(err.message),
    );
  });

  test("notifications: each change once, an entry leaving the filter as no match, a renamed-away entry as deleted", async () => {
    const s = await open(new LdapRemoteDirectory(), `${ip(1)}:10389`, {
      filter: "(&(objectClass=inetOrgPerson)(telephoneNumber=*))",
    });
    await loadAll(s);
    const seen: RemoteChange[] = [];
    let lost: unknown;
    s.watch(
      async (batch) => void seen.push(...batch),
      (cause) => (lost = cause),
    );
    slapd.tool("ldapmodify", `dn: uid=u1,${BASE}\nchangetype: modify\nreplace: cn\ncn: Changed\n`);
    await waitFor(async () => seen.length >= 1, 2000, "the modify");
    slapd.tool("ldapmodify", `dn: uid=u2,${BASE}\nchangetype: modify\ndelete: telephoneNumber\n`);
    slapd.tool(
      "ldapmodify",
      `dn: uid=u3,${BASE}\nchangetype: modrdn\nnewrdn: uid=u3\ndeleteoldrdn: 0\nnewsuperior: dc=example,dc=com\n`,
    );
    await waitFor(async () => seen.length >= 3, 2000, "the other two");
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(lost, undefined);
    const byKind = seen.map((c) =>
      c.kind === "deleted" ? "deleted" : `${c.object.attributes["cn"]?.[0]} ${c.matches ? "matches" : "no match"}`,
    );
    assert.deepEqual(byKind, ["Changed matches", "u2 no match", "deleted"]);
  });

  test("the server going away is reported once through lost()", async () => {
    const s = await open(new LdapRemoteDirectory(), `${ip(1)}:10389`);
    await loadAll(s);
    let losses = 0;
    s.watch(
      async () => undefined,
      () => losses++,
    );
    await slapd.stop();
    await waitFor(async () => losses > 0, 2000, "lost");
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(losses, 1);
    await slapd.start();
  });

  test("the server going away during the load rejects the load instead of waiting forever", async () => {
    const s = await open(new LdapRemoteDirectory(), `${ip(1)}:10389`);
    await assert.rejects(s.load(() => slapd.stop()));
    await slapd.start();
  });
});
