import { type ReactNode, useEffect, useState } from 'react';
import { StatusBadge } from '../components/status-badge';
import { ImportButton } from '../import/import-button';
import type { TimeRange } from '../model/time-range';
import { LIST_STATUSES, type TraceFilter, toggleStatus } from '../model/trace-list';
import { TimeRangePicker } from './time-range-picker';

/** How long typing pauses before the search goes to the URL (and the server). */
const SEARCH_DEBOUNCE_MS = 300;

/** Search, status toggles and time range of the list, plus its actions. */
export function ListToolbar({
  filter,
  onFilter,
  children,
}: {
  filter: TraceFilter;
  onFilter: (filter: TraceFilter) => void;
  /** Counts and actions at the end of the bar. */
  children: ReactNode;
}) {
  const [text, setText] = useState(filter.q);
  // Back/forward (or a link) changed the URL: show its search.
  useEffect(() => setText(filter.q), [filter.q]);
  useEffect(() => {
    if (text === filter.q) return;
    const timer = setTimeout(() => onFilter({ ...filter, q: text }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, filter, onFilter]);

  return (
    <div className="list-toolbar">
      <input
        className="list-search"
        type="search"
        placeholder="Search spans and attributes"
        aria-label="Search traces"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <fieldset className="segmented" aria-label="Filter by status">
        {LIST_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            aria-pressed={filter.statuses.includes(status)}
            onClick={() => onFilter({ ...filter, statuses: toggleStatus(filter.statuses, status) })}
          >
            <StatusBadge status={status} />
          </button>
        ))}
      </fieldset>
      <TimeRangePicker range={filter.range} onChange={(range: TimeRange) => onFilter({ ...filter, range })} />
      <span className="list-toolbar-end">
        {children}
        <ImportButton />
      </span>
    </div>
  );
}
