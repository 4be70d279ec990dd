import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { printReplies, unreachableText, type Answer, type Reply } from "../../src/cli/ctlAnswer.js";
import { ctlAlso, ctlCommand } from "../../src/cli/ctlCommands.js";
import type { CtlArgs } from "../../src/mgmt/command.js";

/** What ctl prints for one answer to `word`, as `user` (admin) with or without --json. */
function print(word: string, answer: Answer, o: { json?: boolean; user?: string; args?: CtlArgs } = {}) {
  const reply: Reply = { command: ctlCommand(word, {}), args: o.args ?? {}, answer };
  return printReplies([reply], { json: o.json ?? false, user: o.user ?? "admin" });
}

const json = (status: number, body: unknown, retryAfter?: string): Answer => ({
  status,
  body: `${JSON.stringify(body, null, 2)}\n`,
  ...(retryAfter === undefined ? {} : { retryAfter }),
});
const refused = (code: string, message: string) => ({ error: { code, message } });

describe("ipdect ctl: what it prints for an answer, and its exit code", () => {
  test("an answer for people by the entry's text; --json prints the API's JSON unchanged (a round trip)", () => {
    const users = [{ longName: "Ann Berg", number: "2000", authCode: "0255" }];
    const shown = print("users", json(200, users));
    assert.deepEqual(shown, {
      stdout: "Long Name  Number  Auth. Code\nAnn Berg   2000    0255\n",
      stderr: "",
      exit: 0,
    });
    const machine = print("users", json(200, users), { json: true });
    assert.deepEqual(JSON.parse(machine.stdout), users);
    assert.equal(machine.stdout, json(200, users).body);
  });

  test("an action prints one line saying what it did, from the answer and what ctl sent", () => {
    assert.equal(
      print("radio-add", json(202, { result: "sent" }), { args: { mac: "00:90:33:00:04:01", name: "Lobby" } }).stdout,
      "Add sent to 00:90:33:00:04:01: it becomes the radio Lobby (§4.11.1)\n",
    );
    assert.equal(
      print("reset", json(200, { result: "reset", mode: "idle" })).stdout,
      "idle reset done: the device started again (§4.24)\n",
    );
  });

  test("a wrong password says so and names the user, with the block it caused (§3.4.5.1); exit 1", () => {
    const p = print("status", json(401, refused("UNAUTHORIZED", "wrong name or password"), "5"), { user: "bob" });
    assert.deepEqual(p, {
      stdout: "",
      stderr: "error: wrong user name or password for bob; bob is now blocked for 5s (§3.4.5.1)\n",
      exit: 1,
    });
  });

  test("a blocked login says it is blocked and for how long (Retry-After); exit 1", () => {
    const p = print("status", json(401, refused("LOGIN_BLOCKED", "bob is blocked after a failed login"), "640"), {
      user: "bob",
    });
    assert.equal(p.stderr, "error: bob is blocked after a failed login (§3.4.5.1): try again in 10m 40s\n");
    assert.equal(p.exit, 1);
  });

  test("403 names the level the command needs (§3.4.2); other login refusals give the node's reason", () => {
    const forbidden = json(403, refused("FORBIDDEN", "needs access level auditor; uma is user-admin"));
    assert.equal(
      print("status", forbidden, { user: "uma" }).stderr,
      "error: status needs an Auditor or a System Administrator (§3.4.2): uma may not run it\n",
    );
    assert.equal(
      print("reset", forbidden, { user: "kai" }).stderr,
      "error: reset needs a System Administrator (§3.4.2): kai may not run it\n",
    );
    assert.equal(
      print("users", forbidden, { user: "kai" }).stderr,
      "error: users needs a User Administrator or a System Administrator (§3.4.2): kai may not run it\n",
    );
    const disabled = json(401, refused("NATIVE_AUTH_DISABLED", "HTTP authentication is disabled (§4.1.6)"));
    assert.equal(
      print("status", disabled).stderr,
      "error: login refused for admin: HTTP authentication is disabled (§4.1.6)\n",
    );
    const limit = json(429, refused("SESSION_LIMIT", "too many sessions (§4.1.5)"), "30");
    assert.deepEqual(print("status", limit), {
      stdout: "",
      stderr: "error: too many sessions (§4.1.5): try again in 30s\n",
      exit: 1,
    });
  });

  test("input the node refuses as malformed exits 2 with its reason and code; a refused state exits 1", () => {
    const bad = json(400, refused("CERTS_BAD_PROFILE", "profile must be one of normal, fast, secure, strict (§4.3.3)"));
    assert.deepEqual(print("tls-set", bad), {
      stdout: "",
      stderr: "error: profile must be one of normal, fast, secure, strict (§4.3.3) [CERTS_BAD_PROFILE]\n",
      exit: 2,
    });
    assert.deepEqual(print("tls-set", bad, { json: true }), { stdout: bad.body, stderr: "", exit: 2 });
    const state = json(409, refused("NOT_A_MIRROR", "activateMirror needs Master mode Mirror"));
    assert.equal(print("activate-mirror", state).exit, 1);
    assert.equal(print("activate-mirror", { status: 413, body: "" }).stderr, "error: HTTP status 413\n");
  });

  test("a refused CSV import lists every refused row (§3.14.3)", () => {
    const body = {
      error: { code: "CSV_ROWS", message: "2 rows refused: nothing imported" },
      rejected: [
        { row: 3, reason: "Number: missing" },
        { row: 9, reason: "Long Name: duplicate" },
      ],
    };
    assert.equal(
      print("users-import", json(400, body)).stderr,
      "error: 2 rows refused: nothing imported [CSV_ROWS]\n  row 3: Number: missing\n  row 9: Long Name: duplicate\n",
    );
  });

  test("a word with ctl.also prints each answer by its own text; --json one object by entry name", () => {
    const gatekeeper = ctlCommand("gatekeeper", {});
    const [sip, registrations] = ctlAlso(gatekeeper);
    const replies: Reply[] = [
      { command: gatekeeper, args: {}, answer: json(200, { running: null, pending: null }) },
      { command: sip!, args: {}, answer: json(409, refused("NO_GATEKEEPER", "this device has no gatekeeper")) },
      { command: registrations!, args: {}, answer: json(200, []) },
    ];
    const people = printReplies(replies, { json: false, user: "admin" });
    assert.equal(
      people.stdout,
      "no gatekeeper settings: no user is registered\n\nsip: this device has no gatekeeper [NO_GATEKEEPER]\n\nno registrations\n",
    );
    assert.equal(people.exit, 0);
    const machine = JSON.parse(printReplies(replies, { json: true, user: "admin" }).stdout) as unknown;
    assert.deepEqual(machine, {
      gatekeeper: { running: null, pending: null },
      sip: refused("NO_GATEKEEPER", "this device has no gatekeeper"),
      "sip-registrations": [],
    });
  });

  test("a node that does not answer: why, in words, and what --node takes", () => {
    const refusedConnection = Object.assign(new TypeError("fetch failed"), {
      cause: { code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:9" },
    });
    assert.equal(
      unreachableText(refusedConnection),
      "connection refused: nothing listens there (--node takes the node's IP address and HTTP port)",
    );
    const other = Object.assign(new TypeError("fetch failed"), { cause: { code: "EPROTO", message: "bad things" } });
    assert.match(unreachableText(other), /^bad things \(/);
  });
});
