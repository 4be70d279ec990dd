import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { IpdectError } from "../../src/core/errors.js";
import { parseFilterText } from "../../src/ldap/filterText.js";

test("RFC 4515 filters: and/or/not, equality, presence, substrings, ordering, escapes", () => {
  assert.deepEqual(parseFilterText("(&(objectClass=user)(!(e164=2*))(|(cn=a\\28b\\29)(h323=*)))"), {
    kind: "and",
    filters: [
      { kind: "equal", type: "objectClass", value: "user" },
      { kind: "not", filter: { kind: "substring", type: "e164", initial: "2", any: [] } },
      {
        kind: "or",
        filters: [
          { kind: "equal", type: "cn", value: "a(b)" },
          { kind: "present", type: "h323" },
        ],
      },
    ],
  });
  assert.deepEqual(parseFilterText("(cn=*x*y*)"), { kind: "substring", type: "cn", any: ["x", "y"] });
  assert.deepEqual(parseFilterText("(usn>=10)"), { kind: "ge", type: "usn", value: "10" });
});

test("bad filters say where; 2000 arbitrary strings never crash", () => {
  for (const bad of ["", "cn=a", "(cn=a", "(cn=a))", "(&)", "(cn=a\\2)", "((cn=a))", "(cn=a)(e164=1)", "(=a)"])
    assert.throws(() => parseFilterText(bad), /LDAP_FILTER|character|expected|escape/, bad);
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), (s) => {
      try {
        parseFilterText(s);
      } catch (e) {
        assert.ok(e instanceof IpdectError);
      }
    }),
    { numRuns: 2000, seed: 3 },
  );
});
