import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT } from "../helpers/cli.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, HTTP_PORT, NodeProcesses, waitFor } from "../helpers/nodes.js";

/**
 * `ipdect ctl` against a real `ipdect node` process (issue 18): readings as tables and key/value blocks with UTC
 * dates, `--json` as the API answers, actions in one line, and every refusal in words with its exit code: a wrong
 * password, a blocked login (§3.4.5.1), a level too low (§3.4.2), a node that does not answer, bad usage and input.
 */

const ip = loopbackBlock();
const NODE = ip(1);
/** Nothing listens here. */
const NOBODY = ip(2);
const DATE = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `ipdect ctl <args> --node <node>` as its own process, without blocking this one. */
const ctl = (args: readonly string[], node = `${NODE}:${HTTP_PORT}`): Promise<Run> =>
  new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, "bin/ipdect.js"), "ctl", ...args, "--node", node], (err, stdout, stderr) =>
      resolve({ code: err === null ? 0 : Number((err as { code?: unknown }).code), stdout, stderr }),
    );
  });

/** A run that printed only an error line: no stack trace. */
const failed = (r: Run, code: number, stderr: RegExp) => {
  assert.equal(r.code, code, r.stdout + r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, stderr);
  assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace");
};

describe("ipdect ctl against a real node: for people, --json for machines, refusals in words", () => {
  const nodes = new NodeProcesses();
  before(async () => {
    await nodes.start(
      "dut",
      `name: dut
kind: IPVM
mac: "00:90:33:0c:1e:01"
ip: ${NODE}
master: { mode: active }
gatekeeper: { protocol: sip-udp, proxy: ${ip(9)}, domain: ctl.test }
users:
  - { longName: "Ann Berg", number: "2000", name: "u2000", ipei: "0100900100000" }
`,
    );
    const uma = await api(NODE, "POST", "/api/user-admins", '{"longName":"Uma","name":"uma","password":"uma-pw"}');
    assert.equal(uma.status, 201);
    // The gatekeeper serves once the Master is active (a loaded machine takes a while to get there).
    const serving = async () => ((await api(NODE, "GET", "/api/sip")).json as { mode?: string }).mode === "serving";
    await waitFor(serving, 30_000, "the gatekeeper serving");
  });
  after(() => nodes.close());

  test("status: a key/value block, the certificate's end as a date", async () => {
    const r = await ctl(["status"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`^Device +dut, IPVM, MAC 00:90:33:0c:1e:01, IP ${NODE.replaceAll(".", "\\.")}$`, "m"),
    );
    assert.match(r.stdout, /^Gatekeeper +sip-udp, running, mode serving; 0\/0 users registered; proxies /m);
    assert.match(r.stdout, /^Certificate +CN=00:90:33:0c:1e:01 \(default, until \d{4}-\d\d-\d\d\); trust list 0$/m);
    assert.equal(r.stderr, "");
  });

  test("events: a table whose times are today's UTC dates", async () => {
    const r = await ctl(["events"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Time +Kind +Details\n/);
    const up = new RegExp(`^(${DATE}) +state +role=device state=up model=IPVM ip=`, "m").exec(r.stdout);
    assert.ok(up !== null, r.stdout);
    const t = Date.parse(up[1]!.replace(" ", "T"));
    assert.ok(Math.abs(Date.now() - t) < 10 * 60_000, `${up[1]} is now, in UTC`);
  });

  test("users: a table with headers; --json prints the API's answer unchanged", async () => {
    const r = await ctl(["users"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Long Name +Name +Number +IPEI\/IPDI +Auth\. Code\nAnn Berg +u2000 +2000 +0100900100000 +\d{4}\n$/,
    );
    const json = await ctl(["users", "--json"]);
    assert.equal(json.code, 0);
    assert.deepEqual(JSON.parse(json.stdout), (await api(NODE, "GET", "/api/users")).json);
  });

  test("gatekeeper: the settings, the gatekeeper and the registrations; gatekeeper-set takes a JSON file", async () => {
    const shown = await ctl(["gatekeeper"]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`^Proxy +${ip(9).replaceAll(".", "\\.")}$`, "m"));
    assert.match(shown.stdout, /^Registration TTL +2m 00s$/m);
    assert.match(shown.stdout, /^Gatekeeper {2}sip-udp {2}proxies /m);
    assert.match(shown.stdout, /\n\nno registrations\n$/);
    const json = JSON.parse((await ctl(["gatekeeper", "--json"])).stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ["gatekeeper", "sip", "sip-registrations"]);
    assert.deepEqual(json["gatekeeper"], (await api(NODE, "GET", "/api/gatekeeper")).json);

    const file = join(nodes.dir, "gk.json");
    writeFileSync(file, JSON.stringify({ proxy: `${ip(9)}:5070`, altProxies: [ip(10)], domain: "ctl.test" }));
    const set = await ctl(["gatekeeper-set", file]);
    assert.deepEqual(
      [set.code, set.stdout],
      [0, "gatekeeper settings stored: takes effect after reset (§4.6.23 step 17)\n"],
    );
    assert.match(
      (await ctl(["gatekeeper"])).stdout,
      /^After reset \(pending, §4\.6\.23 step 17\):\n {2}Protocol +sip-udp\n {2}Proxy +\S+:5070$/m,
    );

    writeFileSync(file, '{"proxy":"sip:bad proxy"}');
    failed(await ctl(["gatekeeper-set", file]), 2, /^error: request body: proxy: .* \[CONFIG_SIP_ADDRESS\]\n$/);
  });

  test("--out writes the document and says so", async () => {
    const file = join(nodes.dir, "users.csv");
    const r = await ctl(["users-export", "--out", file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^wrote ${file.replaceAll(".", "\\.")} \\(\\d+ bytes\\)\n$`));
    assert.match(readFileSync(file, "utf8"), /Ann Berg/);
  });

  test("a level too low: 403 names the level needed (§3.4.2); exit 1", async () => {
    failed(
      await ctl(["status", "--user", "uma", "--password", "uma-pw"]),
      1,
      /^error: status needs an Auditor or a System Administrator \(§3\.4\.2\): uma may not run it\n$/,
    );
  });

  test("a wrong password says so; the right one while blocked says how long (§3.4.5.1); exit 1", async () => {
    // The block lasts 5 s, then 10 s (§3.4.5.1): a machine so loaded that starting ctl takes longer tries again.
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const wrong = await ctl(["users", "--user", "uma", "--password", "wrong"]);
      const blocked = attempt === 1 ? 5 : "\\d+";
      failed(
        wrong,
        1,
        new RegExp(
          `^error: wrong user name or password for uma; uma is now blocked for ${blocked}s \\(§3\\.4\\.5\\.1\\)\\n$`,
        ),
      );
      const right = await ctl(["users", "--user", "uma", "--password", "uma-pw"]);
      if (right.code === 0 && Date.now() - started > 5000 && attempt < 3) continue;
      failed(right, 1, /^error: uma is blocked after a failed login \(§3\.4\.5\.1\): try again in \d+s\n$/);
      break;
    }
  });

  test("a node that does not answer: the address and why; exit 1", async () => {
    failed(
      await ctl(["status"], `${NOBODY}:${HTTP_PORT}`),
      1,
      new RegExp(
        `^error: cannot reach the node at ${NOBODY.replaceAll(".", "\\.")}:${HTTP_PORT}: connection refused: nothing listens there`,
      ),
    );
  });

  test("bad usage and bad input: exit 2 with the reason, no stack trace", async () => {
    failed(await ctl(["status"], `${NODE}:http`), 2, /^error: --node must be <IPv4>\[:<port 1\.\.65535>\], not /);
    failed(
      await ctl(["radio-move", "00:90:33:00:00:01"]),
      2,
      /^error: radio-move <broken radio mac> <replacement mac>\n$/,
    );
    failed(
      await ctl(["tls-set", "--profile", "bogus"]),
      2,
      /^error: profile must be one of .* \[CERTS_BAD_PROFILE\]\n$/,
    );
  });
});
