/**
 * Users (§4.10, §3.14) in headless Chromium against a real `ipdect node` over HTTPS: a 1000-row CSV import (§3.14.3),
 * the search by the beginning of the Long Name (§4.10.2), New and Edit with messages that name the field, a refused
 * import listing its rows, the export (§4.10.6), and User Administrators made by a System Administrator (§3.4.5.4)
 * that then see the User Administration page (§3.4.4).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api } from "../helpers/nodes.js";

const SURNAMES = ["Berg", "Lind", "Holm", "Dahl", "Strand"];

/** §3.14.3: `Long Name;Name;Number;Display Name;Auth Name (SIP);Idle Display;IPEI/IPDI;Password;` with its header. */
function usersCsv(n: number): string {
  const rows = ["Long Name;Name;Number;Display Name;Auth Name (SIP);Idle Display;IPEI/IPDI;Password;"];
  for (let i = 0; i < n; i++) {
    const number = String(3000 + i);
    rows.push(`${SURNAMES[i % SURNAMES.length]} ${number};u${number};${number};;;;;pw${number};`);
  }
  return rows.join("\r\n") + "\r\n";
}

describe("web GUI: Users (§4.10): CSV import, search by Long Name, New and Edit, User Administrators", () => {
  const gui = new GuiNode(loopbackBlock()(1));

  before(() =>
    gui.start({
      name: "gui-users",
      kind: "IPVM",
      mac: "00:90:33:18:03:01",
      master: { mode: "active" },
      pari: { systemId: 12, sari: ["B-0A5E-0B-1"] },
    }),
  );
  after(() => gui.close());

  test("a 1000-row CSV imports; the Long Name prefix finds its users, and the headings sort them (§4.10.2)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Users" }).click();
    await page.getByLabel("CSV file").setInputFiles({
      name: "users.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(usersCsv(1000)),
    });
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByRole("status").filter({ hasText: "Imported 1000 users." }).waitFor({ timeout: 60_000 });
    await page.getByLabel("Long Name", { exact: true }).fill("strand 39");
    await page.getByRole("button", { name: "Show" }).click();
    const table = page.getByRole("table", { name: /^Users whose Long Name begins with "strand 39": 20$/ });
    await table.waitFor();
    const names = await table.locator("tbody tr td:first-child").allInnerTexts();
    assert.equal(names.length, 20);
    assert.ok(
      names.every((n) => n.startsWith("Strand 39")),
      names.join(),
    );
    await table.getByRole("button", { name: "Number" }).click();
    await table.getByRole("button", { name: "Number ▲" }).click();
    assert.equal(await table.getByRole("columnheader", { name: "Number ▼" }).getAttribute("aria-sort"), "descending");
    assert.equal((await table.locator("tbody tr td:nth-child(3)").first().innerText()).trim(), "3999");
    await screenshot(page, "users-search");
    await context.close();
  });

  test("a refused CSV imports nothing and lists the refused rows (§3.14.3)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Users" }).click();
    const csv = "Long Name;Name;Number;\r\nNew One;n1;4001;\r\nBerg 3000;dup;4002;\r\n";
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Import" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Nothing imported" });
    await alert.waitFor();
    assert.match(await alert.innerText(), /Row 3: /);
    const users = (await api(gui.ip, "GET", "/api/users")).json as { longName: string }[];
    assert.equal(users.length, 1000);
    await context.close();
  });

  test("New refuses a Number of letters naming the field; Edit changes a user; the export holds it", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Users" }).click();
    await page.getByRole("button", { name: "New", exact: true }).click();
    const dialog = page.getByRole("region", { name: "New User" });
    await dialog.getByLabel("Long Name").fill("Zoe Quist");
    await dialog.getByLabel("Number").fill("abc");
    await dialog.getByRole("button", { name: "OK" }).click();
    await dialog.getByRole("alert").filter({ hasText: "Number: may hold only digits and * # +" }).waitFor();
    await dialog.getByLabel("Number").fill("5000");
    await dialog.getByLabel("IPEI/IPDI").fill("0020201733948");
    await dialog.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "Added: Zoe Quist." }).waitFor();

    await page.getByLabel("Long Name", { exact: true }).fill("zoe");
    await page.getByRole("button", { name: "Show" }).click();
    await page.getByRole("button", { name: "Zoe Quist" }).click();
    const edit = page.getByRole("region", { name: "Edit User Zoe Quist" });
    await edit.getByLabel("Display Name").fill("Zoe Q.");
    await edit.getByRole("button", { name: "OK" }).click();
    // The dialog's own alert, if the device refused the change, is the failure to report (not a 30 s timeout).
    const saved = page.getByRole("status").filter({ hasText: "Saved: Zoe Quist." });
    await saved.or(edit.getByRole("alert")).first().waitFor();
    assert.ok(await saved.isVisible(), `not saved: ${await edit.getByRole("alert").allInnerTexts()}`);
    await screenshot(page, "users-edit");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export" }).click(),
    ]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const csv = Buffer.concat(chunks).toString("utf8");
    assert.equal(download.suggestedFilename(), "users.csv");
    assert.match(csv, /^Zoe Quist;;5000;Zoe Q\.;/m);
    await context.close();
  });

  test("a System Administrator adds a User Administrator, who then logs in to the User Administration page (§3.4.5.4)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Users" }).click();
    await page.getByRole("button", { name: "New User Administrator" }).click();
    const form = page.getByRole("form", { name: "New User Administrator" });
    await form.getByLabel("Long Name").fill("Ursula Admin");
    await form.getByLabel("Name", { exact: true }).fill("ursula");
    await form.getByLabel("Password", { exact: true }).fill("ursula-pw");
    await form.getByLabel("Confirm Password").fill("ursula-pw");
    await form.getByRole("button", { name: "OK" }).click();
    await page
      .getByRole("table", { name: "User Administrators" })
      .getByRole("cell", { name: "Ursula Admin", exact: true })
      .waitFor();
    await context.close();

    const ua = await gui.open();
    await logIn(ua.page, "ursula", "ursula-pw", "DECT User Administration");
    await ua.page.getByLabel("Long Name", { exact: true }).fill("Berg 300");
    await ua.page.getByRole("button", { name: "Show" }).click();
    await ua.page.getByRole("table", { name: /^Users whose Long Name begins with "Berg 300": 2$/ }).waitFor();
    await screenshot(ua.page, "user-administration");
    await ua.context.close();
  });

  test('§4.10.3 "To view the PARK and the PARK 3rd pty code: Select Users → Users"', async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Users" }).click();
    const codes = page.getByLabel("PARK codes");
    await codes.getByText("PARK{31} B-0A5E-0B-1").waitFor();
    await codes.getByText("PARK{27} B-0A5E-0B-0").waitFor();
    await context.close();
  });

  test("Anonymous: New refuses a bad IPEI naming the field and adds a good one (§4.10.8)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Anonymous" }).click();
    await page.getByLabel("IPEI", { exact: true }).fill("12345");
    await page.getByRole("button", { name: "OK" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^IPEI: must be 13 digits/ })
      .waitFor();
    await page.getByLabel("IPEI", { exact: true }).fill("0001905920153");
    await page.getByRole("button", { name: "OK" }).click();
    await page
      .getByRole("table", { name: "Anonymous handsets: 1" })
      .getByRole("cell", { name: "0001905920153" })
      .waitFor();
    await page.getByLabel("IPEI", { exact: true }).fill("0001905920153");
    await page.getByRole("button", { name: "OK" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /already known/ })
      .waitFor();
    await context.close();
  });
});
