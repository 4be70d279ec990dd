/**
 * DECT Sync (§4.12) and Diagnostics → RFP Scan (§4.23.10) in headless Chromium against a real PARI Master (`ipdect
 * node` over HTTPS) whose radios run in another node process and synchronize over the real air service (`ipdect
 * air`): the device's sync tree picture of each region, a radio's details on hover and by keyboard, Region Details
 * with its statistics and Clear, the Disturbances an alien system near one radio causes, and that radio's own GUI
 * with its sync Status and an RFP Scan that hears the alien's System ID.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { syncFleetDevices, syncFleetYaml, type SyncRadioSpec } from "../../sim/generators/sync.js";
import { PORTS } from "../../src/wire/ports.js";
import { screenshot } from "../helpers/browser.js";
import { devicePem, GUI_HTTPS_PORT, GuiNode, httpsUp, logIn } from "../helpers/guiNode.js";
import { openPage } from "../helpers/guiPages.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, HTTP_PORT, waitFor } from "../helpers/nodes.js";

/** A 300-radio site: three regions of 10 × 10 radios 35 m apart (about -68 dBm without shadowing), one sync master each. */
const PER_REGION = 100;
const radios: SyncRadioSpec[] = [0, 1, 2].flatMap((region) =>
  Array.from({ length: PER_REGION }, (_, i) => ({
    name: `r${region}-${i + 1}`,
    x: (i % 10) * 35 + region * 600,
    y: Math.floor(i / 10) * 35,
    region,
    ...(i === 0 ? { syncMode: "master" as const } : {}),
  })),
);

/** The corner radio of region 2, which serves its own GUI: an alien system stands 30 m from it, outside the site. */
const CORNER = "r2-100";
/** The alien IP-DECT system (§4.6.34 System ID) that CORNER hears at about -66 dBm, stronger than any sync candidate. */
const ALIEN_SYSTEM_ID = 77;

