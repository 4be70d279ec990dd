/**
 * Device Overview → Radios (§4.11.1) in headless Chromium against a real PARI Master (`ipdect node` over HTTPS) and
 * real radios in two more node processes: the list filtered and sorted, a plug-and-play radio added from the
 * Uninitialized Registrations (§3.11), and Delete and Move of static registrations once their radios are gone.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { pariOverview, waitFor } from "../helpers/nodes.js";

const RADIOS = 6;

describe("web GUI: Device Overview → Radios of a PARI Master (§4.11.1)", () => {
  const ip = loopbackBlock();
  const gui = new GuiNode(ip(1));
  // A multicast group of this test's own, so concurrent test files do not hear each other's radios (§3.11).
  const [, x, y] = ip(0).split(".");
  const group = `239.${x}.${y}.19`;
  const mac = (n: number) => `00:90:33:18:04:${n.toString(16).padStart(2, "0")}`;
  const configured = Array.from(
    { length: RADIOS },
    (_, i) =>
      `  - { name: radio-${i + 1}, kind: IPBS, mac: "${mac(i + 1)}", ip: ${ip(11 + i)}, radio: { pariMaster: ${ip(1)} } }`,
  );

  before(async () => {
    await gui.start({
      name: "gui-pari",
      kind: "IPVM",
      mac: "00:90:33:18:04:f0",
      discoveryGroup: group,
      master: { mode: "active" },
      pari: { systemId: 20 },
    });
    await gui.nodes.start("radios", `devices:\n${configured.join("\n")}\n`);
    await gui.nodes.start(
      "fresh",
      `{ name: fresh, kind: IPBS, mac: "${mac(0x20)}", ip: ${ip(40)}, discoveryGroup: ${group}, radio: {} }\n`,
    );
    await waitFor(
      async () => {
        const o = await pariOverview(ip(1));
        return o?.radios.length === RADIOS && o.uninitialized.length === 1;
      },
      30_000,
      "radios connected and the fresh one announcing",
    );
  });
  after(() => gui.close());

  async function openOverview(): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Radios" }).click();
    await page.getByRole("heading", { level: 1, name: "Radios" }).waitFor();
    return { page, close: () => context.close() };
  }

  const connected = (page: Page) => page.getByRole("table", { name: "Connected radios" });

  test("the connected radios: a filter narrows them, a heading sorts them", async () => {
    const { page, close } = await openOverview();
    await page
      .getByRole("status")
      .filter({ hasText: `${RADIOS} of ${RADIOS} radios` })
      .waitFor();
    await page.getByLabel("Filter", { exact: true }).fill("radio-3");
    await page
      .getByRole("status")
      .filter({ hasText: `1 of ${RADIOS} radios` })
      .waitFor();
    assert.equal(await connected(page).getByRole("cell", { name: "radio-3", exact: true }).count(), 1);
    await page.getByLabel("Filter", { exact: true }).fill("");
    await connected(page).getByRole("button", { name: "Device Name" }).click();
    await connected(page).getByRole("button", { name: "Device Name ▲" }).click();
    const names = await connected(page).locator("tbody tr td:nth-child(6)").allInnerTexts();
    assert.deepEqual(
      names,
      Array.from({ length: RADIOS }, (_, i) => `radio-${RADIOS - i}`),
    );
    await screenshot(page, "device-overview");
    await close();
  });

  test("Add a plug-and-play radio: it restarts and connects with its Device Name and region (§3.11)", async () => {
    const { page, close } = await openOverview();
    const uninitialized = page.getByRole("table", { name: /^Uninitialized registrations/ });
    await uninitialized.getByRole("button", { name: "Add ipbs-18-04-20" }).click();
    const dialog = page.getByRole("region", { name: "Add Radio ipbs-18-04-20" });
    await dialog.getByLabel("Sync Region").fill("300");
    await dialog.getByRole("button", { name: "OK" }).click();
    await dialog.getByRole("alert").filter({ hasText: "Device Name: must be filled in" }).waitFor();
    await dialog.getByRole("alert").filter({ hasText: "Sync Region: must be a whole number from 0 to 249" }).waitFor();
    await dialog.getByLabel("Device Name").fill("Lobby");
    await dialog.getByLabel("Sync Region").fill("2");
    await dialog.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "Added ipbs-18-04-20" }).waitFor();
    const lobby = connected(page).getByRole("row").filter({ hasText: "Lobby" });
    await lobby.waitFor({ timeout: 30_000 });
    assert.match(await lobby.innerText(), /ipbs-18-04-20\s.*\s2\s+Lobby/);
    await screenshot(page, "device-overview-added");
    await close();
  });

  test("radios that are gone are Static Registrations: Delete releases one, Move gives one's RFPI to Lobby", async () => {
    await gui.nodes.kill("radios");
    await waitFor(async () => (await pariOverview(ip(1)))?.static.length === RADIOS, 30_000, "radios static");
    const before = await pariOverview(ip(1));
    const broken = before!.static.find((r) => r.mac === mac(2))!;
    const { page, close } = await openOverview();
    const statics = page.getByRole("table", { name: /^Static registrations/ });
    await statics.getByRole("button", { name: "Delete ipbs-18-04-01" }).click();
    await page.getByRole("status").filter({ hasText: "Deleted ipbs-18-04-01" }).waitFor();
    // The list is read again after the answer: the row goes once it is (a loaded machine takes a moment).
    await statics
      .getByRole("cell", { name: "ipbs-18-04-01", exact: true })
      .waitFor({ state: "detached", timeout: 10_000 });
    await statics.getByRole("button", { name: "Move ipbs-18-04-02" }).click();
    const dialog = page.getByRole("region", { name: "Move RFPI ipbs-18-04-02" });
    await dialog.getByLabel("Destination").selectOption({ label: "ipbs-18-04-20 (Lobby)" });
    await dialog.getByRole("button", { name: "Move" }).click();
    await page.getByRole("status").filter({ hasText: "Moved the RFPI of ipbs-18-04-02" }).waitFor();
    await screenshot(page, "device-overview-moved");
    await close();
    await waitFor(
      async () => {
        const o = await pariOverview(ip(1));
        const lobby = o?.radios.find((r) => r.mac === mac(0x20));
        return lobby?.rfpis.join() === broken.rfpis.join() && o?.static.length === RADIOS - 2;
      },
      30_000,
      "Lobby with the broken radio's RFPI",
    );
  });
});
