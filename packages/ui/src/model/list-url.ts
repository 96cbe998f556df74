import { parseRange, rangeParams } from './time-range';
import { LIST_STATUSES, type TraceFilter } from './trace-list';

/**
 * The list filter from the URL query (`?q=…&status=error,running&since=15m`).
 * Unknown statuses and malformed times are dropped, so an edited URL still opens.
 */
export function parseListUrl(search: string): TraceFilter {
  const params = new URLSearchParams(search);
  const wanted = (params.get('status') ?? '').split(',');
  return {
    q: params.get('q') ?? '',
    statuses: LIST_STATUSES.filter((status) => wanted.includes(status)),
    range: parseRange(params.get('since'), params.get('until')),
  };
}

/** The URL query of `filter` ("" when it filters nothing, else "?…"). */
export function listUrlSearch(filter: TraceFilter): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.statuses.length > 0) params.set('status', filter.statuses.join(','));
  for (const [key, value] of Object.entries(rangeParams(filter.range))) {
    if (value !== undefined) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
