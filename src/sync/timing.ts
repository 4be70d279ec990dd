import type { AirTiming } from "../role/Air.js";
import { samePlan } from "../role/bands.js";

/** Re-exported: sync code speaks of air timing through this module. */
export type { AirTiming };

/** One DECT frame lasts 10 ms; 16 frames make a multiframe (EN 300 175-3). */
export const FRAME_MS = 10;
export const FRAMES_PER_MULTIFRAME = 16;
const MULTIFRAME_MODULO = 2 ** 24;

/** The frame counter (fractional) at time `t`. */
export function framesAt(timing: AirTiming, t: number): number {
  return timing.frames + ((t - timing.anchorMs) / FRAME_MS) * (1 + timing.ppm / 1e6);
}

/**
 * The values a radio broadcasts in frame `f` of its counter (§4.11.5 names them). The PSCN is the carrier number the
 * primary receiver scans in that frame: it steps through the enabled carriers of the band.
 */
export function valuesOfFrame(timing: AirTiming, f: number): { frame: number; multiframe: number; pscn: number } {
  return {
    frame: f % FRAMES_PER_MULTIFRAME,
    multiframe: Math.floor(f / FRAMES_PER_MULTIFRAME) % MULTIFRAME_MODULO,
    pscn: timing.carriers.enabled[(timing.pscn + f) % timing.carriers.enabled.length]!,
  };
}

/**
 * Time difference of `own` against `source` at `t`, in µs (§4.12.3 Drift): positive when `own` runs ahead.
 */
export function driftUs(own: AirTiming, source: AirTiming, t: number): number {
  return (framesAt(own, t) - framesAt(source, t)) * FRAME_MS * 1000;
}

/** The four reasons of §4.11.5 that come from the air values (the fifth is "no source for 9 minutes"). */
export type TimingChange = "pscn" | "frame" | "multiframe" | "carriers";

/**
 * What would change for a radio running `own` if it took `next` at time `t` (§4.11.5): any change stops its radio
 * traffic and counts as a sync loss. Same values within half a frame of phase is a smooth re-lock.
 */
export function timingChanges(own: AirTiming, next: AirTiming, t: number): TimingChange[] {
  const k = Math.floor(framesAt(next, t));
  const a = valuesOfFrame(own, k + Math.round(framesAt(own, t) - framesAt(next, t)));
  const b = valuesOfFrame(next, k);
  const out: TimingChange[] = [];
  if (!samePlan(own.carriers, next.carriers)) out.push("carriers");
  // With other carriers the PSCN sequence is a different one anyway; that change is the carriers'.
  else if (a.pscn !== b.pscn) out.push("pscn");
  if (a.frame !== b.frame) out.push("frame");
  if (a.multiframe !== b.multiframe) out.push("multiframe");
  return out;
}

/** `timing` as kept from time `t` on at clock error `ppm` (holdover, free run): same counter at `t`. */
export function reanchor(timing: AirTiming, t: number, ppm: number): AirTiming {
  return { ...timing, anchorMs: t, frames: framesAt(timing, t), ppm };
}
