/**
 * The configuration wizard (§3.3) on a fresh device (a real `ipdect node` with no role yet) in headless Chromium over
 * HTTPS: it starts by itself for a System Administrator, checks each section naming the field, stores Network,
 * Master (system, SARI, PARI function, SIP proxy) and Radio as one change, and the reset puts it in force.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api } from "../helpers/nodes.js";

/** The little of the browser's DOM a test's page function uses (the tests compile without the DOM types). */
interface BrowserPage {
  readonly MutationObserver: new (f: () => void) => { observe(n: unknown, o: object): void; disconnect(): void };
  readonly document: { readonly body: unknown; querySelector(selector: string): unknown };
  readonly location: { hash: string };
}

describe("web GUI: the first-start wizard on a fresh device (§3.3)", () => {
  const gui = new GuiNode(loopbackBlock()(1));

  before(() => gui.start({ name: "gui-fresh", kind: "IPBS", mac: "00:90:33:18:02:01" }));
  after(() => gui.close());

  test("Network, Master, Trusted Certificate and Radio; Finish and Reset now: the device is a PARI Master", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("heading", { level: 1, name: "Configuration Wizard" }).waitFor();
    const sections = await page.getByRole("list", { name: "Wizard sections" }).getByRole("listitem").allInnerTexts();
    assert.deepEqual(sections, ["Network", "Master", "Trusted Certificate", "Radio"]);
    await screenshot(page, "wizard-network");

    await page.getByLabel("Network Mask").fill("255.255.0");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("alert").filter({ hasText: "Network Mask: must be an IPv4 address" }).waitFor();
    await page.getByLabel("Network Mask").fill("255.255.255.0");
    await page.getByRole("button", { name: "Next" }).click();

    await page.getByRole("form", { name: "Master" }).waitFor();
    await page.getByLabel("Mode").selectOption({ label: "Active" });
    await page.getByLabel("System Name").fill("campus");
    await page.getByLabel("Password", { exact: true }).fill("Camp!1");
    await page.getByLabel("Confirm Password").fill("Camp!2");
    await page.getByLabel("SARI").fill("B-0A5E-00-1");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("alert").filter({ hasText: "Confirm Password: does not match Password" }).waitFor();
    await page.getByRole("alert").filter({ hasText: "SARI: needs Enable PARI Function" }).waitFor();
    await page.getByLabel("Confirm Password").fill("Camp!1");
    await page.getByLabel("Enable PARI Function").check();
    await page.getByLabel("Proxy", { exact: true }).fill("127.0.0.9");
    await screenshot(page, "wizard-master");
    await page.getByRole("button", { name: "Next" }).click();

    await page.getByRole("form", { name: "Trusted Certificate" }).waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("form", { name: "Radio" }).waitFor();
    await page.getByLabel("PARI Master IP Address", { exact: true }).fill(gui.ip);
    await page.getByLabel("Sync Mode").selectOption({ label: "Master" });
    await page.getByLabel("Sync Region").fill("250");
    await page.getByRole("button", { name: "Finish" }).click();
    await page.getByRole("alert").filter({ hasText: "Sync Region: must be a whole number from 0 to 249" }).waitFor();
    await page.getByLabel("Sync Region").fill("7");
    await page.getByRole("button", { name: "Finish" }).click();
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    await screenshot(page, "wizard-saved");
    await page.getByRole("button", { name: "Reset now" }).click();
    // The reset ends the session (the device starts again): the login page shows.
    await page.getByRole("button", { name: "Login" }).waitFor();
    await context.close();

    const status = (await api(gui.ip, "GET", "/api/status")).json as {
      master?: { mode: string };
      pari?: { saris: string[] };
      radio?: unknown;
    };
    assert.equal(status.master?.mode, "active");
    assert.deepEqual(status.pari?.saris, ["B-0A5E-00-1"]);
    assert.notEqual(status.radio, undefined);
    const config = (await api(gui.ip, "GET", "/api/config")).json as { running: string };
    assert.match(config.running, /^config change DECT0 \/sysname campus /m);
    assert.match(config.running, /^config change GK0 \/proxy 127\.0\.0\.9 /m);
    assert.match(config.running, /\/region 7/);
  });

  test("a device that is not fresh any more opens on its menus, not the wizard", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Master" }).waitFor();
    assert.equal(await page.getByRole("heading", { name: "Configuration Wizard" }).count(), 0);
    await context.close();
  });

  test("the wizard's address set while the menus are first drawn opens the wizard, not an empty page", async () => {
    const { context, page } = await gui.open();
    await page.getByLabel("User Name").fill("admin");
    await page.getByLabel("Password", { exact: true }).fill("changeme");
    await page.getByRole("button", { name: "Login" }).click();
    // The hash changes as soon as OK has drawn the header (a mutation observer's microtask), before the router's effect
    // listens (after the next frame): the timing a loaded machine gave `goto #/wizard`, whose hashchange was lost.
    await page.getByRole("button", { name: "OK" }).evaluate((ok: { click(): void }) => {
      const page = globalThis as unknown as BrowserPage;
      const seen = new page.MutationObserver(() => {
        if (page.document.querySelector("header.top") === null) return;
        seen.disconnect();
        page.location.hash = "/wizard";
      });
      seen.observe(page.document.body, { childList: true, subtree: true });
      ok.click();
    });
    await page.getByRole("heading", { level: 1, name: "Configuration Wizard" }).waitFor();
    await context.close();
  });

  test("the wizard again, Mode Off and a new Name with the Password left empty: the password stays (§4.6.1)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.goto(`${gui.url}/#/wizard`);
    await page.getByRole("heading", { level: 1, name: "Configuration Wizard" }).waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Mode").selectOption({ label: "Off" });
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("form", { name: "Trusted Certificate" }).waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Name", { exact: true }).fill("campus-radio");
    assert.equal(await page.getByLabel("Password", { exact: true }).inputValue(), "");
    await page.getByRole("button", { name: "Finish" }).click();
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    await context.close();
    const config = (await api(gui.ip, "GET", "/api/config")).json as { pending?: string };
    assert.match(config.pending ?? "", /^config change DECT0 \/sysname campus-radio \/syspwd Camp!1$/m);
  });
});
