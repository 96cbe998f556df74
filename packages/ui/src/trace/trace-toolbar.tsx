import type { KeyboardEvent } from 'react';
import { STATE_FILTERS, type StateFilter } from '../model/span-search';
import type { TraceSearchState } from './use-trace-view';
import './trace-toolbar.css';

const FILTER_LABELS: Record<StateFilter, string> = { error: 'Errors', running: 'Running', stale: 'Stopped' };

/** "3 of 17" when the selected span is a match, else how many there are. */
function matchCount(search: TraceSearchState, selectedId: string | undefined): string {
  const total = search.matches.length;
  if (search.pending) return 'searching…';
  if (total === 0) return 'no matches';
  const at = selectedId === undefined ? -1 : search.matches.findIndex((span) => span.spanId === selectedId);
  return at >= 0 ? `${at + 1} of ${total}` : `${total} ${total === 1 ? 'match' : 'matches'}`;
}

/** Search inside the trace (names, attribute keys and values), state filters, and expand / collapse all. */
export function TraceToolbar({
  search,
  selectedId,
  onExpandAll,
  onCollapseAll,
}: {
  search: TraceSearchState;
  selectedId: string | undefined;
  onExpandAll: () => void;
  onCollapseAll: () => void;
}) {
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      search.setText('');
      return;
    }
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (search.pending) search.searchNow();
    else search.stepMatch(event.shiftKey ? -1 : 1);
  };
  const toggleState = (state: StateFilter) => {
    const next = new Set(search.states);
    if (!next.delete(state)) next.add(state);
    search.setStates(next);
  };
  const noMatches = search.matches.length === 0;
  return (
    <div className="trace-toolbar">
      <search className="trace-search">
        <input
          type="search"
          className="trace-search-input"
          aria-label="Search spans"
          placeholder="Find in trace: name, attribute key or value"
          value={search.text}
          onChange={(event) => search.setText(event.target.value)}
          onFocus={search.warm}
          onKeyDown={onKeyDown}
        />
        {search.active && (
          <span className="trace-search-count tabular" aria-live="polite">
            {matchCount(search, selectedId)}
          </span>
        )}
        <button
          type="button"
          className="tool-button"
          aria-label="Previous match"
          title="Previous match (Shift+Enter)"
          disabled={noMatches}
          onClick={() => search.stepMatch(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="tool-button"
          aria-label="Next match"
          title="Next match (Enter)"
          disabled={noMatches}
          onClick={() => search.stepMatch(1)}
        >
          ↓
        </button>
      </search>
      <div className="trace-filters">
        {STATE_FILTERS.map((state) => (
          <button
            key={state}
            type="button"
            className={`tool-button filter-${state}`}
            aria-pressed={search.states.has(state)}
            onClick={() => toggleState(state)}
          >
            {FILTER_LABELS[state]}
          </button>
        ))}
        <label className="only-matches" title="Hide every span that neither matches nor holds a match">
          <input
            type="checkbox"
            checked={search.onlyMatches}
            onChange={(event) => search.setOnlyMatches(event.target.checked)}
          />
          Only matches
        </label>
      </div>
      <div className="tree-tools">
        <button type="button" className="tool-button" onClick={onExpandAll}>
          Expand all
        </button>
        <button
          type="button"
          className="tool-button"
          onClick={onCollapseAll}
          title="Alt+click a chevron to collapse or expand everything below it"
        >
          Collapse all
        </button>
      </div>
    </div>
  );
}
