import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { IoError, IpdectError } from "../core/errors.js";
import { UpdateCode } from "../update/errors.js";
import { buildImage, readImage } from "../update/image.js";
import { packFiles, unpackFiles, type PackageFile } from "../update/packageArchive.js";
import { isProduct, PRODUCTS } from "../update/product.js";
import { CliCode } from "./errors.js";
import { writeOutput } from "./outputFile.js";
import { readInputBytes } from "./readInput.js";

export const IMAGE_USAGE = `  ipdect image build --version <text> [--serial <build-serial>] [--product IPBS2] [--payload <file>] --out <file>
  ipdect image show <file>
      Firmware images for the update server's prot command (App. A.1.4; docs/user-guide.md "Firmware images"). build
      writes an image: product (${PRODUCTS.join(", ")}; default IPBS2), version text, build serial (default: the
      version) and a SHA-256, then the payload: --payload's file, or this package's files (package.json, bin/,
      dist/src, dist/sim, dist/lab, dist/gui) as a gzip'd archive. show checks an image and prints its header.
`;

/** What an image carries of this package by default: what `ipdect` runs from, beside node_modules. */
const PACKAGE_FILES = ["package.json"];
const PACKAGE_FOLDERS = ["bin", "dist/src", "dist/sim", "dist/lab", "dist/gui"];
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** `ipdect image build|show`. */
export function image(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub === "build") return build(rest);
  if (sub === "show") return show(rest);
  throw new IpdectError(CliCode.Usage, `ipdect image needs build or show${sub === undefined ? "" : `, not ${sub}`}`);
}

function build(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      version: { type: "string" },
      serial: { type: "string" },
      product: { type: "string", default: "IPBS2" },
      payload: { type: "string" },
      out: { type: "string" },
    },
  });
  if (values.version === undefined) throw new IpdectError(CliCode.Usage, "ipdect image build needs --version <text>");
  if (values.out === undefined) throw new IpdectError(CliCode.Usage, "ipdect image build needs --out <file>");
  const product = values.product;
  if (!isProduct(product))
    throw new IpdectError(CliCode.Usage, `--product must be one of ${PRODUCTS.join(", ")}, not ${product}`);
  const header = { product, version: values.version, serial: values.serial ?? values.version };
  const payload = values.payload === undefined ? packFiles(packageFiles()) : readInputBytes(values.payload);
  // The image is whole before the file is opened: a bad value or payload leaves no file behind.
  const bytes = buildImage(header, payload);
  writeOutput(values.out, bytes);
  process.stdout.write(
    `${values.out}: ${product} ${header.version}, build serial ${header.serial}, ${payload.length} bytes of payload${
      values.payload === undefined ? " (this package)" : ""
    }\n`,
  );
  return 0;
}

function show(argv: string[]): number {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0)
    throw new IpdectError(CliCode.Usage, "ipdect image show needs one <file>");
  const { header, payload } = readImage(readInputBytes(file), file);
  const files = packageFilesIn(payload, file);
  process.stdout.write(
    [
      `${file}: firmware image, checksum OK`,
      `  product       ${header.product}`,
      `  version       ${header.version}`,
      `  build serial  ${header.serial}`,
      `  payload       ${header.payloadBytes} bytes${files === undefined ? "" : `, a package archive of ${files} files`}`,
      "",
    ].join("\n"),
  );
  return 0;
}

/** The number of files when the payload is a package archive; undefined when it is something else. */
function packageFilesIn(payload: Uint8Array, file: string): number | undefined {
  try {
    return unpackFiles(payload, file).length;
  } catch (e) {
    if (e instanceof IpdectError && e.code === UpdateCode.ImagePayload) return undefined;
    throw e;
  }
}

/** This package's files (PACKAGE_FILES and every file under PACKAGE_FOLDERS), with paths relative to its root. */
function packageFiles(): PackageFile[] {
  const paths = [...PACKAGE_FILES, ...PACKAGE_FOLDERS.flatMap(filesUnder)];
  return paths.map((path) => ({ path, bytes: readInputBytes(join(ROOT, path)) }));
}

function filesUnder(folder: string): string[] {
  try {
    return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(ROOT, join(e.parentPath, e.name)));
  } catch (cause) {
    throw new IoError(CliCode.Read, `cannot read this package's ${folder} (built? npm run build)`, {
      source: ROOT,
      cause,
    });
  }
}
