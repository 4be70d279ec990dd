import type { CarrierPlan, FrequencyBand } from "./bands.js";

/**
 * DECT air timing as this model keeps it (docs/design.md "Air timing"): a radio's frame counter runs at 100 frames per
 * second scaled by its clock error, from an anchor. Frame number (0..15), multiframe number (24 bits) and the primary
 * receiver scan carrier (PSCN) all follow from the counter, so two radios are in sync when their counters agree.
 */
export interface AirTiming {
  /** Clock time (ms) at which `frames` was the counter's value. */
  readonly anchorMs: number;
  /** Frame counter at `anchorMs`; fractional: the phase within a frame. */
  readonly frames: number;
  /** Clock error of whoever keeps this timing running, in ppm (positive: fast). */
  readonly ppm: number;
  /** PSCN at frame counter 0: the offset in the sequence of enabled carriers. */
  readonly pscn: number;
  /** The band and its enabled carriers (§4.6.6, §4.6.7): the PSCN cycles over them. */
  readonly carriers: CarrierPlan;
}

/** What a radio broadcasts over the air (its dummy bearer), as far as this version models it. */
export interface Beacon {
  readonly rfpis: readonly string[];
  /** 0 for an alien system of another vendor. */
  readonly systemId: number;
  /** The system's air domain (see PariPersisted.domain): radios of one system share it; 0 for aliens. */
  readonly domain: number;
  /** The frequency band it transmits in (§4.6.6): a receiver tuned to another band does not hear it. */
  readonly band: FrequencyBand;
  /** Sync region (§4.6.36); -1 for aliens. */
  readonly region: number;
  /** Present while the radio transmits in sync (synchronized, in holdover, or active sync master). */
  readonly timing?: AirTiming;
  /** The radio lost its source and runs on its own clock: not a source to follow (§4.6.36). */
  readonly holdover?: boolean;
  /** Another DECT system's radio (a disturber, §4.12.2). */
  readonly alien?: boolean;
}

/**
 * A beacon not refreshed for this long is off air. Radios publish once per PARI keep-alive (2 s), so this is three
 * missed publishes; the air service for real nodes needs it because a killed process sends no goodbye.
 */
export const AIR_STALE_MS = 6000;

/** A beacon as one radio receives it. */
export interface Heard {
  readonly beacon: Beacon;
  readonly rssi: number;
  /** Frame error rate, whole percent 0..100. */
  readonly fer: number;
}

/**
 * The radio air around one device: the sim's AirField directly, or the air service over UDP on real nodes. A radio
 * publishes its beacon while it is on air and reads what it receives.
 */
export interface Air {
  publish(beacon: Beacon | undefined): void;
  heard(): readonly Heard[];
}
