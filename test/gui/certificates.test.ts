/**
 * General → Certificates (§4.1.10.4.3, §4.1.10.4.4) in headless Chromium against a real `ipdect node` over HTTPS: a
 * signing request made in the GUI, signed by a test CA with `openssl x509 -req` and uploaded in the GUI, becomes the
 * device certificate; a PKCS#12 file made by openssl does too, and Clear brings the default back. The browser trusts
 * the device's default certificate and the test CA, which Chromium honours for any chain that holds it: every page
 * after an upload comes over a TLS connection with the new chain.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { openPage, unnamedControls } from "../helpers/guiPages.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { makeCa, makeLeaf, openssl, signCsr, Workdir } from "../certs/helpers.js";

const MAC = "00:90:33:18:0c:01";

describe("web GUI: the device certificate from a signing request and from PKCS#12 (§4.1.10.4.3, §4.1.10.4.4)", () => {
  const ip = loopbackBlock()(1);
  const gui = new GuiNode(ip);
  const w = new Workdir();

  before(async () => {
    makeCa(w);
    await gui.start({ name: "gui-certs", kind: "IPVM", mac: MAC, master: { mode: "active" } }, [], [w.text("ca.pem")]);
  });
  after(async () => {
    await gui.close();
    w.close();
  });

  async function open(): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await openPage(page, "Certificates");
    return { page, close: () => context.close() };
  }

  const fact = async (page: Page, term: string) =>
    new RegExp(`${term}\\n+(.*)`).exec(
      await page.getByRole("region", { name: "Device Certificate" }).locator("dl").innerText(),
    )?.[1];

  test("Create New → Signing Request, signed by openssl x509 -req, uploaded: the device presents the CA's certificate (§4.1.10.4.3)", async () => {
    const { page, close } = await open();
    const request = page.getByRole("region", { name: "Signing Request" });
    await request.getByText("No signing request is pending.").waitFor();
    await page.getByRole("button", { name: "Create New" }).click();
    const form = page.getByRole("form", { name: "New certificate" });
    await form.getByLabel("Type").selectOption({ label: "Signing Request" });
    assert.equal(await form.getByLabel("Validity").count(), 0, "a CA sets the validity (§4.1.10.4.3)");
    // Checked in the browser first, each message naming its field.
    await form.getByLabel("Common Name").fill("");
    await form.getByLabel("DNS Name").fill("bad_name.example.com");
    await form.getByRole("button", { name: "OK" }).click();
    await form.getByRole("alert").filter({ hasText: "Common Name: must be filled in" }).waitFor();
    await form
      .getByRole("alert")
      .filter({ hasText: /^DNS Name: must be a DNS name/ })
      .waitFor();
    // The Common Name is the address the browser uses (§4.1.10.4.3), so the certificate names it as an IP SAN too.
    await form.getByLabel("Common Name").fill(ip);
    await form.getByLabel("DNS Name").fill("gui-certs.example.com");
    await form.getByLabel("Key").selectOption({ label: "2048-bit" });
    await form.getByLabel("Signature").selectOption({ label: "SHA384" });
    assert.deepEqual(await unnamedControls(page, 10), []);
    await form.getByRole("button", { name: "OK" }).click();
    await form.getByRole("status").filter({ hasText: "The signing request is ready" }).waitFor();
    const pending = request.locator("dl.facts");
    await pending.getByText(ip, { exact: true }).waitFor();
    assert.match(await pending.innerText(), /Key\n+2048-bit\n+Signature\n+SHA384/);
    await request
      .getByRole("figure", { name: "Signing request PEM" })
      .getByText(/BEGIN CERTIFICATE REQUEST/)
      .waitFor();
    await screenshot(page, "certificates-csr");

    const [saved] = await Promise.all([
      page.waitForEvent("download"),
      request.getByRole("button", { name: "Download PEM" }).click(),
    ]);
    assert.equal(saved.suggestedFilename(), "request.pem");
    w.write("request.pem", readFileSync(await saved.path()));
    assert.match(openssl(w, ["req", "-in", "request.pem", "-verify", "-noout", "-text"]), /self-signature verify OK/);
    signCsr(w, "request.pem", "signed.pem");

    const upload = request.getByRole("form", { name: "Upload the signed certificate" });
    await upload.getByRole("button", { name: "Upload" }).click();
    await request.getByRole("alert").filter({ hasText: "Signed certificate: choose a file" }).waitFor();
    // The CA's answer with the CA's certificate after it: the chain the device presents from now on.
    await upload.getByLabel("Signed certificate").setInputFiles({
      name: "signed.pem",
      mimeType: "application/x-pem-file",
      buffer: Buffer.from(w.text("signed.pem") + w.text("ca.pem")),
    });
    await upload.getByRole("button", { name: "Upload" }).click();
    await request.getByRole("status").filter({ hasText: "signed by CN=Test ca" }).waitFor();
    await request.getByText("No signing request is pending.").waitFor();
    assert.equal(await fact(page, "Issuer"), "CN=Test ca");
    assert.equal(await fact(page, "Certificate"), "Signed by a CA (§4.1.10.4.3)");
    await screenshot(page, "certificates-signed");
    await close();

    // A new browser context makes a new TLS connection: the device presents the signed chain, trusted by its CA.
    const again = await open();
    assert.equal(await fact(again.page, "Issuer"), "CN=Test ca");
    assert.match((await fact(again.page, "Alternative names")) ?? "", new RegExp(`DNS:gui-certs.example.com.*${ip}`));
    await again.close();
  });

  test("Create New → Self-signed certificate asks for the Validity: 31 years is refused naming the field (§4.1.10.4.2)", async () => {
    const { page, close } = await open();
    await page.getByRole("button", { name: "Create New" }).click();
    const form = page.getByRole("form", { name: "New certificate" });
    await form.getByLabel("Type").selectOption({ label: "Self-signed certificate" });
    await form.getByLabel("Validity").fill("31");
    await form.getByRole("button", { name: "OK" }).click();
    await form
      .getByRole("alert")
      .filter({ hasText: 'Validity: must be a whole number from 1 to 30, got "31"' })
      .waitFor();
    await form.getByLabel("Type").selectOption({ label: "Signing Request" });
    assert.equal(await form.getByLabel("Validity").count(), 0);
    await close();
  });

  test("a device certificate from a PKCS#12 file with its Password; a wrong one changes nothing; Clear restores the default (§4.1.10.4.4)", async () => {
    makeLeaf(w, "device", { cn: "gui-certs-p12", san: `IP:${ip}` });
    const p12 = ["pkcs12", "-export", "-inkey", "device.key", "-in", "device.pem", "-certfile", "ca.pem"];
    openssl(w, [...p12, "-out", "device.p12", "-passout", "pass:p12-secret"]);
    const { page, close } = await open();
    const device = page.getByRole("region", { name: "Device Certificate" });
    const form = device.getByRole("form", { name: "Device certificate from a PKCS#12 file" });
    await form.getByRole("button", { name: "Upload" }).click();
    await device.getByRole("alert").filter({ hasText: "PKCS#12 file: choose a file" }).waitFor();
    const subject = await fact(page, "Subject");

    await form.getByLabel("PKCS#12 file").setInputFiles({
      name: "device.p12",
      mimeType: "application/x-pkcs12",
      buffer: readFileSync(w.path("device.p12")),
    });
    await form.getByLabel("Password").fill("not-the-password");
    await form.getByRole("button", { name: "Upload" }).click();
    await device
      .getByRole("alert")
      .filter({ hasText: /^Not done: .*password/i })
      .waitFor();
    assert.equal(await fact(page, "Subject"), subject, "a refused file changes nothing");

    await form.getByLabel("Password").fill("p12-secret");
    await form.getByRole("button", { name: "Upload" }).click();
    await device.getByRole("status").filter({ hasText: "The device presents CN=gui-certs-p12" }).waitFor();
    await device.getByText("Imported with its private key (§4.1.10.4.4)").waitFor();
    assert.equal(await fact(page, "Issuer"), "CN=Test ca");
    assert.equal(await fact(page, "Chain"), "CN=Test ca");
    await screenshot(page, "certificates-pkcs12");

    await device.getByRole("button", { name: "Clear" }).click();
    await device.getByRole("status").filter({ hasText: "The default device certificate serves again." }).waitFor();
    await device.getByText("Default device certificate (§4.1.10.4.1)").waitFor();
    assert.equal(await fact(page, "Subject"), `CN=${MAC}`);
    await close();
  });
});
