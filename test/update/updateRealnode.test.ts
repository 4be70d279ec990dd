/**
 * The update client (App. A) of real nodes against real servers the test starts on loopback: Debian's nginx (HTTP,
 * HTTPS with a certificate the device trusts and one it does not, WebDAV PUT for `scfg`) and tftpd-hpa. A node is
 * updated end to end: a new command file, `check` with a new serial, `prot` downloads, `ireset`; it comes back on the
 * new version; the same file again does nothing; a corrupt image is refused with 0x00210003 and the node runs on.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildImage } from "../../src/update/image.js";
import { makeCa, makeLeaf, Workdir } from "../certs/helpers.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, NodeProcesses, waitFor } from "../helpers/nodes.js";
import { startUpdateServer, type UpdateServer } from "../helpers/updateServer.js";

interface Status {
  up: boolean;
  firmware: { bank: string; version: string; serial: string; product: string };
  update: { serials: Record<string, string>; downloaded: boolean };
  alarms: { code: string; detail?: string }[];
}
interface UpdateEvent {
  kind: string;
  action?: string;
  result?: string;
  reason?: string;
  url?: string;
}

const image = (version: string, product = "IPBS2") =>
  buildImage({ product: product as "IPBS2", version, serial: version }, new TextEncoder().encode(`ipdect ${version}`));

describe("update server on real nodes: nginx (HTTP, HTTPS, WebDAV PUT) and tftpd-hpa (App. A)", () => {
  const ips = loopbackBlock();
  const [HTTP_NODE, TFTP_NODE, HTTPS_NODE, STRANGER_NODE, SERVER] = [ips(1), ips(2), ips(3), ips(4), ips(9)];
  const nodes = new NodeProcesses();
  const w = new Workdir();
  makeCa(w);
  makeCa(w, "other");
  makeLeaf(w, "www", { san: `IP:${SERVER}` });
  makeLeaf(w, "stranger", { ca: "other", san: `IP:${SERVER}` });
  let www: UpdateServer;
  let stranger: UpdateServer;

  const status = async (ip: string) => (await api(ip, "GET", "/api/status")).json as Status;
  const poll = (ip: string) => api(ip, "POST", "/api/update/poll");
  const updates = async (ip: string) =>
    ((await api(ip, "GET", "/api/events")).json as UpdateEvent[]).filter((e) => e.kind === "update");
  /** After an `ireset`, the device is back up (its status answers with the running firmware). */
  const upOn = (ip: string, version: string) =>
    waitFor(
      async () => {
        const s = await status(ip).catch(() => undefined);
        return s?.up === true && s.firmware.version === version;
      },
      20_000,
      `${ip} up on ${version}`,
    );

  before(async () => {
    www = await startUpdateServer({
      ip: SERVER,
      tftp: true,
      tls: { certFile: w.path("www.pem"), keyFile: w.path("www.key") },
    });
    stranger = await startUpdateServer({
      ip: SERVER,
      tls: { certFile: w.path("stranger.pem"), keyFile: w.path("stranger.key") },
    });
    const device = (name: string, mac: string, ip: string, url: string) =>
      `  - ${JSON.stringify({
        name,
        kind: "IPBS",
        mac,
        ip,
        ntp: SERVER,
        update: { url, pollMinutes: 15 },
        certificates: { trust: [w.text("ca.pem")] },
      })}`;
    await nodes.start(
      "upd",
      [
        "devices:",
        device("upd-http", "00:90:33:21:00:01", HTTP_NODE, `${www.http}/up/`),
        device("upd-tftp", "00:90:33:21:00:02", TFTP_NODE, `${www.tftp}/tftp/`),
        device("upd-https", "00:90:33:21:00:03", HTTPS_NODE, `${www.https}/up/`),
        device("upd-stranger", "00:90:33:21:00:04", STRANGER_NODE, `${stranger.https}/up/`),
      ].join("\n") + "\n",
    );
  });
  after(async () => {
    await nodes.close();
    await www?.close();
    await stranger?.close();
  });

  test("a new command file: check, prot downloads ipbs2.bin, ireset; the node comes back on 0.2.0, bank B", async () => {
    const before = await status(HTTP_NODE);
    assert.equal(before.firmware.version, "0.1.0", "the factory software runs");
    www.put("firm/ipbs2.bin", image("0.2.0"));
    www.put(
      "up/update-IPBS2.htm",
      `mod cmd UP1 check ireset site-1\nmod cmd UP0 prot ${www.http}/firm/ ireset 0.2.0\n`,
    );
    const r = await poll(HTTP_NODE);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    await upOn(HTTP_NODE, "0.2.0");
    const s = await status(HTTP_NODE);
    assert.deepEqual(s.firmware, { bank: "B", version: "0.2.0", serial: "0.2.0", product: "IPBS2" });
    assert.deepEqual(s.update.serials, { check: "site-1", prot: "0.2.0" });
  });

  test("the same command file again does nothing: check cancels, no download, no reset", async () => {
    const r = await poll(HTTP_NODE);
    assert.equal(r.status, 200);
    const last = (await updates(HTTP_NODE)).slice(-2);
    assert.deepEqual(
      last.map((e) => [e.action, e.result]),
      [
        ["poll", "done"],
        ["check", "cancelled"],
      ],
    );
    assert.equal((await status(HTTP_NODE)).firmware.version, "0.2.0");
  });

  test("a corrupt image is refused with 0x00210003 and the node still runs 0.2.0", async () => {
    const bad = image("0.3.0");
    bad[bad.length - 1]! ^= 0xff;
    www.put("firm/ipbs2.bin", bad);
    www.put(
      "up/update-IPBS2.htm",
      `mod cmd UP1 check ireset site-2\nmod cmd UP0 prot ${www.http}/firm/ ireset 0.3.0\n`,
    );
    assert.equal((await poll(HTTP_NODE)).status, 200);
    const s = await status(HTTP_NODE);
    assert.equal(s.firmware.version, "0.2.0");
    assert.deepEqual(s.update.serials, { check: "site-1", prot: "0.2.0" }, "nothing of the file took effect");
    const alarm = s.alarms.find((a) => a.code === "0x00210003");
    assert.ok(alarm !== undefined, JSON.stringify(s.alarms));
    assert.match(alarm.detail ?? "", /IMAGE_CHECKSUM/);
  });

  test("the node restarted (a power cut): it runs the bank it was confirmed on, 0.2.0", async () => {
    await nodes.kill("upd");
    await nodes.start("upd");
    await upOn(HTTP_NODE, "0.2.0");
    assert.equal((await status(HTTP_NODE)).firmware.bank, "B");
  });

  test("TFTP: the command file and the image from tftpd-hpa (tftp:// URLs, App. A.1.1)", async () => {
    www.put("tftp/update-IPBS2.htm", `mod cmd UP1 check reset t-1\nmod cmd UP0 prot ${www.tftp}/tftp/ reset 0.2.1\n`);
    www.put("tftp/ipbs2.bin", image("0.2.1"));
    assert.equal((await poll(TFTP_NODE)).status, 200);
    await upOn(TFTP_NODE, "0.2.1");
  });

  test("HTTPS with a certificate on the trust list: downloaded; with one that is not: refused, and on the rejected list", async () => {
    www.put("up/update-IPBS2.htm", "mod cmd UP1 check ser tls-1\n");
    stranger.put("up/update-IPBS2.htm", "mod cmd UP1 check ser tls-1\n");
    await poll(HTTPS_NODE);
    assert.deepEqual((await status(HTTPS_NODE)).update.serials, { check: "tls-1" });
    await poll(STRANGER_NODE);
    const s = await status(STRANGER_NODE);
    assert.deepEqual(s.update.serials, {});
    const alarm = s.alarms.find((a) => a.code === "0x00210001");
    assert.match(alarm?.detail ?? "", /not trusted/);
    // The refused chain goes to the rejected list (§4.1.10.2), as for every TLS client of the device.
    await waitFor(
      async () => ((await api(STRANGER_NODE, "GET", "/api/certs")).json as { rejected: number }).rejected === 1,
      5000,
      "the stranger's chain on the rejected list",
    );
    const events = (await api(STRANGER_NODE, "GET", "/api/events")).json as Record<string, string>[];
    const rejected = events.find((e) => e["kind"] === "certificate" && e["action"] === "rejected");
    assert.equal(rejected?.["issuer"], "CN=Test other");
  });

  test("scfg: the configuration lands on nginx by WebDAV PUT with #h and the rolling index #b2", async () => {
    www.put("up/update-IPBS2.htm", `mod cmd UP0 scfg ${www.http}/saved/#h-#b2.txt\n`);
    for (let i = 0; i < 3; i++) assert.equal((await poll(HTTPS_NODE)).status, 200);
    // Without a save serial, every run saves (A.1.4); the index loops 0, 1, 0.
    const saved0 = www.read("saved/ipbs2-21-00-03-0.txt")?.toString() ?? "";
    assert.match(saved0, /config change DEV0 \/name upd-https/);
    assert.ok(www.read("saved/ipbs2-21-00-03-1.txt") !== undefined);
  });

  test("update-run: an operator's UP0 line runs now (App. A.1 'Update clients'); a bad line runs nothing (400)", async () => {
    const bad = await api(HTTPS_NODE, "POST", "/api/update/run", "mod cmd UP0 prot\n");
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.json), /UP_COMMAND_SYNTAX/);
    www.put("firm/ipbs2.bin", image("0.4.0"));
    const r = await api(HTTPS_NODE, "POST", "/api/update/run", `mod cmd UP0 prot ${www.https}/firm/ reset 0.4.0\n`);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    await upOn(HTTPS_NODE, "0.4.0");
    assert.equal((await status(HTTPS_NODE)).update.serials["prot"], "0.4.0");
  });
});
