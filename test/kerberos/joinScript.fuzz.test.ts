/** Fuzzing App. E's join line reader (kerberos/joinScript.ts): a value or a DecodeError, never anything else. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { readNativeText } from "../../src/config/nativeLine.js";
import { ConfigError, DecodeError } from "../../src/core/errors.js";
import type { JoinOrder } from "../../src/kerberos/joinOrder.js";
import { readJoinLine } from "../../src/kerberos/joinScript.js";
import type { AuthServer } from "../../src/kerberos/settings.js";

const HEAD = "vars create CMD0/KCMD p ";
const realm = fc.stringMatching(/^[A-Z0-9]([A-Z0-9.-]{0,10}[A-Z0-9])?$/);
const name = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,12}$/);
const password = fc.string({ minLength: 1, maxLength: 30 }).filter((p) => !/\p{Cc}/u.test(p));
const ip = fc.ipV4();
const port = fc.integer({ min: 1, max: 65535 });

const serverArb = (r: fc.Arbitrary<string>): fc.Arbitrary<AuthServer> =>
  fc
    .record({ realm: r, address: ip, port, secondary: fc.option(fc.tuple(ip, port), { nil: undefined }) })
    .map(({ realm, address, port, secondary }) => ({
      realm,
      address,
      port,
      adminPort: 749,
      ...(secondary === undefined ? {} : { secondaryAddress: secondary[0] }),
      secondaryPort: secondary?.[1] ?? 88,
      secondaryAdminPort: 749,
    }));

const orderArb: fc.Arbitrary<JoinOrder> = realm.chain((r) =>
  fc
    .record({
      host: fc.option(name, { nil: undefined }),
      user: name,
      password,
      force: fc.boolean(),
      disableLocal: fc.boolean(),
      aesRc4: fc.boolean(),
      own: serverArb(fc.constant(r)),
      others: fc.array(serverArb(realm.filter((o) => o !== r)), { maxLength: 3 }),
    })
    .filter(({ others }) => new Set(others.map((s) => s.realm)).size === others.length)
    .map(({ host, user, password, force, disableLocal, aesRc4, own, others }) => ({
      realm: r,
      ...(host === undefined ? {} : { host }),
      admin: { user, password },
      force,
      disableLocal,
      aesRc4,
      servers: [own, ...others],
    })),
);

const xml = (v: string) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The line for `o`, with `sep` between attributes (App. E's `+` or a space) and every field written out. */
function line(o: JoinOrder, sep: string): string {
  const attrs = (pairs: [string, string | undefined][]) =>
    pairs
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${sep}${k}="${xml(v!)}"`)
      .join("");
  const join = attrs([
    ["realm", o.realm],
    ["host", o.host],
    ["user", o.admin.user],
    ["password", o.admin.password],
    ["disable-local", String(o.disableLocal)],
    ["force", String(o.force)],
    ["kerberos-rc4", String(o.aesRc4)],
  ]);
  const servers = o.servers.map(
    (s) =>
      `<server${attrs([
        ["realm", s.realm],
        ["address", s.address],
        ["port", String(s.port)],
        ["secondary-address", s.secondaryAddress],
        ["secondary-port", s.secondaryAddress === undefined ? undefined : String(s.secondaryPort)],
      ])}/>`,
  );
  return `${HEAD}<join${join}>${servers.join(sep)}</join>`;
}

function onlyDecodeErrors(text: string): void {
  try {
    readJoinLine(text);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
  }
}

test("fuzz: every valid order written as App. E's line reads back as itself, with + or spaces", () => {
  fc.assert(
    fc.property(orderArb, fc.constantFrom("+", " ", " \t"), (o, sep) => {
      assert.deepEqual(readJoinLine(line(o, sep)), o);
    }),
    { numRuns: 400 },
  );
});

test("fuzz: any text after the line's head is an order or a DecodeError; in a native text a ConfigError", () => {
  const tail = fc.oneof(
    fc.string({ maxLength: 120 }),
    fc
      .array(fc.constantFrom("<join", "<server", "</join>", "/>", ">", '"', "=", "+", " ", "realm", "&amp;", "&"), {
        maxLength: 30,
      })
      .map((parts) => parts.join("")),
  );
  fc.assert(
    fc.property(tail, (t) => {
      onlyDecodeErrors(HEAD + t);
      try {
        readNativeText(HEAD + t, "fuzz.txt");
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
      }
    }),
    { numRuns: 1500 },
  );
});

test("fuzz: a valid line with one character cut, doubled or replaced is an order or a DecodeError", () => {
  fc.assert(
    fc.property(orderArb, fc.nat(), fc.constantFrom("cut", "double", "quote", "lt"), (o, n, how) => {
      const text = line(o, "+");
      const at = HEAD.length + (n % (text.length - HEAD.length));
      const mutated =
        how === "cut"
          ? text.slice(0, at) + text.slice(at + 1)
          : how === "double"
            ? text.slice(0, at) + text[at]! + text.slice(at)
            : text.slice(0, at) + (how === "quote" ? '"' : "<") + text.slice(at + 1);
      onlyDecodeErrors(mutated);
    }),
    { numRuns: 800 },
  );
});
