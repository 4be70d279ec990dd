/**
 * The web GUI's login (§3.4.1) at each access level (§3.4.2) in headless Chromium against a real `ipdect node` over
 * HTTPS: the banner (§4.1.3), a wrong password and the login block (§3.4.5.1), the link of each level, a System
 * Administrator's menus, an Auditor's read-only pages (§3.4.3; a Kerberos Auditor of the device's own realm, §4.1.8),
 * a User Administrator's single page (§3.4.4), and Logout (§3.4.6).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { ownRealm, setUpOwnRealm, unnamedControls } from "../helpers/guiPages.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, HTTP_PORT } from "../helpers/nodes.js";

const REALM = "GUI.TEST";
const BANNER = "Authorized personnel only";

describe("web GUI: the login page and what each access level sees (§3.4)", () => {
  const ip = loopbackBlock()(1);
  const gui = new GuiNode(ip);

  before(async () => {
    await gui.start({
      name: "gui-login",
      kind: "IPVM",
      mac: "00:90:33:18:00:01",
      master: { mode: "active" },
      admin: { loginBanner: BANNER },
      kerberos: await ownRealm(ip, REALM),
    });
    // The device is the server of its own realm and joins it (§4.1.8.4), so the realm's Auditor logs in to it.
    await setUpOwnRealm(ip, REALM, [
      ["kadm", "Kadm1n!", "administrator"],
      ["audrey", "Aud1t!", "auditor"],
    ]);
    for (const body of [
      { longName: "Una Admin", name: "una", password: "una-pw" },
      { longName: "Bob Blocked", name: "bob", password: "bob-pw" },
    ]) {
      const r = await api(ip, "POST", "/api/user-admins", JSON.stringify(body));
      assert.ok(r.status < 300, JSON.stringify(r.json));
    }
  });
  after(() => gui.close());

  test("the page loads without a login: the banner and the two entries of the list (§3.4.1, §4.1.3)", async () => {
    // The GUI's files come from the device without a login; everything else under it still needs one.
    const base = `http://${ip}:${HTTP_PORT}`;
    const index = await fetch(`${base}/`);
    assert.equal(index.status, 200);
    assert.equal(index.headers.get("content-type"), "text/html; charset=utf-8");
    assert.match(index.headers.get("content-security-policy") ?? "", /^default-src 'self'/);
    assert.match(await index.text(), /<script type="module" src="\/gui\/app\.js">/);
    assert.equal((await fetch(`${base}/gui/app.js`)).headers.get("content-type"), "text/javascript; charset=utf-8");
    // A file the GUI does not have is no file: refused (401 before a login, or 404 where /gui/ is the GUI's own route).
    assert.ok([401, 404].includes((await fetch(`${base}/gui/nothing.js`)).status));
    assert.equal((await fetch(`${base}/api/status`)).status, 401);
    const { context, page } = await gui.open();
    await screenshot(page, "login");
    assert.equal(await page.getByRole("region", { name: "Login text" }).innerText(), BANNER);
    const entries = await page.getByLabel("Administration").locator("option").allInnerTexts();
    assert.deepEqual(entries, ["System Administration", "DECT User Administration"]);
    await context.close();
  });

  test("a wrong password says so; the right one while the name is blocked is refused (§3.4.5.1)", async () => {
    const { context, page } = await gui.open();
    await page.getByLabel("Administration").selectOption({ label: "DECT User Administration" });
    await page.getByLabel("User Name").fill("bob");
    await page.getByLabel("Password", { exact: true }).fill("wrong");
    await page.getByRole("button", { name: "Login" }).click();
    await page.getByRole("alert").filter({ hasText: "Wrong user name or password" }).waitFor();
    assert.match(await page.getByRole("alert").innerText(), /blocked for 5 s/);
    await page.getByLabel("Password", { exact: true }).fill("bob-pw");
    await page.getByRole("button", { name: "Login" }).click();
    await page.getByRole("alert").filter({ hasText: "bob is blocked after a failed login" }).waitFor();
    await screenshot(page, "login-blocked");
    await context.close();
  });

  test("each level logs in by its own entry: a User Administrator by System Administration is refused (§3.4.2)", async () => {
    const { context, page } = await gui.open();
    await page.getByLabel("User Name").fill("una");
    await page.getByLabel("Password", { exact: true }).fill("una-pw");
    await page.getByRole("button", { name: "Login" }).click();
    await page.getByRole("alert").filter({ hasText: "choose the other entry" }).waitFor();
    await context.close();
  });

  test("a System Administrator gets the chapter-4 menus; a reload keeps the session; Logout ends it (§3.4.6)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    const menu = page.getByRole("navigation", { name: "Menu" });
    await menu.getByRole("link", { name: "Config Show" }).waitFor();
    await screenshot(page, "shell-system-admin");
    await page.reload();
    await menu.getByRole("link", { name: "Reset" }).waitFor();
    await page.getByRole("button", { name: "Logout" }).click();
    await page.getByRole("button", { name: "Login" }).waitFor();
    await page.reload();
    await page.getByRole("button", { name: "Login" }).waitFor();
    await context.close();
  });

  test("the keyboard alone logs in and reaches the menus and a page's fields (labelled controls)", async () => {
    const { context, page } = await gui.open();
    await page.getByLabel("Administration").focus();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate("document.activeElement.id"), "login-user");
    await page.keyboard.type("admin");
    await page.keyboard.press("Tab");
    await page.keyboard.type("changeme");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "OK" }).waitFor();
    await page.keyboard.press("Enter");
    const menu = page.getByRole("navigation", { name: "Menu" });
    await menu.waitFor();
    await menu.getByRole("link", { name: "Admin" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Admin" }).waitFor();
    // Every visible form control of the page has an accessible name (a label, aria-label or its text).
    assert.deepEqual(await unnamedControls(page, 10), []);
    await context.close();
  });

  test("an Auditor of the realm sees settings read-only and not the System Administrator's pages (§3.4.3)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, `audrey@${REALM}`, "Aud1t!");
    await page.getByRole("heading", { name: "Admin", exact: true }).waitFor();
    const menu = page.getByRole("navigation", { name: "Menu" });
    assert.equal(await menu.getByRole("link", { name: "Config Show" }).count(), 0);
    const form = page.getByRole("form", { name: "Local security policy" });
    assert.equal(await form.getByLabel("Login Text").isDisabled(), true);
    assert.equal(await form.getByRole("button", { name: "OK" }).count(), 0);
    await screenshot(page, "shell-auditor");
    // General → Certificates: the device certificate and its PEM, no control of the API's system-admin routes.
    await menu.getByRole("link", { name: "Certificates", exact: true }).click();
    await page
      .getByRole("region", { name: "Device Certificate" })
      .getByRole("button", { name: "Download PEM" })
      .waitFor();
    assert.equal(await page.getByRole("button", { name: /^(Create New|Trust|Clear|Upload|Remove)$/ }).count(), 0);
    await context.close();
  });

  test("a User Administrator gets the User Administration page only, with the User Administrators read-only (§3.4.4)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "una", "una-pw", "DECT User Administration");
    await page.getByRole("heading", { name: "User Administration", level: 1 }).waitFor();
    assert.equal(await page.getByRole("navigation", { name: "Menu" }).count(), 0);
    const admins = page.getByRole("table", { name: "User Administrators" });
    await admins.getByRole("cell", { name: "Una Admin" }).waitFor();
    assert.equal(await admins.getByRole("button").count(), 0);
    await screenshot(page, "user-admin");
    await context.close();
  });
});
