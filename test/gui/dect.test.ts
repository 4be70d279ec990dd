/**
 * DECT → Master and Gatekeeper pages (§4.6.19–§4.6.24), Reset (§4.24) and Config Show (§4.23.6) in headless Chromium
 * against a real `ipdect node` over HTTPS: messages that name the field, a Master mode and a gatekeeper setting that
 * a reset puts in force and that survive a kill -9 of the node process (configuration on flash, §4.14).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { loopbackBlock } from "../helpers/loopback.js";

/** Opens a page of the menu by its link, as a person would. */
async function openPage(page: Page, menu: string): Promise<void> {
  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: menu, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: menu, exact: true }).waitFor();
}

describe("web GUI: DECT → Master and Gatekeeper, Reset, Config Show (§4.6, §4.23.6, §4.24)", () => {
  const ips = loopbackBlock();
  const gui = new GuiNode(ips(1));
  const primary = ips(9);

  before(() =>
    gui.start({ name: "gui-dect", kind: "IPBS", mac: "00:90:33:18:01:01", master: { mode: "active" }, pari: {} }),
  );
  after(() => gui.close());

  test("Gatekeeper: the browser refuses a Registration Time-To-Live out of 10..86400, naming the field", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await openPage(page, "Gatekeeper");
    await page.getByLabel("Proxy", { exact: true }).fill("127.0.0.9");
    await page.getByLabel("Registration Time-To-Live").fill("5");
    await page.getByRole("button", { name: "OK" }).click();
    const field = page.getByLabel("Registration Time-To-Live");
    assert.equal(await field.getAttribute("aria-invalid"), "true");
    assert.match(
      await page.locator(`#${await field.getAttribute("id")}-error`).innerText(),
      /^Registration Time-To-Live: must be a whole number from 10 to 86400/,
    );
    await context.close();
  });

  test("Gatekeeper: the device's refusal of Alt. Proxy 2 (§4.6.23 step 6b) shows under Alt. Proxy 2", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await openPage(page, "Gatekeeper");
    await page.getByLabel("Proxy", { exact: true }).fill("pbx1.example.com");
    await page.getByLabel("Alt. Proxy 1").fill("pbx2.example.com");
    await page.getByLabel("Alt. Proxy 2").fill("127.0.0.3");
    await page.getByRole("button", { name: "OK" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Alt\. Proxy 2: Alt\. Proxy 2 and 3 cannot be used/ })
      .waitFor();
    await screenshot(page, "gatekeeper-refused");
    await context.close();
  });

  test("System: Frequency and the Enabled Carriers check boxes, Brazil's 18, 19, 20 and 21 in force at once (§4.6.6, §4.6.7)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await openPage(page, "System");
    const form = page.getByRole("form", { name: "Frequency" });
    const frequency = form.getByRole("combobox", { name: "Frequency" });
    assert.equal(await frequency.inputValue(), "europe", "1880–1900 MHz is the default");
    assert.equal(await form.getByRole("checkbox").count(), 10, "10 carriers for the other frequency bands");
    await frequency.selectOption({ label: "1920–1930 MHz (North America)" });
    assert.equal(await form.getByRole("checkbox").count(), 5, "5 carriers for the North American frequency band");
    await frequency.selectOption({ label: "1900–1906 MHz (Thailand)" });
    assert.equal(await form.getByRole("checkbox").count(), 4, "4 carriers for the Thai frequency band");
    await frequency.selectOption({ label: "1910–1930 MHz (South America)" });
    // "For Brazil, the following carriers shall be selected only: 18, 19, 20 and 21."
    for (const c of [22, 23, 24, 25, 26, 27]) await form.getByRole("checkbox", { name: `Carrier ${c}` }).uncheck();
    await form.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "in force now; every radio resynchronises" }).waitFor();
    await screenshot(page, "dect-system-frequency");
    await openPage(page, "Config Show");
    assert.match(
      await page.getByLabel("Running configuration").innerText(),
      /^config change PARI0 .*\/band south-america \/enabled-carriers 18,19,20,21/m,
    );
    await openPage(page, "Master");
    await page.getByLabel("Region Code").fill("12a");
    await page.getByRole("button", { name: "OK" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /The region code can consist of numbers 0–9, \* and #/ })
      .waitFor();
    await context.close();
  });

  test("Master mode and a gatekeeper setting: pending, in force after Reset, kept over a kill -9 (§4.6.19, §4.24)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await openPage(page, "Master");
    await page.getByLabel("Mode").selectOption({ label: "Standby" });
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("alert").filter({ hasText: "Primary Master IP Address: must be an IPv4 address" }).waitFor();
    await page.getByLabel("Primary Master IP Address").fill(primary);
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    await screenshot(page, "dect-master");

    await openPage(page, "Gatekeeper");
    await page.getByLabel("Proxy", { exact: true }).fill("127.0.0.9:5070");
    await page.getByLabel("Registration Time-To-Live").fill("300");
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    await page.getByRole("link", { name: "Changes wait for a reset (§4.24)" }).click();
    await page.getByRole("heading", { level: 1, name: "Reset" }).waitFor();
    await page.getByLabel(/^Reset: clears all calls/).check();
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "Reset done" }).waitFor();
    await screenshot(page, "reset");
    await context.close();

    await gui.killAndRestart();
    const again = await gui.open();
    await logIn(again.page, "admin", "changeme");
    await openPage(again.page, "Master");
    assert.equal(await again.page.getByLabel("Mode").inputValue(), "standby");
    assert.equal(await again.page.getByLabel("Primary Master IP Address").inputValue(), primary);
    await openPage(again.page, "Gatekeeper");
    assert.equal(await again.page.getByLabel("Proxy", { exact: true }).inputValue(), "127.0.0.9:5070");
    assert.equal(await again.page.getByLabel("Registration Time-To-Live").inputValue(), "300");
    assert.equal(await again.page.getByRole("link", { name: /wait for a reset/ }).count(), 0);
    await again.context.close();
  });

  test("Config Show is the configuration as native text (§4.23.6)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await openPage(page, "Config Show");
    const text = await page.getByLabel("Running configuration").innerText();
    assert.match(
      text,
      new RegExp(`^config change MASTER0 /mode standby /primary ${primary.replace(/\./g, "\\.")}`, "m"),
    );
    assert.match(text, /^config change GK0 \/proxy 127\.0\.0\.9:5070 .*\/reg-ttl 300/m);
    await screenshot(page, "config-show");
    await context.close();
  });
});
