import type { TimelineItem } from "./timelineItems.js";

/**
 * Repeats of one happening (same key, timelineItems.ts) fold into one line while each comes within this long of the
 * previous one: a burst spread by jitter, retries or a seeded spread (300 users failing within 25 s, 40 radios
 * moving to the Standby) stays one line, and the next episode a fault causes (a minute later in a fault script) gets
 * its own. A presentation rule only: the event log keeps every event.
 */
export const FOLD_GAP_MS = 2000;

/** How many of a folded line's subjects are named before "… and N more". */
export const FOLD_NAMES = 5;

/** Repeats folded into one line: the first item, how many there were, whom they were about, when the last came. */
export interface FoldedItem {
  readonly first: TimelineItem;
  readonly count: number;
  /** Distinct subjects, in natural order (user 2 before user 10). */
  readonly subjects: readonly string[];
  /** Distinct devices that reported them, in natural order. */
  readonly devices: readonly string[];
  readonly lastT: number;
  /** Shortest and longest `ms` of the items that carry one. */
  readonly ms?: { readonly min: number; readonly max: number };
}

interface Open {
  readonly first: TimelineItem;
  readonly order: number;
  count: number;
  lastT: number;
  readonly subjects: Set<string>;
  readonly devices: Set<string>;
  ms: { min: number; max: number } | undefined;
}

/**
 * Folds the items (in time order) into groups: an item joins the open group of its key when it comes at most `gapMs`
 * after that group's last item, and opens a new group otherwise. Groups come out in the order of their first item,
 * so the same items always give the same lines.
 */
export function foldItems(items: readonly TimelineItem[], gapMs = FOLD_GAP_MS): FoldedItem[] {
  const open = new Map<string, Open>();
  const all: Open[] = [];
  for (const item of items) {
    let g = open.get(item.key);
    if (g === undefined || item.t - g.lastT > gapMs) {
      g = {
        first: item,
        order: all.length,
        count: 0,
        lastT: item.t,
        subjects: new Set(),
        devices: new Set(),
        ms: undefined,
      };
      open.set(item.key, g);
      all.push(g);
    }
    g.count++;
    g.lastT = item.t;
    g.subjects.add(item.subject);
    g.devices.add(item.device);
    if (item.ms !== undefined)
      g.ms =
        g.ms === undefined
          ? { min: item.ms, max: item.ms }
          : { min: Math.min(g.ms.min, item.ms), max: Math.max(g.ms.max, item.ms) };
  }
  return all.map((g) => ({
    first: g.first,
    count: g.count,
    subjects: [...g.subjects].sort(naturalOrder),
    devices: [...g.devices].sort(naturalOrder),
    lastT: g.lastT,
    ...(g.ms === undefined ? {} : { ms: g.ms }),
  }));
}

/** One folded line's parts: time, device column, what happened. */
export interface FoldedLine {
  readonly t: number;
  readonly device: string;
  readonly text: string;
}

/**
 * A group as a line. One item reads as before folding (`alarm 0x00030201 Standby master active`, with its subject in
 * brackets when that is not the device); repeats read `300 × alarm 0x00030202 User registration failure over 24.6 s:
 * 2000, 2001, 2002, 2003, 2004 … and 295 more`, and the device column says how many devices when several.
 */
export function foldedLine(g: FoldedItem): FoldedLine {
  const { first } = g;
  const device = g.devices.length === 1 ? g.devices[0]! : `${g.devices.length} devices`;
  const what = `${first.text}${g.ms === undefined ? "" : ` for ${range(g.ms.min, g.ms.max)}`}${first.then === undefined ? "" : `, ${first.then}`}`;
  if (g.count === 1) {
    const about = first.subject === first.device ? "" : ` (${first.subject})`;
    return { t: first.t, device, text: `${what}${about}` };
  }
  // A burst within a second reads as one instant; a longer one says how long it went on.
  const span = g.lastT - first.t >= 1000 ? ` over ${seconds(g.lastT - first.t)}` : "";
  return { t: first.t, device, text: `${g.count} × ${what}${span}: ${abbreviate(g.subjects)}` };
}

/** The first FOLD_NAMES names, then "… and N more" (never "and 1 more": that name fits in its place). */
export function abbreviate(names: readonly string[], shown = FOLD_NAMES): string {
  if (names.length <= shown + 1) return names.join(", ");
  return `${names.slice(0, shown).join(", ")} … and ${names.length - shown} more`;
}

/** `2.8 s`, `250 ms`: a duration as a person reads it. */
export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `2.5 s`, `732–737 ms`, `0.7–2.5 s`: a range in one unit, a single value when both ends read the same. */
export function range(min: number, max: number): string {
  const [a, b, unit] =
    max < 1000
      ? [String(Math.round(min)), String(Math.round(max)), "ms"]
      : [(min / 1000).toFixed(1), (max / 1000).toFixed(1), "s"];
  return a === b ? `${a} ${unit}` : `${a}–${b} ${unit}`;
}

/** Compares names with their digit runs as numbers (radio-2 before radio-10), and is independent of the locale. */
export function naturalOrder(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    // Odd parts are the digit runs of split's capture group.
    if (i % 2 === 1 && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
