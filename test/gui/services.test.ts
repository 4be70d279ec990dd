/**
 * General → Certificates (§4.1.10) and Services → Logging (§4.9.2, §4.23.1.1) in headless Chromium against a real
 * `ipdect node` over HTTPS: the device certificate, the trust list's Trust, Remove and Upload, a logging
 * destination checked field by field, pending until reset, the Time Server (§4.1.9) and the TLS profile (§4.3.3).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api } from "../helpers/nodes.js";

const MAC = "00:90:33:18:06:01";

describe("web GUI: Certificates and Logging (§4.1.10, §4.9.2)", () => {
  const gui = new GuiNode(loopbackBlock()(1));

  before(() => gui.start({ name: "gui-services", kind: "IPVM", mac: MAC, master: { mode: "active" } }));
  after(() => gui.close());

  async function open(menu: string): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: menu, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: menu }).waitFor();
    return { page, close: () => context.close() };
  }

  test("the device certificate; Trust puts it on the trust list, Remove takes it off, Upload adds a file (§4.1.10)", async () => {
    const { page, close } = await open("Certificates");
    const device = page.getByRole("region", { name: "Device Certificate" });
    await device.getByText(`CN=${MAC}`).first().waitFor();
    assert.match(await device.innerText(), /Default device certificate/);
    const trustList = page.getByRole("table", { name: /^Trusted certificates/ });
    await page.getByRole("table", { name: "Trusted certificates: 0" }).waitFor();
    await device.getByRole("button", { name: "Trust" }).click();
    await page.getByRole("table", { name: "Trusted certificates: 1" }).waitFor();
    const fingerprint = (await api(gui.ip, "GET", "/api/certs/trust")).json as { fingerprint: string }[];
    await trustList.getByRole("checkbox", { name: `Select ${fingerprint[0]!.fingerprint}` }).check();
    await page.getByRole("button", { name: "Remove" }).click();
    await page.getByRole("table", { name: "Trusted certificates: 0" }).waitFor();
    const pem = await (
      await fetch(`http://${gui.ip}:8080/api/certs/device.pem`, {
        headers: { authorization: `Basic ${Buffer.from("admin:changeme").toString("base64")}` },
      })
    ).text();
    const upload = page.getByRole("form", { name: "Upload to the trust list" });
    await upload
      .getByLabel("Certificate file")
      .setInputFiles({ name: "device.pem", mimeType: "application/x-pem-file", buffer: Buffer.from(pem) });
    await upload.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("status").filter({ hasText: "Added 1 certificate(s)." }).waitFor();
    await page.getByRole("table", { name: "Trusted certificates: 1" }).waitFor();
    await screenshot(page, "certificates");
    await close();
  });

  test("Logging: a Server that is no IPv4 address is refused naming the field; a SYSLOG destination waits for a reset", async () => {
    const { page, close } = await open("Logging");
    await page.getByLabel("Type").selectOption({ label: "SYSLOG" });
    await page.getByLabel("Server").fill("10.0.0.500");
    await page.getByRole("button", { name: "OK" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Server: must be an IPv4 address/ })
      .waitFor();
    await page.getByLabel("Server").fill("10.0.0.5");
    await page.getByLabel("Class").selectOption("local3");
    await page.getByLabel("SIP registrations").check();
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    await screenshot(page, "logging");
    await close();
    const logging = (await api(gui.ip, "GET", "/api/logging")).json as {
      pending: { type: string; address: string; class: string; logs: string[] };
    };
    assert.deepEqual(
      { ...logging.pending, logs: [...logging.pending.logs].sort() },
      {
        ...logging.pending,
        type: "syslog",
        address: "10.0.0.5",
        class: "local3",
        logs: ["alarms", "configChanges", "events", "logins", "sipRegistrations"],
      },
    );
  });

  test("General → NTP: a Time Server that is no address or DNS name is refused naming the field; a name waits for a reset (§4.1.9)", async () => {
    const { page, close } = await open("NTP");
    await page.getByLabel("Time Server").fill("ntp server!");
    await page.getByRole("button", { name: "OK" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Time Server: must be an IPv4 address or a DNS name/ })
      .waitFor();
    await page.getByLabel("Time Server").fill("ntp1.example.com");
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "takes effect after a reset" }).waitFor();
    await screenshot(page, "ntp");
    await close();
    const settings = (await api(gui.ip, "GET", "/api/settings")).json as { pending: { ntp?: string } | null };
    assert.equal(settings.pending?.ntp, "ntp1.example.com");
    const again = await open("NTP");
    assert.equal(await again.page.getByLabel("Time Server").inputValue(), "ntp1.example.com");
    await again.close();
  });

  test("IP4 → TLS: the Strict profile is in force at once; the browser still connects with it (§4.3.3)", async () => {
    const { page, close } = await open("TLS");
    await page.getByLabel("Profile").selectOption({ label: "Strict" });
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").filter({ hasText: "in force" }).waitFor();
    await close();
    assert.equal(((await api(gui.ip, "GET", "/api/tls")).json as { profile: string }).profile, "strict");
    const again = await open("TLS");
    assert.equal(await again.page.getByLabel("Profile").inputValue(), "strict");
    await again.close();
  });
});
