import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useEffect, useRef } from 'react';
import { navigateTree } from '../model/keyboard-nav';
import type { ClockReading } from '../model/live-clock';
import type { TimeWindow } from '../model/timeline';
import type { TreeRow } from '../model/tree-rows';
import { SpanRow } from './span-row';
import { TimelineHeader } from './timeline-header';
import './span-grid.css';

/** Row height of the tree and the timeline (they share rows, so one scroll moves both). */
const ROW_HEIGHT = 28;
const rowHeight = () => ROW_HEIGHT;

/**
 * The span tree beside its waterfall, virtualized: only the rows in view are
 * in the DOM, so a 10,000-span trace scrolls like a small one.
 */
export function SpanGrid({
  rows,
  selectedId,
  bounds,
  clock,
  lastSeen,
  onSelect,
  onToggle,
}: {
  rows: TreeRow[];
  selectedId: string | undefined;
  bounds: TimeWindow;
  clock: ClockReading;
  /** The trace's last sign of life: where a stale span stops when the server gave no `staleSince`. */
  lastSeen: number;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer re-measures every row when these functions change: stable, or each
  // clock tick costs 100,000 measurements on a 100,000-span trace.
  const getItemKey = useCallback((index: number) => rows[index]?.span.spanId ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: useCallback(() => scrollRef.current, []),
    estimateSize: rowHeight,
    overscan: 12,
    getItemKey,
  });
  const pendingScroll = useRef(false);

  useEffect(() => {
    if (!pendingScroll.current || selectedId === undefined) return;
    pendingScroll.current = false;
    const index = rows.findIndex((row) => row.span.spanId === selectedId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedId, rows, virtualizer]);

  const onKeyDown = (event: KeyboardEvent) => {
    const result = navigateTree(rows, selectedId, event.key);
    if (!result) return;
    event.preventDefault();
    if (result.toggle) onToggle(result.toggle);
    if (result.select) {
      pendingScroll.current = true;
      onSelect(result.select);
    }
  };

  return (
    <div className="span-grid">
      <TimelineHeader bounds={bounds} />
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
                <SpanRow
                  row={row}
                  selected={row.span.spanId === selectedId}
                  bounds={bounds}
                  now={clock.now}
                  frozen={clock.frozen}
                  lastSeen={lastSeen}
                  onSelect={onSelect}
                  onToggle={onToggle}
                />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
