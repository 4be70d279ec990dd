import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DhcpLease } from "../../src/platform/node/dhcpClient.js";
import { commandFileName } from "../../src/update/product.js";
import { updateFromDhcp, type DhcpUpdateOptions } from "../../src/update/dhcpUpdate.js";
import { CLIENT_IF, DhcpNamespaces, dhcpNamespacesUnavailable, SERVER_IP } from "../helpers/dhcpNamespaces.js";
import { removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { startUpdateServer } from "../helpers/updateServer.js";

const unavailable = await dhcpNamespacesUnavailable();

/** The answer of a device's network in App. I's example: the update server at 192.168.0.10 → here SERVER_IP. */
const UPDATE_URL = `http://${SERVER_IP}/update/`;
const PROVISIONING = `tftp://${SERVER_IP}/provisioning`;
/** nginx beside the node in the client's namespace: the node keeps its loopback address, so its server is there too. */
const WWW_IP = "127.0.9.1";

/** What the test reads of a node's status (GET /api/status). */
interface NodeStatus {
  dhcp?: { interface: string; serverId: string; options: DhcpLease["options"] };
  update?: { url: string; pollMinutes: number };
}

describe(
  "dhcp-probe against dnsmasq serving DHCP in a network namespace (App. I, RFC 2131)",
  { skip: unavailable },
  () => {
    let net: DhcpNamespaces;
    const dir = tempDir("ipdect-dhcp-test-");
    before(async () => {
      net = await DhcpNamespaces.create();
    });
    after(async () => {
      await net?.close();
      removeTempDir(dir);
    });

    const probe = async (args: readonly string[]) => {
      const r = await net.probe(args);
      return { ...r, what: `${r.stderr}\n--- dnsmasq ---\n${net.serverLog()}` };
    };

    test("a lease with 1, 3, 6, 42, 66, 67 and App. I.3's 215 Update URL and 216 Update Poll Interval (a Word)", async () => {
      await net.serve([
        `--dhcp-option=3,${SERVER_IP}`,
        `--dhcp-option=6,${SERVER_IP}`,
        `--dhcp-option=42,${SERVER_IP}`,
        `--dhcp-option=66,${PROVISIONING}`,
        "--dhcp-option=67,ipdect.cfg",
        `--dhcp-option=215,${UPDATE_URL}`,
        // Word (16bit), App. I.3: two octets; dnsmasq sends a bare 30 in one.
        "--dhcp-option=216,00:1e",
        `--dhcp-option=206,00:2a`,
        `--dhcp-option=207,5`,
      ]);
      const r = await probe([CLIENT_IF, "--json"]);
      assert.equal(r.status, 0, r.what);
      const lease = JSON.parse(r.stdout) as DhcpLease & { update: DhcpUpdateOptions };
      assert.match(lease.address, /^10\.213\.0\.(5\d|[6-9]\d)$/);
      assert.equal(lease.serverId, SERVER_IP);
      assert.equal(lease.subnetMask, "255.255.255.0");
      assert.deepEqual(lease.routers, [SERVER_IP]);
      assert.deepEqual(lease.dnsServers, [SERVER_IP]);
      assert.deepEqual(lease.options.ntpServers, [SERVER_IP]);
      assert.equal(lease.leaseSeconds, 3600);
      assert.deepEqual(lease.options.vendor, {
        updateUrl: UPDATE_URL,
        updatePollMinutes: 30,
        vlanId: 42,
        vlanPriority: 5,
      });
      assert.deepEqual(lease.update, {
        url: UPDATE_URL,
        pollMinutes: 30,
        tftpServer: PROVISIONING,
        bootfile: "ipdect.cfg",
      });
      // The whole exchange happened on the wire, and the client asked for the App. I.3 options (option 55).
      const log = net.serverLog();
      for (const step of ["DHCPDISCOVER", "DHCPOFFER", "DHCPREQUEST", "DHCPACK"])
        assert.match(log, new RegExp(`${step}\\(dhcps0\\) .*${lease.mac}`), step);
      assert.match(log, /requested options: .*215, 216/);
      // App. I.4: without /no-dhcp the DHCP URL and interval are in force; with it, the configuration's.
      const config = { url: "http://10.0.0.9/cfg/", pollMinutes: 15, noDhcp: false };
      assert.deepEqual(updateFromDhcp(config, lease.update), { url: UPDATE_URL, pollMinutes: 30, noDhcp: false });
      assert.deepEqual(updateFromDhcp({ ...config, noDhcp: true }, lease.update), { ...config, noDhcp: true });
    });

    test("the people's form of the same lease names the options by App. I.3's names", async () => {
      const r = await probe([CLIENT_IF]);
      assert.equal(r.status, 0, r.what);
      assert.match(r.stdout, new RegExp(`TFTP server name \\(66\\) +${PROVISIONING}`));
      assert.match(r.stdout, new RegExp(`Update URL \\(215\\) +${UPDATE_URL}`));
      assert.match(r.stdout, /Update Poll Interval \(216\) +30 min/);
    });

    test("215 and 216 encapsulated in option 43 (RFC 2132 §8.4) are read as well", async () => {
      await net.serve([`--dhcp-option=encap:43,215,${UPDATE_URL}x`, "--dhcp-option=encap:43,216,00:3c"]);
      const r = await probe([CLIENT_IF, "--json"]);
      assert.equal(r.status, 0, r.what);
      const lease = JSON.parse(r.stdout) as DhcpLease & { update: DhcpUpdateOptions };
      assert.deepEqual(lease.update, { url: `${UPDATE_URL}x`, pollMinutes: 60 });
    });

    test("a node started with --dhcp polls the update server DHCP names (215, 216) and shows the answer, 66 too; /no-dhcp keeps the configuration's (App. I.4)", async () => {
      // nginx runs as nobody: its access log's folder is open to it.
      chmodSync(dir, 0o777);
      const log = join(dir, "access.log");
      await using www = await startUpdateServer({ ip: WWW_IP, netns: net.client, accessLog: log });
      www.put(`up/${commandFileName("IPBS2")}`, "mod cmd UP1 check ser dhcp-1\n");
      const url = `${www.http}/up/`;
      await net.serve([`--dhcp-option=66,${PROVISIONING}`, `--dhcp-option=215,${url}`, "--dhcp-option=216,00:1e"]);
      const own = "http://127.0.9.2/own/";
      const device = (name: string, n: number, update?: object) =>
        `  - ${JSON.stringify({ name, kind: "IPBS", mac: `00:90:33:21:10:0${n}`, ip: `127.0.10.${n}`, update })}`;
      await net.startNode(
        [
          "devices:",
          device("from-dhcp", 1),
          device("no-dhcp", 2, { url: own, pollMinutes: 15, noDhcp: true }),
          device("configured", 3, { url: own, pollMinutes: 15 }),
        ].join("\n") + "\n",
        ["--http-port", "8080", "--https-port", "0"],
      );
      const ctl = (n: number, ...args: string[]) => net.ipdect(["ctl", ...args, "--node", `127.0.10.${n}:8080`]);
      const status = async (n: number) => {
        const r = await ctl(n, "status", "--json");
        assert.equal(r.status, 0, r.stderr);
        return JSON.parse(r.stdout) as NodeStatus;
      };
      const a = await status(1);
      assert.equal(a.dhcp?.interface, CLIENT_IF);
      assert.equal(a.dhcp?.serverId, SERVER_IP);
      assert.equal(a.dhcp?.options.tftpServer, PROVISIONING, "option 66 is in the status for a later dialect");
      assert.deepEqual(a.dhcp?.options.vendor, { updateUrl: url, updatePollMinutes: 30 });
      assert.deepEqual([a.update?.url, a.update?.pollMinutes], [url, 30], "no URL configured: DHCP's");
      const b = await status(2);
      assert.deepEqual([b.update?.url, b.update?.pollMinutes], [own, 15], "/no-dhcp: the configuration's");
      assert.equal(b.dhcp?.serverId, SERVER_IP, "the answer is shown all the same");
      const c = await status(3);
      assert.deepEqual([c.update?.url, c.update?.pollMinutes], [url, 30], "without /no-dhcp DHCP wins (App. I.4)");
      assert.match(
        (await ctl(1, "status")).stdout,
        new RegExp(`DHCP +from ${SERVER_IP} on ${CLIENT_IF}, .*215 ${url}`),
      );

      // The poll goes to the server DHCP named, over the namespace's loopback, and its command file runs.
      const polled = await ctl(1, "update-poll");
      assert.equal(polled.status, 0, polled.stderr);
      assert.equal(polled.stdout, "polled: check dhcp-1\n");
      assert.match(readFileSync(log, "utf8"), new RegExp(` 127\\.0\\.10\\.1 200 [0-9.]+ /up/update-IPBS2\\.htm\n`));
      await net.stopNode();
    });

    test("216 in one octet is not a Word (16bit): exit 2, the option and its offset", async () => {
      await net.serve([`--dhcp-option=215,${UPDATE_URL}`, "--dhcp-option=216,30"]);
      const r = await probe([CLIENT_IF]);
      assert.equal(r.status, 2, r.what);
      assert.match(
        r.stderr,
        /^error: DHCP answer: option 216 \(Update Poll Interval\): offset \d+: a Word \(16bit\) takes 2 octets, not 1\n$/,
      );
    });

    test("no DHCP server: exit 2 after the RFC 2131 §4.1 retransmissions, saying so", async () => {
      await net.stopServer();
      const r = await probe([CLIENT_IF, "--timeout", "1s"]);
      assert.equal(r.status, 2, r.what);
      assert.match(
        r.stderr,
        new RegExp(`^error: ${CLIENT_IF}: no DHCP server answered: 1 DHCPDISCOVER sent, no DHCPOFFER in 1\\.0 s\n$`),
      );
    });

    test("an interface the broadcast does not leave by, or without an Ethernet address, is refused before sending", async () => {
      await net.addClientLink("other0");
      const other = await probe(["other0"]);
      assert.equal(other.status, 2);
      assert.match(other.stderr, /^error: other0: the broadcast 255\.255\.255\.255 leaves by dhcpc0, not other0/);
      const lo = await probe(["lo"]);
      assert.equal(lo.status, 2);
      assert.match(lo.stderr, /^error: lo: has no Ethernet address/);
      // A node is refused so too, before any device starts: the interface is its own setup, not the network's.
      const config = join(dir, "refused.yaml");
      writeFileSync(config, '{ name: refused, kind: IPBS, mac: "00:90:33:21:10:09", ip: 127.0.10.9 }\n');
      const node = await net.ipdect([
        "node",
        "--config",
        config,
        "--data-dir",
        join(dir, "refused"),
        "--dhcp",
        "other0",
      ]);
      assert.equal(node.status, 2, node.stderr);
      assert.match(node.stderr, /^error: other0: the broadcast 255\.255\.255\.255 leaves by dhcpc0, not other0/);
      assert.doesNotMatch(node.stderr, /^\s+at /m, "no stack trace");
    });
  },
);
