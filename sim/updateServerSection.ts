import type { Path } from "../src/core/config/Locator.js";
import { isIpv4 } from "../src/core/config/ipv4.js";
import { IpdectError } from "../src/core/errors.js";
import { IPV4, listOf, mappingOf, TEXT, type JsonSchema } from "../src/core/config/schema.js";
import { buildImage } from "../src/update/image.js";
import { firmwareFileName, isProduct, PRODUCTS, type Product } from "../src/update/product.js";
import { mapping, type Fail } from "./fleetFields.js";
import { SimCode } from "./errors.js";

/**
 * What a simulated update server serves at a path (docs/user-guide.md "Update servers in a fleet"): a text (a command
 * file, a configuration for `cfg`), or a firmware image the fleet builds when it starts (src/update/image.ts).
 */
export type ServedFile =
  | { readonly text: string }
  | { readonly image: { readonly version: string; readonly serial: string; readonly product: Product } };

/** An update server of a fleet (the `updateServers:` section): what the devices' update client fetches (App. A). */
export interface UpdateServerConfig {
  readonly name: string;
  readonly ip: string;
  /** By path, without the leading `/` (`up/update-IPBS2.htm`); HTTP, HTTPS and TFTP serve the same files. */
  readonly files: ReadonlyMap<string, ServedFile>;
}

const SERVER_KEYS = ["name", "ip", "files"];
const IMAGE_KEYS = ["version", "serial", "product"];
/** A path on the server: URL characters (RFC 3986 §3.3) without `?` and `#`, no empty, `.` or `..` segments. */
const PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]+(\/[A-Za-z0-9\-._~!$&'()*+,;=:@%]+)*$/;

/** An image entry's schema (`image:` of a served file and of a `serve` fault). */
export const IMAGE_SCHEMA: JsonSchema = mappingOf(
  IMAGE_KEYS,
  { version: TEXT, serial: TEXT, product: { enum: [...PRODUCTS] } },
  ["version"],
);
/** A served file's schema: a text, or `{ image: { version, serial?, product? } }`. */
export const SERVED_FILE_SCHEMA: JsonSchema = {
  anyOf: [{ type: "string" }, mappingOf(["image"], { image: IMAGE_SCHEMA }, ["image"])],
};
/** The `updateServers` section's schema (sim/fleetSchema.ts), from the keys readUpdateServers uses. */
export const UPDATE_SERVERS_SCHEMA: JsonSchema = listOf(
  mappingOf(
    SERVER_KEYS,
    { name: TEXT, ip: IPV4, files: { type: "object", additionalProperties: SERVED_FILE_SCHEMA } },
    ["name", "ip"],
  ),
);

export function readUpdateServers(value: unknown, fail: Fail): UpdateServerConfig[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    return fail(["updateServers"], SimCode.FleetUpdateServer, "updateServers is a list of servers (name, ip, files)");
  return value.map((v, i) => {
    const p: Path = ["updateServers", i];
    const m = mapping(v, p, SERVER_KEYS, fail);
    if (typeof m["name"] !== "string" || m["name"] === "")
      fail([...p, "name"], SimCode.FleetUpdateServer, "must be a text");
    if (typeof m["ip"] !== "string" || !isIpv4(m["ip"]))
      fail([...p, "ip"], SimCode.FleetUpdateServer, "an IPv4 address");
    const raw = m["files"] ?? {};
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
      fail([...p, "files"], SimCode.FleetUpdateServer, "a mapping of paths to texts or { image: … }");
    const files = new Map<string, ServedFile>();
    for (const [key, f] of Object.entries(raw as Record<string, unknown>)) {
      const path = servedPath(key, [...p, "files", key], fail);
      files.set(path, readServedFile(f, path, [...p, "files", key], fail));
    }
    return { name: m["name"] as string, ip: m["ip"] as string, files };
  });
}

/** A path as the server keeps it: without the leading `/`, which a URL's path has and a file name may have. */
export function servedPath(v: unknown, at: Path, fail: Fail): string {
  const path = typeof v === "string" ? v.replace(/^\//, "") : "";
  if (!PATH.test(path) || path.split("/").some((s) => s === "." || s === ".."))
    fail(at, SimCode.FleetUpdateServer, "a path such as up/update-IPBS2.htm: URL characters, no empty, . or .. part");
  return path;
}

/**
 * A served file at `path` (for the image's default product) in the file at `at`: a text, or an image whose build
 * serial defaults to its version and its product to the one whose firmware file the path names (`firm/ipbs2.bin`:
 * IPBS2, App. A.1.4). The image is built once here, so a version or serial that does not fit its field is an error
 * of the file, not of the run.
 */
export function readServedFile(v: unknown, path: string, at: Path, fail: Fail): ServedFile {
  if (typeof v === "string") return { text: v };
  const m = mapping(v, at, ["image"], fail);
  const im = mapping(m["image"], [...at, "image"], IMAGE_KEYS, fail);
  const word = (k: string): string | undefined => {
    const x = im[k];
    if (x !== undefined && (typeof x !== "string" || x === ""))
      fail([...at, "image", k], SimCode.FleetUpdateServer, "must be a text");
    return x as string | undefined;
  };
  const version = word("version") ?? fail([...at, "image", "version"], SimCode.FleetUpdateServer, "required");
  const named = word("product");
  if (named !== undefined && !isProduct(named))
    fail([...at, "image", "product"], SimCode.FleetUpdateServer, `one of ${PRODUCTS.join(", ")}`);
  const file = path.slice(path.lastIndexOf("/") + 1);
  const product =
    (named as Product | undefined) ??
    PRODUCTS.find((x) => firmwareFileName(x) === file) ??
    fail(
      [...at, "image", "product"],
      SimCode.FleetUpdateServer,
      `required: ${file} is not a product's firmware file (${PRODUCTS.map(firmwareFileName).join(", ")})`,
    );
  const image = { version, serial: word("serial") ?? version, product };
  try {
    servedBytes({ image });
  } catch (err) {
    // buildImage names the field that does not fit (version or serial).
    if (err instanceof IpdectError)
      fail([...at, "image", String(err.context.field)], SimCode.FleetUpdateServer, err.reason);
    throw err;
  }
  return { image };
}

/** The bytes of a served file: the text in UTF-8, or the image with a small payload that names it. */
export function servedBytes(f: ServedFile): Uint8Array {
  if ("text" in f) return new TextEncoder().encode(f.text);
  const payload = new TextEncoder().encode(`ipdect sim firmware ${f.image.product} ${f.image.version}\n`);
  return buildImage(f.image, payload);
}
