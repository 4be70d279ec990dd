import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IpdectError } from "../../src/core/errors.js";
import { CliCode } from "../../src/cli/errors.js";
import { API_BODY_MAX } from "../../src/mgmt/api.js";
import {
  CTL_WORDS,
  ctlAlso,
  ctlCommand,
  ctlHelp,
  ctlOut,
  ctlRequest,
  type CtlValues,
} from "../../src/cli/ctlCommands.js";

/** `ipdect ctl <words…> [--option value…]` → what it sends; a file's text is `text of <file>`. */
function sent(line: string, values: CtlValues = {}) {
  const [word, ...words] = line.split(" ");
  const c = ctlCommand(word, values);
  return ctlRequest(c, words, values, (file) => `text of ${file}`);
}

/** The request alone: method, path and body. */
function request(line: string, values: CtlValues = {}) {
  const { args: _args, contentType: _type, ...req } = sent(line, values);
  return req;
}

const usage = (line: string, values: CtlValues = {}) =>
  assert.throws(
    () => request(line, values),
    (err) => err instanceof IpdectError && err.code === CliCode.Usage && err.message.startsWith(line.split(" ")[0]!),
  );

describe("ipdect ctl from the operator-command table: the request of each word", () => {
  test("reads: a plain GET, the query with the defaults ctl always sent", () => {
    assert.deepEqual(request("status"), { method: "GET", path: "/api/status" });
    assert.deepEqual(request("status ignored words"), { method: "GET", path: "/api/status" });
    assert.deepEqual(request("events"), { method: "GET", path: "/api/events?since=0" });
    assert.deepEqual(request("events", { since: "5" }), { method: "GET", path: "/api/events?since=5" });
    assert.deepEqual(request("sip-registrations"), { method: "GET", path: "/api/sip/registrations" });
    assert.deepEqual(request("sip-registrations", { state: "a b" }), {
      method: "GET",
      path: "/api/sip/registrations?state=a%20b",
    });
    assert.deepEqual(request("reset"), { method: "POST", path: "/api/reset?mode=idle" });
    assert.deepEqual(request("reset", { mode: "immediate" }), { method: "POST", path: "/api/reset?mode=immediate" });
  });

  test("a flag without a value: `alarms --system` asks for the system list (§4.23.3); without it, the default", () => {
    assert.deepEqual(request("alarms", { system: true }), { method: "GET", path: "/api/alarms?system=true" });
    assert.deepEqual(request("alarms"), { method: "GET", path: "/api/alarms" });
    assert.deepEqual(request("alarm-events-clear"), { method: "POST", path: "/api/alarms/events/clear" });
  });

  test("PARI commands (§4.11.1, §4.6.35): positionals into the path or the JSON body, numbers as numbers", () => {
    assert.deepEqual(request("radio-add 00:90:33:00:04:01", { name: "Reception", standby: "127.0.1.2", region: "3" }), {
      method: "POST",
      path: "/api/radios/add",
      body: '{"mac":"00:90:33:00:04:01","name":"Reception","standby":"127.0.1.2","region":3}',
    });
    assert.deepEqual(request("radio-add m", { name: "N" }).body, '{"mac":"m","name":"N"}');
    usage("radio-add m");
    usage("radio-add", { name: "N" });
    usage("radio-add a b", { name: "N" });
    assert.deepEqual(request("radio-delete 00:90:33:00:04:01"), {
      method: "DELETE",
      path: "/api/radios/00%3A90%3A33%3A00%3A04%3A01",
    });
    assert.deepEqual(request("radio-move a b").body, '{"from":"a","to":"b"}');
    usage("radio-move a");
    assert.deepEqual(request("sari B-1 B-2"), {
      method: "PUT",
      path: "/api/pari/sari",
      body: '{"saris":["B-1","B-2"]}',
    });
    usage("sari");
    assert.deepEqual(
      sent("sync-carriers 18,19,20,21", { band: "south-america" }).body,
      '{"carriers":"18,19,20,21","band":"south-america"}',
    );
    assert.deepEqual(request("sync-clear 2"), { method: "POST", path: "/api/sync/clear", body: '{"region":2}' });
  });

  test("a word of two entries runs the one whose option is given (config --set, dect-system with a change)", () => {
    assert.deepEqual(request("config"), { method: "GET", path: "/api/config" });
    assert.deepEqual(request("config", { set: "a.txt" }), {
      method: "PUT",
      path: "/api/config",
      body: "text of a.txt",
    });
    assert.deepEqual(request("dect-system"), { method: "GET", path: "/api/dect/system" });
    assert.deepEqual(request("dect-system", { ac: "1234", "logout-code": "#1" }), {
      method: "PUT",
      path: "/api/dect/system",
      body: '{"systemAc":"1234","logoutCode":"#1"}',
    });
  });

  test("text bodies: a file's text, or the word itself (data-set)", () => {
    assert.deepEqual(request("users-import u.csv"), {
      method: "POST",
      path: "/api/users/import",
      body: "text of u.csv",
    });
    usage("anonymous-import");
    assert.deepEqual(request("data-set k.1 v"), { method: "PUT", path: "/api/master/data/k.1", body: "v" });
    usage("data-set k");
    usage("data-set k v w");
    assert.equal(request("allow-subscription 20/05").path, "/api/users/20%2F05/allow-subscription");
  });

  test("a body over the command's limit is refused before it is sent (the node's 413 may come as a reset)", () => {
    const c = ctlCommand("users-import", {});
    const file = (n: number) => () => "x".repeat(n);
    assert.equal(ctlRequest(c, ["u.csv"], {}, file(API_BODY_MAX)).body?.length, API_BODY_MAX);
    assert.throws(
      () => ctlRequest(c, ["u.csv"], {}, file(API_BODY_MAX + 1)),
      (err) =>
        err instanceof IpdectError &&
        err.code === CliCode.TooLarge &&
        err.message ===
          `request body over ${API_BODY_MAX} bytes (${API_BODY_MAX + 1}): the node takes at most ${API_BODY_MAX}`,
    );
  });

  test("--out writes the answer to a file where the entry allows it; sync-svg needs it", () => {
    assert.equal(ctlOut(ctlCommand("users-export", {}), { out: "u.csv" }), "u.csv");
    assert.equal(ctlOut(ctlCommand("users-export", {}), {}), undefined);
    assert.equal(ctlOut(ctlCommand("status", {}), { out: "x" }), undefined);
    assert.throws(() => ctlOut(ctlCommand("sync-svg", {}), {}), /^IpdectError: sync-svg --out <file\.svg>$/);
  });

  test("ipdect --help lists every word with its usage", () => {
    const help = ctlHelp("  ");
    for (const word of CTL_WORDS) assert.match(help, new RegExp(`^  ${word}( |$)`, "m"), word);
    assert.match(
      help,
      /^ {2}radio-add <mac> --name <device name> \[--standby <ip>\] \[--region <0\.\.249>\] \[--kerberos-realm <REALM>\]/m,
    );
    assert.match(help, /^ {2}config \[--set <file\.txt>\] +running and pending configuration/m);
    assert.match(help, /^ {2}gatekeeper-set <gatekeeper\.json> +the gatekeeper section as JSON/m);
    assert.doesNotMatch(help, /--json/, "--json is ctl's own option, for every word");
  });

  test("a body goes with its media type, as the OpenAPI document names it", () => {
    assert.equal(sent("radio-move a b").contentType, "application/json");
    assert.equal(sent("config", { set: "a.txt" }).contentType, "text/plain");
    assert.equal(sent("snmp-set s.json").contentType, "application/json");
    assert.equal(sent("certs-upload c.der").contentType, "application/octet-stream");
    assert.equal(sent("certs-import c.p12").contentType, "application/x-pkcs12");
    assert.equal(sent("status").contentType, undefined);
  });

  test("what ctl sent, by parameter name, for the line that says what a command did", () => {
    assert.deepEqual(sent("radio-add 00:90:33:00:04:01", { name: "Reception", region: "3" }).args, {
      mac: "00:90:33:00:04:01",
      name: "Reception",
      region: 3,
    });
    assert.deepEqual(sent("sari B-1 B-2").args, { saris: ["B-1", "B-2"] });
    assert.deepEqual(sent("status").args, {});
  });

  test("gatekeeper shows the settings, then the gatekeeper and every user's registration (ctl.also)", () => {
    assert.deepEqual(request("gatekeeper"), { method: "GET", path: "/api/gatekeeper" });
    assert.deepEqual(
      ctlAlso(ctlCommand("gatekeeper", {})).map((c) => `${c.method} ${c.path}`),
      ["GET /api/sip", "GET /api/sip/registrations"],
    );
    assert.deepEqual(request("gatekeeper-set gk.json"), {
      method: "PUT",
      path: "/api/gatekeeper",
      body: "text of gk.json",
    });
    assert.deepEqual(request("gatekeeper-remove"), { method: "DELETE", path: "/api/gatekeeper" });
  });
});
