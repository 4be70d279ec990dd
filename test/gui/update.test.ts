/**
 * Backup (§4.14), Update → Config, Firmware and Boot (§4.18.1–§4.18.3) and Services → Update (§4.9.1) in headless
 * Chromium against a real `ipdect node` over HTTPS: both downloads, a restore refused for another admin password and
 * one stored, a bad firmware file refused and a good one written to the other bank, a boot file checked, and the
 * update server's URL and interval pending until reset beside the Current Update Serials and the banks.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { adminCheck } from "../../src/auth/backupAdmin.js";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { unnamedControls } from "../helpers/guiPages.js";
import { api } from "../helpers/nodes.js";
import { sampleImage } from "../update/imageBytes.js";

describe("web GUI: Backup, Update → Config, Firmware, Boot and Services → Update (§4.14, §4.18, §4.9.1)", () => {
  const gui = new GuiNode(loopbackBlock()(1));

  before(() => gui.start({ name: "gui-update", kind: "IPBS", mac: "00:90:33:18:07:01" }));
  after(() => gui.close());

  async function open(menu: string): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: menu, exact: true }).click();
    return { page, close: () => context.close() };
  }

  const bin = (name: string, bytes: Uint8Array) => ({
    name,
    mimeType: "application/octet-stream",
    buffer: Buffer.from(bytes),
  });

  test("Backup: Download and Download with standard password; Update Config refuses another admin's file (§4.18.1)", async () => {
    const { page, close } = await open("Config");
    const save = async (button: string) => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: button, exact: true }).click(),
      ]);
      return readFileSync(await download.path(), "utf8");
    };
    const own = await save("Download");
    assert.ok(own.startsWith(`config change BACKUP0 /admin admin /check ${adminCheck("admin", "changeme")}\n`));
    // The device still has the factory account: both files are the same.
    assert.equal(await save("Download with standard password"), own);

    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Update Config" }).click();
    const other = own.replace(/\/check \w+/, `/check ${adminCheck("admin", "another1")}`);
    await page.getByLabel("Configuration file").setInputFiles({
      name: "other.txt",
      mimeType: "text/plain",
      buffer: Buffer.from(other),
    });
    await page.getByRole("button", { name: "Upload" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Not stored: the file was saved under admin "admin" with another password/ })
      .waitFor();
    assert.equal(((await api(gui.ip, "GET", "/api/status")).json as { pendingReset: boolean }).pendingReset, false);
    await page.getByLabel("Configuration file").setInputFiles({
      name: "own.txt",
      mimeType: "text/plain",
      buffer: Buffer.from(own),
    });
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("status").filter({ hasText: "Uploaded." }).waitFor();
    assert.deepEqual(await unnamedControls(page), []);
    await screenshot(page, "update-config");
    await close();
  });

  test("Update → Firmware: a damaged file is refused naming why, a good image goes to the other bank (§4.18.2)", async () => {
    const { page, close } = await open("Firmware");
    const form = page.getByRole("form", { name: "Update firmware" });
    const damaged = sampleImage();
    damaged[damaged.length - 1]! ^= 1;
    await form.getByLabel("Firmware file").setInputFiles(bin("damaged.bin", damaged));
    await form.getByRole("button", { name: "Upload" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Not done: uploaded file: checksum: .*damaged/ })
      .waitFor();
    const banks = page.getByLabel("Firmware banks");
    await banks.getByText("empty", { exact: true }).waitFor();
    await form.getByLabel("Firmware file").setInputFiles(bin("ipbs2.bin", sampleImage()));
    await form.getByRole("button", { name: "Upload" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "Written: 2.0.0 (build serial 2.0.0-42, bank B). Reset the device to run it" })
      .waitFor();
    // The banks are read again: bank B holds the image and runs after the next reset.
    await banks.getByText("bank B", { exact: true }).waitFor();
    assert.match(await banks.innerText(), /Running\s+\S+ \(build serial \S+, bank A\)/);
    assert.deepEqual(await unnamedControls(page), []);
    await screenshot(page, "update-firmware");
    await close();
    const firmware = (await api(gui.ip, "GET", "/api/firmware")).json as { next?: string };
    assert.equal(firmware.next, "B");
  });

  test("Update → Boot: a boot file is checked and nothing is written (§4.18.3)", async () => {
    const { page, close } = await open("Boot");
    const before = (await api(gui.ip, "GET", "/api/firmware")).json;
    await page.getByLabel("Boot file", { exact: true }).setInputFiles(bin("boot_ipbs2.bin", sampleImage()));
    await page.getByRole("button", { name: "Upload" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /^Boot file 2\.0\.0 \(build serial 2\.0\.0-42\): a valid boot file; nothing written/ })
      .waitFor();
    assert.deepEqual((await api(gui.ip, "GET", "/api/firmware")).json, before);
    assert.deepEqual(await unnamedControls(page), []);
    await close();
  });

  test("Services → Update: URL and Interval checked, pending until reset; Current Update Serials and the banks (§4.9.1)", async () => {
    const { page, close } = await open("Update");
    await page.getByRole("heading", { level: 2, name: "Current Update Serials" }).waitFor();
    await page.getByText("None: no command of the update server has run on this device.").waitFor();
    await page.getByLabel("Firmware banks").getByText("bank B", { exact: true }).waitFor();
    await page.getByLabel("URL").fill("ftp://10.0.0.9/up/");
    await page.getByLabel("Interval (min)").fill("0");
    await page.getByRole("button", { name: "OK" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /URL: must start with http:\/\/, https:\/\/ or tftp:\/\// })
      .waitFor();
    await page.getByLabel("URL").fill("http://10.0.0.9/up/");
    await page.getByLabel("Interval (min)").fill("30");
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    assert.deepEqual(await unnamedControls(page), []);
    await screenshot(page, "services-update");
    await close();
    const settings = (await api(gui.ip, "GET", "/api/settings")).json as {
      pending: { update?: { url?: string; pollMinutes: number } };
    };
    assert.deepEqual(settings.pending.update, { url: "http://10.0.0.9/up/", pollMinutes: 30, noDhcp: false });
  });
});
