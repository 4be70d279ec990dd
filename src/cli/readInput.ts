import { readFileSync } from "node:fs";
import { IoError } from "../core/errors.js";
import { CliCode } from "./errors.js";

/** A file the user named on the command line, as text; one that cannot be read is a READ error (exit 2), not a crash. */
export function readInput(file: string): string {
  return new TextDecoder().decode(readInputBytes(file));
}

/** The same, as bytes (a DER certificate, a PKCS#12 file). */
export function readInputBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (cause) {
    throw new IoError(CliCode.Read, `cannot read it (${(cause as Error).message})`, { source: file, cause });
  }
}
