/**
 * Where users reach the SNMP agent and Logging (issue 17 item 5) on a real `ipdect node`: `PUT /api/snmp` and
 * `ipdect ctl logging-set` store the sections pending a reset (§4.18.1); after `POST /api/reset` the agent answers
 * Net-SNMP's snmpget with the new community on its new port (the old one gets no answer), the masked SNMPv3 passwords
 * were kept, and rsyslog receives the device's entries. `GET /api/snmp` and `ipdect ctl snmp` never show a secret.
 * A power cut and restart with the same `--config` keeps what the resets put in force (the configuration on flash).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { LoggingReport } from "../../src/logging/statusText.js";
import type { SnmpReport } from "../../src/snmp/report.js";
import { ROOT } from "../helpers/cli.js";
import { freeUdpPort, removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, HTTP_PORT, NodeProcesses, waitFor } from "../helpers/nodes.js";
import { selfSignedFor } from "../helpers/opensslCerts.js";
import { startRsyslog, type Rsyslog } from "../helpers/rsyslog.js";

const SYS_LOCATION = ".1.3.6.1.2.1.1.6.0";
const MASK = "********";
const SECRETS = ["old-ro", "new-ro", "auth-secret-1", "priv-secret-1"];

/** snmpget of one object's value (`-Oqv`), numeric OIDs, no MIB files; one try of one second. */
function snmpget(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("snmpget", ["-m", "", "-On", "-Oqv", "-t", "1", "-r", "0", ...args], (err, stdout, stderr) =>
      resolve({ code: err === null ? 0 : Number((err as { code?: unknown }).code ?? 1), stdout, stderr }),
    );
  });
}

