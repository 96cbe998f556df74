import type { SpanData } from '@livespan/tracing';
import type { TraceRecord, TraceStatus } from './trace-store.js';

/** A trace summary as the API returns it (docs/api.md `TraceSummary`): the stored record, minus internals, plus its status. */
export type TraceSummary = Omit<TraceRecord, 'rootSpanId' | 'rootStatusCode'> & { status: TraceStatus };

/** A new, empty record for a trace first seen now. */
export function emptyTraceRecord(traceId: string, now: number): TraceRecord {
  return {
    traceId,
    displayName: '',
    startTime: 0,
    endTime: 0,
    spanCount: 0,
    runningCount: 0,
    errorCount: 0,
    lastSeen: now,
    hasRoot: false,
    realtime: false,
  };
}

/** What the counters need to know of a span's previous version. */
export interface SpanCounts {
  endTime: number;
  status?: { code: number };
}

const isRunning = (span: SpanCounts | undefined): number => (span && !(span.endTime > 0) ? 1 : 0);
const isError = (span: SpanCounts | undefined): number => (span?.status?.code === 2 ? 1 : 0);

/**
 * Adjusts a summary for one span going from `before` (undefined: new) to
 * `after`, in O(1): counters move by the difference between the two rows,
 * never by recounting the trace. Mutates and returns `record`.
 */
export function applySpanToRecord(
  record: TraceRecord,
  before: SpanCounts | undefined,
  after: SpanData,
): TraceRecord {
  if (!before) record.spanCount += 1;
  record.runningCount += isRunning(after) - isRunning(before);
  record.errorCount += isError(after) - isError(before);
  if (!after.parentSpanId) {
    record.hasRoot = true;
    record.displayName = after.displayName;
    record.startTime = after.startTime;
    record.endTime = Math.max(after.endTime, 0);
    record.rootStatusCode = after.status?.code ?? 0;
  } else if (!record.hasRoot && (record.spanCount === 1 || after.startTime < record.startTime)) {
    record.displayName = after.displayName;
    record.startTime = after.startTime;
  }
  return record;
}

/** The list status of a trace at time `now` (docs/api.md). */
export function traceStatus(record: TraceRecord, now: number, staleAfterMs: number): TraceStatus {
  if (record.hasRoot && record.endTime > 0) return record.rootStatusCode === 2 ? 'error' : 'ok';
  if (!record.hasRoot && record.errorCount > 0) return 'error';
  if (record.runningCount > 0 && now - record.lastSeen > staleAfterMs) return 'stale';
  return 'running';
}

/** The API form of a stored record. */
export function toSummary(record: TraceRecord, now: number, staleAfterMs: number): TraceSummary {
  const { rootStatusCode: _status, rootSpanId: _root, ...rest } = record;
  return { ...rest, status: traceStatus(record, now, staleAfterMs) };
}
