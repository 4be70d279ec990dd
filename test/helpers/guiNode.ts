import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, spkiHash } from "./browser.js";
import { curl, HTTP_PORT, NodeProcesses, waitFor } from "./nodes.js";

/** The HTTPS port of the GUI tests' devices (§4.9.3); HTTP stays on nodes.ts's port for the tests' own API calls. */
export const GUI_HTTPS_PORT = 8443;
const ADMIN = "admin:changeme";

/**
 * One real `ipdect node` process and one Chromium for a GUI test file, shared by its tests: the device serves its web
 * GUI over HTTPS with its default certificate (§4.1.10.4.1), and the browser trusts exactly that certificate.
 */
export class GuiNode {
  readonly nodes = new NodeProcesses();
  #browser: Browser | undefined;

  constructor(
    /** The device's address. */
    readonly ip: string,
  ) {}

  /** `https://<ip>:8443`. */
  get url(): string {
    return `https://${this.ip}:${GUI_HTTPS_PORT}`;
  }

  get browser(): Browser {
    if (this.#browser === undefined) throw new Error("GuiNode.start() first");
    return this.#browser;
  }

  /**
   * Starts the node from `config` (one device; its `http` set here) with `ipdect node` options `extra` (`--air`),
   * then Chromium trusting its certificate and the certificates `alsoTrust` (PEM): another device's, or a test CA's,
   * which Chromium honours for any chain that holds it.
   */
  async start(
    config: Record<string, unknown>,
    extra: readonly string[] = [],
    alsoTrust: readonly string[] = [],
  ): Promise<void> {
    await this.nodes.start("gui", this.#yaml(config), extra);
    await httpsUp(this.ip);
    this.#browser = await launchChromium([spkiHash(await devicePem(this.ip)), ...alsoTrust.map(spkiHash)]);
  }

  /** kill -9 of the node process, and a start again with the same configuration file and flash. */
  async killAndRestart(): Promise<void> {
    await this.nodes.kill("gui");
    await this.nodes.start("gui");
    await httpsUp(this.ip);
  }

  /** A fresh browser context (its own cookies) on the GUI's start page. */
  async open(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.browser.newContext();
    const page = await context.newPage();
    // What the page itself saw goes to the test's output, so a timeout in CI says why the page did not change.
    page.on("pageerror", (e) => process.stderr.write(`gui page error: ${e.message}\n`));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning")
        process.stderr.write(`gui console ${m.type()}: ${m.text()}\n`);
    });
    page.on("requestfailed", (r) =>
      process.stderr.write(`gui request failed: ${r.method()} ${r.url()}: ${r.failure()?.errorText ?? "?"}\n`),
    );
    // The device's refusals too (some tests expect them): a form that shows an alert instead of "Saved" says why here.
    page.on("response", (r) => {
      if (r.status() >= 400)
        void r.text().then(
          (body) =>
            process.stderr.write(
              `gui answer ${r.status()}: ${r.request().method()} ${r.url()}: ${body.slice(0, 300)}\n`,
            ),
          () => undefined,
        );
    });
    await page.goto(`${this.url}/`);
    return { context, page };
  }

  async close(): Promise<void> {
    await this.#browser?.close();
    await this.nodes.close();
  }

  #yaml(config: Record<string, unknown>): string {
    return JSON.stringify({ ...config, ip: this.ip, http: { port: HTTP_PORT, httpsPort: GUI_HTTPS_PORT } }) + "\n";
  }
}

/** HTTPS of the device at `ip` comes up once its default certificate exists (made at the first start, §4.1.10.4.1). */
export async function httpsUp(ip: string): Promise<void> {
  await waitFor(async () => (await curl("-k", `https://${ip}:${GUI_HTTPS_PORT}/`)).code === 0, 30_000, "HTTPS up");
}

/** The device certificate of the device at `ip`, with its chain (PEM, over HTTP as the default administrator). */
export async function devicePem(ip: string): Promise<string> {
  const pem = await curl("-u", ADMIN, `http://${ip}:${HTTP_PORT}/api/certs/device.pem`);
  if (pem.code !== 0) throw new Error(`device.pem of ${ip}: ${pem.stderr}`);
  return pem.stdout;
}

/** Logs in through the login page (§3.4.1) and confirms the welcome screen (§3.4.4.1 step 5). */
export async function logIn(
  page: Page,
  user: string,
  password: string,
  administration: "System Administration" | "DECT User Administration" = "System Administration",
): Promise<void> {
  await page.getByLabel("Administration").selectOption({ label: administration });
  await page.getByLabel("User Name").fill(user);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Login" }).click();
  await page.getByRole("heading", { name: `Welcome, ${user}` }).waitFor();
  await page.getByRole("button", { name: "OK" }).click();
}
