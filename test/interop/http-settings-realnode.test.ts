/**
 * Services → HTTP (§4.9.3) on a real `ipdect node`, from curl: "Allowed stations" drops a client outside them before
 * any answer, a change through `PUT /api/http` is in force after the reset (No Cache too), and it is on flash after a
 * kill -9.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { loopbackBlock } from "../helpers/loopback.js";
import { curl, HTTP_PORT, NodeProcesses, waitFor } from "../helpers/nodes.js";

const ADMIN = "admin:changeme";

describe("real node: Services → HTTP, allowed stations and No Cache (§4.9.3)", () => {
  const ips = loopbackBlock();
  const node = ips(1);
  const station = ips(2);
  const stranger = ips(3);
  const nodes = new NodeProcesses();
  const yaml =
    "devices:\n  - " +
    JSON.stringify({
      name: "web",
      kind: "IPVM",
      mac: "00:90:33:18:00:01",
      ip: node,
      master: { mode: "active" },
      http: { port: HTTP_PORT, httpsPort: 0, allowedStations: [{ network: `${station}/255.255.255.255` }] },
    }) +
    "\n";
  /** curl from `from`: its exit code, the answer's status line and headers (`-i`) and body. */
  const from = (source: string, ...args: string[]) =>
    curl(
      "-s",
      "-i",
      "--interface",
      source,
      "-u",
      ADMIN,
      ...args.slice(0, -1),
      `http://${node}:${HTTP_PORT}${args.at(-1)}`,
    );

  let pid = 0;
  before(async () => {
    pid = (await nodes.start("web", yaml)).pid!;
  });
  after(() => nodes.close());

  test("a client outside the allowed stations gets no answer at all; one inside gets its answer", async () => {
    const inside = await from(station, "/api/status");
    assert.equal(inside.code, 0, inside.stderr);
    assert.match(inside.stdout, /^HTTP\/1\.1 200/);
    assert.doesNotMatch(inside.stdout, /cache-control: no-store/i, "No Cache is off by default");
    const outside = await from(stranger, "/api/status");
    // 52: empty reply, 56: connection reset: either way not a byte of HTTP.
    assert.ok([52, 56].includes(outside.code), `curl exit ${outside.code}: ${outside.stdout}`);
    assert.equal(outside.stdout, "");
  });

  test("100 bodies of 1 MiB without a login: each answered 401 unread, the node's memory does not grow with them", async () => {
    const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;
    const post = () =>
      new Promise<number>((resolve) => {
        const req = request(
          { host: node, port: HTTP_PORT, localAddress: station, method: "POST", path: "/api/users/import" },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        // The node closes the connection once it has answered: the rest of the body has nowhere to go.
        req.on("error", () => resolve(-1));
        req.end(Buffer.alloc(1 << 20, 0x41));
      });
    const before = rss();
    const statuses = [];
    for (let i = 0; i < 100; i++) statuses.push(await post());
    const grown = rss() - before;
    console.log(`RSS before ${(before / 2 ** 20).toFixed(1)} MiB, grown by ${(grown / 2 ** 20).toFixed(1)} MiB`);
    assert.ok(
      statuses.every((s) => s === 401 || s === -1),
      statuses.join(" "),
    );
    assert.ok(statuses.filter((s) => s === 401).length >= 90, "answered, not just dropped");
    assert.ok(grown < 20 * 2 ** 20, `the node grew by ${grown} bytes for 100 MiB it never read`);
  });

  test("PUT /api/http, reset: the new stations and No Cache are in force, and survive a kill -9", async () => {
    const settings = {
      port: HTTP_PORT,
      httpsPort: 0,
      noCache: true,
      allowedStations: [{ network: `${station}/32` }, { network: `${stranger}/255.255.255.255` }],
    };
    const put = await from(station, "-X", "PUT", "--data-binary", JSON.stringify(settings), "/api/http");
    assert.match(put.stdout, /^HTTP\/1\.1 202/, put.stdout);
    const bad = await from(
      station,
      "-X",
      "PUT",
      "--data-binary",
      '{"allowedStations":[{"network":"10/8"}]}',
      "/api/http",
    );
    assert.match(bad.stdout, /^HTTP\/1\.1 400/);
    assert.match(bad.stdout, /AUTH_HTTP_STATION/);
    assert.match(bad.stdout, /allowedStations\[0\]\.network/);
    assert.match((await from(station, "-X", "POST", "/api/reset?mode=immediate")).stdout, /^HTTP\/1\.1 200/);
    const ready = async () => (await from(stranger, "/api/status")).stdout.startsWith("HTTP/1.1 200");
    await waitFor(ready, 20_000, "the stranger is an allowed station after the reset");
    assert.match((await from(stranger, "/api/status")).stdout, /cache-control: no-store/i);

    await nodes.kill("web");
    await nodes.start("web");
    await waitFor(ready, 20_000, "the node is back with the stations from flash");
    const shown = await from(stranger, "/api/http");
    const body = JSON.parse(shown.stdout.slice(shown.stdout.indexOf("\r\n\r\n") + 4)) as {
      running: { noCache: boolean; allowedStations: { network: string }[] };
    };
    assert.equal(body.running.noCache, true);
    assert.deepEqual(body.running.allowedStations, settings.allowedStations);
  });
});
