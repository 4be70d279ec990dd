// Writes schema/fleet.schema.json (a fleet file) and schema/device.schema.json (one device's config file) from the
// readers' own declarations (sim/fleetSchema.ts, built into dist/). With --check, exits 1 when a file is out of date.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const { deviceSchema, fleetSchema } = await import(`${root}dist/sim/fleetSchema.js`);

for (const [name, schema] of [
  ["fleet", fleetSchema()],
  ["device", deviceSchema()],
]) {
  const file = `${root}schema/${name}.schema.json`;
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  if (!process.argv.includes("--check")) writeFileSync(file, text);
  else if (!existsSync(file) || readFileSync(file, "utf8") !== text) {
    console.error(`schema/${name}.schema.json differs from the readers' schema; run npm run schema`);
    process.exit(1);
  }
}
