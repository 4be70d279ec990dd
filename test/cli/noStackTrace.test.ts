import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT, runIpdect, runIpdectAsync } from "../helpers/cli.js";
import { loopbackBlock } from "../helpers/loopback.js";

/**
 * Every command with bad arguments, files it cannot read and ports it cannot have (issue 19 "No stack traces"):
 * one line `error: …`, exit 2, no stack trace unless asked for with --debug or IPDECT_DEBUG=1.
 */
const dir = mkdtempSync(join(tmpdir(), "ipdect-nostack-"));
const ip = loopbackBlock();
const missing = join(dir, "no-such-file.yaml");
const badYaml = join(dir, "bad.yaml");
const badJson = join(dir, "bad.json");
const device = join(dir, "device.yaml");
const IPEI = "00019 0592015 3";
/** A UDP port the test holds: the node's probe port (App. H, 1718) and an air service's port on the same address. */
const AIR_PORT = 17300;
let held: Socket[] = [];

const hold = (address: string, port: number) =>
  new Promise<Socket>((resolve, reject) => {
    const s = createSocket("udp4");
    s.once("error", reject);
    s.bind({ address, port }, () => resolve(s));
  });

/** What each command is given: unknown options, bad values, missing and unreadable files, busy ports. */
const BAD: readonly (readonly string[])[] = [
  ["fly"],
  ["--bogus"],
  ["sim", "--bogus"],
  ["sim", "--seed"],
  ["sim", "--quiet=yes"],
  ["sim", "--until", "soon"],
  ["sim", missing],
  ["sim", dir],
  ["sim", badYaml],
  ["sim", "examples/redundancy.yaml", "--events", join(dir, "no-dir", "e.jsonl")],
  ["sim", "examples/redundancy.yaml", "--report", dir],
  ["node"],
  ["node", "extra"],
  ["node", "--config", missing],
  ["node", "--config", dir],
  ["node", "--config", badYaml],
  ["node", "--config", device, "--http-port", "99999"],
  ["node", "--config", device, "--log-level", "loud"],
  ["node", "--config", device, "--air", "nowhere"],
  ["node", "--config", device, "--data-dir", join(dir, "data"), "--http-port", "0", "--https-port", "0"],
  ["air"],
  ["air", "--fleet", missing],
  ["air", "--fleet", dir],
  ["air", "--fleet", badYaml],
  ["air", "--fleet", "examples/redundancy.yaml", "--listen", "here"],
  ["air", "--fleet", "examples/redundancy.yaml", "--listen", `${ip(2)}:${AIR_PORT}`],
  ["ctl"],
  ["ctl", "fly", "--node", ip(9)],
  ["ctl", "status"],
  ["ctl", "status", "--node", "nowhere"],
  ["ctl", "status", "--node", ip(9), "--bogus"],
  ["ctl", "config", "--set", missing, "--node", ip(9)],
  ["ctl", "config", "--set", dir, "--node", ip(9)],
  ["handset"],
  ["handset", "--radio", "radio"],
  ["handset", "--radio", ip(9), "--ipei", "12"],
  ["handset", "--radio", ip(9), "--ipei", IPEI, "--bind", "here"],
  ["sync-tree"],
  ["sync-tree", missing],
  ["sync-tree", dir],
  ["sync-tree", badJson],
  ["sync-tree", badJson, "--bogus"],
  ["node", "--fleet", "examples/redundancy.yaml", "--only", "nobody"],
  ["node", "--config", device, "--only", "m"],
  ["node", "--config", device, "--fleet", "examples/redundancy.yaml"],
  ["lab"],
  ["lab", "fly"],
  ["lab", "up"],
  ["lab", "up", missing],
  ["lab", "up", dir],
  ["lab", "up", badYaml],
  ["lab", "up", "examples/redundancy.yaml", "--group", "0"],
  ["lab", "up", "examples/redundancy.yaml", "--http-base", "80"],
  ["lab", "up", "examples/redundancy.yaml", "--air", "here"],
  ["lab", "up", "examples/redundancy.yaml", "--settle", "soon"],
  ["lab", "inspect", "--state-dir", join(dir, "no-lab")],
  ["lab", "graph", missing],
  ["lab", "down", "--state-dir", join(dir, "no-lab")],
  ["lab", "check", "--state-dir", join(dir, "no-lab"), "--bogus"],
  ["lab", "faults"],
  ["lab", "faults", badYaml],
  ["lab", "handsets", "--state-dir", join(dir, "no-lab")],
  ["lab", "inspect", "--state-dir", join(dir, "bad-lab")],
  ["lab", "exec"],
  ["lab", "exec", "--state-dir", join(dir, "no-lab"), "radio-1", "status"],
  ["pbx"],
  ["pbx", "--fleet", "examples/sip-4000.yaml"],
  ["pbx", "--fleet", missing, "--name", "pbx1"],
  ["pbx", "--fleet", badYaml, "--name", "pbx1"],
  ["pbx", "--fleet", "examples/sip-4000.yaml", "--name", "pbx9"],
  ["pbx", "--fleet", "examples/sip-4000.yaml", "--name", "pbx1"],
  ["pbx", "--fleet", "examples/sip-4000.yaml", "--name", "pbx1", "--bogus"],
  ["dns"],
  ["dns", "--fleet", missing],
  ["dns", "--fleet", badYaml],
  ["dns", "--fleet", "examples/redundancy.yaml"],
  ["dns", "--fleet", "examples/sip-4000.yaml", "--listen", "here"],
  ["image"],
  ["image", "build", "--bogus"],
  ["image", "build", "--version", "1", "--payload", dir, "--out", join(dir, "x.bin")],
  ["image", "build", "--version", "1", "--payload", badJson, "--out", dir],
  ["image", "show", missing],
  ["image", "show", dir],
  ["image", "show", badJson],
  ["dhcp-probe"],
  ["dhcp-probe", "eth0", "eth1"],
  ["dhcp-probe", "no-such-if0"],
  ["dhcp-probe", "bad/name"],
  ["dhcp-probe", "lo", "--timeout", "soon"],
  ["dhcp-probe", "lo", "--timeout", "0"],
  ["dhcp-probe", "lo"],
  ["dhcp-probe", "lo", "--bogus"],
];

