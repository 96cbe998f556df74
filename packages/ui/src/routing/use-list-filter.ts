import { useCallback, useRef } from 'react';
import { listUrlSearch, parseListUrl } from '../model/list-url';
import { NO_FILTER, type TraceFilter } from '../model/trace-list';
import { navigate } from './navigation';

/**
 * The list filter, kept in the list's URL (`/?q=…&status=…&since=…`) so it
 * survives reloads and follows back/forward. On other pages the last list
 * filter stays, so the always-subscribed list does not refetch on every visit.
 */
export function useListFilter(onList: boolean, search: string): [TraceFilter, (filter: TraceFilter) => void] {
  const last = useRef<{ search: string; filter: TraceFilter }>({ search: '', filter: NO_FILTER });
  if (onList && search !== last.current.search) last.current = { search, filter: parseListUrl(search) };
  const setFilter = useCallback((filter: TraceFilter) => navigate(`/${listUrlSearch(filter)}`), []);
  return [last.current.filter, setFilter];
}
