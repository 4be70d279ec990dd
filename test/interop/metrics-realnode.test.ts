/**
 * Prometheus metrics of a real `ipdect node` (issue 17 item 4): the process-level `/metrics` of `--metrics` with a
 * `device` label and no login, and each device's own `/metrics` behind its login (§3.4). Scraped with fetch and
 * parsed strictly as the text exposition format (promtool is not in Debian bookworm).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { loopbackBlock } from "../helpers/loopback.js";
import { HTTP_PORT, NodeProcesses, pariOverview, waitFor } from "../helpers/nodes.js";
import { parseExposition, type Sample } from "../helpers/exposition.js";

const METRICS_PORT = 19464;
const AUTH = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;

describe("real node: Prometheus /metrics", () => {
  const ips = loopbackBlock();
  const PARI = ips(1);
  const nodes = new NodeProcesses();
  const yaml =
    "devices:\n" +
    `  - { name: pari, kind: IPBS, mac: "00:90:33:17:00:01", ip: ${PARI}, master: { mode: active }, pari: { systemId: 5 }, radioConfig: { alarmForward: "http://${PARI}/" } }\n` +
    `  - { name: r1, kind: IPBS, mac: "00:90:33:17:00:02", ip: ${ips(2)}, radio: { pariMaster: ${PARI} } }\n`;
  const scrape = async (url: string, auth?: string) => {
    const res = await fetch(url, auth === undefined ? {} : { headers: { authorization: auth } });
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
  };
  const value = (samples: readonly Sample[], name: string, labels: Record<string, string>) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

  before(async () => {
    await nodes.start("fleet", yaml, ["--metrics", `${ips(9)}:${METRICS_PORT}`]);
    await waitFor(
      async () => (await pariOverview(PARI))?.radios.some((r) => r.rfpis.length > 0) ?? false,
      30_000,
      "r1",
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
});
