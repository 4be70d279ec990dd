/**
 * The TLS profiles (§4.3.3, App. K) on every TLS server of a real `ipdect node` Master, checked with the real
 * `openssl s_client`: HTTPS (§4.9.3), LDAPS (App. H 636) and SIPS, the gatekeeper's SIP over TLS listener (§4.6.23
 * sip-tls). Under each profile every TLS 1.2 cipher App. K lists for it is taken and every other one App. K names is
 * refused (Strict: every non-AEAD one), its TLS 1.3 suites are taken and ChaCha20 (in no list) is not; Normal and
 * Fast take TLS 1.0 and 1.1, Secure and Strict refuse them. And SIPS asks for a client certificate: an untrusted one
 * is refused before any SIP is read, its chain shows on the rejected list as "in" (§4.1.10.2), and after "Trust" the
 * same client gets its SIP answer.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { APPENDIX_K, TLS_PROFILES, tlsProfileOptions, type TlsProfile } from "../../src/certs/profiles.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, HTTP_PORT, NodeProcesses, waitFor } from "../helpers/nodes.js";
import { selfSignedFor, type OpensslCert } from "../helpers/opensslCerts.js";

const HTTPS_PORT = 8443;
const LDAPS_PORT = 3636;
const SIPS_PORT = 15061;
const SERVERS = { HTTPS: HTTPS_PORT, LDAPS: LDAPS_PORT, SIPS: SIPS_PORT } as const;
/** s_client runs at once; the machine's cores are shared with the node under test. */
const BATCH = 6;

/** What `openssl s_client -brief` says of a handshake: whether it completed, and with which version and suite. */
interface Handshake {
  readonly ok: boolean;
  readonly protocol?: string;
  readonly cipher?: string;
}

/**
 * One `openssl s_client` handshake with `args` (stdin closed: it ends once the handshake is done). The client's own
 * security level is lowered (`@SECLEVEL=0`) so that Debian's OpenSSL offers the old versions and suites at all.
 */
function sClient(ip: string, port: number, args: readonly string[]): Promise<Handshake> {
  return new Promise((resolve) => {
    const p = spawn("openssl", ["s_client", "-connect", `${ip}:${port}`, "-brief", ...args], {
      stdio: ["pipe", "ignore", "pipe"],
      timeout: 10_000,
    });
    let err = "";
    p.stderr.on("data", (b: Buffer) => (err += b.toString()));
    p.stdin.end();
    p.on("close", (code) =>
      resolve({
        ok: code === 0 && err.includes("CONNECTION ESTABLISHED"),
        ...(/Protocol version: (\S+)/.exec(err) ? { protocol: /Protocol version: (\S+)/.exec(err)![1]! } : {}),
        ...(/Ciphersuite: (\S+)/.exec(err) ? { cipher: /Ciphersuite: (\S+)/.exec(err)![1]! } : {}),
      }),
    );
  });
}

/** Runs `tasks` a few at a time. */
async function inBatches<T>(tasks: readonly (() => Promise<T>)[], size = BATCH): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < tasks.length; i += size)
    out.push(...(await Promise.all(tasks.slice(i, i + size).map((t) => t()))));
  return out;
}

/** A profile's App. K TLS 1.2 suites under their OpenSSL names, as the device maps them (certs/profiles.ts). */
const tls12Suites = (profile: TlsProfile): string[] =>
  tlsProfileOptions(profile)
    .ciphers.split(":")
    .filter((c) => !c.startsWith("TLS_") && !c.startsWith("@"));
/** Every TLS 1.2 suite App. K names in any profile. */
const ALL_TLS12 = [...new Set(TLS_PROFILES.flatMap(tls12Suites))];
const TLS13 = APPENDIX_K.normal.ciphers.filter((c) => c.startsWith("TLS_AES_"));

/** One s_client case: its arguments and whether the profile must take it. */
interface Case {
  readonly what: string;
  readonly args: readonly string[];
  readonly taken: boolean;
  /** The suite a taken handshake must have agreed on. */
  readonly cipher?: string;
}

function casesOf(profile: TlsProfile): Case[] {
  const listed = new Set(tls12Suites(profile));
  const old = APPENDIX_K[profile].minVersion === "TLSv1";
  return [
    ...ALL_TLS12.map((c) => ({
      what: `TLS 1.2 ${c}`,
      args: ["-tls1_2", "-cipher", `${c}@SECLEVEL=0`],
      taken: listed.has(c),
      cipher: c,
    })),
    ...TLS13.map((c) => ({ what: `TLS 1.3 ${c}`, args: ["-tls1_3", "-ciphersuites", c], taken: true, cipher: c })),
    {
      what: "TLS 1.3 TLS_CHACHA20_POLY1305_SHA256",
      args: ["-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"],
      taken: false,
    },
    ...(["-tls1", "-tls1_1"] as const).map((v) => ({
      what: `${v === "-tls1" ? "TLS 1.0" : "TLS 1.1"}`,
      args: [v, "-cipher", "ALL@SECLEVEL=0"],
      taken: old,
    })),
  ];
}

