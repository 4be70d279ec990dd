import assert from "node:assert/strict";
import { test } from "node:test";
import { dnOf } from "../../src/ldap/dn.js";
import { matches, requiredEqualities, type Filter } from "../../src/ldap/filter.js";
import { LdapEntry } from "../../src/ldap/LdapEntry.js";
import { KNOWN_ATTRIBUTES } from "../../src/ldap/schema.js";

const entry = new LdapEntry(
  dnOf(["cn", "Ann Berg"], ["cn", "PBX0"]),
  [
    { type: "objectClass", values: ["top", "ipdectUser"] },
    { type: "cn", values: ["Ann Berg"] },
    { type: "e164", values: ["4711"] },
    { type: "authCode", values: ["1234"] },
    { type: "usn", values: ["9"] },
  ],
  ["authCode"],
);
const known = (t: string) => KNOWN_ATTRIBUTES.has(t.toLowerCase());
const m = (f: Filter, secrets = false) => matches(f, entry, secrets, known);
const eq = (type: string, value: string): Filter => ({ kind: "equal", type, value });
const not = (filter: Filter): Filter => ({ kind: "not", filter });

test("equality, presence and approximate match without regard to case, of attribute names and values", () => {
  assert.ok(m(eq("CN", "ann berg")));
  assert.ok(m({ kind: "approx", type: "cn", value: "ANN BERG" }));
  assert.ok(m({ kind: "present", type: "E164" }));
  assert.ok(!m({ kind: "present", type: "ipei" }));
  assert.ok(m(eq("objectclass", "IPDECTUSER")));
});

test("substrings: initial, any in order, final; they may not overlap", () => {
  const sub = (initial?: string, any: string[] = [], final?: string): Filter => ({
    kind: "substring",
    type: "cn",
    any,
    ...(initial === undefined ? {} : { initial }),
    ...(final === undefined ? {} : { final }),
  });
  assert.ok(m(sub("ann")));
  assert.ok(m(sub(undefined, ["n b"], "erg")));
  assert.ok(m(sub("a", ["n", "b"], "g")));
  assert.ok(!m(sub(undefined, ["berg", "ann"])));
  assert.ok(!m(sub("ann be", [], "n berg")), "initial and final overlap");
});

test("greater-or-equal and less-or-equal: usn as a number, text by code units", () => {
  assert.ok(m({ kind: "ge", type: "usn", value: "9" }));
  assert.ok(!m({ kind: "ge", type: "usn", value: "10" }), "9 < 10 as numbers although '9' > '10' as text");
  assert.ok(m({ kind: "le", type: "e164", value: "5" }));
});

test("RFC 4511 §4.5.1.7: an unknown attribute type is Undefined, and so is its NOT; AND/OR follow three-valued logic", () => {
  assert.ok(!m(eq("mail", "x")));
  assert.ok(!m(not(eq("mail", "x"))));
  assert.ok(m({ kind: "or", filters: [eq("mail", "x"), eq("e164", "4711")] }));
  assert.ok(!m(not({ kind: "and", filters: [eq("mail", "x"), eq("e164", "4711")] })));
  assert.ok(m(not({ kind: "and", filters: [eq("mail", "x"), eq("e164", "1")] })), "FALSE in an AND decides it");
  assert.ok(!m({ kind: "undefined" }) && !m(not({ kind: "undefined" })));
  assert.ok(m(not(eq("ipei", "x"))), "a known attribute the entry lacks is FALSE, so its NOT is TRUE");
});

test("a secret attribute is Undefined without write access: a filter cannot probe an Auth. Code", () => {
  assert.ok(!m(eq("authCode", "1234")));
  assert.ok(!m(not(eq("authCode", "1234"))));
  assert.ok(!m(not(eq("authCode", "0000"))));
  assert.ok(!m({ kind: "present", type: "authcode" }));
  assert.ok(m(eq("authCode", "1234"), true));
});

test("requiredEqualities: the filter's own equality or those of a top-level AND, nothing under OR or NOT", () => {
  assert.deepEqual(requiredEqualities(eq("e164", "1")), [{ type: "e164", value: "1" }]);
  assert.deepEqual(
    requiredEqualities({ kind: "and", filters: [eq("cn", "a"), { kind: "present", type: "x" }, eq("e164", "1")] }),
    [
      { type: "cn", value: "a" },
      { type: "e164", value: "1" },
    ],
  );
  assert.deepEqual(requiredEqualities({ kind: "or", filters: [eq("cn", "a")] }), []);
  assert.deepEqual(requiredEqualities(not(eq("cn", "a"))), []);
});
