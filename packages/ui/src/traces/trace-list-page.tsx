import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef } from 'react';
import type { TraceStatus } from '../api/schemas';
import { AppStatusPanel } from '../components/app-status-panel';
import { useLiveClock } from '../hooks/use-live-clock';
import type { TraceListState } from '../hooks/use-trace-list';
import { useAppStatus } from '../live/app-status-store';
import { describeApp } from '../model/app-status';
import type { TraceFilter } from '../model/trace-list';
import { navigate, tracePath } from '../routing/navigation';
import { FirstTraceGuide } from './first-trace-guide';
import { TraceListRow } from './trace-list-row';
import './trace-list-page.css';

const ROW_HEIGHT = 40;
const STATUS_OPTIONS: Array<{ value: TraceStatus | 'all'; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'running', label: 'Running only' },
  { value: 'ok', label: 'OK' },
  { value: 'error', label: 'Error' },
  { value: 'stale', label: 'Stale' },
];

/** The landing page: every trace, newest first, live. */
export function TraceListPage({
  list,
  filter,
  onFilter,
}: {
  list: TraceListState;
  filter: TraceFilter;
  onFilter: (filter: TraceFilter) => void;
}) {
  const { traces, loaded, hasMore, loadingMore, loadMore } = list;
  const anyRunning = traces.some((trace) => trace.status === 'running');
  const { now, frozen } = useLiveClock(true, anyRunning ? 100 : 1000);
  const app = describeApp(useAppStatus());
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: traces.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= traces.length - 20) loadMore();
  }, [hasMore, loadingMore, lastIndex, traces.length, loadMore]);
  const open = useCallback((traceId: string) => navigate(tracePath(traceId)), []);

  const filtering = filter.name !== '' || filter.status !== 'all';
  const appPanel = app && app.state !== 'running' ? <AppStatusPanel app={app} /> : undefined;
  if (loaded && traces.length === 0 && !filtering && !hasMore) {
    return (
      <>
        {appPanel && <div className="trace-list-app">{appPanel}</div>}
        <FirstTraceGuide />
      </>
    );
  }

  return (
    <div className="trace-list-page">
      {appPanel}
      <div className="list-toolbar">
        <input
          className="list-search"
          type="search"
          placeholder="Filter by name"
          aria-label="Filter by name"
          value={filter.name}
          onChange={(event) => onFilter({ ...filter, name: event.target.value })}
        />
        <fieldset className="segmented" aria-label="Filter by status">
          {STATUS_OPTIONS.map((option) => (
            <button
              key={option.value}
              type="button"
              aria-pressed={filter.status === option.value}
              onClick={() => onFilter({ ...filter, status: option.value })}
            >
              {option.label}
            </button>
          ))}
        </fieldset>
        <span className="list-count tabular">
          {traces.length} {traces.length === 1 ? 'trace' : 'traces'}
          {hasMore ? '+' : ''}
        </span>
      </div>
      <section className="trace-table" aria-label="Traces">
        <div className="trace-head">
          <span>Name</span>
          <span>Status</span>
          <span>Started</span>
          <span>Duration</span>
          <span className="num">Spans</span>
          <span className="num">Errors</span>
          <span className="num" title="input / output tokens">
            Tokens
          </span>
          <span className="num">Cost</span>
        </div>
        {list.error && <div className="list-error">Could not load older traces: {list.error}</div>}
        <div className="trace-scroll" ref={scrollRef}>
          {!loaded && <div className="list-message">Loading traces…</div>}
          {loaded && traces.length === 0 && <div className="list-message">No traces match this filter.</div>}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const trace = traces[item.index];
              if (!trace) return null;
              return (
                <div
                  key={trace.traceId}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    transform: `translateY(${item.start}px)`,
                  }}
                >
                  <TraceListRow trace={trace} now={now} frozen={frozen} onOpen={open} />
                </div>
              );
            })}
          </div>
        </div>
      </section>
    </div>
  );
}
