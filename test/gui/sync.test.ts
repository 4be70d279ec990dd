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

/** Two regions of a 4 × 3 grid, 35 m apart (about -68 dBm without shadowing): one sync master each. */
const PER_REGION = 12;
const radios: SyncRadioSpec[] = [0, 1].flatMap((region) =>
  Array.from({ length: PER_REGION }, (_, i) => ({
    name: `r${region}-${i + 1}`,
    x: (i % 4) * 35 + region * 400,
    y: Math.floor(i / 4) * 35,
    region,
    ...(i === 0 ? { syncMode: "master" as const } : {}),
  })),
);

describe("web GUI: Air Sync Overview of real radios in a real air (§4.12.1)", () => {
  const ip = loopbackBlock();
  const gui = new GuiNode(ip(1));
  const air = `${ip(250)}:${PORTS.AIR}`;
  const spec = {
    name: "gui-sync",
    systemId: 4,
    radios,
    air: { shadowingDb: 0 },
    ip: (n: number) => ip(n === 0 ? 1 : 10 + n),
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
      90_000,
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
    await picture.getByRole("button", { name: /^r1-6 / }).hover();
    const details = page.getByRole("region", { name: "Details of r1-6" });
    await details.waitFor();
    assert.match(await details.innerText(), /State\s+synchronized/);
    assert.ok((await details.getByRole("table", { name: "Sync candidates of r1-6" }).locator("tbody tr").count()) > 0);
    await screenshot(page, "air-sync-overview");
    // The keyboard reaches the same details.
    await picture.getByRole("button", { name: /^r0-2 / }).focus();
    await page.getByRole("region", { name: "Details of r0-2" }).waitFor();
    await context.close();
  });

  test("Region Details: statistics per region; Clear sets them to zero, and a stable tree configures nobody again (§4.12.1)", async () => {
    const { context, page } = await gui.open();
    await logIn(page, "admin", "changeme");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Air Sync Overview" }).click();
    const region = page.getByRole("region", { name: "Region 1", exact: true });
    await region.waitFor();
    assert.match(await region.innerText(), new RegExp(`Radios\\s+${PER_REGION}`));
    assert.match(await region.innerText(), new RegExp(`Configurations\\s+${PER_REGION}\\b`));
    await region.getByRole("button", { name: "Clear the statistics of region 1" }).click();
    await region.getByRole("status").filter({ hasText: "Statistics cleared." }).waitFor();
    await waitFor(async () => /Configurations\s+0\b/.test(await region.innerText()), 5000, "statistics read again");
    await context.close();
  });
});
