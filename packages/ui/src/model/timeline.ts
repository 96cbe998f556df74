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
export function barGeometry(span: Span, bounds: TimeWindow, now: number, lastSeen = now): BarGeometry {
  const width = bounds.end - bounds.start;
  const end = spanEnd(span, now, lastSeen);
  const left = clamp01((span.startTime - bounds.start) / width);
  const right = clamp01((end - bounds.start) / width);
  return { left, width: Math.max(0, right - left) };
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
 * Evenly spaced tick offsets (ms from the bounds start) at a "nice" step
 * (1, 2 or 5 × 10^n ms), at most `maxTicks` of them, starting at 0.
 */
export function timeTicks(bounds: TimeWindow, maxTicks: number): number[] {
  const width = bounds.end - bounds.start;
  if (width <= 0 || maxTicks < 1) return [0];
  const raw = width / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  // Whole milliseconds at least: finer ticks would all read "0 ms".
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude);
  const ticks: number[] = [];
  for (let t = 0; t <= width && ticks.length <= maxTicks; t += step) ticks.push(t);
  return ticks;
}
