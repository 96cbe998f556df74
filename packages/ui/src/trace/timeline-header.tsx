import { type PointerEvent, useEffect, useRef, useState } from 'react';
import { formatDuration } from '../model/format';
import { type TimeWindow, tickCountFor, timeTicks, zoomWindow } from '../model/timeline';
import { ColumnResizer } from './column-resizer';

/** Where a drag over the time axis started and now is, as fractions of its width. */
interface Drag {
  from: number;
  to: number;
}

function fractionAt(event: PointerEvent<HTMLElement>): number {
  const box = event.currentTarget.getBoundingClientRect();
  return box.width > 0 ? (event.clientX - box.left) / box.width : 0;
}

/**
 * Column titles, with time ticks over the timeline column: as many as fit
 * its width, labelled from the trace start. Dragging over the ticks zooms
 * the waterfall to that range.
 */
export function TimelineHeader({
  view,
  origin,
  zoomed,
  onZoom,
  treeWidth,
  onTreeWidth,
}: {
  /** The time range shown. */
  view: TimeWindow;
  /** The trace start: ticks read as time since it. */
  origin: number;
  zoomed: boolean;
  /** A range to show, or undefined to show the whole trace again. */
  onZoom: (range: TimeWindow | undefined) => void;
  treeWidth: number | undefined;
  onTreeWidth: (width: number) => void;
}) {
  const axisRef = useRef<HTMLDivElement>(null);
  const [axisWidth, setAxisWidth] = useState(0);
  const [drag, setDrag] = useState<Drag | undefined>();
  useEffect(() => {
    const axis = axisRef.current;
    if (!axis) return;
    const observer = new ResizeObserver(() => setAxisWidth(axis.clientWidth));
    observer.observe(axis);
    return () => observer.disconnect();
  }, []);

  const width = view.end - view.start;
  const ticks = axisWidth > 0 ? timeTicks(view, tickCountFor(axisWidth), origin) : [];
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const at = fractionAt(event);
    setDrag({ from: at, to: at });
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag) setDrag({ ...drag, to: fractionAt(event) });
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    setDrag(undefined);
    const range = zoomWindow(view, drag.from, fractionAt(event));
    if (range) onZoom(range);
  };
  return (
    <div className="span-grid-head">
      <div className="span-tree-cell head-cell">
        Span
        <ColumnResizer width={treeWidth} onWidth={onTreeWidth} />
      </div>
      <div className="span-duration-cell head-cell">
        {zoomed && (
          <button type="button" className="zoom-reset" onClick={() => onZoom(undefined)}>
            Reset zoom
          </button>
        )}
        {!zoomed && 'Duration'}
      </div>
      <div
        className="span-timeline-cell head-cell time-axis"
        ref={axisRef}
        title="Drag to zoom into a time range"
        data-zoomed={zoomed}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(undefined)}
      >
        {ticks.map((tick) => {
          const at = (tick - (view.start - origin)) / width;
          return (
            <span
              key={tick}
              className={
                at > 0.92 ? 'tick tick-end tabular' : at < 0.04 ? 'tick tick-start tabular' : 'tick tabular'
              }
              style={{ left: `${at * 100}%` }}
            >
              {formatDuration(tick)}
            </span>
          );
        })}
        {drag && (
          <div
            className="zoom-selection"
            style={{
              left: `${Math.min(drag.from, drag.to) * 100}%`,
              width: `${Math.abs(drag.to - drag.from) * 100}%`,
            }}
          />
        )}
      </div>
    </div>
  );
}
