/**
 * General → Kerberos (§4.1.8) in headless Chromium against a real `ipdect node` over HTTPS, the device being the
 * Kerberos server (MIT krb5kdc and kadmind) of its own realm and its client: the root password, the realm's users,
 * a trusted realm, the join, the settings waiting for a reset, an Auditor's read-only view, and Leave realm.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { openPage, ownRealm, unnamedControls } from "../helpers/guiPages.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api } from "../helpers/nodes.js";

const REALM = "GUIK.TEST";
const MAC = "00:90:33:18:07:01";

describe("web GUI: General → Kerberos (§4.1.8)", () => {
  const ip = loopbackBlock()(1);
  const gui = new GuiNode(ip);

  before(async () =>
    gui.start({
      name: "gui-kerberos",
      kind: "IPVM",
      mac: MAC,
      master: { mode: "active" },
      kerberos: await ownRealm(ip, REALM),
    }),
  );
  after(() => gui.close());

  async function open(user = "admin", password = "changeme"): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await gui.open();
    await logIn(page, user, password);
    await openPage(page, "Kerberos");
    return { page, close: () => context.close() };
  }

  const get = async <T>(path: string): Promise<T> => (await api(ip, "GET", path)).json as T;

  test("the root password creates the database; a Retype Password that differs is refused naming it (§4.1.8.1 step 4)", async () => {
    const { page, close } = await open();
    const server = page.getByRole("definition").filter({ hasText: "waiting for the root password" });
    await server.waitFor();
    const root = page.getByRole("form", { name: "Root password" });
    await root.getByLabel("Root Password").fill("root-secret");
    await root.getByLabel("Retype Password").fill("root-secreT");
    await root.getByRole("button", { name: "OK" }).click();
    await root
      .getByRole("alert")
      .filter({ hasText: /^Retype Password: does not match Root Password$/ })
      .waitFor();
    await root.getByLabel("Retype Password").fill("root-secret");
    await root.getByRole("button", { name: "OK" }).click();
    await page.getByRole("table", { name: "Users of the realm: 0" }).waitFor();
    assert.equal((await get<{ state: string }>("/api/kerberos/server")).state, "running");
    assert.deepEqual(await unnamedControls(page, 20), []);
    await close();
  });

  test("Users: a Name with a space is refused naming it; Add, Change a role, Delete (§4.1.8.1 step 7, §4.1.8.12)", async () => {
    const { page, close } = await open();
    const add = page.getByRole("form", { name: "New user" });
    const addUser = async (name: string, password: string, role: string) => {
      await add.getByLabel("Name").fill(name);
      await add.getByLabel("Password", { exact: true }).fill(password);
      await add.getByLabel("Retype Password").fill(password);
      await add.getByLabel("Role").selectOption({ label: role });
      await add.getByRole("button", { name: "Add" }).click();
    };
    await addUser("kerberos admin", "Kadm1n!", "Administrator");
    await add
      .getByRole("alert")
      .filter({ hasText: /^Name: may hold only letters, digits/ })
      .waitFor();
    await addUser("kadm", "Kadm1n!", "Administrator");
    await add.getByRole("status").filter({ hasText: "Added: kadm." }).waitFor();
    await addUser("audrey", "Aud1t!", "Auditor");
    await add.getByRole("status").filter({ hasText: "Added: audrey." }).waitFor();
    await addUser("tmp", "Tmp-pw1", "Join Realm");
    const users = page.getByRole("table", { name: "Users of the realm: 3" });
    await users.waitFor();
    const change = page.getByRole("form", { name: "Change user" });
    await change.getByLabel("User", { exact: true }).selectOption("tmp");
    await change.getByLabel("New Role").selectOption({ label: "Auditor" });
    await change.getByRole("button", { name: "Change" }).click();
    await change.getByRole("status").filter({ hasText: "Changed: tmp." }).waitFor();
    const roles = await get<{ name: string; role: string }[]>("/api/kerberos/users");
    assert.deepEqual(roles.find((u) => u.name === "tmp")?.role, "auditor");
    await users.getByRole("checkbox", { name: "Select tmp" }).check();
    await page.getByRole("button", { name: "Delete users" }).click();
    await page.getByRole("table", { name: "Users of the realm: 2" }).waitFor();
    const names = (await get<{ name: string }[]>("/api/kerberos/users")).map((u) => u.name).sort();
    assert.deepEqual(names, ["audrey", "kadm"]);
    await screenshot(page, "kerberos-server");
    await close();
  });

  test("Trusted Realms: a realm in lower case is refused naming Name; Add and Delete (§4.1.8.9, §4.1.8.12)", async () => {
    const { page, close } = await open();
    const add = page.getByRole("form", { name: "New trusted realm" });
    await add.getByLabel("Name").fill("ad.example");
    await add.getByLabel("Password", { exact: true }).fill("shared-secret");
    await add.getByLabel("Retype Password").fill("shared-secret");
    await add.getByRole("button", { name: "Add" }).click();
    await add
      .getByRole("alert")
      .filter({ hasText: /^Name: may hold only upper-case letters/ })
      .waitFor();
    await add.getByLabel("Name").fill("AD.EXAMPLE");
    await add.getByRole("button", { name: "Add" }).click();
    const trusts = page.getByRole("table", { name: "Trusted realms: 1" });
    await trusts.waitFor();
    assert.deepEqual(await get<string[]>("/api/kerberos/trusts"), ["AD.EXAMPLE"]);
    await trusts.getByRole("checkbox", { name: "Select AD.EXAMPLE" }).check();
    await page.getByRole("button", { name: "Delete realms" }).click();
    await page.getByRole("table", { name: "Trusted realms: 0" }).waitFor();
    assert.deepEqual(await get<string[]>("/api/kerberos/trusts"), []);
    await close();
  });

  test("Join realm with an Administrator of the realm: the client and the server's Joined Clients show it (§4.1.8.4, §4.1.8.5)", async () => {
    const { page, close } = await open();
    const join = page.getByRole("form", { name: "Join Kerberos realm" });
    assert.equal(await join.getByLabel("Realm").inputValue(), REALM);
    await join.getByLabel("Admin user name").fill("kadm");
    await join.getByLabel("Admin password").fill("Kadm1n!");
    await join.getByRole("button", { name: "Join" }).click();
    const host = MAC.replaceAll(":", "");
    await page.getByRole("form", { name: "Leave Kerberos realm" }).waitFor();
    const client = page.getByRole("definition").filter({ hasText: host });
    await client.waitFor();
    const status = await get<{ membership?: { realm: string; host: string } }>("/api/kerberos/client");
    assert.deepEqual(status.membership, { realm: REALM, host });
    await page.reload();
    await page.getByRole("table", { name: "Joined clients: 1" }).getByRole("cell", { name: host }).waitFor();
    await close();
  });

  test("Settings: a Secondary Server that is no IPv4 address is refused naming it; a valid one and AES/RC4 wait for a reset", async () => {
    const { page, close } = await open();
    const server = page.getByRole("form", { name: "Kerberos server settings" });
    assert.equal(await server.getByLabel("Realm").inputValue(), REALM);
    await server.getByLabel("Secondary Server 1").fill("10.0.0.300");
    await server.getByRole("button", { name: "OK" }).click();
    await server
      .getByRole("alert")
      .filter({ hasText: /^Secondary Server 1: must be an IPv4 address/ })
      .waitFor();
    await server.getByLabel("Secondary Server 1").fill("10.0.0.2");
    await server.getByRole("button", { name: "OK" }).click();
    await server.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    const client = page.getByRole("form", { name: "Kerberos client settings" });
    await client.getByLabel("Enable AES and RC4").check();
    await client.getByLabel("Authentication Server 1 Secondary Address").fill("10.0.0.2");
    await client.getByRole("button", { name: "OK" }).click();
    await client.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    await screenshot(page, "kerberos-settings");
    await close();
    const pending = (await get<{ pending: { kerberos: Record<string, Record<string, unknown>> } }>("/api/settings"))
      .pending.kerberos;
    assert.deepEqual(pending["server"]!["secondaries"], ["10.0.0.2"]);
    assert.equal(pending["server"]!["realm"], REALM);
    assert.equal(pending["client"]!["aesRc4"], true);
    const [row] = pending["client"]!["servers"] as {
      realm: string;
      secondaryAddress?: string;
      secondaryPort?: number;
    }[];
    assert.deepEqual([row?.realm, row?.secondaryAddress, row?.secondaryPort], [REALM, "10.0.0.2", 88]);
  });

  test("an Auditor of the realm reads the page: the settings read-only, no action, no Delete check box (§3.4.3)", async () => {
    const { page, close } = await open(`audrey@${REALM}`, "Aud1t!");
    await page.getByRole("table", { name: "Users of the realm: 2" }).waitFor();
    await page.getByRole("table", { name: "Authentication Servers: 1" }).waitFor();
    assert.deepEqual(
      await page.getByRole("form").evaluateAll((forms) => forms.map((f) => f.getAttribute("aria-label"))),
      ["Kerberos server settings", "Kerberos client settings"],
    );
    assert.equal(await page.getByLabel("Realm", { exact: true }).inputValue(), REALM);
    const boxes = page.getByRole("main").getByRole("checkbox");
    assert.ok((await boxes.count()) > 0);
    for (const box of await boxes.all()) assert.equal(await box.isDisabled(), true);
    assert.equal(await page.getByRole("main").getByRole("textbox").and(page.locator(":enabled")).count(), 0);
    assert.deepEqual(
      await page
        .getByRole("main")
        .getByRole("button", { name: /^(OK|Join|Leave|Add|Delete users|Delete)$/ })
        .allTextContents(),
      [],
    );
    await screenshot(page, "kerberos-auditor");
    await close();
  });

  test("Leave realm by Delete: the device forgets its keys and is no member (§4.1.8.13)", async () => {
    const { page, close } = await open();
    const leave = page.getByRole("form", { name: "Leave Kerberos realm" });
    await leave.getByLabel("Leave by").selectOption({ label: "Delete" });
    assert.equal(await leave.getByLabel("Admin user name").count(), 0);
    await leave.getByRole("button", { name: "Leave" }).click();
    await page.getByRole("form", { name: "Join Kerberos realm" }).waitFor();
    assert.equal((await get<{ membership?: unknown }>("/api/kerberos/client")).membership, undefined);
    await close();
  });
});
