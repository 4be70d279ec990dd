/**
 * The second provisioning dialect (seed 002) on real nodes against real servers the test starts on loopback: Debian's
 * nginx (HTTP, with its access log), vsftpd (FTP, passive), tftpd-hpa (TFTP, a URL without a scheme as DHCP option 66
 * gives it), kamailio as the registrar and SIPp as the PBX that sends NOTIFY check-sync. A node takes its users live,
 * its configuration with a reset, its firmware with an immediate reboot; the same files again do nothing; bad files
 * apply nothing; a `.ver` equal to the running version downloads no image.
 */
import assert from "node:assert/strict";
import { chmodSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildImage } from "../../src/update/image.js";
import { removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { startFtpServer, type FtpServer } from "../helpers/ftpServer.js";
import { startKamailio, type Kamailio } from "../helpers/kamailio.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, NodeProcesses, waitFor } from "../helpers/nodes.js";
import { sipUsers } from "../helpers/sipNodes.js";
import { sippNotify } from "../helpers/sippNotify.js";
import { startUpdateServer, type UpdateServer } from "../helpers/updateServer.js";

interface FileOutcome {
  file: string;
  result: string;
  reason?: string;
}
interface Status {
  up: boolean;
  pendingReset: boolean;
  firmware: { bank: string; version: string };
  gatekeeper?: { proxies: string[]; users: { registered: number } };
  provisioning?: { server?: string; lastCheck?: { trigger: string; files: FileOutcome[] }; notModelled: string[] };
}
interface Event {
  kind: string;
  command?: string;
  action?: string;
  result?: string;
  reason?: string;
}

const image = (version: string) =>
  buildImage({ product: "IPBS2", version, serial: version }, new TextEncoder().encode(`ipdect ${version}`));
const configXml = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<config>${inner}</config>\n`;
const proxyXml = (host: string, port: number) =>
  configXml(
    `<sip><proxy><domain>${host}</domain><port>${port}</port></proxy></sip><rfp><auto><enable>true</enable></auto></rfp>`,
  );
const USERS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<users>
<user><username>3001</username><name>Ann Provisioned</name><authpassword>pw-3001</authpassword></user>
<user><username>3002</username><name>Bob Provisioned</name></user>
<user><username>3003</username><disabled>true</disabled></user>
</users>
`;

describe("the second provisioning dialect on real nodes: nginx, vsftpd, tftpd-hpa, SIPp NOTIFY check-sync (seed 002)", () => {
  const ips = loopbackBlock();
  const [HTTP_NODE, FTP_NODE, SYNC_NODE, OFF_NODE, TFTP_NODE, REBOOT_NODE, PBX, SERVER] = [1, 2, 3, 4, 5, 6, 8, 9].map(
    ips,
  ) as [string, string, string, string, string, string, string, string];
  const SIP_PORT = 15060;
  const nodes = new NodeProcesses();
  // nginx runs as nobody: its access log goes to a folder open to it.
  const logDir = tempDir("ipdect-prov-log-");
  chmodSync(logDir, 0o777);
  const accessLog = join(logDir, "access.log");
  let www: UpdateServer;
  let ftp: FtpServer;
  let kamailio: Kamailio;

  const status = async (ip: string) => (await api(ip, "GET", "/api/status")).json as Status;
  const check = (ip: string) => api(ip, "POST", "/api/provisioning/check");
  const events = async (ip: string) => (await api(ip, "GET", "/api/events")).json as Event[];
  const resets = async (ip: string) => (await events(ip)).filter((e) => e.kind === "command" && e.command === "reset");
  const files = (s: Status) => Object.fromEntries((s.provisioning?.lastCheck?.files ?? []).map((f) => [f.file, f]));
  /** Requests nginx answered for `path` so far (its access log: `$msec $remote_addr $status $request_time $uri`). */
  const requests = (path: string) =>
    readFileSync(accessLog, "utf8")
      .split("\n")
      .filter((l) => l.split(" ")[4] === path);
  const upWith = (ip: string, what: string, pred: (s: Status) => boolean) =>
    waitFor(
      async () => {
        const s = await status(ip).catch(() => undefined);
        return s?.up === true && pred(s);
      },
      20_000,
      `${ip} up with ${what}`,
    );
  const node = (name: string, mac: string, ip: string, o: Record<string, unknown>) =>
    `devices:\n  - ${JSON.stringify({
      name,
      kind: "IPBS",
      mac,
      ip,
      master: { mode: "active" },
      gatekeeper: { proxy: `${kamailio.ip}:${kamailio.port}`, domain: kamailio.realm, localPort: SIP_PORT },
      ...o,
    })}\n`;

  before(async () => {
    www = await startUpdateServer({ ip: SERVER, tftp: true, accessLog });
    ftp = await startFtpServer({ ip: SERVER });
    kamailio = await startKamailio({ ip: PBX, children: 2 });
    const provisioning = (url: string, o: Record<string, unknown> = {}) => ({
      provisioning: { method: "static", url, ...o },
    });
    await nodes.start(
      "prov-http",
      node("prov-http", "00:90:33:22:00:01", HTTP_NODE, {
        // A user of the start configuration: the users file replaces it, and no later reset brings it back.
        users: [{ longName: "Start User", number: "2999" }],
        ...provisioning(`${www.http}/prov/`, { importUsers: true, firmware: "ipbs2.bin" }),
      }),
    );
  });
  after(async () => {
    await nodes.close();
    await www?.close();
    await ftp?.close();
    await kamailio?.close();
    removeTempDir(logDir);
  });

  test("the boot check finds nothing on the server: each file not found, nothing happens", async () => {
    await upWith(HTTP_NODE, "its boot check done", (s) => s.provisioning?.lastCheck !== undefined);
    const s = await status(HTTP_NODE);
    assert.equal(s.provisioning?.server, `${www.http}/prov/`);
    assert.equal(s.provisioning?.lastCheck?.trigger, "boot");
    assert.deepEqual(
      Object.values(files(s)).map((f) => [f.file, f.result]),
      [
        ["ipbs2.bin.ver", "not-found"],
        ["009033220001-users.xml", "not-found"],
        ["009033220001-config.xml", "not-found"],
      ],
    );
  });

  test("<mac>-users.xml: the users are in the directory at once, without a reset (seed 002 User List Update)", async () => {
    www.put("prov/009033220001-users.xml", USERS_XML);
    const r = await check(HTTP_NODE);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const users = (await api(HTTP_NODE, "GET", "/api/users")).json as { number: string; longName: string }[];
    assert.deepEqual(
      users.map((u) => [u.number, u.longName]),
      [
        ["3001", "Ann Provisioned"],
        ["3002", "Bob Provisioned"],
      ],
    );
    assert.deepEqual(await resets(HTTP_NODE), []);
    assert.match(files(await status(HTTP_NODE))["009033220001-users.xml"]?.reason ?? "", /2 users; 1 disabled/);
  });

  test("<mac>-config.xml: stored and in force after the reset it causes; its unmodelled parameters are reported", async () => {
    www.put("prov/009033220001-config.xml", proxyXml("192.0.2.10", 5070));
    assert.equal((await check(HTTP_NODE)).status, 200);
    // Up on the new configuration, and its boot check done (a new boot's client has no check before it ends).
    const booted = (s: Status) => s.provisioning?.lastCheck?.trigger === "boot";
    await upWith(HTTP_NODE, "the new proxy", (s) => s.gatekeeper?.proxies[0] === "192.0.2.10:5070" && booted(s));
    const s = await status(HTTP_NODE);
    assert.equal(s.provisioning?.lastCheck?.trigger, "boot");
    assert.equal(files(s)["009033220001-config.xml"]?.result, "unchanged", "the boot check: the same file");
    assert.deepEqual(s.provisioning?.notModelled, ["config/rfp/auto/enable"]);
    const users = (await api(HTTP_NODE, "GET", "/api/users")).json as { number: string }[];
    assert.deepEqual(
      users.map((u) => u.number),
      ["3001", "3002"],
      "the reset kept the users file's users (the start's did not come back)",
    );
  });

  test("the same files again do nothing: unchanged, no reset", async () => {
    const before = (await resets(HTTP_NODE)).length;
    assert.equal((await check(HTTP_NODE)).status, 200);
    const s = await status(HTTP_NODE);
    assert.equal(files(s)["009033220001-users.xml"]?.result, "unchanged");
    assert.equal(files(s)["009033220001-config.xml"]?.result, "unchanged");
    assert.equal((await resets(HTTP_NODE)).length, before);
  });

  test("a malformed file, a schema error and a rule broken: the error with where and why, nothing of it applied", async () => {
    www.put("prov/009033220001-config.xml", configXml("<sip><proxy><domain>192.0.2.99</domain></sip>"));
    await check(HTTP_NODE);
    let s = await status(HTTP_NODE);
    assert.match(files(s)["009033220001-config.xml"]?.reason ?? "", /^PROV_XML: /);
    www.put(
      "prov/009033220001-config.xml",
      configXml("<sip><proxy><domain>192.0.2.99</domain><colour>red</colour></proxy></sip>"),
    );
    await check(HTTP_NODE);
    s = await status(HTTP_NODE);
    const bad = files(s)["009033220001-config.xml"];
    assert.equal(bad?.result, "failed");
    assert.match(bad?.reason ?? "", /PROV_XML_SCHEMA.*config\/sip\/proxy\/colour/s);
    // Well-formed and of the seed, but against a rule of the setting (§4.6.23: a registration TTL of 10 s at least).
    www.put(
      "prov/009033220001-config.xml",
      configXml("<sip><proxy><domain>192.0.2.99</domain></proxy><registration_expire>5</registration_expire></sip>"),
    );
    await check(HTTP_NODE);
    s = await status(HTTP_NODE);
    assert.match(files(s)["009033220001-config.xml"]?.reason ?? "", /CONFIG_GATEKEEPER.*registrationTtlS/s);
    assert.equal(s.pendingReset, false, "nothing stored");
    assert.equal(s.gatekeeper?.proxies[0], "192.0.2.10:5070", "not even the proxy the file also names");
    const failed = (await events(HTTP_NODE)).filter((e) => e.kind === "provisioning" && e.result === "failed");
    assert.equal(failed.length, 3);
  });

  test("firmware: a .ver equal to the running version downloads no image; a new one flashes and reboots at once", async () => {
    www.put("prov/009033220001-config.xml", proxyXml("192.0.2.10", 5070));
    www.put("prov/ipbs2.bin", image("0.2.0"));
    www.put("prov/ipbs2.bin.ver", "0.1.0\n");
    await check(HTTP_NODE);
    assert.equal(files(await status(HTTP_NODE))["ipbs2.bin"]?.result, "unchanged");
    assert.equal(requests("/prov/ipbs2.bin").length, 0, "nginx served no image");
    assert.ok(requests("/prov/ipbs2.bin.ver").length >= 1);
    www.put("prov/ipbs2.bin.ver", "0.2.0\n");
    const t0 = Date.now();
    assert.equal((await check(HTTP_NODE)).status, 200);
    await upWith(
      HTTP_NODE,
      "firmware 0.2.0 and its boot check",
      (s) => s.firmware.version === "0.2.0" && s.provisioning?.lastCheck?.trigger === "boot",
    );
    console.log(
      `firmware by .ver: check, download, bank B, reboot, up on 0.2.0 with its boot check in ${Date.now() - t0} ms`,
    );
    const s = await status(HTTP_NODE);
    assert.equal(s.firmware.bank, "B");
    assert.equal(files(s)["ipbs2.bin"]?.result, "unchanged", "the boot check: the running version");
    assert.equal(requests("/prov/ipbs2.bin").length, 1, "the image once");
  });

  test("FTP (vsftpd, passive, user and password in the URL): the boot check imports the configuration", async () => {
    ftp.put("prov/009033220002-config.xml", proxyXml("192.0.2.20", 5060));
    await nodes.start(
      "prov-ftp",
      node("prov-ftp", "00:90:33:22:00:02", FTP_NODE, {
        provisioning: { method: "static", url: `ftp://ftp:s3cret@${ftp.ip}:${ftp.port}/prov` },
      }),
    );
    await upWith(FTP_NODE, "the proxy from FTP", (s) => s.gatekeeper?.proxies[0] === "192.0.2.20:5060");
    const s = await status(FTP_NODE);
    assert.equal(s.provisioning?.server, `ftp://ftp@${ftp.ip}:${ftp.port}/prov`, "the password never shown");
    assert.match(ftp.log(), /"USER ftp"/);
    assert.ok(!JSON.stringify(await events(FTP_NODE)).includes("s3cret"));
  });

  test("TFTP from a URL without a scheme (DHCP option 66's form): the boot check imports the configuration", async () => {
    const tftp = new URL(www.tftp!.replace("tftp:", "http:"));
    www.put("tftp/009033220005-config.xml", proxyXml("192.0.2.50", 5060));
    await nodes.start(
      "prov-tftp",
      node("prov-tftp", "00:90:33:22:00:05", TFTP_NODE, {
        provisioning: { method: "static", url: `${tftp.hostname}:${tftp.port}/tftp`, importConfig: true },
      }),
    );
    await upWith(TFTP_NODE, "the proxy from TFTP", (s) => s.gatekeeper?.proxies[0] === "192.0.2.50:5060");
  });

  test("SIP NOTIFY check-sync from SIPp: 200 and a check (update), 404 for another user, 403 from elsewhere, 489 when disabled", async () => {
    const users = sipUsers(2, 1000);
    await nodes.start(
      "prov-sync",
      node("prov-sync", "00:90:33:22:00:03", SYNC_NODE, {
        users,
        provisioning: { method: "static", url: `${www.http}/sync/`, checkSync: "update" },
      }),
    );
    await nodes.start(
      "prov-off",
      node("prov-off", "00:90:33:22:00:04", OFF_NODE, {
        users: sipUsers(1, 2000),
        provisioning: { method: "static", url: `${www.http}/off/`, checkSync: "disabled" },
      }),
    );
    for (const [ip, n] of [
      [SYNC_NODE, 2],
      [OFF_NODE, 1],
    ] as const)
      await upWith(ip, `${n} users registered`, (s) => s.gatekeeper?.users.registered === n);
    const configPath = "/sync/009033220003-config.xml";
    const before = requests(configPath).length;
    assert.equal(before, 1, "the boot check");
    const sent = Date.now();
    const notify = await sippNotify({
      target: { ip: SYNC_NODE, port: SIP_PORT },
      user: "1001",
      expect: 200,
      localIp: PBX,
    });
    assert.ok(notify.ok, notify.output.slice(-2000));
    await waitFor(async () => requests(configPath).length === 2, 5000, "a check after the NOTIFY");
    // nginx's $msec: when it served the check's request (SIPp's start-up included in the time).
    const servedAt = Number(requests(configPath)[1]!.split(" ")[0]) * 1000;
    console.log(`NOTIFY check-sync to the check's request at nginx: ${Math.round(servedAt - sent)} ms`);
    assert.equal((await status(SYNC_NODE)).provisioning?.lastCheck?.trigger, "check-sync");
    const stranger = await sippNotify({
      target: { ip: SYNC_NODE, port: SIP_PORT },
      user: "7777",
      expect: 404,
      localIp: PBX,
    });
    assert.ok(stranger.ok, stranger.output.slice(-2000));
    // Only the PBX may ask (a check-sync can reboot a device): from another address, 403 and no check.
    const elsewhere = await sippNotify({
      target: { ip: SYNC_NODE, port: SIP_PORT },
      user: "1001",
      expect: 403,
      localIp: SERVER,
    });
    assert.ok(elsewhere.ok, elsewhere.output.slice(-2000));
    assert.equal(requests(configPath).length, 2, "no check");
    const off = await sippNotify({ target: { ip: OFF_NODE, port: SIP_PORT }, user: "2000", expect: 489, localIp: PBX });
    assert.ok(off.ok, off.output.slice(-2000));
    assert.equal(requests("/off/009033220004-config.xml").length, 1, "only the boot check");
  });

  test("check_sync reboot: 200, the device resets and its boot checks; a NOTIFY of another event package keeps 501", async () => {
    await nodes.start(
      "prov-reboot",
      node("prov-reboot", "00:90:33:22:00:06", REBOOT_NODE, {
        users: sipUsers(1, 4000),
        provisioning: { method: "static", url: `${www.http}/reboot/`, checkSync: "reboot" },
      }),
    );
    await upWith(REBOOT_NODE, "its user registered", (s) => s.gatekeeper?.users.registered === 1);
    const configPath = "/reboot/009033220006-config.xml";
    assert.equal(requests(configPath).length, 1, "the boot check");
    const other = await sippNotify({
      target: { ip: REBOOT_NODE, port: SIP_PORT },
      user: "4000",
      event: "presence",
      expect: 501,
      localIp: PBX,
    });
    assert.ok(other.ok, other.output.slice(-2000));
    const notify = await sippNotify({
      target: { ip: REBOOT_NODE, port: SIP_PORT },
      user: "4000",
      expect: 200,
      localIp: PBX,
    });
    assert.ok(notify.ok, notify.output.slice(-2000));
    await waitFor(async () => requests(configPath).length === 2, 10_000, "the boot check after the reset");
    assert.deepEqual(
      (await resets(REBOOT_NODE)).flatMap((e) => (e.reason === undefined ? [] : [e.reason])),
      ["provisioning: NOTIFY check-sync (reboot)"],
    );
    await upWith(REBOOT_NODE, "the boot check's status", (s) => s.provisioning?.lastCheck?.trigger === "boot");
  });
});
