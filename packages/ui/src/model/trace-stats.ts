import type { Span, TraceStatus, TraceSummary } from '../api/schemas';
import { isRunning } from './merge-span';

/** Counts and bounds of the spans the client holds, derived in one pass. */
export interface TraceStats {
  /** Earliest start (ms); +Infinity when no span has a start. */
  start: number;
  /** Latest start or end (ms); -Infinity when empty. */
  end: number;
  /** Spans received (placeholders not counted). */
  received: number;
  running: number;
  errors: number;
  stale: number;
  placeholders: number;
  /** The root span (no parent), if received. */
  root: Span | undefined;
}

/** One pass over the spans; cheap enough to run on every batch of a 10,000-span trace. */
export function traceStats(spans: Iterable<Span>): TraceStats {
  const stats: TraceStats = {
    start: Number.POSITIVE_INFINITY,
    end: Number.NEGATIVE_INFINITY,
    received: 0,
    running: 0,
    errors: 0,
    stale: 0,
    placeholders: 0,
    root: undefined,
  };
  for (const span of spans) {
    if (span.placeholder) {
      stats.placeholders++;
      continue;
    }
    stats.received++;
    if (!span.parentSpanId && (!stats.root || span.startTime < stats.root.startTime)) stats.root = span;
    if (span.startTime) {
      stats.start = Math.min(stats.start, span.startTime);
      stats.end = Math.max(stats.end, span.endTime || span.startTime);
    }
    if (isRunning(span)) {
      stats.running++;
      if (span.stale) stats.stale++;
    } else if (span.status?.code === 2) {
      stats.errors++;
    }
  }
  return stats;
}

/**
 * The trace's status as the client sees it now, by the rules of docs/api.md:
 * the root's outcome once it ended; stale when spans run but went silent; else running.
 * Without a root, `error` if any span failed once nothing runs.
 */
export function traceStatusOf(stats: TraceStats, summary: TraceSummary | null): TraceStatus {
  const root = stats.root;
  if (root?.endTime) return root.status?.code === 2 ? 'error' : 'ok';
  if (stats.running > 0) return stats.stale > 0 || summary?.status === 'stale' ? 'stale' : 'running';
  if (!root && stats.received > 0) return stats.errors > 0 ? 'error' : (summary?.status ?? 'ok');
  return summary?.status ?? 'running';
}
