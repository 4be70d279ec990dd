/**
 * DECT Sync → Air Sync Overview (§4.12.1) in headless Chromium against a real PARI Master (`ipdect node` over HTTPS)
 * whose radios run in another node process and synchronize over the real air service (`ipdect air`): the device's
 * sync tree picture of each region, a radio's details on hover and by keyboard, and Region Details with its
 * statistics and Clear.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { syncFleetDevices, syncFleetYaml, type SyncRadioSpec } from "../../sim/generators/sync.js";
import { PORTS } from "../../src/wire/ports.js";
import { screenshot } from "../helpers/browser.js";
import { GuiNode, logIn } from "../helpers/guiNode.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, waitFor } from "../helpers/nodes.js";

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

describe("web GUI: Air Sync Overview of a 300-radio site in a real air (§4.12.1)", () => {
  // 302 addresses: the PARI Master, the air service and the radios, over two random blocks of this test's own.
  const [a, b] = [loopbackBlock(), loopbackBlock()];
  const ip = (n: number) => (n < 200 ? a(n + 1) : b(n - 199));
  const gui = new GuiNode(ip(0));
  const air = `${ip(1)}:${PORTS.AIR}`;
  const spec = {
    name: "gui-sync",
    systemId: 4,
    radios,
    air: { shadowingDb: 0 },
    ip: (n: number) => ip(n === 0 ? 0 : n + 1),
  };

  const [pari, ...radioDevices] = syncFleetDevices(spec);

  before(async () => {
    await gui.nodes.startAir("air", syncFleetYaml(spec), air);
    await gui.start({ ...pari, name: "gui-sync" }, ["--air", air]);
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
});
