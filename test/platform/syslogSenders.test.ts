/**
 * The TCP sender (platform/node/syslog): octet-counted frames (RFC 6587 §3.4.1) in order, entries kept while the
 * server is away and sent once it listens (reconnect with backoff), and a bounded queue that drops the oldest.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { test } from "node:test";
import { makeLogger } from "../../src/core/Logger.js";
import { MAX_QUEUED, RECONNECT_MIN_MS } from "../../src/logging/delivery.js";
import { tcpConnector } from "../../src/platform/node/syslog/connectors.js";
import { StreamSender } from "../../src/platform/node/syslog/senders.js";
import { freePort } from "../helpers/foregroundProcess.js";
import { waitFor } from "../helpers/nodes.js";

const IP = "127.0.0.1";
const bytes = (s: string) => new TextEncoder().encode(s);

/** A TCP server that keeps every byte it receives, as text. */
async function receiver(port: number): Promise<{ server: Server; text: () => string }> {
  let text = "";
  const server = createServer((s) => s.on("data", (b) => (text += b.toString())));
  await new Promise<void>((r) => server.listen(port, IP, r));
  return { server, text: () => text };
}

test("entries sent while nothing listens wait in the queue; after the backoff they arrive octet-counted, in order", async () => {
  const port = await freePort(IP);
  const warnings: string[] = [];
  const log = makeLogger((_level, msg, fields) => warnings.push(`${msg} ${JSON.stringify(fields)}`), "warn");
  const sender = new StreamSender(tcpConnector(IP, { ip: IP, port }), log);
  try {
    sender.send(bytes("<14>1 - - - - - - one"));
    sender.send(bytes("<14>1 - - - - - - two"));
    await waitFor(async () => warnings.length > 0, 5000, "the first failure");
    assert.match(warnings[0]!, new RegExp(`"retryMs":${RECONNECT_MIN_MS}`));
    const r = await receiver(port);
    try {
      await waitFor(async () => r.text().includes("two"), 10_000, "the queued entries");
      assert.equal(r.text(), "21 <14>1 - - - - - - one21 <14>1 - - - - - - two");
    } finally {
      r.server.close();
    }
  } finally {
    sender.close();
  }
});

test(`a dead server never grows memory: beyond ${MAX_QUEUED} queued entries the oldest are dropped and counted`, async () => {
  const port = await freePort(IP);
  const sender = new StreamSender(
    tcpConnector(IP, { ip: IP, port }),
    makeLogger(() => undefined, "error"),
  );
  try {
    for (let i = 0; i < MAX_QUEUED + 10; i++) sender.send(bytes(`m${i}`));
    assert.equal(sender.dropped, 10);
  } finally {
    sender.close();
  }
});
