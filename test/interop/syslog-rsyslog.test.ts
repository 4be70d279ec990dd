/**
 * Logging (§4.9.2) from real `ipdect node` processes to Debian's rsyslogd and to a web server: a Standby whose Master
 * is unreachable raises 0x00030201 "Standby master active", and rsyslog receives it over SYSLOG (UDP, RFC 5426), TCP
 * (octet counting, RFC 6587) and SYSLOG-TLS (RFC 5425), parsed as RFC 5424 (host, app, msgid, structured data). An
 * rsyslog certificate the device does not trust is refused and lands on the rejected list (§4.1.10.2); the HTTP type
 * makes the GET of the manual's example (`?event=syslog&msg=…`).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { X509Certificate } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, NodeProcesses, waitFor } from "../helpers/nodes.js";
import { selfSignedFor } from "../helpers/opensslCerts.js";
import { startRsyslog, type ParsedEntry, type Rsyslog } from "../helpers/rsyslog.js";

const STANDBY_ACTIVE = "0x00030201";

describe("real nodes log to rsyslog (UDP, TCP, TLS) and to a web server (§4.9.2)", () => {
  const ip = loopbackBlock();
  const nodes = new NodeProcesses();
  const dir = tempDir("ipdect-syslog-");
  const server = selfSignedFor(dir, "rsyslog", ip(100));
  let rsyslog: Rsyslog;
  const webCert = selfSignedFor(dir, "web", ip(101));
  let web: Server;
  let secureWeb: Server;
  const requests: string[] = [];
  const webPort = 18080;
  const secureWebPort = 18443;

  /** A lone Standby (its primary is an address nobody answers on): active after 1.5 s, with 0x00030201. */
  const standby = (name: string, host: number, logging: object, trust: readonly string[] = []) =>
    JSON.stringify({
      name,
      kind: "IPVM",
      mac: `00:90:33:17:00:${String(host).padStart(2, "0")}`,
      ip: ip(host),
      master: { mode: "standby", id: 1, primary: ip(99), masterLostMs: 1500 },
      logging,
      ...(trust.length > 0 ? { certificates: { trust } } : {}),
    }) + "\n";

  before(async () => {
    rsyslog = await startRsyslog(dir, ip(100), server);
    const keep = (req: IncomingMessage, res: ServerResponse) => {
      requests.push(req.url ?? "");
      res.end("ok");
    };
    web = createServer(keep);
    secureWeb = createHttpsServer({ cert: webCert.certPem, key: readFileSync(webCert.keyFile) }, keep);
    await new Promise<void>((r) => web.listen(webPort, ip(101), r));
    await new Promise<void>((r) => secureWeb.listen(secureWebPort, ip(101), r));
    const at = { address: ip(100) };
    await Promise.all([
      nodes.start("udp", standby("sb-udp", 1, { ...at, type: "syslog", port: rsyslog.udpPort, class: "local3" })),
      nodes.start("tcp", standby("sb-tcp", 2, { ...at, type: "tcp", port: rsyslog.tcpPort })),
      nodes.start("tls", standby("sb-tls", 3, { ...at, type: "syslog-tls", port: rsyslog.tlsPort }, [server.certPem])),
      nodes.start("untrusted", standby("sb-untrusted", 4, { ...at, type: "syslog-tls", port: rsyslog.tlsPort })),
      nodes.start(
        "http",
        standby("sb-http", 5, { type: "http", address: ip(101), port: webPort, path: "/cdr/cdrwrite.asp" }),
      ),
      nodes.start(
        "https",
        standby("sb-https", 6, { type: "https", address: ip(101), port: secureWebPort, path: "/log" }, [
          webCert.certPem,
        ]),
      ),
    ]);
  });
  after(async () => {
    await nodes.close();
    await rsyslog.close();
    await new Promise<void>((r) => web.close(() => r()));
    await new Promise<void>((r) => secureWeb.close(() => r()));
    removeTempDir(dir);
  });

  const alarmFrom = async (host: string, input: string): Promise<ParsedEntry> => {
    const find = () =>
      rsyslog
        .entries()
        .find(
          (e) =>
            e.hostname === host &&
            e.input === input &&
            e.msgId === "ALARM" &&
            e.structuredData.includes(STANDBY_ACTIVE),
        );
    await waitFor(async () => find() !== undefined, 30_000, `${host}'s alarm over ${input}`);
    return find()!;
  };

  for (const [host, input] of [
    ["sb-udp", "udp"],
    ["sb-tcp", "tcp"],
    ["sb-tls", "tls"],
  ] as const)
    test(`${input}: rsyslog parses the alarm as RFC 5424: HOSTNAME, APP-NAME ipdect, MSGID ALARM, our SD-ID`, async () => {
      const e = await alarmFrom(host, input);
      assert.equal(e.appName, "ipdect");
      assert.match(e.procId, /^\d+$/);
      assert.equal(e.structuredData, `[ipdect@99999 code="${STANDBY_ACTIVE}" severity="major"]`);
      assert.equal(e.msg, "Standby master active");
    });

  test("the Class is the facility: local3 (19) × 8 + crit (2, RFC 5674 for a major alarm) is PRI 154", async () => {
    assert.equal((await alarmFrom("sb-udp", "udp")).pri, "154");
    assert.equal((await alarmFrom("sb-tcp", "tcp")).pri, "130", "local0 when no Class is set");
  });

  test("an rsyslog certificate the device does not trust is refused: rejected list, nothing delivered", async () => {
    const fingerprint = new X509Certificate(server.certPem).fingerprint256;
    const device = ip(4);
    await waitFor(
      async () =>
        ((await api(device, "GET", "/api/certs/rejected")).json as { fingerprint: string }[]).some(
          (r) => r.fingerprint === fingerprint,
        ),
      30_000,
      "rsyslog's chain rejected",
    );
    await alarmFrom("sb-tls", "tls");
    assert.ok(!rsyslog.entries().some((e) => e.hostname === "sb-untrusted"), "nothing reached rsyslog");
  });

  test('HTTP: "GET /cdr/cdrwrite.asp?event=syslog&msg=<the entry URL-encoded>" (§4.9.2 example)', async () => {
    const alarm = () => requests.find((r) => r.startsWith("/cdr/") && decodeURIComponent(r).includes(" ALARM "));
    await waitFor(async () => alarm() !== undefined, 30_000, "the alarm's GET");
    const url = new URL(alarm()!, "http://x");
    assert.equal(url.pathname, "/cdr/cdrwrite.asp");
    assert.deepEqual([...url.searchParams.keys()], ["event", "msg"]);
    assert.equal(url.searchParams.get("event"), "syslog");
    assert.match(
      url.searchParams.get("msg") ?? "",
      /^<130>1 \S+ sb-http ipdect \d+ ALARM \[ipdect@99999 code="0x00030201" severity="major"\] Standby master active$/u,
    );
  });

  test("HTTPS: the same GET over TLS to a web server on the trust list", async () => {
    const alarm = () => requests.find((r) => r.startsWith("/log?") && decodeURIComponent(r).includes(" sb-https "));
    await waitFor(async () => alarm() !== undefined, 30_000, "a GET over HTTPS");
    assert.equal(new URL(alarm()!, "http://x").searchParams.get("event"), "syslog");
  });
});
