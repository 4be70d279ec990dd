import { StateError } from "../core/errors.js";
import { Sari } from "../core/identity/Sari.js";
import { PariCode } from "./errors.js";
import { MAX_SARIS } from "./settings.js";

/** §4.6.35: SARIs an operator sets at runtime (primary first, up to 10 in all), in ARI text form, none twice. */
export function runtimeSaris(saris: readonly string[]): string[] {
  if (saris.length > MAX_SARIS)
    throw new StateError(
      PariCode.PariSariCount,
      `up to ${MAX_SARIS} SARIs in all, the SARI and ${MAX_SARIS - 1} guest SARIs (§4.6.35), got ${saris.length}`,
    );
  const normal = saris.map((s) => Sari.parse(s).toString());
  if (new Set(normal).size !== normal.length)
    throw new StateError(PariCode.PariSariDuplicate, "a SARI is listed twice");
  return normal;
}