const OPTIONS_REQUEST = (ip: string) =>
  [
    `OPTIONS sip:${ip}:${SIPS_PORT};transport=tls SIP/2.0`,
    `Via: SIP/2.0/TLS ${ip}:5061;branch=z9hG4bK-profiles`,
    "Max-Forwards: 70",
    `From: <sip:probe@${ip}>;tag=profiles`,
    `To: <sip:${ip}:${SIPS_PORT}>`,
    `Call-ID: profiles@${ip}`,
    "CSeq: 1 OPTIONS",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");

/**
 * s_client with a client certificate sends one SIP OPTIONS over SIPS; answers the status line it got back, or
 * undefined when the connection ended without one (`-quiet` keeps it open until the server closes or we do).
 */
function sipsOptions(ip: string, client: OpensslCert): Promise<string | undefined> {
  return new Promise((resolve) => {
    const p = spawn(
      "openssl",
      ["s_client", "-connect", `${ip}:${SIPS_PORT}`, "-quiet", "-cert", client.certFile, "-key", client.keyFile],
      { stdio: ["pipe", "pipe", "ignore"] },
    );
    let out = "";
    const done = (answer: string | undefined) => {
      clearTimeout(timer);
      p.kill();
      resolve(answer);
    };
    const timer = setTimeout(() => done(undefined), 5000);
    p.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      const status = /^SIP\/2\.0 \d{3} [^\r\n]*/m.exec(out);
      if (status) done(status[0]);
    });
    p.on("close", () => done(undefined));
    p.stdin.write(OPTIONS_REQUEST(ip));
  });
}

interface Rejected {
  readonly fingerprint: string;
  readonly reason: string;
  readonly direction: string;
  readonly peer?: string;
}

describe("real node: openssl s_client against HTTPS, LDAPS and SIPS under every TLS profile (App. K)", () => {
  const ip = loopbackBlock();
  const nodes = new NodeProcesses();
  const master = ip(1);
  before(async () => {
    await nodes.start(
      "master",
      JSON.stringify({
        name: "profiles",
        kind: "IPVM",
        mac: "00:90:33:20:15:01",
        ip: master,
        master: { mode: "active" },
        http: { port: HTTP_PORT, httpsPort: HTTPS_PORT },
        ldap: { server: { user: "ldap-user", password: "ldap-secret", port: 3389, tlsPort: LDAPS_PORT } },
        // No PBX answers there: the listener on the local port is what is checked.
        gatekeeper: { protocol: "sip-tls", proxy: `${ip(100)}:5061`, domain: "example.com", localPort: SIPS_PORT },
      }) + "\n",
    );
    // Every TLS server comes up once the default certificate is made (§4.1.10.4.1).
    for (const port of Object.values(SERVERS))
      await waitFor(async () => (await sClient(master, port, [])).ok, 30_000, `TLS on ${port}`);
  });
  after(() => nodes.close());

  for (const profile of TLS_PROFILES)
    test(`${profile}: App. K's suites and versions, the same on HTTPS, LDAPS and SIPS`, async () => {
      const set = await api(master, "PUT", "/api/tls", JSON.stringify({ profile }));
      assert.equal(set.status, 200, JSON.stringify(set.json));
      const checks = Object.entries(SERVERS).flatMap(([server, port]) =>
        casesOf(profile).map((c) => async () => ({ server, c, got: await sClient(master, port, c.args) })),
      );
      const wrong = (await inBatches(checks))
        .filter(({ c, got }) => got.ok !== c.taken || (c.taken && c.cipher !== undefined && got.cipher !== c.cipher))
        .map(
          ({ server, c, got }) =>
            `${server} ${c.what}: ${c.taken ? "must be taken" : "must be refused"}, got ${JSON.stringify(got)}`,
        );
      assert.deepEqual(wrong, []);
    });

  test("SIPS: an untrusted client certificate is refused and rejected as in; after Trust the same client is answered", async () => {
    const client = selfSignedFor(nodes.dir, "sips-client", master);
    const fingerprint = new X509Certificate(client.certPem).fingerprint256;
    assert.equal(await sipsOptions(master, client), undefined, "no SIP is answered to an untrusted client");
    const rejected = async () =>
      ((await api(master, "GET", "/api/certs/rejected")).json as Rejected[]).find((r) => r.fingerprint === fingerprint);
    await waitFor(async () => (await rejected()) !== undefined, 5000, "the client's chain on the rejected list");
    const entry = (await rejected())!;
    assert.equal(entry.direction, "in");
    assert.equal(entry.reason, "DEPTH_ZERO_SELF_SIGNED_CERT");
    assert.ok(entry.peer !== undefined);
    const alarms = async () =>
      ((await api(master, "GET", "/api/status")).json as { alarms: { code: string; source?: string }[] }).alarms;
    assert.ok(
      (await alarms()).some((a) => a.code === "0x000c0130" && a.source === entry.peer),
      "Unknown CA for the client",
    );

    const trusted = await api(master, "POST", `/api/certs/rejected/${fingerprint.replaceAll(":", "")}/trust`);
    assert.equal(trusted.status, 200, JSON.stringify(trusted.json));
    assert.match((await sipsOptions(master, client)) ?? "no answer", /^SIP\/2\.0 200 /);
    assert.ok(!(await alarms()).some((a) => a.code === "0x000c0130" && a.source === entry.peer), "alarm cleared");
  });
});
