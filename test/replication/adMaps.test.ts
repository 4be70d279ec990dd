import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ConfigError } from "../../src/core/errors.js";
import {
  AdMaps,
  DEFAULT_IN_MAPS,
  DEFAULT_OUT_MAPS,
  type InMapSetting,
  type OutMapSetting,
} from "../../src/replication/adMaps.js";

const NUMBER_AND_NAME: OutMapSetting[] = [
  { dest: "cn", value: "%cn" },
  { dest: "e164", value: "%tel" },
];

/** In Maps with `cn` copied, then the given ones. */
const maps = (inMaps: InMapSetting[], outMaps: OutMapSetting[] = NUMBER_AND_NAME) =>
  new AdMaps([{ source: "cn", pattern: "%cn" }, ...inMaps], outMaps);

const fieldsOf = (m: AdMaps, attrs: Record<string, string[]>) => {
  const r = m.apply(attrs);
  assert.equal(r.kind, "user", JSON.stringify(r));
  return r.kind === "user" ? r.fields : {};
};

test("the manual's example: digits of the number into e164, Gbg numbers into the display, else an empty display (§4.5.3.2 In Maps)", () => {
  const m = new AdMaps(
    [
      { source: "cn", pattern: "%cn" },
      { source: "telephoneNumber", pattern: String.raw`%tel=/0\1\2/:\+46 \((\d+)\) (\d+)`, description: "digits" },
      { source: "telephoneNumber", pattern: String.raw`%dsp=/Gbg 0\1 \2/:\+46 \((31)\) (\d+)` },
      { source: "cn", pattern: "%dsp=//", description: "no display: empty" },
    ],
    [
      { dest: "cn", value: "%cn" },
      { dest: "e164", value: "%tel" },
      { dest: "dn", value: "%dsp" },
    ],
  );
  assert.deepEqual(fieldsOf(m, { cn: ["Anna Berg"], telephonenumber: ["+46 (31) 559300"] }), {
    longName: "Anna Berg",
    number: "031559300",
    displayName: "Gbg 031 559300",
  });
  assert.deepEqual(fieldsOf(m, { cn: ["Olle Ek"], telephonenumber: ["+46 (8) 123456"] }), {
    longName: "Olle Ek",
    number: "08123456",
    displayName: "",
  });
});

test("a definition without a value takes the group of its place; without an expression the value is (.*)", () => {
  const m = maps(
    [
      { source: "telephoneNumber", pattern: "%root%ext:07031(.*) -(.*)" },
      { source: "telephoneNumber", pattern: "%tel" },
    ],
    [...NUMBER_AND_NAME, { dest: "h323", value: "%root/%ext" }],
  );
  assert.deepEqual(fieldsOf(m, { cn: ["A"], telephonenumber: ["07031 730 -12"] }), {
    longName: "A",
    number: "07031 730 -12",
    name: " 730/12",
  });
});

test("the expression must match the whole value: 031(.*) takes numbers that start with 031 only", () => {
  const m = maps([
    { source: "telephoneNumber", pattern: String.raw`%tel=/\1/:031(.*)` },
    { source: "mobile", pattern: "%tel" },
  ]);
  assert.equal(fieldsOf(m, { cn: ["A"], telephonenumber: ["031123"] }).number, "123");
  assert.equal(fieldsOf(m, { cn: ["A"], telephonenumber: ["0031123"], mobile: ["555"] }).number, "555");
});

test("maps run in order and the first assignment wins: a later map is a fallback (§4.5.3.2: handled in order)", () => {
  const m = maps([
    { source: "telephoneNumber", pattern: "%tel" },
    { source: "ipPhone", pattern: "%tel" },
    { source: "mobile", pattern: "%tel" },
  ]);
  assert.equal(fieldsOf(m, { cn: ["A"], mobile: ["3"], ipphone: ["2"] }).number, "2");
  assert.equal(fieldsOf(m, { cn: ["A"], mobile: ["3"], telephonenumber: ["1"] }).number, "1");
});

test("of a multi-valued attribute the first value that matches is used", () => {
  const m = maps([{ source: "telephoneNumber", pattern: String.raw`%tel=/\0/:\d+` }]);
  assert.equal(fieldsOf(m, { cn: ["A"], telephonenumber: ["n/a", "200", "300"] }).number, "200");
});

test("an Out Map whose variable is unassigned writes nothing; Out Map values mix text, variables and %%", () => {
  const m = maps(
    [
      { source: "telephoneNumber", pattern: "%tel" },
      { source: "givenName", pattern: "%first" },
      { source: "sn", pattern: "%last" },
    ],
    [...NUMBER_AND_NAME, { dest: "idle", value: "%first %last 100%%" }, { dest: "auth", value: "sip-%tel" }],
  );
  assert.deepEqual(fieldsOf(m, { cn: ["A"], telephonenumber: ["7"], sn: ["Berg"] }), {
    longName: "A",
    number: "7",
    authName: "sip-7",
  });
  assert.equal(fieldsOf(m, { cn: ["A"], telephonenumber: ["7"], sn: ["B"], givenname: ["C"] }).idleDisplay, "C B 100%");
});

test("an object without the mandatory Long Name or Number is discarded (§4.5.3.2: only users with the source attributes)", () => {
  const m = maps([{ source: "telephoneNumber", pattern: "%tel" }]);
  assert.deepEqual(m.apply({ cn: ["A"] }), { kind: "discarded", reason: "no value for e164" });
  assert.deepEqual(m.apply({ telephonenumber: ["1"] }), { kind: "discarded", reason: "no value for cn" });
  assert.equal(m.apply({ cn: ["A"], telephonenumber: [""] }).kind, "discarded");
});

