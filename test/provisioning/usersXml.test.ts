/** `<MAC>-users.xml` (seed 002 "User List File", Appendix C fields, Appendix D examples). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ProvisioningCode } from "../../src/provisioning/errors.js";
import { refusedBy } from "./refused.js";
import { parseUsersXml } from "../../src/provisioning/usersXml.js";

const parse = (s: string) => parseUsersXml(new TextEncoder().encode(s), "0013d1800032-users.xml");
const users = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<users>\n${inner}\n</users>\n`;

const refused = refusedBy(parse);

test("Appendix D's IP-DECT Server 400/6500 example: two users, the disabled one left out, CUCM not modelled", () => {
  const x = parse(
    users(`<user>
<ipei>00077 0000001</ipei>
<standbytext>9997</standbytext>
<username>9997</username>
</user>
<user>
<ipei>00077 0000002</ipei>
<standbytext>9998</standbytext>
<username>9998</username>
<displayname>Morten Mortensen</displayname>
</user>
<user>
<ipei>00077 0000003</ipei>
<accesscode>1234</accesscode>
<standbytext>9999</standbytext>
<username>9999</username>
<displayname>Ole Olsen</displayname>
<disabled>true</disabled>
<cucmdevicename>SEP123456789ABC</cucmdevicename>
</user>`),
  );
  assert.deepEqual(x.disabled, ["9999"]);
  assert.deepEqual(x.notModelled, ["users/user[3]/cucmdevicename"]);
  assert.equal(x.users.length, 2);
  const [a, b] = x.users;
  assert.equal(a?.longName, "9997");
  assert.equal(a?.number, "9997");
  assert.equal(a?.name, "9997");
  assert.equal(a?.idleDisplay, "9997");
  assert.equal(a?.ipei?.length, 13);
  assert.equal(a?.authCode, undefined, "no access code: one is generated when the user enters the directory");
  assert.equal(b?.displayName, "Morten Mortensen");
});

test("the DECT Server 2500/8000 example: localno is the Number, name the Long Name; SIP credentials", () => {
  const x = parse(
    users(`<user><ipei>00077 0000001</ipei><username>alice</username><localno>2001</localno><name>Ward 4 nurse</name>
<authuser>alice-auth</authuser><authpassword>s3cret</authpassword><accesscode>00042</accesscode><tx_gain>3</tx_gain></user>`),
  );
  const [u] = x.users;
  assert.equal(u?.number, "2001");
  assert.equal(u?.name, "alice");
  assert.equal(u?.longName, "Ward 4 nurse");
  assert.equal(u?.authName, "alice-auth");
  assert.equal(u?.password, "s3cret");
  assert.equal(u?.authCode, "00042");
  assert.deepEqual(x.notModelled, ["users/user/tx_gain"]);
});

test("refused: no username, bad characters, a user's own domain, duplicates, over-long fields, unknown fields", () => {
  refused(
    users("<user><ipei>00077 0000001</ipei></user>"),
    ProvisioningCode.XmlSchema,
    "users/user/username",
    "mandatory",
  );
  refused(users("<user><username>a b</username></user>"), ProvisioningCode.XmlSchema, "63 characters");
  refused(users("<user><username>a</username><domain>x.example</domain></user>"), ProvisioningCode.XmlSchema, "domain");
  refused(
    users("<user><username>1</username></user><user><username>1</username></user>"),
    ProvisioningCode.XmlSchema,
    "users/user[2]",
    "used twice",
  );
  refused(
    users(
      "<user><username>1</username><ipei>00077 0000001</ipei></user><user><username>2</username><ipei>00077 0000001</ipei></user>",
    ),
    ProvisioningCode.XmlSchema,
    "IPEI",
  );
  refused(
    users(`<user><username>${"a".repeat(31)}</username></user>`),
    ProvisioningCode.XmlSchema,
    "users/user/username",
    "30",
  );
  refused(
    users(`<user><username>a</username><authpassword>${"p".repeat(31)}</authpassword></user>`),
    ProvisioningCode.XmlSchema,
    "authpassword",
  );
  refused(
    users("<user><username>a</username><ipei>12345</ipei></user>"),
    ProvisioningCode.XmlSchema,
    "users/user/ipei",
  );
  refused(
    users("<user><username>a</username><accesscode>12a</accesscode></user>"),
    ProvisioningCode.XmlSchema,
    "accesscode",
  );
  refused(users("<user><username>a</username><colour>red</colour></user>"), ProvisioningCode.XmlSchema, "colour");
  refused(
    users("<user><username>a</username><disabled>maybe</disabled></user>"),
    ProvisioningCode.XmlSchema,
    "true or false",
  );
  refused(
    users("<user><username>a</username><cucmdevicename>SIP1</cucmdevicename></user>"),
    ProvisioningCode.XmlSchema,
    "SEP",
  );
  refused(users("<admin/>"), ProvisioningCode.XmlSchema, "<user>");
  refused("<config/>", ProvisioningCode.XmlSchema, "<users>");
  refused(users("<user><username>a</username>"), ProvisioningCode.Xml, "not well-formed");
});

test("an empty users file is a directory without users", () => {
  assert.deepEqual(parse(users("")), { users: [], disabled: [], notModelled: [] });
});
