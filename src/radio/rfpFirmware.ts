import { DecodeError, IoError, IpdectError } from "../core/errors.js";
import type { UpdateFetcher } from "../update/UpdateHost.js";
import { parseUpdateUrl, urlForLog } from "../update/updateUrl.js";
import { RadioCode } from "./errors.js";

/**
 * What an RFP firmware file is here (App. A.1.7, §4.18.4). The manual names the files (`Worf4_GAP_R4H.s2`,
 * `Worf123.S2`) but not their format, and an RFP's firmware is not an IPDECTFW image of a device (update/image.ts):
 * the IPBL only carries it to its RFPs. So any non-empty file up to RFP_FIRMWARE_MAX_BYTES is one, and its version is
 * the file name's stem, the name without its last extension: `Worf123.S2` is version `Worf123`. docs/design.md "RFP
 * update".
 */

/** The largest RFP firmware file taken: 8 MiB, twice what an RFP's own flash would need (our limit). */
export const RFP_FIRMWARE_MAX_BYTES = 8 * 1024 * 1024;
/** A file name: letters, digits, `.`, `_`, `-`, starting with a letter or digit, at most 64 characters. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The RFP firmware file the IPBL holds for its RFPs. */
export interface RfpFirmware {
  /** The file name, as the URL's last path segment or the upload named it. */
  readonly name: string;
  /** The name's stem: what an updated RFP reports as its version. */
  readonly version: string;
  readonly size: number;
  /** Where it came from: the URL without its password, or "uploaded file" (§4.18.4). */
  readonly source: string;
}

/** The file name of an RFP firmware, checked; its version is the name up to its last `.` (the whole name if none). */
export function rfpFirmwareName(name: string, where: string): { name: string; version: string } {
  if (!NAME.test(name))
    throw new DecodeError(
      RadioCode.RfpFirmwareName,
      `${JSON.stringify(name.length > 70 ? `${name.slice(0, 70)}…` : name)} is not an RFP firmware file name: 1..64 letters, digits, ".", "_" or "-", like Worf123.S2 (App. A.1.7)`,
      { source: where },
    );
  const dot = name.lastIndexOf(".");
  return { name, version: dot > 0 ? name.slice(0, dot) : name };
}

/** The last segment of a URL path (`/ascom/rfp/Worf123.S2?x` → `Worf123.S2`), percent-decoded where it can be. */
export function fileNameOfPath(path: string): string {
  const segment =
    path
      .replace(/[?].*$/s, "")
      .split("/")
      .at(-1) ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** An RFP firmware file: `bytes` checked for size, `name` for its form (throws DecodeError RFP_FIRMWARE_FILE/_NAME). */
export function readRfpFirmware(bytes: Uint8Array, name: string, source: string): RfpFirmware {
  const n = rfpFirmwareName(name, source);
  if (bytes.length === 0 || bytes.length > RFP_FIRMWARE_MAX_BYTES)
    throw new DecodeError(
      RadioCode.RfpFirmwareFile,
      `${n.name}: ${bytes.length === 0 ? "an empty file" : `${bytes.length} bytes, over ${RFP_FIRMWARE_MAX_BYTES}`} is no RFP firmware (1..${RFP_FIRMWARE_MAX_BYTES} bytes)`,
      { source },
    );
  return { ...n, size: bytes.length, source };
}

/** Where errors of the `firmware` URL point. */
export const FIRMWARE_LINE = "mod cmd RFP_UPDATE0 firmware";

/**
 * The RFP firmware at `url` (A.1.7 `firmware`), fetched once with the update client's fetcher (HTTP, HTTPS, TFTP) and
 * checked. A file that came but is no RFP firmware throws RFP_FIRMWARE_FILE or _NAME; anything else is a download
 * that failed: RFP_FIRMWARE_FETCH with the fetcher's error as its cause (no fetcher: a world without downloads).
 */
export async function downloadRfpFirmware(
  fetcher: UpdateFetcher | undefined,
  url: string,
): Promise<{ file: RfpFirmware; bytes: Uint8Array }> {
  const parsed = parseUpdateUrl(url, FIRMWARE_LINE);
  const where = urlForLog(parsed);
  let bytes: Uint8Array;
  try {
    if (fetcher === undefined) throw new Error("this world has no downloads (no update fetcher)");
    bytes = await fetcher.get(parsed, RFP_FIRMWARE_MAX_BYTES);
  } catch (err) {
    const reason = err instanceof IpdectError ? `${err.code}: ${err.message}` : String(err);
    throw new IoError(RadioCode.RfpFirmwareFetch, `the RFP firmware did not come from ${where}: ${reason}`, {
      source: FIRMWARE_LINE,
      cause: err,
    });
  }
  return { file: readRfpFirmware(bytes, fileNameOfPath(parsed.path), where), bytes };
}
