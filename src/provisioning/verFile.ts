import { DecodeError } from "../core/errors.js";
import { ProvisioningCode } from "./errors.js";

/** A `.ver` file is one short line (seed 002: 'e.g. "PCS17Ea 58478"'); 1 KiB is far beyond any. */
export const VER_FILE_MAX_BYTES = 1024;

/**
 * `<firmware>.ver` (seed 002 "Firmware Version Files"): "a text file with text describing the current firmware
 * version", compared with the running version before any firmware download. The version is the file's one line,
 * trimmed (a final line break, CR LF or LF, is allowed). Throws DecodeError PROV_VER_FILE with why.
 */
export function parseVerFile(bytes: Uint8Array, source: string): string {
  const fail = (why: string): never => {
    throw new DecodeError(ProvisioningCode.VerFile, why, { source });
  };
  if (bytes.length > VER_FILE_MAX_BYTES) fail(`${bytes.length} bytes, over the limit of ${VER_FILE_MAX_BYTES}`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("not UTF-8 text");
  }
  const version = text.replace(/\r?\n$/, "").trim();
  if (version === "") fail("empty: it names no version");
  if (/[\p{Cc}]/u.test(version)) fail("more than one line, or a control character: a .ver file is one line of text");
  return version;
}
