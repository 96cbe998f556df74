import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AppStatusPanel } from '../components/app-status-panel';
import { useLiveClock } from '../hooks/use-live-clock';
import type { TraceListState } from '../hooks/use-trace-list';
import { useAppStatus } from '../live/app-status-store';
import { describeApp } from '../model/app-status';
import { isFiltering, type TraceFilter } from '../model/trace-list';
import { comparePath, navigate } from '../routing/navigation';
import { ClearAllButton } from './clear-all-button';
import { FirstTraceGuide } from './first-trace-guide';
import { ListToolbar } from './list-toolbar';
import { TraceListRow } from './trace-list-row';
import './trace-list-page.css';

const ROW_HEIGHT = 40;

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

  // Two picked traces make a comparison; picking a third drops the first.
  const [picked, setPicked] = useState<string[]>([]);
  const pick = useCallback((traceId: string, on: boolean) => {
    setPicked((current) => {
      const rest = current.filter((id) => id !== traceId);
      return on ? [...rest, traceId].slice(-2) : rest;
    });
  }, []);
  // Picked traces still listed (one may have been deleted or filtered out since).
  const pickedTraces = picked
    .map((id) => traces.find((trace) => trace.traceId === id))
    .filter((trace) => trace !== undefined);
  const compare = () => {
    const [a, b] = [...pickedTraces].sort((x, y) => x.startTime - y.startTime);
    if (a && b) navigate(comparePath(a.traceId, b.traceId));
  };

  const appPanel = app && app.state !== 'running' ? <AppStatusPanel app={app} /> : undefined;
  if (loaded && traces.length === 0 && !isFiltering(filter) && !hasMore) {
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
      <ListToolbar filter={filter} onFilter={onFilter}>
        <span className="list-count tabular">
          {traces.length} {traces.length === 1 ? 'trace' : 'traces'}
          {hasMore ? '+' : ''}
        </span>
        <button
          type="button"
          className="list-action"
          disabled={picked.length !== 2}
          title={
            picked.length === 2 ? 'Compare the two picked traces' : 'Pick two traces with their checkboxes'
          }
          onClick={compare}
        >
          Compare{picked.length > 0 ? ` (${picked.length}/2)` : ''}
        </button>
        <ClearAllButton />
      </ListToolbar>
      <section className="trace-table" aria-label="Traces">
        <div className="trace-item trace-item-head">
          <span />
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
        </div>
        {list.error && <div className="list-error">Could not load traces: {list.error}</div>}
        <div className="trace-scroll" ref={scrollRef}>
          {!loaded && <div className="list-message">Loading traces…</div>}
          {loaded && traces.length === 0 && (
            <div className="list-message">
              {list.searching ? 'Searching…' : 'No traces match this filter.'}
            </div>
          )}
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
                  <TraceListRow
                    trace={trace}
                    now={now}
                    frozen={frozen}
                    selected={picked.includes(trace.traceId)}
                    onSelect={pick}
                  />
                </div>
              );
            })}
          </div>
        </div>
      </section>
    </div>
  );
}
