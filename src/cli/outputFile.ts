import { closeSync, createWriteStream, openSync, writeFileSync, type WriteStream } from "node:fs";
import { IoError } from "../core/errors.js";
import { CliCode } from "./errors.js";

/**
 * A file the user asked to be written (`--events`, `--report`, `--svg`, `ctl --out`), opened when the command starts:
 * a path that cannot be written is a WRITE error (exit 2) at once, not a crash after a long run.
 */
export function openOutput(file: string, flags: "w" | "a" = "w"): number {
  try {
    return openSync(file, flags);
  } catch (cause) {
    throw new IoError(CliCode.Write, `cannot write it (${(cause as Error).message})`, { source: file, cause });
  }
}

/** Writes the whole file and closes it. */
export function writeOutput(file: string, data: string | Uint8Array, fd = openOutput(file)): void {
  try {
    writeFileSync(fd, data);
  } catch (cause) {
    throw new IoError(CliCode.Write, `cannot write it (${(cause as Error).message})`, { source: file, cause });
  } finally {
    closeSync(fd);
  }
}

/** A stream of lines to the file (an event log), opened now. */
export const outputStream = (file: string, flags: "w" | "a" = "w"): WriteStream =>
  createWriteStream(file, { fd: openOutput(file, flags) });
