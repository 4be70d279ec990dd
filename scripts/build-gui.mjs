// Builds the device's web GUI (gui/src: TypeScript with preact + htm) into dist/gui: index.html, app.js and app.css
// (the stylesheet main.ts imports). The type check is `tsc -p gui/tsconfig.json` in `npm run build`; esbuild only
// bundles. Everything the browser loads comes from the device itself: no CDN, no fonts from elsewhere (issue 18).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const out = join("dist", "gui");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: join("gui", "src", "main.ts") },
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "none",
  outdir: out,
  logLevel: "warning",
});
copyFileSync(join("gui", "src", "index.html"), join(out, "index.html"));