test("sources lists the attributes to ask the server for, lower case, once each; fields the writable user fields", () => {
  const m = maps([
    { source: "telephoneNumber", pattern: "%tel" },
    { source: "CN", pattern: "%x" },
  ]);
  assert.deepEqual(m.sources, ["cn", "telephonenumber"]);
  assert.deepEqual(m.fields, ["longName", "number"]);
});

test("bad maps are ConfigErrors that name the map", () => {
  const bad: [InMapSetting[], OutMapSetting[], RegExp, string][] = [
    [[{ source: "telephoneNumber", pattern: "%tel:(\\d+" }], NUMBER_AND_NAME, /not a regular expression/, "inMaps[1]"],
    [[{ source: "telephoneNumber", pattern: "%tel=/\\2/:(\\d+)" }], NUMBER_AND_NAME, /group 2 .* has 1/, "inMaps[1]"],
    [[{ source: "telephoneNumber", pattern: "%tel:.*" }], NUMBER_AND_NAME, /group 1 .* has 0/, "inMaps[1]"],
    [[{ source: "telephoneNumber", pattern: "tel" }], NUMBER_AND_NAME, /must start with a %variable/, "inMaps[1]"],
    [[{ source: "telephoneNumber", pattern: "%tel=/x" }], NUMBER_AND_NAME, /not closed/, "inMaps[1]"],
    [[{ source: "telephoneNumber", pattern: "%tel=/\\q/" }], NUMBER_AND_NAME, /unknown escape/, "inMaps[1]"],
    [[{ source: "telephoneNumber", pattern: "%tel%tel" }], NUMBER_AND_NAME, /assigned twice/, "inMaps[1]"],
    [[{ source: "telephoneNumber", pattern: "%tel x" }], NUMBER_AND_NAME, /expected % or :/, "inMaps[1]"],
    [[{ source: "tele phone", pattern: "%tel" }], NUMBER_AND_NAME, /attribute name/, "inMaps[1]"],
    [
      [{ source: "mobile", pattern: "%tel" }],
      [...NUMBER_AND_NAME, { dest: "fax", value: "%tel" }],
      /unknown/,
      "outMaps[2]",
    ],
    [
      [{ source: "mobile", pattern: "%tel" }],
      [...NUMBER_AND_NAME, { dest: "dn", value: "%nope" }],
      /no In Map/,
      "outMaps[2]",
    ],
    [
      [{ source: "mobile", pattern: "%tel" }],
      [...NUMBER_AND_NAME, { dest: "cn", value: "%tel" }],
      /twice/,
      "outMaps[2]",
    ],
    [[{ source: "mobile", pattern: "%tel" }], [...NUMBER_AND_NAME, { dest: "dn", value: "100%" }], /%%/, "outMaps[2]"],
    [[{ source: "mobile", pattern: "%tel" }], [{ dest: "cn", value: "%cn" }], /e164 is mandatory/, "outMaps"],
  ];
  for (const [inMaps, outMaps, message, field] of bad)
    assert.throws(
      () => maps(inMaps, outMaps),
      (err: unknown) =>
        err instanceof ConfigError && message.test(err.message) && err.context.field === `ldap.replicator.${field}`,
      `${JSON.stringify(inMaps)} ${JSON.stringify(outMaps)}`,
    );
});

test("property: %a%b:(prefix)(.*) split and joined again gives back any value", () => {
  fc.assert(
    fc.property(fc.string(), fc.nat(5), (value, n) => {
      const m = maps(
        [{ source: "telephoneNumber", pattern: `%a%b:(.{0,${n}})(.*)` }],
        [
          { dest: "cn", value: "%cn" },
          { dest: "e164", value: "%a%b" },
        ],
      );
      const r = m.apply({ cn: ["x"], telephonenumber: [value] });
      return value === "" ? r.kind === "discarded" : r.kind === "user" && r.fields.number === value;
    }),
  );
});

test("property: applying maps never throws, whatever the attributes", () => {
  const m = maps([
    { source: "telephoneNumber", pattern: String.raw`%tel=/0\1\2/:\+46 \((\d+)\) (\d+)` },
    { source: "mobile", pattern: "%tel" },
    { source: "cn", pattern: "%dsp=//" },
  ]);
  const attrs = fc.dictionary(fc.constantFrom("cn", "telephonenumber", "mobile", "sn"), fc.array(fc.string()));
  fc.assert(
    fc.property(attrs, (a) => {
      const r = m.apply(a);
      return r.kind === "discarded" || (r.fields.longName !== undefined && r.fields.number !== undefined);
    }),
  );
});

test("without configured maps, the manual's Attribute Mappings table: cn, telephoneNumber/ipPhone/mobile, displayName, UPN", () => {
  const m = new AdMaps(DEFAULT_IN_MAPS, DEFAULT_OUT_MAPS);
  assert.deepEqual(m.sources, ["cn", "telephonenumber", "ipphone", "mobile", "displayname", "userprincipalname"]);
  const anna = {
    cn: ["Anna Berg"],
    ipphone: ["4711"],
    mobile: ["+46 70 1234567"],
    userprincipalname: ["anna@winad.test"],
  };
  assert.deepEqual(m.apply(anna), {
    kind: "user",
    fields: { longName: "Anna Berg", number: "4711", displayName: "", name: "anna@winad.test" },
  });
  const olle = { cn: ["Olle Ek"], telephonenumber: ["+46 8 123456"], ipphone: ["4712"], displayname: ["Olle"] };
  assert.deepEqual(m.apply(olle), {
    kind: "user",
    fields: { longName: "Olle Ek", number: "+46 8 123456", displayName: "Olle" },
  });
  assert.deepEqual(m.apply({ cn: ["DC1$"] }), { kind: "discarded", reason: "no value for e164" });
});
