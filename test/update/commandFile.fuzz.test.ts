/**
 * Fuzzing the update server's readers (update/commandFile.ts, update/updateUrl.ts): a command file either parses
 * whole, one command per command line, or throws an IpdectError with an update code; a URL likewise.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { IpdectError } from "../../src/core/errors.js";
import { parseCommandFile } from "../../src/update/commandFile.js";
import { UpdateCode } from "../../src/update/errors.js";
import { parseUpdateUrl, urlForLog } from "../../src/update/updateUrl.js";
import { mutate, mutation } from "../helpers/textMutation.js";

const RUNS = 2000;
const UPDATE_CODES = new Set<string>(Object.values(UpdateCode));

/** Valid lines of App. A and App. E, the seeds of mutated files. */
const LINES = [
  "mod cmd UP1 check resetn serial002",
  "mod cmd UP1 times /allow 12,23,0,1,2,3,4",
  "mod cmd UP1 times /allow 12,23,1,2,3,4 /initial 6",
  "mod cmd UP0 prot http://192.168.0.10/firm/ ireset 5.0.0",
  "mod cmd UP0 boot http://192.168.0.10/firm ireset 5.0.0",
  "mod cmd UP0 scfg http://192.168.0.10/configs/saved/#h#b5.txt no-op WEEKLY /force 168",
  "mod cmd UP0 cfg https://admin:pw@10.0.0.1:8443/site.cfg resetn 7",
  "mod cmd RFP_UPDATE0 firmware http://192.168.0.10/Worf4_GAP_R4H.s2",
  "mod cmd RFP_UPDATE0 select 0x2753",
  "mod cmd RFP_UPDATE0 schedule 16.03.2007-22:30",
  "mod cmd RFP_UPDATE0 start /idle /sequence",
  "config add NTP0 /addr 192.168.42.136",
  "config write",
  "config activate",
  'vars create CMD0/KCMD p <join+realm="negrealm1"+user="neguser1"+password="negpwd1"><server+realm="negrealm1"+address="192.168.42.34"/></join>',
  "# a comment",
  "",
];

/** The command lines of a text: what parseCommandFile returns one command for when it accepts the text. */
function commandLines(text: string): number[] {
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\n|\r/)
    .flatMap((l, i) => (l.trim() === "" || l.trim().startsWith("#") ? [] : [i + 1]));
}

/** Parses `input`; accepted: one command per command line, in order; refused: an IpdectError with an update code. */
function checkFile(input: string | Uint8Array): void {
  let commands;
  try {
    commands = parseCommandFile(input, "fuzz.htm");
  } catch (e) {
    assert.ok(e instanceof IpdectError, `not an IpdectError: ${String(e)}`);
    assert.ok(UPDATE_CODES.has(e.code), `not an update code: ${e.code}`);
    return;
  }
  const text = typeof input === "string" ? input : new TextDecoder().decode(input);
  assert.deepEqual(
    commands.map((c) => c.line),
    commandLines(text),
  );
}

