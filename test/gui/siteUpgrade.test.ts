/**
 * Update → Site Upgrade (§4.15.2, §4.19; beyond the manual) in headless Chromium: on a device that is not the PARI
 * Master the page says why it cannot run there; on the PARI Master the form starts the rolling upgrade of a real-node
 * site (Master, Standby, 3 radios; images on Debian's nginx), the page follows its steps, the Master's own reset ends
 * the session, and after logging in again the page shows the run done with every device on the new version.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { openPage, unnamedControls } from "../helpers/guiPages.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { HTTP_PORT } from "../helpers/nodes.js";
import { NEW_VERSION, SmallSite } from "../helpers/smallSite.js";

/** The run of 5 steps takes about 12 s on real nodes (test/upgrade/siteUpgradeApi.test.ts); slack for a busy machine. */
const RUN_MS = 90_000;

describe("web GUI: Update → Site Upgrade on a real-node site (§4.15.2)", () => {
  const site = new SmallSite(loopbackBlock(), 3);
  const gui = new GuiNode(site.master);

  before(async () => {
    await site.serveImages();
    await gui.start(site.masterConfig());
    await site.start(gui.nodes, true);
  });
  after(async () => {
    await gui.close();
    await site.close();
  });

  test("a device that is not the PARI Master explains that the upgrade runs on the PARI Master", async () => {
    const context = await gui.browser.newContext();
    const page = await context.newPage();
    // The Standby's GUI over HTTP: the browser trusts only the Master's certificate.
    await page.goto(`http://${site.standby}:${HTTP_PORT}/`);
    await logIn(page, "admin", "changeme");
    await openPage(page, "Site Upgrade");
    await page.getByText("Only the site's active PARI Master runs the site upgrade").waitFor();
    assert.equal(await page.getByRole("button", { name: "Start" }).count(), 0);
    await context.close();
  });

  test("the form starts the run, the page follows its steps, and after the Master's reset shows it done", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await openPage(page, "Site Upgrade");
    await page.getByText("No site upgrade has run on this device.").waitFor();
    const form = page.getByRole("form", { name: "Start site upgrade" });
    // The browser checks the fields first, each message naming its field.
    await form.getByRole("button", { name: "Start" }).click();
    await form.getByRole("alert").filter({ hasText: "Image URL: must be filled in" }).waitFor();
    await form.getByLabel("Image URL").fill(site.imageUrl);
    await form.getByLabel("Build serial").fill(NEW_VERSION);
    await form.getByLabel("Wave").fill("1");
    await form.getByLabel("Step timeout").fill("40s");
    await form.getByLabel("Standby Master").fill(site.standby);
    await form.getByLabel("Allow gaps").check();
    await form.getByLabel("Admin password of the site").fill("changeme");
    assert.deepEqual(await unnamedControls(page), []);
    await form.getByRole("button", { name: "Start" }).click();
    await page.getByRole("status").filter({ hasText: "Started: 5 steps." }).waitFor();
    const facts = page.getByLabel("Site upgrade", { exact: true });
    await facts.getByText("running", { exact: true }).waitFor();
    // The steps as they run: the radios' waves first, one at a time.
    const steps = page.getByRole("table", { name: "Steps (§4.15.2)" });
    await steps
      .getByRole("row")
      .filter({ hasText: /^1radiosradio-1done/ })
      .waitFor({ timeout: RUN_MS });
    await screenshot(page, "update-site-upgrade");
    // The Master resets itself last: the session ends and the login page says why.
    await page.getByText("the PARI Master resets itself in its last step").waitFor({ timeout: RUN_MS });
    await logIn(page, "admin", "changeme");
    await openPage(page, "Site Upgrade");
    await facts.getByText("done", { exact: true }).waitFor();
    assert.equal(
      await steps
        .getByRole("row")
        .filter({ hasText: /done\d+ s$/ })
        .count(),
      5,
    );
    assert.match(await page.getByLabel("Run log").innerText(), /done: 5 steps; master runs 0\.9\.0/);
    await screenshot(page, "update-site-upgrade-done");
    await context.close();
    assert.deepEqual(
      await site.versions(),
      site.all.map(() => NEW_VERSION),
    );
  });
});
