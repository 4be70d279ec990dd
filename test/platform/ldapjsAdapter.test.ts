/**
 * The ldapjs adapter: real request bytes (built with ldapjs's own message classes, as a client would send them)
 * become this server's LdapRequest values; what ldapjs cannot decode becomes a reason, never an exception.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { LdapjsDecoder } from "../../src/platform/node/ldapjsAdapter.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- ldapjs's request classes, used untyped to build test bytes */
const ldapjs: any = createRequire(import.meta.url)("ldapjs");
const bytes = (m: any): Uint8Array => new Uint8Array(m.toBer().buffer);
const decode = (m: any) => new LdapjsDecoder().decode(bytes(m));

test("bind: the name as sent, parsed as a DN only when it is one; the password", () => {
  assert.deepEqual(decode(new ldapjs.BindRequest({ messageId: 1, name: "cn=ldap-user", credentials: "pw" })), {
    messageId: 1,
    controls: [],
    op: "bind",
    name: "cn=ldap-user",
    dn: [[{ type: "cn", value: "ldap-user" }]],
    password: "pw",
  });
  const bare = decode(new ldapjs.BindRequest({ messageId: 2, name: "ldap-user", credentials: "pw" }));
  assert.deepEqual(bare, { messageId: 2, controls: [], op: "bind", name: "ldap-user", password: "pw" });
});

test("search: base DN with escapes unescaped, scope, filter tree, attributes, limits, controls", () => {
  const req = decode(
    new ldapjs.SearchRequest({
      messageId: 3,
      baseObject: "cn=Smith\\, John,cn=PBX0",
      scope: "one",
      filter: ldapjs.parseFilter("(&(e164=1*9)(!(cn=x))(|(usn>=5)(ipei<=9)(h323~=a)(auth=*)))"),
      attributes: ["cn", "e164"],
      sizeLimit: 10,
      typesOnly: true,
      controls: [new ldapjs.PagedResultsControl({ criticality: true, value: { size: 5 } })],
    }),
  );
  assert.deepEqual(req, {
    messageId: 3,
    controls: [{ oid: "1.2.840.113556.1.4.319", critical: true }],
    op: "search",
    base: [[{ type: "cn", value: "Smith, John" }], [{ type: "cn", value: "PBX0" }]],
    scope: "one",
    filter: {
      kind: "and",
      filters: [
        { kind: "substring", type: "e164", any: [], initial: "1", final: "9" },
        { kind: "not", filter: { kind: "equal", type: "cn", value: "x" } },
        {
          kind: "or",
          filters: [
            { kind: "ge", type: "usn", value: "5" },
            { kind: "le", type: "ipei", value: "9" },
            { kind: "approx", type: "h323", value: "a" },
            { kind: "present", type: "auth" },
          ],
        },
      ],
    },
    attributes: ["cn", "e164"],
    sizeLimit: 10,
    typesOnly: true,
  });
  const ext = decode(
    new ldapjs.SearchRequest({ messageId: 4, baseObject: "", filter: ldapjs.parseFilter("(cn:dn:=x)") }),
  );
  assert.deepEqual((ext as { filter: unknown }).filter, { kind: "undefined" });
});

test("add, modify (with a value-less delete), delete, modify DN, compare, abandon, unbind, extended", () => {
  const attr = (type: string, ...values: string[]) => new ldapjs.Attribute({ type, values });
  assert.deepEqual(
    decode(new ldapjs.AddRequest({ messageId: 5, entry: "cn=Ann,cn=PBX0", attributes: [attr("e164", "1")] })),
    {
      messageId: 5,
      controls: [],
      op: "add",
      dn: [[{ type: "cn", value: "Ann" }], [{ type: "cn", value: "PBX0" }]],
      attributes: [{ type: "e164", values: ["1"] }],
    },
  );
  const mod = decode(
    new ldapjs.ModifyRequest({
      messageId: 6,
      object: "cn=Ann,cn=PBX0",
      changes: [
        new ldapjs.Change({ operation: "replace", modification: attr("e164", "2") }),
        new ldapjs.Change({ operation: "delete", modification: attr("password") }),
      ],
    }),
  );
  assert.deepEqual((mod as { changes: unknown }).changes, [
    { operation: "replace", type: "e164", values: ["2"] },
    { operation: "delete", type: "password", values: [] },
  ]);
  assert.equal(
    (decode(new ldapjs.DeleteRequest({ messageId: 7, entry: "cn=Ann,cn=PBX0" })) as { op: string }).op,
    "delete",
  );
  assert.deepEqual(
    decode(
      new ldapjs.ModifyDNRequest({ messageId: 8, entry: "cn=Ann,cn=PBX0", newRdn: "cn=Anna", deleteOldRdn: true }),
    ),
    {
      messageId: 8,
      controls: [],
      op: "modifyDn",
      dn: [[{ type: "cn", value: "Ann" }], [{ type: "cn", value: "PBX0" }]],
      newRdn: [{ type: "cn", value: "Anna" }],
    },
  );
  const cmp = decode(
    new ldapjs.CompareRequest({ messageId: 9, entry: "cn=Ann,cn=PBX0", attribute: "e164", value: "1" }),
  );
  assert.deepEqual([(cmp as { type: string }).type, (cmp as { value: string }).value], ["e164", "1"]);
  assert.equal((decode(new ldapjs.AbandonRequest({ messageId: 10, abandonId: 9 })) as { op: string }).op, "abandon");
  assert.equal((decode(new ldapjs.UnbindRequest({ messageId: 11 })) as { op: string }).op, "unbind");
  const ext = decode(new ldapjs.ExtendedRequest({ messageId: 12, requestName: "1.3.6.1.4.1.4203.1.11.3" }));
  assert.deepEqual([(ext as { op: string }).op, (ext as { oid: string }).oid], ["extended", "1.3.6.1.4.1.4203.1.11.3"]);
});

test("what ldapjs cannot decode comes back as a reason, and the next message decodes again", () => {
  const d = new LdapjsDecoder();
  // A SASL bind (credentials [3]), a response sent to the server, an unknown op, truncated contents.
  const bad = [
    [0x30, 0x0c, 0x02, 0x01, 0x05, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04, 0x00, 0xa3, 0x00],
    [0x30, 0x0c, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00],
    [0x30, 0x05, 0x02, 0x01, 0x01, 0x7f, 0x00],
    [0x30, 0x05, 0x02, 0x01, 0x01, 0x63, 0x09],
  ];
  for (const b of bad) assert.equal(typeof d.decode(Uint8Array.from(b)), "string", JSON.stringify(b));
  const ok = d.decode(bytes(new ldapjs.UnbindRequest({ messageId: 2 })));
  assert.equal((ok as { op: string }).op, "unbind");
});