function checkUrl(text: string): void {
  try {
    const url = parseUpdateUrl(text, "fuzz");
    assert.ok(url.path.startsWith("/"));
    assert.equal(url.text, text);
  } catch (e) {
    assert.ok(e instanceof IpdectError, `not an IpdectError: ${String(e)}`);
    assert.equal(e.code, UpdateCode.UpUrl);
    // What parseUpdateUrl reads as the password: from the authority's first ':' to its last '@'.
    const authority = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/)?([^/?#]*)/s.exec(text)![1]!;
    const password = authority.slice(authority.indexOf(":") + 1, authority.lastIndexOf("@"));
    if (authority.indexOf(":") >= 0 && password.length > 0 && password !== "********")
      assert.ok(!e.message.includes(`:${password}@`), e.message);
  }
}

const EOL = fc.constantFrom("\n", "\r\n", "\r");
const validFile = fc
  .tuple(fc.array(fc.constantFrom(...LINES), { maxLength: 12 }), EOL)
  .map(([lines, eol]) => lines.join(eol));

test("a valid file of App. A and App. E lines parses, one command per command line", () => {
  fc.assert(
    fc.property(validFile, (text) => {
      const withoutChecks = text.replace(/mod cmd UP1 check .*/g, "config write");
      assert.deepEqual(
        parseCommandFile(withoutChecks, "f").map((c) => c.line),
        commandLines(withoutChecks),
      );
    }),
    { numRuns: RUNS },
  );
});

test("mutated valid files: parsed whole or refused with an update code", () => {
  fc.assert(
    fc.property(validFile, fc.array(mutation, { minLength: 1, maxLength: 4 }), (text, changes) =>
      checkFile(mutate(text, changes)),
    ),
    { numRuns: RUNS },
  );
});

test("random text and random bytes: parsed whole or refused with an update code", () => {
  fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), checkFile), { numRuns: RUNS });
  const words = fc.array(
    fc.constantFrom(
      "mod",
      "cmd",
      "UP0",
      "UP1",
      "RFP_UPDATE0",
      "check",
      "times",
      "/allow",
      "1,2",
      "select",
      "0xffff",
      "ser",
      "http://1.2.3.4/",
      "config",
      "\n",
      "scfg",
      "#b2",
    ),
    { maxLength: 12 },
  );
  fc.assert(
    fc.property(words, (w) => checkFile(w.join(" "))),
    { numRuns: RUNS },
  );
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), checkFile), { numRuns: RUNS });
});

const validUrl = fc
  .record({
    scheme: fc.constantFrom("http", "https", "tftp", "HTTP"),
    user: fc.option(fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}(:[A-Za-z0-9!$&'()*+,;=._~-]{0,8})?$/), { nil: undefined }),
    host: fc.ipV4(),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    path: fc.stringMatching(/^(\/[A-Za-z0-9._~!$&'()*+,;=:@-]{0,8}){0,4}\/?(\?[a-z=&]{0,8})?$/),
  })
  .map(({ scheme, user, host, port, path }) => ({
    text: `${scheme}://${user === undefined || scheme === "tftp" ? "" : `${user}@`}${host}${port === undefined ? "" : `:${port}`}${path}`,
    scheme,
    user: scheme === "tftp" ? undefined : user,
    host,
    port,
    path,
  }));

test("generated valid URLs parse to their parts; the log form drops only the password", () => {
  fc.assert(
    fc.property(validUrl, (v) => {
      const url = parseUpdateUrl(v.text, "fuzz");
      assert.equal(url.scheme, v.scheme.toLowerCase());
      assert.equal(url.host, v.host);
      assert.equal(url.port, v.port);
      assert.equal(url.path, v.path === "" ? "/" : v.path.startsWith("/") ? v.path : `/${v.path}`);
      const user = v.user?.split(":")[0];
      assert.equal(url.user, user);
      const port = v.port === undefined ? "" : `:${v.port}`;
      assert.equal(
        urlForLog(url),
        `${url.scheme}://${user === undefined ? "" : `${user}@`}${v.host}${port}${url.path}`,
      );
    }),
    { numRuns: RUNS },
  );
});

test("random and mutated URLs: a URL or UP_URL, and a refused URL's password is not in the message", () => {
  fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 80 }), checkUrl), { numRuns: RUNS });
  fc.assert(
    fc.property(validUrl, fc.array(mutation, { minLength: 1, maxLength: 3 }), (v, changes) =>
      checkUrl(mutate(v.text, changes)),
    ),
    { numRuns: RUNS },
  );
  fc.assert(
    fc.property(fc.constantFrom("http://", "https://", "tftp://", "ftp://"), fc.string({ maxLength: 40 }), (s, rest) =>
      checkUrl(s + rest),
    ),
    { numRuns: RUNS },
  );
});
