/**
 * Diagnostics → Alarms and Events (§4.23.3, §4.23.4), Backup (§4.14) and Update (§4.18.1) in headless Chromium
 * against a real Standby PARI Master (`ipdect node` over HTTPS) and its primary Master in another process: the alarm
 * "Standby master active" appears on the open page when the primary is killed, a downloaded backup uploads again,
 * and Diagnostics → Performance (§4.23.5) draws the graphs ticked and steps through the day's time frames.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { status, waitFor } from "../helpers/nodes.js";

describe("web GUI: Alarms live, Events, Performance, Backup and Update (§4.23.3–§4.23.5, §4.14, §4.18.1)", () => {
  const ip = loopbackBlock();
  const gui = new GuiNode(ip(1));
  const primary = ip(2);

  before(async () => {
    await gui.nodes.start(
      "primary",
      `{ name: primary, kind: IPVM, mac: "00:90:33:18:05:02", ip: ${primary}, master: { mode: active }, pari: { systemId: 5 } }\n`,
    );
    await gui.start({
      name: "gui-standby",
      kind: "IPVM",
      mac: "00:90:33:18:05:01",
      master: { mode: "standby", primary },
      pari: {},
    });
    await waitFor(async () => (await status(gui.ip))?.master?.state === "standby.watching", 20_000, "standby watching");
  });
  after(() => gui.close());

  test("killing the primary Master shows 0x00030201 Standby master active on the open Alarms page (§4.23.3)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Alarms" }).click();
    const table = page.getByRole("table", { name: /^Active alarms/ });
    await table.waitFor();
    assert.equal(await table.getByRole("cell", { name: "0x00030201" }).count(), 0);
    await gui.nodes.kill("primary");
    await table.getByRole("cell", { name: "0x00030201" }).waitFor({ timeout: 15_000 });
    assert.match(await table.getByRole("row").filter({ hasText: "0x00030201" }).innerText(), /Standby master active/i);
    await page.getByRole("link", { name: /active alarm/ }).waitFor({ timeout: 15_000 });
    await screenshot(page, "alarms");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Events" }).click();
    await page
      .getByRole("table", { name: /^Events/ })
      .getByRole("cell", { name: "0x00030201" })
      .first()
      .waitFor();
    await context.close();
  });

  test("Backup downloads the configuration; Update uploads it again, pending until reset (§4.14, §4.18.1)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Config", exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download", exact: true }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^gui-standby-\d{4}-\d\d-\d\d\.txt$/);
    const file = await download.path();
    const text = readFileSync(file, "utf8");
    assert.match(text, /^config change MASTER0 \/mode standby /m);

    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Update Config" }).click();
    await page.getByLabel("Configuration file").setInputFiles({
      name: "broken.txt",
      mimeType: "text/plain",
      buffer: Buffer.from(text.replace("/mode standby", "/mode sideways")),
    });
    await page.getByRole("button", { name: "Upload" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Not stored: line \d+: MASTER0 \/mode: must be one of/ })
      .waitFor();
    await page.getByLabel("Configuration file").setInputFiles(file);
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("status").filter({ hasText: "Uploaded." }).waitFor();
    await page.getByRole("link", { name: "Changes wait for a reset (§4.24)" }).waitFor();
    await context.close();
  });

  test("Performance: tick CPU and MEM, OK, two graphs of the newest frame; the left arrow shows an earlier one (§4.23.5)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Performance" }).click();
    await page.getByLabel("CPU").check();
    await page.getByLabel("MEM").check();
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "Showing CPU, MEM." }).waitFor();
    const graphs = page.getByRole("img");
    assert.equal(await graphs.count(), 2);
    // The device took a sample at boot: each graph of the newest frame sums up what it shows, max 100 % (§4.23.5).
    const [cpu, mem] = [graphs.nth(0), graphs.nth(1)];
    assert.match(
      (await cpu.getAttribute("aria-label")) ?? "",
      /^CPU, .+: lowest [\d.]+%, highest [\d.]+%, last [\d.]+%$/,
    );
    assert.match((await mem.getAttribute("aria-label")) ?? "", /^MEM, /);
    assert.equal(await cpu.locator("text").first().textContent(), "100 %");
    const frame = page.getByText(/^Time frame: /);
    const newest = await frame.innerText();
    assert.ok(await page.getByRole("button", { name: "Later time frame" }).isDisabled());
    await screenshot(page, "performance");
    await page.getByRole("button", { name: "Earlier time frame" }).click();
    await page
      .getByText(/^Time frame: /)
      .filter({ hasNotText: newest })
      .waitFor();
    assert.match((await cpu.getAttribute("aria-label")) ?? "", /no samples in this time frame$/);
    assert.ok(await page.getByRole("button", { name: "Later time frame" }).isEnabled());
    // One frame of 24 hours is the whole window: nothing earlier or later to see.
    await page.getByLabel("Time frame", { exact: true }).selectOption({ label: "24 hours" });
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("button", { name: "Later time frame" }).and(page.locator(":disabled")).waitFor();
    assert.ok(await page.getByRole("button", { name: "Earlier time frame" }).isDisabled());
    assert.match((await cpu.getAttribute("aria-label")) ?? "", /last [\d.]+%$/);
    await context.close();
  });
});