describe("real node: SNMP and Logging settings over HTTP and ipdect ctl survive the reset (§4.18.1, §4.24)", () => {
  const ip = loopbackBlock();
  const NODE = ip(1);
  const MANAGER = ip(4);
  const nodes = new NodeProcesses();
  const dir = tempDir("ipdect-snmp-settings-");
  let rsyslog: Rsyslog;
  let [oldPort, newPort] = [0, 0];

  const v2c = (community: string, port: number) =>
    snmpget(["-v2c", "-c", community, `--clientaddr=${MANAGER}`, `${NODE}:${port}`, SYS_LOCATION]);
  const v3 = (port: number) =>
    snmpget([
      ...["-v3", "-l", "authPriv", "-u", "mon", "-a", "SHA", "-A", "auth-secret-1", "-x", "AES", "-X", "priv-secret-1"],
      ...[`--clientaddr=${MANAGER}`, `${NODE}:${port}`, SYS_LOCATION],
    ]);
  const report = async () => (await api(NODE, "GET", "/api/snmp")).json as SnmpReport;
  /**
   * `ipdect ctl <args>` as its own process, without blocking this one: a blocked test process would miss the node
   * closing an idle keep-alive connection and then send its next request into it.
   */
  const ctl = (...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const argv = [join(ROOT, "bin/ipdect.js"), "ctl", ...args, "--node", `${NODE}:${HTTP_PORT}`];
      execFile(process.execPath, argv, (err, stdout, stderr) =>
        resolve({ status: err === null ? 0 : Number((err as { code?: unknown }).code ?? 1), stdout, stderr }),
      );
    });

  before(async () => {
    rsyslog = await startRsyslog(dir, ip(100), selfSignedFor(dir, "rsyslog", ip(100)));
    [oldPort, newPort] = [await freeUdpPort(NODE), await freeUdpPort(NODE)];
    const snmp = {
      enabled: true,
      port: oldPort,
      community: "old-ro",
      location: "Building A",
      v3: {
        user: "mon",
        authProtocol: "SHA",
        authPassword: "auth-secret-1",
        privProtocol: "AES",
        privPassword: "priv-secret-1",
      },
    };
    const device = {
      name: "snmp-set",
      kind: "IPVM",
      mac: "00:90:33:22:00:01",
      ip: NODE,
      master: { mode: "active" },
      snmp,
    };
    await nodes.start("node", `${JSON.stringify(device)}\n`);
  });
  after(async () => {
    await nodes.close();
    await rsyslog.close();
    removeTempDir(dir);
  });

  test("PUT /api/snmp, reset: the new community answers on the new port, the old gets none; v3 secrets kept", async () => {
    assert.equal((await v2c("old-ro", oldPort)).stdout.trim(), '"Building A"');
    const before = await report();
    assert.deepEqual(before.agent?.listening, { ip: NODE, port: oldPort });
    assert.equal(before.running?.community, MASK);
    const put = await api(
      NODE,
      "PUT",
      "/api/snmp",
      JSON.stringify({
        enabled: true,
        port: newPort,
        community: "new-ro",
        location: "Building B",
        v3: { user: "mon", authProtocol: "SHA", authPassword: MASK, privProtocol: "AES", privPassword: MASK },
      }),
    );
    assert.equal(put.status, 202, JSON.stringify(put.json));
    // Pending until the reset (§4.18.1): the running agent is unchanged.
    assert.equal((await v2c("old-ro", oldPort)).stdout.trim(), '"Building A"');
    assert.equal((await report()).pending?.location, "Building B");
    assert.equal((await api(NODE, "POST", "/api/reset?mode=immediate")).status, 200);
    await waitFor(async () => (await report()).agent?.listening?.port === newPort, 10_000, "the agent on its new port");
    const after = await report();
    assert.equal(after.pending, undefined);
    assert.equal(after.running?.location, "Building B");
    const shown = JSON.stringify(after);
    for (const s of SECRETS) assert.ok(!shown.includes(s), `${s} is not shown`);
    const answer = await v2c("new-ro", newPort);
    assert.equal(answer.code, 0, answer.stderr);
    assert.equal(answer.stdout.trim(), '"Building B"');
    assert.match((await v2c("old-ro", newPort)).stderr, /Timeout/);
    assert.match((await v2c("old-ro", oldPort)).stderr, /Timeout/, "nothing listens on the old port");
    const secure = await v3(newPort);
    assert.equal(secure.code, 0, secure.stderr);
    assert.equal(secure.stdout.trim(), '"Building B"');
    assert.equal(after.agent?.snmp["snmpInBadCommunityNames"], 0, "counters start again with the agent");
    assert.equal((await report()).agent?.snmp["snmpInBadCommunityNames"], 1, "the old community was refused once");
  });

  test("ipdect ctl snmp prints the agent and settings, masked; a bad snmp-set is refused with its field", async () => {
    const shown = await ctl("snmp");
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`^Agent +listening on ${NODE.replaceAll(".", "\\.")}:${newPort}$`, "m"));
    assert.match(shown.stdout, /^Community +\*{8}$/m);
    assert.match(shown.stdout, /^snmpInBadCommunityNames +1$/m);
    for (const s of SECRETS) assert.ok(!shown.stdout.includes(s), s);
    const file = join(dir, "bad-snmp.json");
    writeFileSync(
      file,
      JSON.stringify({ enabled: true, v3: { user: "u", privProtocol: "AES", privPassword: "p-12345678" } }),
    );
    const bad = await ctl("snmp-set", file, "--json");
    assert.equal(bad.status, 2, "input the node refuses as malformed");
    const error = (JSON.parse(bad.stdout) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, "CONFIG_SNMP");
    assert.match(error.message, /^request body: v3\.privProtocol: encryption needs authentication/);
    assert.ok(!bad.stdout.includes("p-12345678"));
  });

  test("ipdect ctl logging-set, reset: rsyslog receives the device's entries; ipdect ctl logging shows them", async () => {
    const file = join(dir, "logging.json");
    writeFileSync(file, JSON.stringify({ type: "syslog", address: ip(100), port: rsyslog.udpPort, logs: ["events"] }));
    const set = await ctl("logging-set", file);
    assert.equal(set.status, 0, set.stdout + set.stderr);
    assert.match((await ctl("logging")).stdout, /^Pending {2}syslog to .*\(after reset, §4\.18\.1\)$/m);
    assert.equal((await ctl("reset", "--mode", "immediate")).status, 0);
    await waitFor(
      async () => rsyslog.entries().some((e) => e.hostname === "snmp-set" && e.msgId === "STATE"),
      10_000,
      "the device's state entry at rsyslog",
    );
    const shown = (await api(NODE, "GET", "/api/logging")).json as LoggingReport;
    assert.deepEqual(shown, {
      running: {
        type: "syslog",
        address: ip(100),
        port: rsyslog.udpPort,
        class: "local0",
        allowUntrusted: false,
        logs: ["events"],
      },
    });
    assert.match(
      (await ctl("logging")).stdout,
      new RegExp(`^Logging  syslog to ${ip(100).replaceAll(".", "\\.")}:\\d+, class local0; logs events\n$`),
    );
    // The SNMP settings of the first test are still in force after this second reset.
    assert.equal((await v2c("new-ro", newPort)).stdout.trim(), '"Building B"');
  });

  test("the process killed and started again with the same --config: the settings changed over HTTP are still in force", async () => {
    await nodes.kill("node");
    await nodes.start("node");
    await waitFor(
      async () => (await report().catch(() => undefined))?.agent?.listening?.port === newPort,
      10_000,
      "the agent",
    );
    assert.equal((await v2c("new-ro", newPort)).stdout.trim(), '"Building B"', "kept on flash (§4.14)");
    assert.equal(((await api(NODE, "GET", "/api/logging")).json as LoggingReport).running?.port, rsyslog.udpPort);
  });
});
