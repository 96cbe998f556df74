import type { Span } from '../api/schemas';
import { isRunning } from './merge-span';
import type { TraceStats } from './trace-stats';

/** The time range the waterfall shows, in ms since the epoch. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** A bar's position as fractions (0..1) of the bounds width. */
export interface BarGeometry {
  left: number;
  width: number;
}

/**
 * The bounds that holds every received span at time `now`: from the earliest
 * start to the latest end (a stale span's end is its `staleSince`), extended
 * to `now` while any span is live (so running bars grow against the "now"
 * line). Never empty: at least 1 ms wide.
 */
export function traceWindow(stats: Pick<TraceStats, 'start' | 'end' | 'running'>, now: number): TimeWindow {
  if (!Number.isFinite(stats.start)) return { start: now, end: now + 1 };
  const end = stats.running > 0 ? Math.max(stats.end, now) : stats.end;
  return { start: stats.start, end: Math.max(end, stats.start + 1) };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/**
 * Where a span's clock stops: its end; for a stale span its last sign of
 * life (`staleSince`, or `lastSeen` when the server gave none); for a live one `now`.
 */
function spanEnd(
  span: Pick<Span, 'startTime' | 'endTime' | 'placeholder' | 'stale' | 'staleSince'>,
  now: number,
  lastSeen = now,
): number {
  if (!isRunning(span)) return span.endTime;
  if (span.stale) return Math.max(span.startTime, span.staleSince ?? Math.min(lastSeen, now));
  return Math.max(now, span.startTime);
}

/** Where `span`'s bar sits in `bounds`; a live span extends to `now`, a stale one stops at `staleSince`. */
export function barGeometry(
  span: Pick<Span, 'startTime' | 'endTime' | 'placeholder' | 'stale' | 'staleSince'>,
  bounds: TimeWindow,
  now: number,
  lastSeen = now,
): BarGeometry {
  const width = bounds.end - bounds.start;
  const end = spanEnd(span, now, lastSeen);
  const left = clamp01((span.startTime - bounds.start) / width);
  const right = clamp01((end - bounds.start) / width);
  return { left, width: Math.max(0, right - left) };
}

/** Whether any of a span's bar falls inside `view` (a zoomed waterfall draws no bar for the others). */
export function spanInWindow(
  span: Pick<Span, 'startTime' | 'endTime' | 'placeholder' | 'stale' | 'staleSince'>,
  view: TimeWindow,
  now: number,
  lastSeen = now,
): boolean {
  return span.startTime <= view.end && spanEnd(span, now, lastSeen) >= view.start;
}

/** Position of time `t` in `bounds`, as a fraction clamped to 0..1. */
export function timeFraction(t: number, bounds: TimeWindow): number {
  return clamp01((t - bounds.start) / (bounds.end - bounds.start));
}

/**
 * Elapsed time of a span: to its end; frozen at `staleSince` once stale
 * (`lastSeen` stands in when the server gave none); to `now` while live.
 */
export function spanDuration(
  span: Pick<Span, 'startTime' | 'endTime' | 'placeholder' | 'stale' | 'staleSince'>,
  now: number,
  lastSeen = now,
): number {
  return Math.max(0, spanEnd(span, now, lastSeen) - span.startTime);
}

/**
 * Tick offsets (ms from `origin`, the trace start) at a "nice" step
 * (1, 2 or 5 × 10^n ms) that fall inside `view`, at most `maxTicks + 1` of
 * them. Unzoomed, `origin` is the view's start and the first tick is 0.
 */
export function timeTicks(view: TimeWindow, maxTicks: number, origin = view.start): number[] {
  const width = view.end - view.start;
  if (width <= 0 || maxTicks < 1) return [Math.max(0, view.start - origin)];
  const raw = width / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  // Whole milliseconds at least: finer ticks would all read "0 ms".
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude);
  const ticks: number[] = [];
  const first = Math.ceil((view.start - origin) / step) * step;
  for (let t = first; t <= view.end - origin && ticks.length <= maxTicks; t += step) ticks.push(t);
  return ticks;
}

/** Widest tick label ("1 m 05 s", about 50 px) plus a gap, in pixels: ticks closer than this would overlap. */
const TICK_SPACING_PX = 64;

/** How many tick intervals fit in a timeline `widthPx` wide without labels touching (1 at least). */
export function tickCountFor(widthPx: number): number {
  return Math.max(1, Math.floor(widthPx / TICK_SPACING_PX));
}

/** The narrowest range a drag zooms to (ms): below it every tick label would read the same. */
const MIN_ZOOM_MS = 1;

/**
 * The part of `view` between two fractions of its width (a drag over the
 * timeline, in either direction); undefined for a drag too short to mean a range.
 */
export function zoomWindow(
  view: TimeWindow,
  fromFraction: number,
  toFraction: number,
): TimeWindow | undefined {
  const [a, b] = [clamp01(Math.min(fromFraction, toFraction)), clamp01(Math.max(fromFraction, toFraction))];
  const width = view.end - view.start;
  const start = view.start + a * width;
  const end = view.start + b * width;
  if (b - a < 0.005 || end - start < MIN_ZOOM_MS) return undefined;
  return { start, end };
}
