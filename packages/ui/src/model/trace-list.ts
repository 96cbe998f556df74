import type { TraceStatus, TraceSummary } from '../api/schemas';
import { inRange, type TimeRange } from './time-range';

/** The user's filter of the trace list (kept in the URL, see list-url.ts). */
export interface TraceFilter {
  /** Text searched in every span's name and attributes (server `q`); empty matches all. */
  q: string;
  /** Statuses to show; empty shows all. */
  statuses: TraceStatus[];
  range: TimeRange;
}

/** The status toggles of the list, in the order they show (and appear in the URL). */
export const LIST_STATUSES: readonly TraceStatus[] = ['running', 'error', 'stale', 'ok'];

/** `statuses` with `status` switched on or off, in {@link LIST_STATUSES} order. */
export function toggleStatus(statuses: readonly TraceStatus[], status: TraceStatus): TraceStatus[] {
  const on = !statuses.includes(status);
  return LIST_STATUSES.filter((s) => (s === status ? on : statuses.includes(s)));
}

/** No filter: every trace. */
export const NO_FILTER: TraceFilter = { q: '', statuses: [], range: { kind: 'all' } };

/** Whether any part of `filter` narrows the list. */
export function isFiltering(filter: TraceFilter): boolean {
  return filter.q !== '' || filter.statuses.length > 0 || filter.range.kind !== 'all';
}

/**
 * Whether the summary alone proves that `trace` matches the search `q`: its
 * name is the root span's name, and its route and service name come from
 * span attributes. A false answer is not proof of a miss (any span may match).
 */
export function surelyMatchesQuery(trace: TraceSummary, q: string): boolean {
  const needle = q.toLowerCase();
  return [trace.displayName, trace.route, trace.serviceName].some((text) =>
    text?.toLowerCase().includes(needle),
  );
}

/**
 * Whether `trace` passes the parts of `filter` a summary can decide (status
 * and time range, the same rules as the server's `status` / `since` / `until`).
 * The search `q` needs the server: see {@link visibleTraces}.
 */
export function matchesFilter(trace: TraceSummary, filter: TraceFilter, now: number): boolean {
  if (filter.statuses.length > 0 && !filter.statuses.includes(trace.status)) return false;
  return inRange(trace.startTime, filter.range, now);
}

/** Newest first (by start time), ties broken by id so the order is stable. */
function compareNewestFirst(a: TraceSummary, b: TraceSummary): number {
  return b.startTime - a.startTime || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0);
}

/**
 * The list to show: the known traces that match, newest first. With a search,
 * a trace shows when the server found it (`found`) or its summary proves it.
 */
export function visibleTraces(
  traces: Iterable<TraceSummary>,
  filter: TraceFilter,
  now: number,
  found: ReadonlySet<string>,
): TraceSummary[] {
  const result: TraceSummary[] = [];
  for (const trace of traces) {
    if (!matchesFilter(trace, filter, now)) continue;
    if (filter.q && !found.has(trace.traceId) && !surelyMatchesQuery(trace, filter.q)) continue;
    result.push(trace);
  }
  return result.sort(compareNewestFirst);
}
