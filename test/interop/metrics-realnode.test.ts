/**
 * Prometheus metrics of a real `ipdect node` (issue 17 item 4): the process-level `/metrics` of `--metrics` with a
 * `device` label and no login, and each device's own `/metrics` behind its login (§3.4). Scraped with fetch and
 * parsed strictly as the text exposition format (promtool is not in Debian bookworm). The PARI Master also runs the
 * LDAP server (searched with ldapsearch) and an SNMP agent (read with snmpget), and a Standby replicates its users:
 * the metrics carry the same counters as the IPDECT-MIB and the HTTP status pages.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { freePort, freeUdpPort } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, HTTP_PORT, NodeProcesses, pariOverview, waitFor } from "../helpers/nodes.js";
import { parseExposition, type Sample } from "../helpers/exposition.js";
import { SNMP_VIEW_MAX_AGE_MS } from "../../src/snmp/ViewCache.js";
import type { SyncOverview } from "../../src/sync/overview.js";
import { PORTS } from "../../src/wire/ports.js";
import { MIB_DIR, STANDARD_MIB_DIR } from "../snmp/mibTools.js";

const run = promisify(execFile);
const MIBS = ["-M", `+${STANDARD_MIB_DIR}:${MIB_DIR}`, "-m", "IPDECT-MIB"];

const METRICS_PORT = 19464;
const AUTH = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;

describe("real node: Prometheus /metrics", () => {
  const ips = loopbackBlock();
  const PARI = ips(1);
  const STANDBY = ips(3);
  const nodes = new NodeProcesses();
  let ldapPort = 0;
  let agent = "";
  const scrape = async (url: string, auth?: string) => {
    const res = await fetch(url, auth === undefined ? {} : { headers: { authorization: auth } });
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
  };
  const value = (samples: readonly Sample[], name: string, labels: Record<string, string>) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

  before(async () => {
    ldapPort = await freePort(PARI);
    const snmpPort = await freeUdpPort(PARI);
    agent = `${PARI}:${snmpPort}`;
    const login = "user: ldap-user, password: ldap-secret";
    const yaml =
      "devices:\n" +
      `  - { name: pari, kind: IPBS, mac: "00:90:33:17:00:01", ip: ${PARI}, master: { mode: active }, pari: { systemId: 5 }, radioConfig: { alarmForward: "http://${PARI}/" }, ldap: { server: { ${login}, port: ${ldapPort} } }, snmp: { enabled: true, port: ${snmpPort}, community: c1 }, users: [{ longName: "Ann Berg", number: "2000" }, { longName: "Bob Berg", number: "2001" }] }\n` +
      `  - { name: r1, kind: IPBS, mac: "00:90:33:17:00:02", ip: ${ips(2)}, radio: { pariMaster: ${PARI} }, position: { x: 0, y: 0 } }\n` +
      `  - { name: standby, kind: IPVM, mac: "00:90:33:17:00:03", ip: ${STANDBY}, master: { mode: standby, primary: ${PARI} }, ldap: { replicator: { type: full, enabled: true, ${login} } } }\n`;
    // The air service (§4.6.36 air sync across processes): r1 reports its sync to the PARI Master's region 0.
    const air = `${ips(250)}:${PORTS.AIR}`;
    await nodes.startAir("air", yaml, air);
    await nodes.start("fleet", yaml, ["--metrics", `${ips(9)}:${METRICS_PORT}`, "--air", air]);
    await waitFor(
      async () => (await pariOverview(PARI))?.radios.some((r) => r.rfpis.length > 0) ?? false,
      30_000,
      "r1",
    );
    await waitFor(
      async () => ((await api(PARI, "GET", "/api/sync")).json as SyncOverview).regions.length > 0,
      30_000,
      "r1 in the Air Sync Overview",
    );
  });
  after(() => nodes.close());

  test("the process-level /metrics: every device with its `device` label, no login, valid exposition", async () => {
    const r = await scrape(`http://${ips(9)}:${METRICS_PORT}/metrics`);
    assert.equal(r.status, 200);
    assert.match(r.type, /^text\/plain; version=0\.0\.4/);
    const { samples, families } = parseExposition(r.text);
    assert.equal(families.get("ipdect_frames_in_total"), "counter");
    assert.equal(families.get("ipdect_alarms_active"), "gauge");
    for (const device of ["pari", "r1"]) {
      assert.equal(value(samples, "ipdect_up", { device }), 1, device);
      assert.ok((value(samples, "ipdect_frames_in_total", { device }) ?? 0) > 0, `${device} frames in`);
      for (const severity of ["critical", "major", "indeterminate"])
        assert.notEqual(value(samples, "ipdect_alarms_active", { device, severity }), undefined);
    }
    assert.equal(value(samples, "ipdect_pari_radios", { device: "pari" }), 1);
    assert.equal(value(samples, "ipdect_pari_radios", { device: "r1" }), undefined, "a radio has no PARI list");
    assert.equal((await scrape(`http://${ips(9)}:${METRICS_PORT}/other`)).status, 404);
  });

  test("a device's own /metrics needs a login (§3.4) and has no device label", async () => {
    const url = `http://${PARI}:${HTTP_PORT}/metrics`;
    assert.equal((await scrape(url)).status, 401);
    const r = await scrape(url, AUTH);
    assert.equal(r.status, 200);
    const { samples } = parseExposition(r.text);
    assert.equal(value(samples, "ipdect_up", {}), 1);
    assert.ok(samples.every((s) => s.labels["device"] === undefined));
  });

  const fleetSamples = async () => {
    const r = await scrape(`http://${ips(9)}:${METRICS_PORT}/metrics`);
    assert.equal(r.status, 200);
    return parseExposition(r.text);
  };
  const snmpGet = async (name: string) => {
    const { stdout } = await run("snmpget", [...MIBS, "-v2c", "-c", "c1", "-Oqv", agent, `IPDECT-MIB::${name}.0`]);
    // `-Oqv` prints the value alone, followed by the UNITS of the object where it has some ("1 percent").
    return Number.parseInt(stdout, 10);
  };

  test("the LDAP server's counters (§4.5.2): as ldapsearch made them, as the HTTP page and the MIB say", async () => {
    const search = () =>
      run("ldapsearch", [
        ..."-x -LLL -D cn=ldap-user -w ldap-secret -b cn=PBX0".split(" "),
        ...["-H", `ldap://${PARI}:${ldapPort}`, "(e164=2000)"],
      ]);
    for (let i = 0; i < 3; i++) assert.match((await search()).stdout, /Ann Berg/);
    // Wrong password: one result 49 (invalidCredentials).
    await assert.rejects(
      run("ldapsearch", [
        "-x",
        "-H",
        `ldap://${PARI}:${ldapPort}`,
        "-D",
        "cn=ldap-user",
        "-w",
        "nope",
        "-b",
        "cn=PBX0",
      ]),
    );
    // The agent builds its view at most this often: wait that long and it reads the counters as they are now.
    await sleep(SNMP_VIEW_MAX_AGE_MS + 100);
    const { samples, families } = await fleetSamples();
    assert.equal(families.get("ipdect_ldap_requests_total"), "counter");
    const searches = value(samples, "ipdect_ldap_requests_total", { device: "pari", op: "search" });
    assert.equal(searches, 3);
    assert.equal(value(samples, "ipdect_ldap_error_results_total", { device: "pari", code: "49" }), 1);
    const page = (await api(PARI, "GET", "/api/ldap/server")).json as { counters: { rxSearch: number } };
    assert.equal(page.counters.rxSearch, searches, "GET /api/ldap/server");
    assert.equal(await snmpGet("ipdectLdapRxSearch"), searches, "IPDECT-MIB::ipdectLdapRxSearch.0");
    assert.equal(await snmpGet("ipdectLdapTxError49"), 1, "IPDECT-MIB::ipdectLdapTxError49.0");
    for (const device of ["r1", "standby"])
      assert.equal(value(samples, "ipdect_ldap_requests_total", { device }), undefined, `${device} runs no server`);
  });

  test("the Standby's full replicator (§4.5.4): state up, the copy completed, the users added", async () => {
    const up = async () => {
      const { samples } = await fleetSamples();
      const on = (labels: Record<string, string>) => value(samples, "ipdect_ldap_replicator_copy_state", labels);
      return on({ device: "standby", side: "remote", state: "completed" }) === 1;
    };
    await waitFor(up, 20_000, "the Standby's copy completed");
    const { samples, families } = await fleetSamples();
    assert.equal(families.get("ipdect_ldap_replicator_state"), "gauge");
    assert.equal(value(samples, "ipdect_ldap_replicator_state", { device: "standby", type: "full", state: "up" }), 1);
    assert.equal(value(samples, "ipdect_ldap_replicator_state", { device: "standby", state: "down" }), 0);
    const added = value(samples, "ipdect_ldap_replicator_changes_total", {
      device: "standby",
      side: "local",
      op: "add",
    });
    assert.ok((added ?? 0) >= 2, `the Master's 2 users added (${String(added)})`);
    assert.equal(value(samples, "ipdect_ldap_replicator_state", { device: "pari" }), undefined);
  });

  test("air sync and performance (§4.12, §4.23.5): the PARI Master's regions, r1's own sync, CPU and MEM", async () => {
    const { samples, families } = await fleetSamples();
    assert.equal(families.get("ipdect_sync_region_sync_lost_total"), "counter");
    assert.equal(families.get("ipdect_sync_radio_sync_lost_total"), "counter");
    const radios = value(samples, "ipdect_sync_region_radios", { device: "pari", region: "0" });
    assert.equal(radios, 1, "r1 in region 0");
    assert.equal(value(samples, "ipdect_sync_radio_sync_lost_total", { device: "pari", radio: "r1" }), 0);
    const own = samples.filter((s) => s.name === "ipdect_sync_state" && s.labels["device"] === "r1");
    assert.equal(own.length, 5, "one sample per §4.12.3 state");
    assert.equal(own.filter((s) => s.value === 1).length, 1);
    for (const device of ["pari", "r1", "standby"]) {
      const cpu = value(samples, "ipdect_cpu_utilization_ratio", { device });
      const mem = value(samples, "ipdect_memory_utilization_ratio", { device });
      assert.ok(cpu !== undefined && cpu >= 0 && cpu <= 1, `${device} cpu ${String(cpu)}`);
      assert.ok(mem !== undefined && mem > 0 && mem <= 1, `${device} mem ${String(mem)}`);
    }
    // The MIB's whole percent of the same process (a little apart in time: the resident set moves).
    const mem = value(samples, "ipdect_memory_utilization_ratio", { device: "pari" })!;
    assert.ok(Math.abs((await snmpGet("ipdectPerfMemory")) - mem * 100) <= 2, "IPDECT-MIB::ipdectPerfMemory.0");
  });
});
