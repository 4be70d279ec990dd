/**
 * The LDAP server's TCP side: garbage, malformed BER, oversized messages and connection floods end a connection at
 * most, never the process; the server answers a real client (ldapsearch) afterwards. Connection limits per address
 * and idle unauthenticated connections (src/ldap/limits.ts), with the service's clock virtual.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { connect, type Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { SeededRng } from "../../src/core/Rng.js";
import { LdapFramer } from "../../src/ldap/framer.js";
import type { LdapListener } from "../../src/ldap/listener.js";
import {
  LDAP_MAX_CONNECTIONS,
  LDAP_MAX_CONNECTIONS_PER_ADDRESS,
  LDAP_MAX_REQUEST_BYTES,
  LDAP_UNAUTHENTICATED_IDLE_MS,
} from "../../src/ldap/limits.js";
import { silentLogger } from "../../src/core/Logger.js";
import { listenLdap } from "../../src/platform/node/LdapServer.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { VirtualClock } from "../../sim/VirtualClock.js";
import { directory, service, users } from "../ldap/helpers.js";
import { readResponse, type Response } from "../ldap/responses.js";
import { loopbackBlock } from "../helpers/loopback.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- ldapjs's request classes, used untyped to build test bytes */
const ldapjs: any = createRequire(import.meta.url)("ldapjs");
const bytes = (m: any): Buffer => Buffer.from(m.toBer().buffer);
const run = promisify(execFile);

const BLOCK = loopbackBlock();
const IP = BLOCK(1);
const PORT = 3389;

/** A raw client: sends bytes, collects whole responses, knows when the server closed. */
class RawClient {
  readonly socket: Socket;
  readonly responses: Response[] = [];
  readonly closed: Promise<void>;
  isClosed = false;
  readonly #framer = new LdapFramer();

