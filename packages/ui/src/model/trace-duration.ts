import type { TraceStatus } from '../api/schemas';

/** What the one duration rule reads of a trace (a `TraceSummary` has all of it). */
export interface TraceTiming {
  startTime: number;
  /** The root's end; 0 while the root is running or missing. */
  endTime: number;
  status: TraceStatus;
  /** The last sign of life when stale. */
  staleSince?: number;
  /** Stands in for `staleSince` when the server gave none (it equals `lastSeen`). */
  lastSeen: number;
}

/** A trace's duration and whether it still grows with the clock. */
export interface TraceDuration {
  ms: number;
  /** Still running: the value follows `now`. */
  ticking: boolean;
}

/**
 * The one duration rule of docs/api.md, for the trace list and the trace
 * header alike: `endTime - startTime` once the root ended; `staleSince -
 * startTime` when stale (frozen: the run stopped); else `now - startTime`.
 * A trace that ended without its root (no `endTime`) stops at `lastSeen`.
 */
export function traceDuration(trace: TraceTiming, now: number): TraceDuration {
  if (trace.endTime > 0) return { ms: Math.max(0, trace.endTime - trace.startTime), ticking: false };
  if (trace.status === 'stale') {
    const since = trace.staleSince ?? trace.lastSeen;
    return { ms: Math.max(0, since - trace.startTime), ticking: false };
  }
  if (trace.status === 'running') return { ms: Math.max(0, now - trace.startTime), ticking: true };
  return { ms: Math.max(0, trace.lastSeen - trace.startTime), ticking: false };
}
