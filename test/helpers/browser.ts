import { createHash, X509Certificate } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's `chromium` (scripts/ensure-debs.sh installs it); CHROMIUM names another build. */
export const CHROMIUM = process.env["CHROMIUM"] ?? "/usr/bin/chromium";

/**
 * Headless, no sandbox (tests may run as root), and nothing that reaches beyond the loopback devices under test: no
 * QUIC, no first-run pages, no background networking, component updates or sync.
 */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * The base64 SHA-256 of a certificate's SubjectPublicKeyInfo: what Chromium's `--ignore-certificate-errors-spki-list`
 * names to trust that one key, our trust list of the device certificate.
 */
export function spkiHash(pem: string): string {
  const key = new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(key).digest("base64");
}

/**
 * Debian's Chromium driven by playwright-core, trusting the certificates whose keys are `trusted` (spkiHash) and no
 * other: a device with any other certificate fails the TLS handshake. Playwright gives it a fresh --user-data-dir of
 * its own, removed at close (Chromium honours the SPKI list only with a user data dir).
 */
export async function launchChromium(trusted: readonly string[]): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...FLAGS, `--ignore-certificate-errors-spki-list=${trusted.join(",")}`],
  });
}

/**
 * While developing, GUI_SCREENSHOTS=<dir> keeps a full-page picture of each page a test names, to look at by eye
 * (docs/gui.md); the tests themselves assert the DOM, never pixels.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env["GUI_SCREENSHOTS"];
  if (dir === undefined) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
