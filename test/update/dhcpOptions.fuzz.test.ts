import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { IpdectError } from "../../src/core/errors.js";
import { decodeDhcpReply } from "../../src/update/dhcpMessage.js";
import { OPTIONS_AT } from "../../src/update/dhcpOptions.js";
import { UpdateCode } from "../../src/update/errors.js";
import { dhcpAnswer, opt } from "./dhcpBytes.js";

/** The codes a DHCP answer may fail with: DHCP_MESSAGE and DHCP_OPTION, nothing else. */
const DHCP_CODES = new Set<string>([UpdateCode.DhcpMessage, UpdateCode.DhcpOption]);

/** Codes the parser types, and some it does not: the App. I.3 rows, the standard ones, 43 and 52. */
const code = fc.oneof(
  fc.constantFrom(
    0,
    1,
    3,
    6,
    42,
    43,
    51,
    52,
    53,
    54,
    66,
    67,
    200,
    201,
    202,
    203,
    206,
    207,
    208,
    209,
    210,
    211,
    212,
    215,
    216,
    250,
    255,
  ),
  fc.integer({ min: 0, max: 255 }),
);
/** An option whose value has a length that may or may not suit its type, or a bare pad or end. */
const option = fc.oneof(
  fc.tuple(code, fc.uint8Array({ maxLength: 12 })).map(([c, v]) => opt(c, [...v])),
  fc
    .tuple(fc.constant(43), fc.array(fc.tuple(code, fc.uint8Array({ maxLength: 6 })), { maxLength: 3 }))
    .map(([c, inner]) =>
      opt(
        c,
        inner.flatMap(([ic, v]) => opt(ic, [...v])),
      ),
    ),
  fc.constantFrom([0], [255]),
);
const text = fc.stringMatching(/^[ -~]{1,20}$/).map((t) => [...new TextEncoder().encode(t)]);
const ips = fc
  .array(fc.uint8Array({ minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 3 })
  .map((a) => a.flatMap((b) => [...b]));
/** An option whose value fits its type: the answers a server that follows App. I.3 sends. */
const fitting = fc.oneof(
  fc.tuple(fc.constantFrom(1, 54), fc.uint8Array({ minLength: 4, maxLength: 4 })).map(([c, v]) => opt(c, [...v])),
  fc.tuple(fc.constantFrom(3, 6, 42, 200), ips).map(([c, v]) => opt(c, v)),
  fc.tuple(fc.constantFrom(66, 67, 201, 202, 203, 208, 215, 250), text).map(([c, v]) => opt(c, v)),
  fc.tuple(fc.constantFrom(206, 216), fc.uint8Array({ minLength: 2, maxLength: 2 })).map(([c, v]) => opt(c, [...v])),
  fc.tuple(fc.constantFrom(53, 207, 209, 210, 211, 212), fc.integer({ min: 0, max: 255 })).map(([c, v]) => opt(c, [v])),
);
/** Well-formed answers with options that fit, each code once (a repeated one is joined, RFC 3396). */
const wellFormed = fc
  .uniqueArray(fitting, { selector: (o) => o[0], maxLength: 12 })
  .map((o) => dhcpAnswer([...o.flat(), 255]));

/** A well-formed answer with random options, then cut, extended or poked. */
const answers = fc
  .tuple(
    fc.array(option, { maxLength: 10 }),
    fc.boolean(),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
    fc.option(fc.nat(), { nil: undefined }),
    fc.array(option, { maxLength: 3 }),
  )
  .map(([options, end, pokes, cut, field]) => {
    const msg = dhcpAnswer([...options.flat(), ...(end ? [255] : [])], { sname: [...field.flat(), 255].slice(0, 64) });
    for (const [at, b] of pokes) msg[at % msg.length] = b;
    return cut === undefined ? msg : msg.subarray(0, cut % (msg.length + 1));
  });
const random = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc.uint8Array({ minLength: OPTIONS_AT, maxLength: 400 }).map((b) => {
    b.set([2, 1, 6], 0);
    b.set([99, 130, 83, 99], 236);
    return b;
  }),
);

test("decodeDhcpReply on 4000 random and mutated answers: a reply or DHCP_MESSAGE/DHCP_OPTION, nothing else", () => {
  let decoded = 0;
  let refused = 0;
  fc.assert(
    fc.property(fc.oneof(wellFormed, answers, random), (bytes) => {
      try {
        const r = decodeDhcpReply(bytes);
        assert.ok(r.options.routers.every((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a)));
        const poll = r.options.vendor.updatePollMinutes;
        assert.ok(poll === undefined || (poll >= 0 && poll <= 65535));
        decoded++;
      } catch (e) {
        if (!(e instanceof IpdectError) || !DHCP_CODES.has(e.code)) throw e;
        assert.match(e.message, /^DHCP answer: /);
        refused++;
      }
    }),
    { numRuns: 4000, seed: 21 },
  );
  // Both outcomes are exercised, not only one.
  assert.ok(decoded > 1000 && refused > 1000, `decoded ${decoded}, refused ${refused}`);
});
