/**
 * Administrator access on a real `ipdect node` (issue 16, §3.4, §4.1): the login block's first steps in real time,
 * 1000 wrong passwords over HTTP and over LDAP, the §3.4.5.2 account change surviving a kill -9 with only a hash on
 * flash, and §4.1.7 "Require User Certificate" over mutual TLS with curl.
 */
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import ldap from "ldapjs";
import { makeCa, makeLeaf, Workdir } from "../certs/helpers.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { curl, HTTP_PORT, NodeProcesses, waitFor } from "../helpers/nodes.js";
import { basic } from "../helpers/testRealm.js";

const HTTPS_PORT = 8443;
const LDAP_PORT = 13389;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("real node: login protection, the System Administrator account, Require User Certificate", () => {
  const ips = loopbackBlock();
  const a = ips(1);
  const b = ips(2);
  const nodes = new NodeProcesses();
  const w = new Workdir();
  makeCa(w);
  makeCa(w, "other");
  makeLeaf(w, "good", { san: "DNS:admin" });
  makeLeaf(w, "wrong", { san: "DNS:mallory" });
  makeLeaf(w, "stranger", { ca: "other", san: "DNS:admin" });
  const yaml =
    "devices:\n" +
    [
      {
        name: "adm-a",
        kind: "IPVM",
        mac: "00:90:33:16:00:01",
        ip: a,
        master: { mode: "active" },
        ldap: { server: { user: "ldap-user", password: "ldap-secret", port: LDAP_PORT } },
        http: { port: HTTP_PORT, httpsPort: 0 },
      },
      {
        name: "adm-b",
        kind: "IPVM",
        mac: "00:90:33:16:00:02",
        ip: b,
        http: { port: 0, httpsPort: HTTPS_PORT, mutualTls: true },
        admin: { requireCertificate: true },
        certificates: { trust: [w.text("ca.pem")] },
      },
    ]
      .map((d) => `  - ${JSON.stringify(d)}`)
      .join("\n") +
    "\n";
  const get = async (auth: string, path = "/api/status") => {
    const r = await fetch(`http://${a}:${HTTP_PORT}${path}`, { headers: { authorization: auth } });
    return {
      status: r.status,
      retry: r.headers.get("retry-after"),
      body: (await r.json()) as { error?: { code: string } },
    };
  };
  const events = async () =>
    (await get(basic("boss", "N3w!pass"), "/api/events?since=0")).body as unknown as {
      kind: string;
      action?: string;
      service?: string;
    }[];

  before(async () => {
    await nodes.start("adm", yaml);
    await waitFor(async () => (await curl("-k", `https://${b}:${HTTPS_PORT}/api/login`)).code === 0, 30_000, "HTTPS");
  });
  after(async () => {
    await nodes.close();
    w.close();
  });

  test("the block's first steps in real time: 5 s, then 10 s; the right password waits them out", async () => {
    assert.equal((await get(basic("admin", "nope"))).status, 401);
    const early = await get(basic("admin", "changeme"));
    assert.deepEqual([early.status, early.body.error?.code, early.retry], [401, "LOGIN_BLOCKED", "5"]);
    await sleep(5_100);
    const second = await get(basic("admin", "nope-again"));
    assert.deepEqual([second.status, second.retry], [401, "10"]);
    await sleep(5_100);
    assert.equal((await get(basic("admin", "changeme"))).status, 401, "still blocked after 5 s");
    await sleep(5_000);
    assert.equal((await get(basic("admin", "changeme"))).status, 200);
  });

  test("§3.4.5.2: the account is renamed with a new password; after kill -9 the new one works, changeme not", async () => {
    const r = await fetch(`http://${a}:${HTTP_PORT}/api/admin/account`, {
      method: "PUT",
      headers: { authorization: basic("admin", "changeme") },
      body: JSON.stringify({ user: "boss", oldPassword: "changeme", password: "N3w!pass" }),
    });
    assert.equal(r.status, 200);
    await nodes.kill("adm");
    await nodes.start("adm");
    assert.equal((await get(basic("boss", "N3w!pass"))).status, 200);
    assert.equal((await get(basic("admin", "changeme"))).status, 401);
    const file = join(nodes.dir, "data", "adm-a", "auth", "admin.json");
    assert.equal(statSync(file).mode & 0o077, 0, "mode 0600");
    const stored = readFileSync(file, "utf8");
    assert.ok(!stored.includes("N3w!pass") && stored.includes("scrypt$"));
  });

  test("1000 wrong passwords over HTTP: none succeeds, the right one is then refused, the block is logged", async () => {
    const codes = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const r = await get(basic("boss", `guess-${i}`));
      assert.equal(r.status, 401);
      const code = r.body.error?.code ?? "?";
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    assert.ok((codes.get("LOGIN_BLOCKED") ?? 0) >= 990, JSON.stringify([...codes]));
    assert.equal((await get(basic("boss", "N3w!pass"))).status, 401);
    await sleep(5_100);
    const logged = (await events()).filter((e) => e.kind === "login" && e.service === "http");
    assert.ok(logged.some((e) => e.action === "failed"));
    assert.ok(logged.some((e) => e.action === "blocked"));
  });

  test("1000 wrong LDAP binds: none succeeds, the right password is then refused (49), the block is logged", async () => {
    const client = ldap.createClient({ url: `ldap://${a}:${LDAP_PORT}` });
    const bind = (pw: string) =>
      new Promise<string>((resolve) =>
        client.bind("cn=ldap-user", pw, (err) => resolve(err === null ? "ok" : err.name)),
      );
    try {
      const results = new Map<string, number>();
      for (let i = 0; i < 1000; i++) {
        const r = await bind(`guess-${i}`);
        results.set(r, (results.get(r) ?? 0) + 1);
      }
      assert.equal(results.get("ok"), undefined);
      assert.equal(await bind("ldap-secret"), "InvalidCredentialsError");
    } finally {
      client.destroy();
    }
    const logged = (await events()).filter((e) => e.kind === "login" && e.service === "ldap");
    assert.ok(logged.some((e) => e.action === "failed") && logged.some((e) => e.action === "blocked"));
  });

  test("§4.1.7 over mutual TLS: a trusted certificate naming the user logs in; another name, none or an untrusted CA not", async () => {
    const url = `https://${b}:${HTTPS_PORT}/api/status`;
    const withCert = (name: string) =>
      curl(
        "-k",
        "-w",
        "%{http_code}",
        "-o",
        "/dev/null",
        "--cert",
        w.path(`${name}.pem`),
        "--key",
        w.path(`${name}.key`),
        "-u",
        "admin:changeme",
        url,
      );
    assert.equal((await withCert("good")).stdout, "200");
    assert.equal((await withCert("wrong")).stdout, "401");
    const none = await curl("-k", "-w", "%{http_code}", "-o", "/dev/null", "-u", "admin:changeme", url);
    assert.equal(none.stdout, "401");
    const stranger = await withCert("stranger");
    assert.notEqual(stranger.stdout, "200", "a chain the trust list refuses is closed in the handshake");
    const page = await curl(
      "-k",
      "--cert",
      w.path("good.pem"),
      "--key",
      w.path("good.key"),
      `https://${b}:${HTTPS_PORT}/api/login`,
    );
    assert.equal((JSON.parse(page.stdout) as { certificateUser?: string }).certificateUser, "admin");
  });
});
