import { traceStatus } from '@livespan/tracing/wire';
import type { Span, TraceStatus, TraceSummary } from '../api/schemas';
import { isLive, isRunning } from './merge-span';

/** Counts and bounds of the spans the client holds, derived in one pass. */
export interface TraceStats {
  /** Earliest start (ms); +Infinity when no span has a start. */
  start: number;
  /** Latest start, end or `staleSince` (ms); -Infinity when empty. */
  end: number;
  /** Spans received (placeholders not counted). */
  received: number;
  /** Open spans that are still live (stale ones not counted). */
  running: number;
  errors: number;
  /** Open spans whose run stopped or went silent. */
  stale: number;
  placeholders: number;
  /** Longest duration of an ended span (ms); 0 when none ended. */
  longest: number;
  /** The latest `staleSince` of a stale span, if any carries one. */
  staleSince: number | undefined;
  /** The `staleReason` of a stale span (the root's when it is stale). */
  staleReason: string | undefined;
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
    longest: 0,
    staleSince: undefined,
    staleReason: undefined,
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
      stats.end = Math.max(stats.end, span.endTime || span.startTime, span.staleSince ?? 0);
    }
    if (isLive(span)) {
      stats.running++;
    } else if (isRunning(span)) {
      stats.stale++;
      if (span.staleSince !== undefined) stats.staleSince = Math.max(stats.staleSince ?? 0, span.staleSince);
      if (span.staleReason && (!stats.staleReason || !span.parentSpanId))
        stats.staleReason = span.staleReason;
    } else {
      if (span.status?.code === 2) stats.errors++;
      if (span.startTime) stats.longest = Math.max(stats.longest, span.endTime - span.startTime);
    }
  }
  return stats;
}

/**
 * The trace's status as the client sees it now, by the one rule of
 * `@livespan/tracing/wire`; stale once spans are open but none is live.
 * Before any span arrived, the server's summary says.
 */
export function traceStatusOf(stats: TraceStats, summary: TraceSummary | null): TraceStatus {
  if (stats.received === 0) return summary?.status ?? 'running';
  const root = stats.root;
  return traceStatus({
    hasRoot: root !== undefined,
    rootEndTime: root?.endTime ?? 0,
    rootStatusCode: root?.status?.code,
    errorCount: stats.errors,
    stale: stats.running === 0 && stats.stale > 0,
  });
}
