import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { realmPorts } from "./kerberos.js";
import { api } from "./nodes.js";

/** Opens a page of the menu by its link, as a person would, and waits for its heading. */
export async function openPage(page: Page, menu: string): Promise<void> {
  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: menu, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: menu, exact: true }).waitFor();
}

/**
 * The visible form controls of the page (inputs, selects, buttons) without an accessible name (a label, aria-label or
 * text): what a screen reader, and Playwright's getByRole, could not find. Empty on a good page, which has at least
 * `atLeast` controls.
 */
export async function unnamedControls(page: Page, atLeast = 1): Promise<string[]> {
  const visible = `[...document.querySelectorAll("main input, main select, main button")]
    .filter((e) => e.offsetParent !== null)`;
  // A page draws its forms once their settings have loaded, after its heading: wait for them (a loaded machine took
  // longer than the heading), then count what is there.
  await page.waitForFunction(`${visible}.length >= ${atLeast}`, undefined, { timeout: 10_000 }).catch(() => undefined);
  const controls = (await page.evaluate(`${visible}
    .map((e) => ({ html: e.outerHTML, named: (e.labels?.length ?? 0) > 0 || !!e.getAttribute("aria-label") || e.textContent.trim() !== "" }))`)) as {
    html: string;
    named: boolean;
  }[];
  assert.ok(controls.length >= atLeast, `${controls.length} controls`);
  return controls.filter((c) => !c.named).map((c) => c.html);
}

/**
 * The `kerberos` section of a GUI test device at `ip` that is the Kerberos server of its own realm and that realm's
 * client (§4.1.8.1, §4.1.8.3: "In the Kerberos server enter 127.0.0.1", here its own address), on free ports.
 */
export async function ownRealm(ip: string, realm: string): Promise<Record<string, unknown>> {
  const p = await realmPorts(ip);
  return {
    server: { realm, port: p.port, adminPort: p.adminPort, passwordPort: p.passwordPort, propPort: p.propPort },
    client: { servers: [{ realm, address: ip, port: p.port, adminPort: p.adminPort }] },
  };
}

/** A user of the realm: name, password and role (§4.1.8.1 step 7). */
export type RealmUser = readonly [string, string, "administrator" | "auditor" | "join-realm"];

/**
 * Sets up the realm of `ownRealm` over the API: the database (§4.1.8.1 step 4), `users`, and the join (§4.1.8.4) with
 * the first of them, an Administrator; then the realm's Auditors log in to the device.
 */
export async function setUpOwnRealm(ip: string, realm: string, users: readonly RealmUser[]): Promise<void> {
  const [admin] = users;
  assert.equal(admin?.[2], "administrator", "the first user joins the device to the realm");
  const calls: [string, string, unknown][] = [
    ["POST", "/api/kerberos/server", { rootPassword: "root-secret" }],
    ...users.map(([name, password, role]): [string, string, unknown] => [
      "POST",
      "/api/kerberos/users",
      { name, password, role },
    ]),
    ["POST", "/api/kerberos/client/join", { realm, user: admin[0], password: admin[1] }],
  ];
  for (const [method, path, body] of calls) {
    const r = await api(ip, method, path, JSON.stringify(body));
    assert.ok(r.status < 300, `${path}: ${JSON.stringify(r.json)}`);
  }
}
