/**
 * An SNMPv3 user with DES privacy (§4.9.5 "Encryption: DES") on a real node: DES-CBC is only in OpenSSL 3's legacy
 * provider, which Node 20 loads with `--openssl-legacy-provider` (docs/user-guide.md "SNMP"). With it, Net-SNMP's
 * snmpget reads over MD5/DES; without it, the node logs the documented error at start and each DES request counts as
 * a decryption error (usmStatsDecryptionErrors), unanswered.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { freeUdpPort } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { NodeProcesses } from "../helpers/nodes.js";
import { nodeYaml, tool } from "../helpers/snmp.js";

const SYS_NAME = ".1.3.6.1.2.1.1.5.0";
const USM_DECRYPTION_ERRORS = ".1.3.6.1.6.3.15.1.1.6.0";
const DES_USER =
  "  v3: { user: old, authProtocol: MD5, authPassword: auth-secret-5, privProtocol: DES, privPassword: priv-secret-5 }";
const NEEDS_LEGACY = "SNMPv3 DES needs Node's legacy OpenSSL provider: start node with --openssl-legacy-provider";

describe("real node: SNMPv3 DES needs Node's legacy OpenSSL provider", () => {
  const ip = loopbackBlock();
  const [LEGACY, PLAIN, MANAGER] = [ip(1), ip(2), ip(4)];
  const legacy = new NodeProcesses(["--openssl-legacy-provider"]);
  const plain = new NodeProcesses();
  const ports = { legacy: 0, plain: 0 };
  const des = (to: string) =>
    tool("snmpget", [
      ...["-v3", "-l", "authPriv", "-u", "old", "-a", "MD5", "-A", "auth-secret-5", "-x", "DES", "-X", "priv-secret-5"],
      ...[`--clientaddr=${MANAGER}`, "-t", "1", "-r", "0", to, SYS_NAME],
    ]);
  const yaml = (name: string, at: string, mac: string, port: number) =>
    nodeYaml(name, at, mac, ["  enabled: true", `  port: ${port}`, "  community: monitor-ro", DES_USER, ""].join("\n"));

  before(async () => {
    [ports.legacy, ports.plain] = [await freeUdpPort(LEGACY), await freeUdpPort(PLAIN)];
    await legacy.start("des", yaml("snmp-des", LEGACY, "00:90:33:20:00:51", ports.legacy));
    await plain.start("des", yaml("snmp-plain", PLAIN, "00:90:33:20:00:52", ports.plain));
  });
  after(async () => {
    await legacy.close();
    await plain.close();
  });

  test("with --openssl-legacy-provider: snmpget over MD5/DES reads sysName", async () => {
    const r = await des(`${LEGACY}:${ports.legacy}`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /= STRING: "snmp-des"$/m);
    assert.doesNotMatch(legacy.output.get("des") ?? "", /legacy OpenSSL provider/);
  });

  test("without it: the error at start, and a DES request is unanswered and counted as a decryption error", async () => {
    assert.ok((plain.output.get("des") ?? "").includes(NEEDS_LEGACY));
    const r = await des(`${PLAIN}:${ports.plain}`);
    assert.match(r.stderr, /Timeout/);
    const count = await tool("snmpget", [
      ...["-v2c", "-c", "monitor-ro", `--clientaddr=${MANAGER}`, "-Oqv", `${PLAIN}:${ports.plain}`],
      USM_DECRYPTION_ERRORS,
    ]);
    assert.equal(count.stdout.trim(), "1", count.stderr);
  });
});
