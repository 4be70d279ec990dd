import type { Position } from "../settings.js";

/** A building's outline on the site plan (m); links leaving or entering it cross its outer wall. */
export interface Building {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly depth: number;
}

/** An extra wall on every floor, from (x1, y1) to (x2, y2), with its own loss. */
export interface Wall {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly lossDb: number;
}

const inside = (b: Building, p: Position) => p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.depth;

/** Whether segment a–b passes through the rectangle's interior (Liang–Barsky clipping). */
function crossesInterior(b: Building, a: Position, c: Position): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = c.x - a.x;
  const dy = c.y - a.y;
  const edges: [number, number][] = [
    [-dx, a.x - b.x],
    [dx, b.x + b.width - a.x],
    [-dy, a.y - b.y],
    [dy, b.y + b.depth - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 >= t1) return false;
  }
  return true;
}

/** How many outer building walls the straight path a–b crosses. */
export function outerWallsCrossed(buildings: readonly Building[], a: Position, b: Position): number {
  let n = 0;
  for (const w of buildings) {
    const ia = inside(w, a);
    const ib = inside(w, b);
    if (ia !== ib) n += 1;
    else if (!ia && crossesInterior(w, a, b)) n += 2;
  }
  return n;
}

/** Loss of the extra walls the straight path a–b crosses. */
export function wallLossDb(walls: readonly Wall[], a: Position, b: Position): number {
  let loss = 0;
  for (const w of walls) if (segmentsCross(a.x, a.y, b.x, b.y, w.x1, w.y1, w.x2, w.y2)) loss += w.lossDb;
  return loss;
}

function segmentsCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number) {
  const side = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) =>
    Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
  return (
    side(ax, ay, bx, by, cx, cy) * side(ax, ay, bx, by, dx, dy) < 0 &&
    side(cx, cy, dx, dy, ax, ay) * side(cx, cy, dx, dy, bx, by) < 0
  );
}
