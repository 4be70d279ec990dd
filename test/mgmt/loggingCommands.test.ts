import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { ConfigCode } from "../../src/core/config/configCodes.js";
import { LoggingCode } from "../../src/logging/errors.js";
import { loggingText, type LoggingReport } from "../../src/logging/statusText.js";
import type { ApiRequest } from "../../src/mgmt/api.js";
import { apiGate, handleApi } from "../helpers/api.js";
import { basic, setUpLab, withLab } from "../helpers/testRealm.js";
import { startFleet } from "../helpers/sim.js";
import { assertBadBody } from "../helpers/badBody.js";

const ADMIN = basic("admin", "changeme");
const AUDITOR = basic("LAB\\kaudit", "kaudit-pw");

const req = (method: string, authorization: string | undefined, body = "", path = "/api/logging"): ApiRequest => {
  const url = new URL(path, "http://x");
  return { method, path: url.pathname, query: url.searchParams, authorization, body };
};

describe("Services → Logging over HTTP (§4.9.2): read by an Auditor, changed pending a reset (§4.18.1)", async () => {
  const fleet = await startFleet(
    withLab(`
name: api-logging
devices:
  - name: m
    kind: IPVM
    mac: 00:90:33:21:00:01
    ip: 127.0.1.1
    master: { mode: active }
    logging: { type: syslog, address: 127.0.9.1, class: local3, logs: [alarms] }
`),
  );
  await setUpLab(fleet);
  after(() => fleet.close());
  const ctx = { device: () => fleet.device("m"), events: () => fleet.events.events };
  const call = (method: string, body = "", who = ADMIN) => handleApi(ctx, req(method, who, body));
  const report = async () => (await call("GET", "", AUDITOR)).body as LoggingReport;
  const reset = async () =>
    assert.equal((await handleApi(ctx, req("POST", ADMIN, "", "/api/reset?mode=immediate"))).status, 200);

  test("an Auditor reads it; PUT and DELETE are refused from the head, before the body is read (§3.4.2)", async () => {
    const head = (method: string, who: string | undefined) => ({ ...req(method, who), body: undefined });
    assert.ok("proceed" in (await apiGate(ctx, head("GET", AUDITOR))));
    for (const method of ["PUT", "DELETE"]) {
      const gate = await apiGate(ctx, head(method, AUDITOR));
      assert.ok("answer" in gate && gate.answer.status === 403, method);
      const anonymous = await apiGate(ctx, head(method, undefined));
      assert.ok("answer" in anonymous && anonymous.answer.status === 401, method);
    }
    assert.deepEqual(await report(), {
      running: {
        type: "syslog",
        address: "127.0.9.1",
        port: 514,
        class: "local3",
        allowUntrusted: false,
        logs: ["alarms"],
      },
    });
  });

  test("a bad body is 400 with the code and field, and nothing is stored", async () => {
    const bad = async (body: string, code: string, field?: string) =>
      assertBadBody(await call("PUT", body), body, code, field);
    await bad("not json", "BAD_JSON");
    await bad('{"address":"127.0.9.2"}', ConfigCode.Required, "type");
    await bad('{"type":"syslog"}', ConfigCode.Required, "address");
    await bad('{"type":"udp","address":"127.0.9.2"}', LoggingCode.Type, "type");
    await bad('{"type":"syslog","address":"syslog.example"}', ConfigCode.Ipv4, "address");
    await bad('{"type":"tcp","address":"127.0.9.2","path":"/x"}', LoggingCode.Option, "path");
    await bad('{"type":"syslog","address":"127.0.9.2","allowUntrusted":true}', LoggingCode.Option, "allowUntrusted");
    await bad('{"type":"https","address":"127.0.9.2","path":"/a b"}', LoggingCode.Path, "path");
    await bad('{"type":"syslog","address":"127.0.9.2","class":"local9"}', LoggingCode.Class, "class");
    await bad('{"type":"syslog","address":"127.0.9.2","logs":["everything"]}', LoggingCode.Class, "logs[0]");
    assert.equal(fleet.device("m").pendingConfig, undefined);
  });

  test("PUT: pending (202) until the reset, then in force; ipdect ctl logging shows both", async () => {
    const body = { type: "https", address: "127.0.9.3", path: "/cdr/cdrwrite.asp", allowUntrusted: true };
    const r = await call("PUT", JSON.stringify(body));
    assert.equal(r.status, 202);
    const pending = { ...body, port: 443, class: "local0", logs: ["alarms", "events", "logins", "configChanges"] };
    assert.deepEqual(r.body, { pending, note: "takes effect after reset (§4.18.1, §4.24)" });
    const waiting = await report();
    assert.deepEqual(waiting.pending, pending);
    assert.equal(waiting.running?.type, "syslog");
    assert.equal(
      loggingText(waiting),
      "Logging  syslog to 127.0.9.1:514, class local3; logs alarms\n" +
        "Pending  https to 127.0.9.3:443 path /cdr/cdrwrite.asp, class local0, untrusted allowed; " +
        "logs alarms, events, logins, configChanges (after reset, §4.18.1)\n",
    );
    await reset();
    assert.deepEqual(await report(), { running: pending });
  });

  test("DELETE removes the destination at the reset; with none stored it changes nothing (200)", async () => {
    const del = await call("DELETE");
    assert.equal(del.status, 202);
    assert.deepEqual((await report()).pending, null);
    assert.match(loggingText(await report()), /^Pending {2}no destination \(§4\.9\.2\): nothing goes out/m);
    await reset();
    assert.deepEqual(await report(), { running: null });
    const again = await call("DELETE");
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { pending: null, note: "no logging destination: nothing changed" });
    assert.equal(fleet.device("m").pendingConfig, undefined);
  });
});
