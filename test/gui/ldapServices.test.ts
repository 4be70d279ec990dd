/**
 * Services → HTTP (§4.9.3), Services → SNMP (§4.9.5), LDAP → Server (§4.5.1, §4.5.2) and LDAP → Replicator (§4.5.3,
 * §4.5.4) in headless Chromium against a real `ipdect node` over HTTPS: a wrong value refused naming its field, a
 * change waiting for a reset read back over the API and on the page again, and a Kerberos Auditor's read-only view.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { screenshot } from "../helpers/browser.js";
import { freePort } from "../helpers/foregroundProcess.js";
import { GUI_HTTPS_PORT, GuiNode, logIn } from "../helpers/guiNode.js";
import { openPage, ownRealm, setUpOwnRealm, unnamedControls } from "../helpers/guiPages.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, HTTP_PORT } from "../helpers/nodes.js";

const REALM = "GUIS.TEST";

describe("web GUI: Services → HTTP and SNMP, LDAP → Server and Replicator (§4.9.3, §4.9.5, §4.5)", () => {
  const ip = loopbackBlock()(1);
  const gui = new GuiNode(ip);
  let ldapPort = 0;

  before(async () => {
    ldapPort = await freePort(ip);
    await gui.start({
      name: "gui-ldap-services",
      kind: "IPVM",
      mac: "00:90:33:18:08:01",
      master: { mode: "active" },
      ldap: { server: { user: "ldap-user", password: "ldap-pw", port: ldapPort, tlsPort: 0 } },
      kerberos: await ownRealm(ip, REALM),
    });
    await setUpOwnRealm(ip, REALM, [
      ["kadm", "Kadm1n!", "administrator"],
      ["audrey", "Aud1t!", "auditor"],
    ]);
  });
  after(() => gui.close());

  async function open(
    menu: string,
    user = "admin",
    password = "changeme",
  ): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await gui.open();
    await logIn(page, user, password);
    await openPage(page, menu);
    return { page, close: () => context.close() };
  }

  const pendingOf = async <T>(path: string): Promise<T> =>
    ((await api(ip, "GET", path)).json as { pending: T }).pending;
  /** The pending configuration as native text: the backup (App. C), the one answer that holds the secrets. */
  const pendingBackup = () => pendingOf<string>("/api/config");

  test("HTTP by the keyboard: a mask of 300 is refused naming Allowed Station 1; stations and No Cache wait for a reset", async () => {
    const { page, close } = await open("HTTP");
    assert.equal(await page.getByLabel("HTTPS Port").inputValue(), String(GUI_HTTPS_PORT));
    await page.getByLabel("Allowed Station 1").focus();
    await page.keyboard.type("172.16.0.0/255.255.0.300");
    await page.keyboard.press("Enter");
    await page
      .getByRole("alert")
      .filter({ hasText: /^Allowed Station 1: must be a network/ })
      .waitFor();
    for (const _ of "300") await page.keyboard.press("Backspace");
    await page.keyboard.type("0");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate("document.activeElement.id"), "f-stations-1-network");
    await page.keyboard.type("127.0.0.0/8");
    await page.getByLabel("No Cache").focus();
    await page.keyboard.press("Space");
    await page.getByLabel("Allowed Station 2").focus();
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    assert.deepEqual(await unnamedControls(page, 8), []);
    assert.deepEqual(await pendingOf("/api/http"), {
      port: HTTP_PORT,
      httpsPort: GUI_HTTPS_PORT,
      forceHttps: false,
      mutualTls: false,
      noCache: true,
      allowedStations: [{ network: "172.16.0.0/255.255.0.0" }, { network: "127.0.0.0/8" }],
    });
    await page.reload();
    await page.getByText("Showing the settings that wait for a reset.").waitFor();
    assert.equal(await page.getByLabel("Allowed Station 2").inputValue(), "127.0.0.0/8");
    assert.equal(await page.getByLabel("No Cache").isChecked(), true);
    await screenshot(page, "http");
    await close();
  });

  test("SNMP: a v3 trap without the SNMPv3 user, Retries over 255 and a short Password (Auth) are refused naming them; the community stays masked (§4.9.5)", async () => {
    const { page, close } = await open("SNMP");
    await page.getByLabel("Enable").check();
    await page.getByLabel("Community").fill("s3cret-comm");
    await page.getByLabel("Trap Destination 1", { exact: true }).fill("10.0.0.9:1162");
    // The device's own refusal names the row's field too: a v3 trap is sent as the SNMPv3 user, and there is none.
    await page.getByLabel("Trap Destination 1 Version").selectOption({ label: "SNMPv3 trap (as the SNMPv3 user)" });
    await page.getByRole("button", { name: "OK" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Trap Destination 1 Version: v3 needs the SNMPv3 user/ })
      .waitFor();
    await page.getByLabel("Trap Destination 1 Version").selectOption({ label: "SNMPv2c inform" });
    await page.getByLabel("Trap Destination 1 Retries").fill("300");
    await page.getByLabel("User", { exact: true }).fill("mgr");
    await page.getByLabel("Authentication", { exact: true }).selectOption("SHA");
    await page.getByLabel("Password (Auth)").fill("short");
    await page.getByRole("button", { name: "OK" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Trap Destination 1 Retries: must be a whole number from 0 to 255/ })
      .waitFor();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Password \(Auth\): must have at least 8 characters/ })
      .waitFor();
    await page.getByLabel("Trap Destination 1 Retries").fill("2");
    await page.getByLabel("Password (Auth)").fill("auth-pass-1");
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    assert.deepEqual(await unnamedControls(page, 10), []);
    const expected = {
      enabled: true,
      port: 161,
      community: "********",
      authTrap: false,
      trapDestinations: [{ address: "10.0.0.9:1162", version: "v2c-inform", timeoutMs: 15_000, retries: 2 }],
      allowedNetworks: [],
      v3: { user: "mgr", authProtocol: "SHA", authPassword: "********", privProtocol: "none" },
    };
    assert.deepEqual(await pendingOf("/api/snmp"), expected);
    // The page shows the mask, and sending it back keeps the secrets stored.
    await page.reload();
    assert.equal(await page.getByLabel("Community").inputValue(), "********");
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    await screenshot(page, "snmp");
    await close();
    assert.deepEqual(await pendingOf("/api/snmp"), expected);
    const settings = await pendingOf<{ snmp: { community: string; v3: { authPassword: string } } }>("/api/settings");
    assert.deepEqual([settings.snmp.community, settings.snmp.v3.authPassword], ["********", "********"]);
    const backup = await pendingBackup();
    assert.ok(backup.includes("s3cret-comm") && backup.includes("auth-pass-1"), "the secrets are stored");
  });

  test("LDAP → Server: the status; an empty User is refused naming it; Write Access waits for a reset, password kept (§4.5.1)", async () => {
    const { page, close } = await open("Server");
    await page
      .getByRole("definition")
      .filter({ hasText: /^ldap-user$/ })
      .waitFor();
    await page
      .getByRole("term")
      .filter({ hasText: /^tx error 49$/ })
      .waitFor();
    const form = page.getByRole("form", { name: "LDAP server settings" });
    await form.getByLabel("User").fill("");
    await form.getByLabel("Write Access").check();
    await form.getByRole("button", { name: "OK" }).click();
    await form
      .getByRole("alert")
      .filter({ hasText: /^User: must be filled in$/ })
      .waitFor();
    await form.getByLabel("User").fill("ldap-admin");
    await form.getByRole("button", { name: "OK" }).click();
    await form.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    assert.deepEqual(await unnamedControls(page, 6), []);
    await screenshot(page, "ldap-server");
    await close();
    const pending = await pendingOf<{ ldap: { server: unknown } }>("/api/settings");
    assert.deepEqual(pending.ldap.server, {
      user: "ldap-admin",
      password: "********",
      writeAccess: true,
      port: ldapPort,
      tlsPort: 0,
    });
    assert.match(await pendingBackup(), /^config change LDAP0 .*\/password ldap-pw/m);
  });

  test("LDAP → Replicator: a Server and an LDAP Filter that are wrong are refused naming them; AD replication with maps waits for a reset (§4.5.3.2)", async () => {
    const { page, close } = await open("Replicator");
    await page
      .getByRole("definition")
      .filter({ hasText: /^Stopped$/ })
      .waitFor();
    const form = page.getByRole("form", { name: "LDAP replicator settings" });
    await form.getByLabel("Type").selectOption({ label: "Active Directory Replication" });
    await form.getByLabel("Server", { exact: true }).fill("ad_server");
    await form.getByLabel("User").fill("reader");
    await form.getByLabel("Password").fill("read-pw");
    await form.getByLabel("Search Base").fill("CN=Users,DC=example,DC=com");
    await form.getByLabel("LDAP Filter").fill("(objectclass=user");
    await form.getByLabel("In Map 1 Source Attribute").fill("telephoneNumber");
    await form.getByLabel("In Map 1 Assignment Pattern").fill("%tel=([0-9]*)");
    await form.getByLabel("Out Map 1 Dest. Attribute").fill("e164");
    await form.getByLabel("Out Map 1 Destination Value").fill("%tel");
    await form.getByRole("button", { name: "OK" }).click();
    await form
      .getByRole("alert")
      .filter({ hasText: /^Server: must be an address or DNS name/ })
      .waitFor();
    await form
      .getByRole("alert")
      .filter({ hasText: /^LDAP Filter: must be an LDAP filter/ })
      .waitFor();
    await form.getByLabel("Server", { exact: true }).fill("127.0.0.1:3890");
    await form.getByLabel("LDAP Filter").fill("(objectclass=user)");
    await form.getByRole("button", { name: "OK" }).click();
    await form.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    assert.deepEqual(await unnamedControls(page, 10), []);
    await screenshot(page, "ldap-replicator");
    await close();
    const pending = await pendingOf<{ ldap: { server: { user: string }; replicator: unknown } }>("/api/settings");
    assert.equal(pending.ldap.server.user, "ldap-admin");
    assert.deepEqual(pending.ldap.replicator, {
      type: "ad",
      enabled: true,
      server: "127.0.0.1:3890",
      user: "reader",
      password: "********",
      searchBase: "CN=Users,DC=example,DC=com",
      adFilter: "(objectclass=user)",
      tls: false,
      inMaps: [{ source: "telephoneNumber", pattern: "%tel=([0-9]*)" }],
      outMaps: [{ dest: "e164", value: "%tel" }],
    });
    assert.match(await pendingBackup(), /^config change LDAPREP0 .*\/password read-pw/m);
  });

  test("an Auditor of the realm reads HTTP, SNMP and the LDAP settings read-only, the secrets masked (§3.4.3)", async () => {
    const { page, close } = await open("HTTP", `audrey@${REALM}`, "Aud1t!");
    assert.equal(await page.getByLabel("No Cache").isDisabled(), true);
    assert.equal(await page.getByLabel("Allowed Station 1").inputValue(), "172.16.0.0/255.255.0.0");
    assert.equal(await page.getByRole("button", { name: "OK" }).count(), 0);
    await openPage(page, "SNMP");
    assert.equal(await page.getByLabel("Community").inputValue(), "********");
    assert.equal(await page.getByLabel("Community").isDisabled(), true);
    assert.equal(await page.getByRole("button", { name: "OK" }).count(), 0);
    await openPage(page, "Server");
    await page
      .getByRole("definition")
      .filter({ hasText: /^ldap-user$/ })
      .waitFor();
    assert.equal(await page.getByLabel("User", { exact: true }).inputValue(), "ldap-admin");
    assert.equal(await page.getByLabel("User", { exact: true }).isDisabled(), true);
    assert.equal(await page.getByRole("button", { name: "OK" }).count(), 0);
    await openPage(page, "Replicator");
    await page.getByRole("heading", { name: "Replicator Status" }).waitFor();
    await page.getByRole("form", { name: "LDAP replicator settings" }).waitFor();
    assert.equal(await page.getByRole("main").getByRole("textbox").and(page.locator(":enabled")).count(), 0);
    assert.equal(await page.getByRole("button", { name: "OK" }).count(), 0);
    await screenshot(page, "ldap-auditor");
    await close();
  });
});