describe("web GUI: DECT Sync of a 300-radio site in a real air, and a radio's RFP Scan (§4.12, §4.23.10)", () => {
  // 302 addresses: the PARI Master, the air service and the radios, over two random blocks of this test's own.
  const [a, b] = [loopbackBlock(), loopbackBlock()];
  const ip = (n: number) => (n < 200 ? a(n + 1) : b(n - 199));
  const gui = new GuiNode(ip(0));
  const air = `${ip(1)}:${PORTS.AIR}`;
  const spec = {
    name: "gui-sync",
    systemId: 4,
    radios,
    air: {
      shadowingDb: 0,
      aliens: [{ name: "neighbour", systemId: ALIEN_SYSTEM_ID, position: { x: 9 * 35 + 1200 + 21, y: 9 * 35 + 21 } }],
    },
    ip: (n: number) => ip(n === 0 ? 0 : n + 1),
  };

  const [pari, ...devices] = syncFleetDevices(spec);
  const radioDevices = devices.filter((d) => d["name"] !== CORNER);
  const cornerDevice = devices.find((d) => d["name"] === CORNER)!;
  const corner = { ...cornerDevice, http: { port: HTTP_PORT, httpsPort: GUI_HTTPS_PORT } };
  const cornerIp = String(cornerDevice["ip"]);

  before(async () => {
    await gui.nodes.startAir("air", syncFleetYaml(spec), air);
    // The corner radio in a process of its own, as a radio with its own GUI, started first: its default certificate
    // is made before the other radios make theirs, and the browser trusts it too.
    await gui.nodes.start("corner", `${JSON.stringify(corner)}\n`, ["--air", air]);
    await httpsUp(cornerIp);
    await gui.start({ ...pari, name: "gui-sync" }, ["--air", air], [await devicePem(cornerIp)]);
    await gui.nodes.start("radios", `devices:\n${radioDevices.map((d) => `  - ${JSON.stringify(d)}\n`).join("")}`, [
      "--air",
      air,
    ]);
    await waitFor(
      async () => {
        const o = (await api(gui.ip, "GET", "/api/sync")).json as { regions?: { nodes: { state: string }[] }[] };
        const nodes = o.regions?.flatMap((r) => r.nodes) ?? [];
        return nodes.length === radios.length && nodes.every((n) => n.state === "synchronized");
      },
      240_000,
      "every radio synchronized",
    );
  });
  after(() => gui.close());

  test("the sync tree of each region; hovering a radio shows its state and sync candidates", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Air Sync Overview" }).click();
    const picture = page.getByRole("figure", { name: "Sync trees" });
    await picture.locator("svg").waitFor();
    assert.equal((await picture.locator("g.node[data-region='0'][data-rfpi]").count()) >= PER_REGION, true);
    assert.equal(await picture.locator("g.node.red").count(), 0, "no unsynchronized radio");
    await picture.getByRole("button", { name: /^r2-57 / }).hover();
    const details = page.getByRole("region", { name: "Details of r2-57" });
    await details.waitFor();
    assert.match(await details.innerText(), /State\s+synchronized/);
    assert.ok((await details.getByRole("table", { name: "Sync candidates of r2-57" }).locator("tbody tr").count()) > 0);
    await screenshot(page, "air-sync-overview");
    // The keyboard reaches the same details (the pointer out of the way: the picture scrolls to the focused radio).
    await page.mouse.move(0, 0);
    await picture.getByRole("button", { name: /^r0-2 / }).focus();
    await page.getByRole("region", { name: "Details of r0-2" }).waitFor();
    await context.close();
  });

  test("Region Details: the statistics of each region; Clear starts them again from zero (§4.12.1)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Air Sync Overview" }).click();
    const region = page.getByRole("region", { name: "Region 1", exact: true });
    await region.waitFor();
    const counter = async (name: string) => Number(new RegExp(`${name}\\s+(\\d+)`).exec(await region.innerText())?.[1]);
    assert.equal(await counter("Radios"), PER_REGION);
    const configurations = await counter("Configurations");
    assert.ok(configurations >= PER_REGION - 1, `every radio but the sync master configured: ${configurations}`);
    await region.getByRole("button", { name: "Clear the statistics of region 1" }).click();
    await region.getByRole("status").filter({ hasText: "Statistics cleared." }).waitFor();
    await waitFor(async () => (await counter("Configurations")) < configurations, 5000, "statistics read again");
    await context.close();
  });

  /** The corner radio's own GUI (§4.11.1: the radio's IP Address links to it), logged in as the System Administrator. */
  async function openCorner(): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await gui.browser.newContext();
    const page = await context.newPage();
    await page.goto(`https://${cornerIp}:${GUI_HTTPS_PORT}/`);
    await logIn(page, "admin", "changeme");
    return { page, close: () => context.close() };
  }

  const menuLinks = (page: Page, name: string) =>
    page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name, exact: true }).count();

  test("Disturbances: Start lists the alien system the corner radio hears stronger than its sync signal (§4.12.2)", async () => {
    type Disturbance = { radio: string; alienRfpi: string; systemId: number; rssi: number; syncRssi?: number };
    const fromApi = async () =>
      ((await api(gui.ip, "GET", "/api/sync/disturbances")).json as Disturbance[]).filter((d) => d.radio === CORNER);
    await waitFor(async () => (await fromApi()).length > 0, 30_000, `${CORNER} reports the alien`);
    const [expected] = await fromApi();
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    assert.equal(await menuLinks(page, "Status"), 0, "the PARI Master has no radio of its own (§4.12.3)");
    assert.equal(await menuLinks(page, "RFP Scan"), 0, "nor an RFP Scan (§4.23.10: the IPBS)");
    await openPage(page, "Disturbances");
    assert.equal(await page.getByRole("table").count(), 0, "the list comes with Start (§4.12.2 step 2)");
    await page.getByRole("button", { name: "Start" }).click();
    const row = page
      .getByRole("table", { name: /^Potential disturbances: \d+$/ })
      .getByRole("row")
      .filter({ hasText: CORNER });
    await row.waitFor();
    const cells = await row.getByRole("cell").allInnerTexts();
    assert.deepEqual(cells.slice(2), [
      expected!.alienRfpi,
      String(ALIEN_SYSTEM_ID),
      `${expected!.rssi} dBm`,
      `${expected!.syncRssi} dBm`,
    ]);
    assert.ok(expected!.rssi > expected!.syncRssi!, "stronger than the sync signal");
    await screenshot(page, "sync-disturbances");
    await context.close();
  });

  test("the corner radio's own GUI: DECT Sync → Status shows its state, offset, drift and sync bearers (§4.12.3)", async () => {
    const { page, close } = await openCorner();
    assert.equal(await menuLinks(page, "Disturbances"), 0, "a radio is no PARI Master (§4.12.2)");
    await openPage(page, "Status");
    const facts = page.locator("dl.facts");
    await facts.getByText(/, synchronized$/).waitFor();
    const sync = ((await api(cornerIp, "GET", "/api/status")).json as { radio: { sync: Record<string, unknown> } })
      .radio.sync;
    assert.match(await facts.innerText(), /Sync offset\n+-?[\d.]+ ppm\n+Drift\n+-?[\d.]+ µs\n+Sync lost counter\n+\d+/);
    const active = page.getByRole("table", { name: "Sync bearers" }).getByRole("row").filter({ hasText: "Active" });
    const cells = await active.getByRole("cell").allInnerTexts();
    assert.deepEqual(cells.slice(0, 4), ["Active", sync["source"], String(sync["carrier"]), String(sync["slot"])]);
    assert.ok(
      (await page
        .getByRole("table", { name: /^Sync candidates: / })
        .locator("tbody tr")
        .count()) > 0,
      "the candidates it hears",
    );
    await screenshot(page, "sync-status");
    await close();
  });

  test("the corner radio's RFP Scan: Start Scanning lists the alien's System ID (§4.23.10)", async () => {
    const { page, close } = await openCorner();
    await openPage(page, "RFP Scan");
    await page.getByRole("button", { name: "Start Scanning" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /^Scan done: 1 other system\(s\) heard\.$/ })
      .waitFor();
    const row = page.getByRole("table", { name: "Systems heard: 1" }).getByRole("row").nth(1);
    await row.waitFor();
    assert.equal((await row.getByRole("cell").allInnerTexts())[0], String(ALIEN_SYSTEM_ID));
    await screenshot(page, "rfp-scan");
    await close();
  });
});
