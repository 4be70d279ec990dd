import assert from "node:assert/strict";
import { test } from "node:test";
import { renderPrometheus } from "../../src/platform/node/promMetrics.js";
import { parseExposition } from "../helpers/exposition.js";

const regions = (values: readonly number[]) => () => [
  {
    name: "ipdect_sync_region_radios",
    help: "radios",
    type: "gauge" as const,
    samples: values.map((value, region) => ({ labels: { region: String(region) }, value })),
  },
];

test("a family without samples renders nothing, and does not fix the label names for the devices after it", async () => {
  const one = await renderPrometheus([{ labels: {}, families: regions([]) }]);
  assert.equal(parseExposition(one.text).samples.length, 0, "no invented sample of 0");
  const fleet = await renderPrometheus([
    { labels: { device: "new" }, families: regions([]) },
    { labels: { device: "pm" }, families: regions([4, 2]) },
  ]);
  assert.deepEqual(
    parseExposition(fleet.text).samples.map((s) => [s.labels["device"], s.labels["region"], s.value]),
    [
      ["pm", "0", 4],
      ["pm", "1", 2],
    ],
  );
});
