/**
 * Update → RFPs (§4.18.4) in headless Chromium against a real `ipdect node` IPBL with two RFPs: Start without marked
 * RFPs or without a file is refused saying why, an empty file and a date that does not exist are refused, and a good
 * file is uploaded and loaded into both RFPs in sequence; the page follows each RFP's progress until both are done.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { RfpUpdateStatus } from "../../src/radio/rfpUpdateStatus.js";
import { RFP_RESTART_MS } from "../../src/radio/rfpPort.machine.js";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { openPage, unnamedControls } from "../helpers/guiPages.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api } from "../helpers/nodes.js";

describe("web GUI: Update → RFPs on an IPBL (§4.18.4, App. A.1.7)", () => {
  const gui = new GuiNode(loopbackBlock()(1));

  before(() => gui.start({ name: "gui-ipbl", kind: "IPBL", mac: "00:90:33:18:07:21", radio: { rfps: 2 } }));
  after(() => gui.close());

  const file = (name: string, size: number) => ({
    name,
    mimeType: "application/octet-stream",
    buffer: Buffer.alloc(size, 0x5a),
  });

  test("refusals say why; a file uploaded and started in sequence: each RFP's progress until both are done", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await openPage(page, "RFPs");
    const form = page.getByRole("form", { name: "Update the RFPs" });
    const progress = (port: number) => form.getByRole("cell", { name: `Progress of RFP ${port}` });
    await form.getByRole("cell", { name: "factory" }).first().waitFor();
    assert.equal(await form.getByRole("row").count(), 3, "a header and the two RFPs of this IPBL");

    await form.getByRole("button", { name: "Start" }).click();
    await page.getByRole("alert").filter({ hasText: "Mark the RFPs to update." }).waitFor();
    await form.getByRole("checkbox", { name: "Update RFP 1" }).check();
    await form.getByRole("button", { name: "Start" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Not started: .*start without a firmware URL or an uploaded RFP file/ })
      .waitFor();

    await page.getByLabel("RFP file", { exact: true }).setInputFiles(file("Worf200.S2", 0));
    await page.getByRole("button", { name: "Upload" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Not done: .*an empty file is no RFP firmware/ })
      .waitFor();
    await page.getByLabel("RFP file", { exact: true }).setInputFiles(file("Worf200.S2", 64 * 1024));
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("status").filter({ hasText: "Uploaded: Worf200.S2, version Worf200." }).waitFor();

    await form.getByRole("radio", { name: "Scheduled" }).check();
    await form.getByLabel("Start at").fill("31.02.2026-10:00");
    await form.getByRole("button", { name: "Start" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Not started: .*"31\.02\.2026-10:00": no such date/ })
      .waitFor();
    assert.equal(((await api(gui.ip, "GET", "/api/rfp-update")).json as RfpUpdateStatus).order, undefined);

    await form.getByRole("radio", { name: "Immediate" }).check();
    await form.getByRole("checkbox", { name: "In sequence: the selected RFPs one by one" }).check();
    await form.getByRole("checkbox", { name: "Update RFP 2" }).check();
    await form.getByRole("button", { name: "Start" }).click();
    await page.getByRole("status").filter({ hasText: "Started: Worf200.S2." }).waitFor();
    // In sequence: RFP 2 waits while RFP 1 restarts.
    await progress(1)
      .filter({ hasText: /^restarting$/ })
      .waitFor();
    assert.equal(await progress(2).textContent(), "waiting");
    assert.deepEqual(await unnamedControls(page), []);
    await screenshot(page, "update-rfps");
    const timeout = 2 * RFP_RESTART_MS + 15_000;
    await progress(2)
      .filter({ hasText: /^restarting$/ })
      .waitFor({ timeout });
    await progress(2).filter({ hasText: "done (Worf200)" }).waitFor({ timeout });
    assert.equal(await progress(1).textContent(), "done (Worf200)");
    assert.equal(await form.getByRole("cell", { name: "Worf200", exact: true }).count(), 2, "both report Worf200");
    await context.close();

    const s = (await api(gui.ip, "GET", "/api/rfp-update")).json as RfpUpdateStatus;
    assert.deepEqual(
      s.order?.ports.map((p) => [p.port, p.state, p.from, p.version]),
      [
        [1, "done", "factory", "Worf200"],
        [2, "done", "factory", "Worf200"],
      ],
    );
    assert.equal(s.order?.sequence, true);
    assert.equal(s.order?.source, "uploaded file");
  });
});
