import { readdirSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";

/** One file of the web GUI as the device serves it. */
export interface GuiAsset {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** Where `npm run build` puts the GUI (scripts/build-gui.mjs), seen from dist/src/platform/node. */
const GUI_DIR = fileURLToPath(new URL("../../../gui/", import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/**
 * The page may load only what the device itself serves (no CDN, issue 18); inline style attributes stay allowed for
 * the sync tree SVG (§4.12.1) that the GUI places in the page.
 */
const HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "content-security-policy":
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
};

let loaded: ReadonlyMap<string, GuiAsset> | undefined;

/** The built files by URL path: `/` is index.html, every file is also `/gui/<file>`. Read once, at the first call. */
function load(dir: string): ReadonlyMap<string, GuiAsset> {
  const files = new Map<string, GuiAsset>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    // Built without the GUI (only `tsc`): the device serves its API alone, `/` answers as any unknown path.
    return files;
  }
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (type === undefined) continue;
    const asset = { body: readFileSync(dir + name), headers: { ...HEADERS, "content-type": type } };
    files.set(`/gui/${name}`, asset);
    if (name === "index.html") files.set("/", asset);
  }
  return files;
}

/**
 * The GUI file at `path` of a GET, or undefined. The page and its scripts load without a login (§3.4.1: the login page
 * must show); every API call behind them still needs one.
 */
export function guiAsset(path: string): GuiAsset | undefined {
  loaded ??= load(GUI_DIR);
  return loaded.get(path);
}
