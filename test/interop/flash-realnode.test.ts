/**
 * Secrets at rest on a real `ipdect node` (docs/design.md "Storage"): its flash holds users' SIP passwords and Auth.
 * Codes (§3.14), a User Administrator (§3.4.5.4) and an operator's certificate and key (§4.1.10.4), and no file under
 * the data folder is readable or writable by group or others; every folder is 0700. Files an older version left
 * readable are made private at the next start.
 */
import assert from "node:assert/strict";
import { chmodSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { makeCa, makeLeaf, Workdir } from "../certs/helpers.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, NodeProcesses, waitFor } from "../helpers/nodes.js";

/** Every file and folder under `root` (the root included) with its permission bits, paths relative to `root`. */
function walk(root: string): { path: string; dir: boolean; mode: number }[] {
  const out = [{ path: ".", dir: true, mode: statSync(root).mode & 0o777 }];
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(e.parentPath, e.name);
    out.push({ path: relative(root, path), dir: e.isDirectory(), mode: statSync(path).mode & 0o777 });
  }
  return out;
}

/** Paths whose mode is not the private one: files 0600, folders 0700. */
const notPrivate = (root: string) =>
  walk(root)
    .filter((e) => e.mode !== (e.dir ? 0o700 : 0o600))
    .map((e) => `${e.path} ${e.mode.toString(8)}`);

describe("real node: the flash is private to the device (files 0600, folders 0700)", () => {
  const ip = loopbackBlock()(1);
  const nodes = new NodeProcesses();
  const w = new Workdir();
  const data = join(nodes.dir, "data");
  const flash = join(data, "secrets-master");
  makeCa(w);
  makeLeaf(w, "node", { san: `IP:${ip}` });
  const yaml =
    JSON.stringify({
      name: "secrets-master",
      kind: "IPVM",
      mac: "00:90:33:20:30:01",
      ip,
      master: { mode: "active" },
      certificates: {
        device: { certificate: w.text("node.pem") + w.text("ca.pem"), key: w.text("node.key") },
        trust: [w.text("ca.pem")],
      },
    }) + "\n";
  /** Every file of the flash as one text: where a secret can be looked for. */
  const flashText = () =>
    walk(flash)
      .filter((e) => !e.dir)
      .map((e) => readFileSync(join(flash, e.path), "utf8"))
      .join("\n");

  before(async () => {
    await nodes.start("master", yaml);
    const csv = Array.from({ length: 20 }, (_, i) => `User ${i};u${i};${3000 + i};;;;;sip-secret-${i};`).join("\n");
    assert.equal((await api(ip, "POST", "/api/users/import", csv + "\n")).status, 200);
    const admin = JSON.stringify({ longName: "Ward Admin", name: "wardadmin", password: "ua-secret-1" });
    assert.equal((await api(ip, "POST", "/api/user-admins", admin)).status, 201);
    await waitFor(
      async () => ((await api(ip, "GET", "/api/certs")).json as { device?: unknown }).device !== undefined,
      10_000,
      "the configured certificate installed",
    );
  });
  after(async () => {
    await nodes.close();
    w.close();
  });

  test("users with SIP passwords and Auth. Codes, a User Administrator, a key: nothing readable by others", () => {
    const files = walk(flash)
      .filter((e) => !e.dir)
      .map((e) => e.path);
    for (const f of ["users/admins.json", "certs/device.json", "users/snapshot.json"])
      assert.ok(files.includes(f), `${f} in ${files.join(", ")}`);
    const text = flashText();
    assert.ok(text.includes("sip-secret-7"), "the users' SIP passwords are on this flash (in the clear, for digest)");
    assert.ok(text.includes("PRIVATE KEY"), "and so is the device's private key");
    assert.deepEqual(notPrivate(data), [], "every file 0600, every folder 0700, the data folder included");
    for (const e of walk(data)) assert.equal(e.mode & 0o077, 0, `${e.path}: nothing for group or others`);
  });

  test("files and folders an older version left readable (0644, 0755) are private again after a restart", async () => {
    await nodes.kill("master");
    for (const d of [".", "users", "certs"]) chmodSync(join(flash, d), 0o755);
    for (const f of ["users/admins.json", "certs/device.json", "users/snapshot.json"]) chmodSync(join(flash, f), 0o644);
    assert.notDeepEqual(notPrivate(data), []);
    await nodes.start("master");
    assert.deepEqual(notPrivate(data), []);
    const users = (await api(ip, "GET", "/api/users")).json as unknown[];
    assert.equal(users.length, 20, "the directory reads back");
  });
});
