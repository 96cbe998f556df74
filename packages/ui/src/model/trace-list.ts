import type { TraceStatus, TraceSummary } from '../api/schemas';

/** The user's filter of the trace list. */
export interface TraceFilter {
  /** Case-insensitive substring of the trace name; empty matches all. */
  name: string;
  /** One status, or all. */
  status: TraceStatus | 'all';
}

/** Whether `trace` passes `filter` (the same rules as the server's `name` / `status` query). */
export function matchesFilter(trace: TraceSummary, filter: TraceFilter): boolean {
  if (filter.status !== 'all' && trace.status !== filter.status) return false;
  if (filter.name && !trace.displayName.toLowerCase().includes(filter.name.toLowerCase())) return false;
  return true;
}

/** Newest first (by start time), ties broken by id so the order is stable. */
function compareNewestFirst(a: TraceSummary, b: TraceSummary): number {
  return b.startTime - a.startTime || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0);
}

/** The list to show: the known traces that match, newest first. */
export function visibleTraces(traces: Iterable<TraceSummary>, filter: TraceFilter): TraceSummary[] {
  const result: TraceSummary[] = [];
  for (const trace of traces) if (matchesFilter(trace, filter)) result.push(trace);
  return result.sort(compareNewestFirst);
}
