/**
 * The rolling upgrade run by the PARI Master itself (§4.15.2, §4.19), through its API and `ipdect ctl`: a real-node
 * site of Master, Standby and 3 radios as OS processes, the images on Debian's nginx. Only the active PARI Master
 * runs it, a wrong site password is refused before anything starts, a second start while one runs is refused, and
 * the run ends done after the Master's own reset, every device on the new version; the password is nowhere after.
 */
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { BLOCK_MIN_MS } from "../../src/auth/LoginGuard.js";
import type { SiteRun } from "../../src/upgrade/siteRun.js";
import { runIpdectAsync } from "../helpers/cli.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { HTTP_PORT, NodeProcesses, waitFor } from "../helpers/nodes.js";
import { NEW_VERSION, SmallSite } from "../helpers/smallSite.js";

/** Not the default `changeme`, so that nothing could show it by chance. */
const PASSWORD = "Site-pw-7";

describe("the PARI Master's site upgrade over its API: Master, Standby and 3 radios (§4.15.2)", () => {
  const site = new SmallSite(loopbackBlock(), 3);
  const nodes = new NodeProcesses();
  const api = (ip: string, method: string, path: string, body?: string) => site.api(ip, method, path, body);
  const start = (ip: string, body: Record<string, unknown>) =>
    api(ip, "POST", "/api/site-upgrade", JSON.stringify(body));

  before(async () => {
    await site.serveImages();
    await site.start(nodes);
    // The site's login (§3.4.2): every device takes the same admin password.
    for (const ip of site.all) {
      const r = await api(
        ip,
        "PUT",
        "/api/admin/account",
        JSON.stringify({ user: "admin", oldPassword: "changeme", password: PASSWORD }),
      );
      assert.equal(r.status, 200, JSON.stringify(r.json));
    }
    site.password = PASSWORD;
  });
  after(async () => {
    await nodes.close();
    await site.close();
  });

  const request = (password = PASSWORD) => ({
    image: site.imageUrl,
    serial: NEW_VERSION,
    wave: 1,
    stepTimeout: "40s",
    allowGaps: true,
    standby: site.standby,
    password,
  });

  test("a device that is not the active PARI Master refuses: UPGRADE_NOT_PARI_MASTER (409)", async () => {
    for (const ip of [site.standby, site.radios[0]!]) {
      const r = await start(ip, request());
      assert.equal(r.status, 409, JSON.stringify(r.json));
      assert.equal((r.json as { error: { code: string } }).error.code, "UPGRADE_NOT_PARI_MASTER");
    }
  });

  test("a wrong site password is refused before anything starts: UPGRADE_SITE_LOGIN (409), the run stays idle", async () => {
    const r = await start(site.master, request("Wrong-pw-1"));
    assert.equal(r.status, 409, JSON.stringify(r.json));
    const error = (r.json as { error: { code: string; message: string } }).error;
    assert.equal(error.code, "UPGRADE_SITE_LOGIN");
    assert.match(error.message, /same login/);
    // It was a failed login of the Master's own API: admin is blocked for 5 s (§3.4.5.1), so it is no password oracle.
    await sleep(BLOCK_MIN_MS + 500);
    assert.equal(((await api(site.master, "GET", "/api/site-upgrade")).json as SiteRun).state, "idle");
  });

  test("the run: a second start is refused, every step ends, the Master's reset ends it done, all on 0.9.0", async () => {
    const t0 = Date.now();
    const r = await start(site.master, request());
    assert.equal(r.status, 202, JSON.stringify(r.json));
    const planned = r.json as SiteRun;
    assert.equal(planned.state, "running");
    assert.deepEqual(
      planned.steps.map((s) => s.kind),
      ["radios", "radios", "radios", "standby-master", "master"],
    );
    assert.match(planned.log[0]!.line, /^plan: 5 steps, 3 waves of radios/);

    const second = await start(site.master, request());
    assert.equal(second.status, 409);
    assert.equal((second.json as { error: { code: string } }).error.code, "UPGRADE_RUNNING");

    let run: SiteRun | undefined;
    const seen = new Set<number>();
    await waitFor(
      async () => {
        // The Master resets in the last step: it does not answer for a moment.
        const g = await api(site.master, "GET", "/api/site-upgrade").catch(() => undefined);
        run = g?.status === 200 ? (g.json as SiteRun) : run;
        if (run?.current !== undefined) seen.add(run.current);
        return run?.state === "done" || run?.state === "failed";
      },
      60_000,
      "the run to end",
    );
    const took = Date.now() - t0;
    assert.equal(run!.state, "done", JSON.stringify(run, null, 2));
    process.stderr.write(`site upgrade of 5 devices: ${took} ms\n`);
    assert.deepEqual(
      run!.steps.map((s) => s.state),
      ["done", "done", "done", "done", "done"],
    );
    assert.ok(seen.size >= 3, `the status showed the steps as they ran: ${[...seen]}`);
    assert.deepEqual(
      await site.versions(),
      site.all.map(() => NEW_VERSION),
    );
    const lines = run!.log.map((l) => l.line);
    assert.ok(
      lines.some((l) => /^step 4\/5 standby-master: standby$/.test(l)),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) => /^step 5\/5 master: master$/.test(l)),
      lines.join("\n"),
    );
    assert.match(lines.at(-1)!, /^done: 5 steps; master runs 0\.9\.0$/);

    // The password is used in memory only: not in the status, the events, nor the flash.
    const events = JSON.stringify((await api(site.master, "GET", "/api/events")).json);
    assert.ok(events.includes('"command":"upgrade"'));
    const file = join(nodes.dir, "data", "master", "upgrade", "run.json");
    const stored = readFileSync(file, "utf8");
    for (const text of [JSON.stringify(run), events, stored]) assert.ok(!text.includes(PASSWORD));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal((JSON.parse(stored) as SiteRun).state, "done");

    const node = `${site.master}:${HTTP_PORT}`;
    const ctl = await runIpdectAsync(["ctl", "--node", node, "--password", PASSWORD, "site-upgrade"]);
    assert.equal(ctl.status, 0, ctl.stderr);
    assert.match(ctl.stdout, /^state +done$/m);
    assert.match(ctl.stdout, /^5 +master +done /m);
  });
});
