/**
 * DECT → System, Radio and Master as an Auditor sees them (§3.4.2, §3.4.3 "read access to device parameter settings
 * but … not authorized to update those settings") in headless Chromium against a real `ipdect node` over HTTPS: the
 * fields read-only and without OK, and no secret of the configuration anywhere the browser gets, the page or the
 * answers of the API. A System Administrator's change on DECT → System keeps the password it was shown masked.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { realmPorts } from "../helpers/kerberos.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api } from "../helpers/nodes.js";

const REALM = "DECT.TEST";
/** The secrets of the device below; the Auditor's browser must get none of them. */
const SECRETS = {
  system: "Sys-S3cret!",
  replicator: "Repl-S3cret-1",
  community: "Comm-S3cret-1",
  updateUrl: "Upd-S3cret-1",
};

/** Opens a page of the menu by its link, as a person would. */
async function openPage(page: Page, menu: string): Promise<void> {
  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: menu, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: menu, exact: true }).waitFor();
}

/** The page's text and every answer of the API it got so far hold no secret. */
async function assertNoSecret(page: Page, answers: readonly string[]): Promise<void> {
  const seen = [await page.content(), ...answers].join("\n");
  for (const [what, secret] of Object.entries(SECRETS))
    assert.ok(!seen.includes(secret), `the ${what} secret reached the browser`);
}

describe("web GUI: an Auditor on DECT → System, Radio and Master, read-only and without secrets (§3.4.3)", () => {
  const ip = loopbackBlock()(1);
  const gui = new GuiNode(ip);

  before(async () => {
    const p = await realmPorts(ip);
    await gui.start({
      name: "gui-dect-auditor",
      kind: "IPBS",
      mac: "00:90:33:18:03:01",
      update: { url: `http://dev:${SECRETS.updateUrl}@127.0.9.1/update.txt` },
      system: { name: "campus", password: SECRETS.system },
      master: { mode: "active" },
      pari: {},
      radio: { pariMaster: ip, syncMode: "master", region: 3 },
      // Neither listens: the replicator is off and so is SNMP, yet their secrets are in the configuration.
      ldap: { replicator: { type: "full", enabled: false, user: "repl", password: SECRETS.replicator } },
      snmp: { enabled: false, community: SECRETS.community },
      kerberos: {
        server: {
          realm: REALM,
          port: p.port,
          adminPort: p.adminPort,
          passwordPort: p.passwordPort,
          propPort: p.propPort,
        },
        client: { servers: [{ realm: REALM, address: ip, port: p.port, adminPort: p.adminPort }] },
      },
    });
    // The device is the server of its own realm and joins it (§4.1.8.4), so the realm's Auditor logs in to it.
    const calls: [string, string, unknown][] = [
      ["POST", "/api/kerberos/server", { rootPassword: "root-secret" }],
      ["POST", "/api/kerberos/users", { name: "kadm", password: "Kadm1n!", role: "administrator" }],
      ["POST", "/api/kerberos/users", { name: "audrey", password: "Aud1t!", role: "auditor" }],
      ["POST", "/api/kerberos/client/join", { realm: REALM, user: "kadm", password: "Kadm1n!" }],
    ];
    for (const [method, path, body] of calls) {
      const r = await api(ip, method, path, JSON.stringify(body));
      assert.ok(r.status < 300, `${path}: ${JSON.stringify(r.json)}`);
    }
  });
  after(() => gui.close());

  test("an Auditor opens DECT → System, Radio and Master: values shown, fields disabled, no OK, no secret", async () => {
    const { context, page } = await gui.open();
    // Every answer of the API the browser gets (an event stream's never ends: its text is not waited for).
    const answers: Promise<string>[] = [];
    page.on("response", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/api/") && !path.endsWith("/stream")) answers.push(r.text());
    });
    await logIn(page, `audrey@${REALM}`, "Aud1t!");

    await openPage(page, "System");
    const system = page.getByRole("form", { name: "System name and password" });
    assert.equal(await system.getByLabel("System Name").inputValue(), "campus");
    for (const label of ["System Name", "Password", "Confirm Password"])
      assert.equal(await system.getByLabel(label, { exact: true }).isDisabled(), true, label);
    assert.equal(await page.getByRole("button", { name: "OK" }).count(), 0);
    // The subscription's System AC lets a handset subscribe (§4.6.3): the System Administrator's only.
    assert.equal(await page.getByRole("heading", { name: "Subscription" }).count(), 0);
    await screenshot(page, "dect-system-auditor");

    await openPage(page, "Radio");
    const radio = page.getByRole("form", { name: "Radio" });
    assert.equal(await radio.getByLabel("PARI Master IP Address", { exact: true }).inputValue(), ip);
    assert.equal(await radio.getByLabel("Sync Mode").inputValue(), "master");
    assert.equal(await radio.getByLabel("Sync Region").inputValue(), "3");
    for (const label of ["Disable", "PARI Master IP Address", "Sync Mode", "Sync Region"])
      assert.equal(await radio.getByLabel(label, { exact: true }).isDisabled(), true, label);
    assert.equal(await page.getByRole("button", { name: "OK" }).count(), 0);

    await openPage(page, "Master");
    const master = page.getByRole("form", { name: "Master" });
    assert.equal(await master.getByLabel("Mode").inputValue(), "active");
    assert.equal(await master.getByLabel("Mode").isDisabled(), true);
    assert.equal(await master.getByLabel("Enable PARI Function").isChecked(), true);
    assert.equal(await page.getByRole("button", { name: "OK" }).count(), 0);

    const texts = await Promise.all(answers);
    assert.ok(
      texts.some((a) => /"password": "\*{8}"/.test(a)),
      "the settings were read, masked",
    );
    await assertNoSecret(page, texts);
    await context.close();
  });

  test("a System Administrator changes the system name with the password left empty: the password stays (§4.6.1)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await openPage(page, "System");
    const system = page.getByRole("form", { name: "System name and password" });
    assert.equal(await system.getByLabel("Password", { exact: true }).inputValue(), "");
    await system.getByLabel("System Name").fill("campus-2");
    await system.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    await context.close();
    const config = (await api(ip, "GET", "/api/config")).json as { pending?: string };
    assert.match(config.pending ?? "", /^config change DECT0 \/sysname campus-2 \/syspwd (\S+)/m);
    assert.equal(/\/syspwd (\S+)/.exec(config.pending ?? "")?.[1], SECRETS.system);
  });
});