  /** A connection from `from` (a loopback address), or from the kernel's choice (127.0.0.1). */
  constructor(from?: string) {
    this.socket = connect({ host: IP, port: PORT, ...(from === undefined ? {} : { localAddress: from }) });
    this.socket.on("data", (c: Buffer) => this.responses.push(...this.#framer.push(c).map(readResponse)));
    this.socket.on("error", () => undefined);
    this.closed = new Promise((r) =>
      this.socket.once("close", () => {
        this.isClosed = true;
        r();
      }),
    );
  }

  send(b: Uint8Array): void {
    this.socket.write(b);
  }

  /** Waits until a response with this messageID and a result code has come. */
  async result(messageId: number): Promise<Response> {
    for (let i = 0; i < 200; i++) {
      const r = this.responses.find((x) => x.messageId === messageId && x.code !== undefined);
      if (r !== undefined) return r;
      await new Promise((res) => setTimeout(res, 10));
    }
    throw new Error(`no result for message ${messageId}`);
  }
}

const bind = (id: number) =>
  bytes(new ldapjs.BindRequest({ messageId: id, name: "cn=ldap-user", credentials: "ldap-secret" }));
const searchAll = (id: number) =>
  bytes(
    new ldapjs.SearchRequest({
      messageId: id,
      baseObject: "cn=PBX0",
      scope: "sub",
      filter: ldapjs.parseFilter("(objectClass=*)"),
    }),
  );

async function ldapsearchCount(): Promise<number> {
  const args = [
    "-x",
    "-H",
    `ldap://${IP}:${PORT}`,
    "-D",
    "cn=ldap-user",
    "-w",
    "ldap-secret",
    "-b",
    "cn=PBX0",
    "-LLL",
    "(e164=*)",
    "dn",
  ];
  const { stdout } = await run("ldapsearch", args);
  return stdout.split("\n").filter((l) => l.startsWith("dn: ")).length;
}

describe("LDAP server over TCP (§4.5.1)", () => {
  let listener: LdapListener;
  let svc: ReturnType<typeof service>;
  /** The device's clock as the service sees it: the idle watches move only when a test says so. */
  const clock = new VirtualClock();
  before(async () => {
    svc = service(await directory(users(20)), {}, undefined, clock);
    listener = await listenLdap(IP, PORT, svc, silentLogger);
  });
  after(async () => {
    await listener.close();
    svc.close();
  });

  test("ldapsearch reads the directory", async () => {
    assert.equal(await ldapsearchCount(), 20);
  });

  test("pipelined requests are answered in order; unbind closes the connection", async () => {
    const c = new RawClient();
    c.send(Buffer.concat([bind(1), searchAll(2), searchAll(3), bytes(new ldapjs.UnbindRequest({ messageId: 4 }))]));
    await c.closed;
    const order = c.responses.map((r) => [r.messageId, r.op]);
    assert.deepEqual(order[0], [1, 0x61]);
    assert.equal(order.filter(([id, op]) => id === 2 && op === 0x64).length, 22);
    const done2 = order.findIndex(([id, op]) => id === 2 && op === 0x65);
    const first3 = order.findIndex(([id]) => id === 3);
    assert.ok(done2 >= 0 && done2 < first3, "search 2 finishes before search 3 starts");
  });

  test(`a message over ${LDAP_MAX_REQUEST_BYTES} bytes is refused at its header: notice, close; the server goes on`, async () => {
    const c = new RawClient();
    const header = Buffer.from([0x30, 0x84, 0, 0, 0, 0]);
    header.writeUInt32BE(LDAP_MAX_REQUEST_BYTES, 2);
    c.send(header);
    await c.closed;
    assert.deepEqual(
      c.responses.map((r) => [r.messageId, r.code, r.name]),
      [[0, 2, "1.3.6.1.4.1.1466.20036"]],
    );
    assert.match(c.responses[0]!.message!, /over 262144/);
    assert.equal(await ldapsearchCount(), 20);
  });

  test("a request ldapjs cannot decode is answered in kind with protocolError; the connection goes on", async () => {
    const c = new RawClient();
    // A searchRequest whose contents are cut short, then a proper bind.
    c.send(Buffer.concat([Buffer.from([0x30, 0x05, 0x02, 0x01, 0x07, 0x63, 0x00]), bind(8)]));
    assert.equal((await c.result(7)).code, 2);
    assert.equal((await c.result(8)).code, 0);
    c.socket.destroy();
  });

  test(
    "fuzz: 400 connections of random bytes, mutated requests and lying lengths; then ldapsearch still works",
    { timeout: 60_000 },
    async () => {
      const rng = new SeededRng("ldap-fuzz");
      const samples = [
        bind(1),
        searchAll(2),
        bytes(
          new ldapjs.AddRequest({
            messageId: 3,
            entry: "cn=Fz,cn=PBX0",
            attributes: [new ldapjs.Attribute({ type: "e164", values: ["9"] })],
          }),
        ),
      ];
      const random = (n: number) => Buffer.from(Array.from({ length: n }, () => rng.int(256)));
      const kinds = [
        () => random(1 + rng.int(2000)),
        () => {
          const b = Buffer.from(samples[rng.int(samples.length)]!);
          for (let i = 0; i < 1 + rng.int(4); i++) b[rng.int(b.length)] = rng.int(256);
          return b;
        },
        () =>
          Buffer.concat([
            bind(1),
            Buffer.from([0x30, 0x84, rng.int(256), rng.int(256), rng.int(256), rng.int(256)]),
            random(rng.int(100)),
          ]),
        () => Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x00]), random(100)]),
      ];
      for (let round = 0; round < 40; round++) {
        const clients = Array.from({ length: 10 }, () => {
          const c = new RawClient();
          c.send(kinds[rng.int(kinds.length)]!());
          return c;
        });
        await new Promise((r) => setTimeout(r, 20));
        for (const c of clients) c.socket.destroy();
        await Promise.all(clients.map((c) => c.closed));
      }
      assert.equal(await ldapsearchCount(), 20);
      // Nothing the fuzz sent was bound with the password, so nothing was written.
      assert.equal(svc.status().entries, 21);
    },
  );

  test(`a ${LDAP_MAX_CONNECTIONS_PER_ADDRESS + 1}th connection from one address is closed at once; idle unauthenticated ones close after ${LDAP_UNAUTHENTICATED_IDLE_MS / 1000} s, bound ones stay`, async () => {
    await new Promise((r) => setTimeout(r, 100));
    const from = BLOCK(50);
    const held = Array.from({ length: LDAP_MAX_CONNECTIONS_PER_ADDRESS }, () => new RawClient(from));
    await Promise.all(held.map((c) => new Promise((r) => c.socket.once("connect", r))));
    held[0]!.send(bind(1));
    assert.equal((await held[0]!.result(1)).code, 0);
    const refused = new RawClient(from);
    refused.send(bind(1));
    await refused.closed;
    assert.deepEqual(refused.responses, [], "closed without an answer");
    assert.equal(await ldapsearchCount(), 20, "another address is served meanwhile");
    assert.ok(
      held.every((c) => !c.isClosed),
      "the held connections are still open",
    );

    const idled = svc.status().counters.idleClosed;
    await clock.runUntil(clock.now() + LDAP_UNAUTHENTICATED_IDLE_MS, afterChains);
    await Promise.all(held.slice(1).map((c) => c.closed));
    assert.equal(held[0]!.isClosed, false, "the bound connection stays");
    assert.equal(svc.status().counters.idleClosed - idled, LDAP_MAX_CONNECTIONS_PER_ADDRESS - 1);
    for (let i = 0; i < 100 && svc.status().counters.connections > 1; i++) await new Promise((r) => setTimeout(r, 20));
    const again = new RawClient(from);
    again.send(bind(2));
    assert.equal((await again.result(2)).code, 0, "the freed slots are the address's again");
    for (const c of [held[0]!, again]) c.socket.destroy();
    await Promise.all([held[0]!.closed, again.closed]);
  });

  test(
    `${LDAP_MAX_CONNECTIONS} connections from ${LDAP_MAX_CONNECTIONS / LDAP_MAX_CONNECTIONS_PER_ADDRESS} addresses are served at once; the next one is refused`,
    { timeout: 60_000 },
    async () => {
      await new Promise((r) => setTimeout(r, 100));
      const base = svc.status().counters.connections;
      const open = Array.from(
        { length: LDAP_MAX_CONNECTIONS - base },
        (_, i) => new RawClient(BLOCK(10 + Math.floor(i / LDAP_MAX_CONNECTIONS_PER_ADDRESS))),
      );
      open.forEach((c, i) => c.send(bind(i + 1)));
      await Promise.all(open.map((c, i) => c.result(i + 1)));
      assert.equal(svc.status().counters.connections, LDAP_MAX_CONNECTIONS);
      const extra = new RawClient(BLOCK(60));
      extra.send(bind(1));
      await extra.closed;
      assert.deepEqual(extra.responses, []);
      for (const c of open) c.socket.destroy();
      await Promise.all(open.map((c) => c.closed));
      assert.equal(await ldapsearchCount(), 20);
    },
  );
});
