/**
 * A real `ipdect node` whose flash holds a damaged file (issue 18, "Flash you can trust"): the start is refused with
 * exit 2 and one line naming the file and what is wrong, no stack trace; temp files of unfinished writes go.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { ROOT } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "ipdect-flash-"));
const config = join(dir, "node.yaml");
writeFileSync(
  config,
  'name: m\nkind: IPVM\nmac: "00:90:33:20:07:01"\nip: 127.0.73.1\nmaster: { mode: active }\n' +
    'users:\n  - { longName: "Ann Berg", number: "2000", name: "u2000" }\n',
);

/**
 * `ipdect node` on a data dir whose `key` holds `content` (and `others` theirs); a node that does start is stopped by
 * the timeout.
 */
function startWith(name: string, key: string, content: string, others: Readonly<Record<string, string>> = {}) {
  const data = join(dir, name);
  for (const [k, v] of Object.entries({ ...others, [key]: content })) {
    mkdirSync(join(data, "m", k, ".."), { recursive: true });
    writeFileSync(join(data, "m", k), v);
  }
  writeFileSync(join(data, "m", `${key}.4242.1.tmp`), "half a write");
  const r = spawnSync(
    process.execPath,
    [join(ROOT, "bin/ipdect.js"), "node", "--config", config, "--data-dir", data, "--http-port", "0"],
    { cwd: ROOT, encoding: "utf8", timeout: 30_000 },
  );
  return { ...r, tmpLeft: existsSync(join(data, "m", `${key}.4242.1.tmp`)) };
}

describe("ipdect node with a damaged flash", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [key, content, reason] of [
    ["master/state.json", '{"term":3,"activeT', /not JSON \(truncated or garbage\)/],
    ["users/snapshot.json", "null", /the file: null, not an object/],
    ["users/admins.json", "{}", /the file: not a list/],
  ] as const)
    test(`${key} holding ${content}: exit 2, "error: flash ${key}: …", no stack trace`, () => {
      const r = startWith(key.replace(/\W/g, "-"), key, content);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^error: flash ${key.replace(/\./g, "\\.")}: `, "m"));
      assert.match(r.stderr, reason);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.equal(r.tmpLeft, false, "the temp file of an unfinished write is removed at open");
    });

  test("users/head.json past the log (its last record deleted): exit 2, the usns lost named", () => {
    const snapshot = JSON.stringify({ epoch: "e1", usn: 2, entries: [], tombstones: [] });
    const r = startWith("head", "users/head.json", '{"epoch":"e1","usn":5}', { "users/snapshot.json": snapshot });
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      /^error: flash users\/head\.json: the last log record is missing: changes after usn 2 to 5$/m,
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