describe("ipdect: no stack traces, exit 2 for bad input", () => {
  before(async () => {
    writeFileSync(badYaml, "devices: [ { name: x\n");
    writeFileSync(badJson, "{ not json");
    mkdirSync(join(dir, "bad-lab"));
    writeFileSync(join(dir, "bad-lab", "state.json"), "{ cut sho");
    writeFileSync(device, `name: m\nkind: IPVM\nmac: "00:90:33:20:19:01"\nip: ${ip(1)}\nmaster: { mode: active }\n`);
    held = [await hold(ip(1), 1718), await hold(ip(2), AIR_PORT)];
  });
  after(() => {
    for (const s of held) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("every command: one line `error: …` on stderr, exit 2, no stack trace", async () => {
    // Three at a time: each is a Node start of about a second, mostly waiting on the other core.
    const results: { status: number | null; stderr: string }[] = [];
    const queue = [...BAD.entries()];
    const worker = async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift())
        results[next[0]] = await runIpdectAsync(next[1]);
    };
    await Promise.all([worker(), worker(), worker()]);
    for (const [i, args] of BAD.entries()) {
      const r = results[i]!;
      const what = `ipdect ${args.join(" ")}\n${r.stderr}`;
      assert.equal(r.status, 2, what);
      assert.match(r.stderr, /^error: \S.*\n$/, what);
      assert.doesNotMatch(r.stderr, /^\s+at /m, what);
      assert.doesNotMatch(r.stderr, /node:internal/, what);
    }
  });

  test("a file that cannot be read, a busy port and an unknown option say what and where", () => {
    assert.match(runIpdect(["sim", dir]).stderr, new RegExp(`^error: ${dir}: cannot read it \\(EISDIR`));
    assert.match(
      runIpdect(["air", "--fleet", "examples/redundancy.yaml", "--listen", `${ip(2)}:${AIR_PORT}`]).stderr,
      new RegExp(
        `^error: ${ip(2).replaceAll(".", "\\.")}:${AIR_PORT}: cannot listen there: the address and port are in use`,
      ),
    );
    const node = runIpdect(["node", "--config", device, "--data-dir", join(dir, "data"), "--http-port", "0"]);
    assert.match(
      node.stderr,
      new RegExp(`^error: ${ip(1).replaceAll(".", "\\.")}:1718: cannot listen there: .* in use`),
    );
    assert.match(runIpdect(["sim", "--bogus"]).stderr, /^error: unknown option '--bogus' \(ipdect sim --help\)\n$/);
  });

  test("--debug or IPDECT_DEBUG=1 adds the stack trace, with the same exit code", () => {
    for (const r of [
      runIpdect(["sim", missing, "--debug"]),
      runIpdect(["sim", missing], ROOT, { IPDECT_DEBUG: "1" }),
    ]) {
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^error: .*cannot read it/);
      assert.match(r.stderr, /^\s+at /m);
    }
  });
});

describe("ipdect: --help and --version", () => {
  const COMMANDS = ["sim", "node", "air", "ctl", "handset", "sync-tree", "lab", "pbx", "dns", "image", "dhcp-probe"];

  test("--help on every command, and -h or help, prints its usage and exits 0", () => {
    const asked = [
      ...COMMANDS.map((cmd) => [cmd, "--help"]),
      ["sim", "help"],
      ["help", "node"],
      ["ctl", "status", "-h"],
    ];
    for (const args of asked) {
      const r = runIpdect(args);
      const cmd = args[0] === "help" ? args[1]! : args[0]!;
      assert.equal(r.status, 0, `${args.join(" ")}\n${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^  ipdect ${cmd} `), args.join(" "));
      assert.match(r.stdout, /--debug/);
      assert.equal(r.stderr, "");
    }
  });

  test("ipdect help and --help list every command; no command prints the usage on stderr with exit 2", () => {
    for (const args of [["help"], ["--help"], ["-h"]]) {
      const r = runIpdect(args);
      assert.equal(r.status, 0);
      for (const cmd of COMMANDS) assert.match(r.stdout, new RegExp(`^  ipdect ${cmd} `, "m"));
    }
    const none = runIpdect([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^ipdect — /);
  });

  test("--version prints the package's version", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const r = runIpdect(["--version"]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `ipdect ${version}\n`);
  });
});
