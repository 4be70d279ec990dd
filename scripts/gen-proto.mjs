// Generates the static protobuf codec and its typings from proto/ipdect.proto.
// The generated files are build output (git-ignored): proto/ipdect.proto is the single source of truth.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const bin = (name) => join("node_modules", ".bin", name);
const outDir = join("src", "wire", "gen");
mkdirSync(outDir, { recursive: true });
const js = join(outDir, "ipdect.js");
execFileSync(
  bin("pbjs"),
  [
    "-t",
    "static-module",
    "-w",
    "es6",
    "--es6",
    "--force-number",
    "--no-verify",
    "--no-delimited",
    "--no-service",
    "-o",
    js,
    join("proto", "ipdect.proto"),
  ],
  { stdio: "inherit" },
);
execFileSync(bin("pbts"), ["--no-comments", "-o", join(outDir, "ipdect.d.ts"), js], { stdio: "inherit" });
