/**
 * The frequency bands of §4.6.6 and the carriers of each (§4.6.7), numbered as DECT numbers its RF carriers
 * (EN 300 175-2 §4.1): carrier c is at 1897.344 − c × 1.728 MHz for c = 0..9 (the 1880–1900 MHz band, carrier 0 at
 * the top) and at 1897.344 + (c − 9) × 1.728 MHz for c ≥ 10 (the bands above 1900 MHz). That numbering gives the
 * manual's counts — "5 carriers for the North American frequency band, 4 carriers for the Thai frequency band and 10
 * carriers for the other frequency bands" — and puts its Brazil example ("the following carriers shall be selected
 * only: 18, 19, 20 and 21", 1912.9–1918.1 MHz, Brazil's 1910–1920 MHz) inside the South American band (docs/design.md
 * "Frequency bands").
 */

/** §4.6.6: "The device can operate in the following frequency bands". */
export const FREQUENCY_BANDS = ["europe", "thailand", "south-america", "north-america"] as const;
export type FrequencyBand = (typeof FREQUENCY_BANDS)[number];

/** §4.6.6: "1880–1900 MHz (Europe, Africa, Middle East, Australia, New Zealand and parts of Asia)" is the default. */
export const DEFAULT_BAND: FrequencyBand = "europe";

const range = (from: number, to: number): readonly number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Each band as the Frequency drop-down names it (§4.6.6), with its carriers (§4.6.7), lowest number first. */
export const BANDS: Readonly<Record<FrequencyBand, { readonly label: string; readonly carriers: readonly number[] }>> =
  {
    europe: {
      label: "1880–1900 MHz (Europe, Africa, Middle East, Australia, New Zealand and parts of Asia)",
      carriers: range(0, 9),
    },
    thailand: { label: "1900–1906 MHz (Thailand)", carriers: range(11, 14) },
    "south-america": { label: "1910–1930 MHz (South America)", carriers: range(18, 27) },
    "north-america": { label: "1920–1930 MHz (North America)", carriers: range(23, 27) },
  };

/** The highest carrier number any band has (a wire limit). */
export const MAX_CARRIER_NUMBER = 27;
/** The most carriers a band has (§4.6.7: 10). */
export const MAX_BAND_CARRIERS = 10;

/** The centre frequency of DECT RF carrier `c` in MHz (EN 300 175-2 §4.1). */
export function carrierMhz(c: number): number {
  const mhz = c <= 9 ? 1897.344 - c * 1.728 : 1897.344 + (c - 9) * 1.728;
  return Math.round(mhz * 1000) / 1000;
}

/** The band and the carriers enabled in it (DECT → System, §4.6.6 and §4.6.7): what every radio of a system uses. */
export interface CarrierPlan {
  readonly band: FrequencyBand;
  /** Enabled carrier numbers, ascending, at least one, all of the band. */
  readonly enabled: readonly number[];
}

/** §4.6.7 "Under all normal circumstances all carriers should be enabled": a band's default plan. */
export function allCarriers(band: FrequencyBand): CarrierPlan {
  return { band, enabled: BANDS[band].carriers };
}

/** The default plan: the default band with all its carriers. */
export const DEFAULT_PLAN: CarrierPlan = allCarriers(DEFAULT_BAND);

/**
 * What is wrong with enabling `carriers` in `band`, or undefined: the list must not be empty, must name carriers of
 * the band only (§4.6.7) and each once.
 */
export function carriersProblem(band: FrequencyBand, carriers: readonly number[]): string | undefined {
  const own = BANDS[band].carriers;
  if (carriers.length === 0)
    return `at least one carrier must be enabled; the ${BANDS[band].label} band has ${own.join(", ")} (§4.6.7)`;
  const seen = new Set<number>();
  for (const c of carriers) {
    if (!own.includes(c))
      return `carrier ${String(c)} is not in the ${BANDS[band].label} band, whose carriers are ${own.join(", ")} (§4.6.7)`;
    if (seen.has(c)) return `carrier ${c} is listed twice`;
    seen.add(c);
  }
  return undefined;
}

/** A plan of valid carriers, ascending. Check them with carriersProblem first. */
export function carrierPlan(band: FrequencyBand, carriers: readonly number[] | undefined): CarrierPlan {
  return carriers === undefined ? allCarriers(band) : { band, enabled: [...carriers].sort((a, b) => a - b) };
}

/**
 * Whether two plans are the same: a radio that is told another band or another set of carriers stops its traffic and
 * resynchronises, and counts a sync loss (§4.11.5 "The number of enabled carriers is changed"; another set of the
 * same number changes the PSCN sequence all the same).
 */
export function samePlan(a: CarrierPlan, b: CarrierPlan): boolean {
  return (
    a === b ||
    (a.band === b.band && a.enabled.length === b.enabled.length && a.enabled.every((c, i) => c === b.enabled[i]))
  );
}
