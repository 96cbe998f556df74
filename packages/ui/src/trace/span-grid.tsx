import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, type KeyboardEvent, useCallback, useEffect, useRef } from 'react';
import { navigateTree } from '../model/keyboard-nav';
import type { ClockReading } from '../model/live-clock';
import type { TimeWindow } from '../model/timeline';
import type { TreeRow } from '../model/tree-rows';
import { FoldRow } from './fold-row';
import { SpanRow } from './span-row';
import { TimelineHeader } from './timeline-header';
import { useTreeWidth } from './use-tree-width';
import './span-grid.css';

/** Row height of the tree and the timeline (they share rows, so one scroll moves both). */
const ROW_HEIGHT = 28;
const rowHeight = () => ROW_HEIGHT;

/**
 * The span tree beside its waterfall, virtualized: only the rows in view are
 * in the DOM, so a 100,000-span trace scrolls like a small one.
 */
export function SpanGrid({
  rows,
  selectedId,
  scrollRequest,
  matchIds,
  needle,
  view,
  origin,
  zoomed,
  onZoom,
  clock,
  lastSeen,
  onSelect,
  onToggle,
  onUnfold,
  onRefold,
}: {
  rows: TreeRow[];
  selectedId: string | undefined;
  /** Changes when the selected row must be scrolled into view. */
  scrollRequest: number;
  /** Spans matching the in-trace search. */
  matchIds: ReadonlySet<string>;
  needle: string;
  /** The time range the waterfall shows. */
  view: TimeWindow;
  /** The trace start, which the time axis counts from. */
  origin: number;
  zoomed: boolean;
  onZoom: (range: TimeWindow | undefined) => void;
  clock: ClockReading;
  /** The trace's last sign of life: where a stale span stops when the server gave no `staleSince`. */
  lastSeen: number;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string, deep: boolean) => void;
  onUnfold: (key: string) => void;
  onRefold: (key: string) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [treeWidth, setTreeWidth] = useTreeWidth();
  // The virtualizer re-measures every row when these functions change: stable, or each
  // clock tick costs 100,000 measurements on a 100,000-span trace.
  const getItemKey = useCallback(
    (index: number) => {
      const row = rows[index];
      return row?.fold?.key ?? row?.span.spanId ?? index;
    },
    [rows],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: useCallback(() => scrollRef.current, []),
    estimateSize: rowHeight,
    overscan: 12,
    getItemKey,
  });
  const pendingScroll = useRef(false);
  const handledRequest = useRef(0);

  useEffect(() => {
    const requested = scrollRequest !== handledRequest.current;
    if ((!pendingScroll.current && !requested) || selectedId === undefined) return;
    const index = rows.findIndex((row) => row.span.spanId === selectedId);
    if (index < 0) return; // not shown yet: try again when the rows change
    pendingScroll.current = false;
    handledRequest.current = scrollRequest;
    virtualizer.scrollToIndex(index, { align: requested ? 'center' : 'auto' });
  }, [selectedId, scrollRequest, rows, virtualizer]);

  const onKeyDown = (event: KeyboardEvent) => {
    const result = navigateTree(rows, selectedId, event.key);
    if (!result) return;
    event.preventDefault();
    if (result.toggle) onToggle(result.toggle, false);
    if (result.unfold) onUnfold(result.unfold);
    if (result.select) {
      pendingScroll.current = true;
      onSelect(result.select);
    }
  };

  return (
    <div
      className="span-grid"
      style={treeWidth === undefined ? undefined : ({ '--tree-width': `${treeWidth}px` } as CSSProperties)}
    >
      <TimelineHeader
        view={view}
        origin={origin}
        zoomed={zoomed}
        onZoom={onZoom}
        treeWidth={treeWidth}
        onTreeWidth={setTreeWidth}
      />
      <div
        className="span-grid-scroll"
        ref={scrollRef}
        role="tree"
        aria-label="Spans"
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div className="span-grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={item.key}
                className="span-row-slot"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.fold ? (
                  <FoldRow
                    fold={row.fold}
                    depth={row.depth}
                    selected={row.span.spanId === selectedId}
                    bounds={view}
                    onUnfold={onUnfold}
                  />
                ) : (
                  <SpanRow
                    row={row}
                    selected={row.span.spanId === selectedId}
                    matched={matchIds.has(row.span.spanId)}
                    needle={needle}
                    bounds={view}
                    now={clock.now}
                    frozen={clock.frozen}
                    lastSeen={lastSeen}
                    onSelect={onSelect}
                    onToggle={onToggle}
                    onRefold={onRefold}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
