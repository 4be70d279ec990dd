/**
 * The second provisioning dialect's `dhcp` method (seed 002 "DHCP Server": "option 66 (TFTP server name) is used to
 * provide the provisioning server URL") on a real node started with `--dhcp` in a network namespace, dnsmasq serving
 * the lease beside it, nginx the files: the node's boot check goes to the URL of option 66.
 */
import assert from "node:assert/strict";
import { chmodSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DhcpNamespaces, dhcpNamespacesUnavailable } from "../helpers/dhcpNamespaces.js";
import { removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { waitFor } from "../helpers/nodes.js";
import { startUpdateServer } from "../helpers/updateServer.js";

const unavailable = await dhcpNamespacesUnavailable();
/** nginx beside the node in the client's namespace (the node keeps its loopback address). */
const WWW_IP = "127.0.9.1";
const NODE = "127.0.10.1";

interface Provisioning {
  status: { server?: string; lastCheck?: { trigger: string; files: { file: string; result: string }[] } } | null;
}

describe("provisioning from the server DHCP option 66 names (seed 002 DHCP Server)", { skip: unavailable }, () => {
  let net: DhcpNamespaces;
  const dir = tempDir("ipdect-prov-dhcp-");
  before(async () => {
    net = await DhcpNamespaces.create();
  });
  after(async () => {
    await net?.close();
    removeTempDir(dir);
  });

  test("method dhcp: the boot check fetches <mac>-config.xml from option 66's URL and the configuration is in force", async () => {
    chmodSync(dir, 0o777);
    const log = join(dir, "access.log");
    await using www = await startUpdateServer({ ip: WWW_IP, netns: net.client, accessLog: log });
    www.put(
      "dhcp/009033211101-config.xml",
      `<?xml version="1.0"?>\n<config><snmp><syscontact>noc@dhcp.example</syscontact></snmp></config>\n`,
    );
    await net.serve([`--dhcp-option=66,${www.http}/dhcp/`]);
    const device = {
      name: "prov-dhcp",
      kind: "IPBS",
      mac: "00:90:33:21:11:01",
      ip: NODE,
      provisioning: { method: "dhcp" },
    };
    await net.startNode(`devices:\n  - ${JSON.stringify(device)}\n`, ["--http-port", "8080", "--https-port", "0"]);
    const ctl = async (...args: string[]) => {
      const r = await net.ipdect(["ctl", ...args, "--node", `${NODE}:8080`, "--json"]);
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as unknown;
    };
    // The boot check imports the file and resets; the next boot's check finds the same file.
    await waitFor(
      async () => {
        const p = (await ctl("provisioning").catch(() => undefined)) as Provisioning | undefined;
        const config = p?.status?.lastCheck?.files.find((f) => f.file === "009033211101-config.xml");
        return config?.result === "unchanged";
      },
      20_000,
      "the configuration imported and the boot after it",
    );
    const p = (await ctl("provisioning")) as Provisioning;
    assert.equal(p.status?.server, `${www.http}/dhcp/`);
    const snmp = (await ctl("snmp")) as { running: { contact?: string } | null };
    assert.equal(snmp.running?.contact, "noc@dhcp.example");
    assert.match(readFileSync(log, "utf8"), / 127\.0\.10\.1 200 [0-9.]+ \/dhcp\/009033211101-config\.xml\n/);
    await net.stopNode();
  });
});
