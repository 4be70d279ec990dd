/**
 * Services → Provisioning (seed 002 "Enabling Provisioning through Web Based Administration Page") in headless Chromium
 * against a real `ipdect node` over HTTPS that provisions from a server that is not there: the settings checked field
 * by field and pending until reset (the URL's password masked and kept), the last check file by file, Check now.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SECRET_MASK } from "../../src/core/config/secrets.js";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { unnamedControls } from "../helpers/guiPages.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api } from "../helpers/nodes.js";

describe("web GUI: Services → Provisioning (seed 002)", () => {
  const ips = loopbackBlock();
  const gui = new GuiNode(ips(1));
  // Nothing listens there: each file of a check fails with the connection refused.
  const url = `ftp://prov:s3cret@${ips(9)}:2121/prov`;

  before(() =>
    gui.start({
      name: "gui-prov",
      kind: "IPBS",
      mac: "00:90:33:18:09:01",
      provisioning: { method: "static", url, importUsers: true },
    }),
  );
  after(() => gui.close());

  test("the settings are checked, pending until reset, the password kept; the last check and Check now", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page
      .getByRole("navigation", { name: "Menu" })
      .getByRole("link", { name: "Provisioning", exact: true })
      .click();
    await page.getByRole("heading", { level: 2, name: "Status" }).waitFor();
    assert.equal(await page.getByLabel("URL").inputValue(), `ftp://prov:${SECRET_MASK}@${ips(9)}:2121/prov`);
    const files = page.getByRole("table", { name: "Files of the last check" });
    await files.getByRole("cell", { name: "009033180901-config.xml", exact: true }).waitFor();
    assert.match(await files.innerText(), /failed/);
    assert.ok(!(await page.content()).includes("s3cret"));

    await page.getByLabel("Time (hh:mm)").fill("25:00");
    await page.getByRole("button", { name: "OK" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /Time \(hh:mm\): a time of day HH:MM/ })
      .waitFor();
    await page.getByLabel("Time (hh:mm)").fill("03:30");
    await page.getByLabel("Interval (minutes)").fill("60");
    await page.getByLabel("NOTIFY check_sync").selectOption("update");
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();

    await page.getByRole("button", { name: "Check now" }).click();
    await page.getByRole("status").filter({ hasText: "Checked." }).waitFor();
    assert.deepEqual(await unnamedControls(page), []);
    await screenshot(page, "services-provisioning");
    // One dialect per device: Services → Update says its server is not polled.
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Update", exact: true }).click();
    await page.getByText("This device is provisioned in the second dialect").waitFor();
    await context.close();

    const answer = (await api(gui.ip, "GET", "/api/provisioning")).json as {
      pending: Record<string, unknown>;
      status: { lastCheck: { trigger: string } };
    };
    assert.deepEqual(answer.pending, {
      method: "static",
      url: `ftp://prov:${SECRET_MASK}@${ips(9)}:2121/prov`,
      intervalMinutes: 60,
      time: "03:30",
      checkSync: "update",
      importConfig: true,
      importUsers: true,
    });
    assert.equal(answer.status.lastCheck.trigger, "operator");
  });
});
