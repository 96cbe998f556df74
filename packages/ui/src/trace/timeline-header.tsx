import { formatDuration } from '../model/format';
import { type TimeWindow, timeTicks } from '../model/timeline';

/** Column titles, with time ticks over the timeline column. */
export function TimelineHeader({ bounds }: { bounds: TimeWindow }) {
  const width = bounds.end - bounds.start;
  const ticks = timeTicks(bounds, 5);
  return (
    <div className="span-grid-head">
      <div className="span-tree-cell head-cell">Span</div>
      <div className="span-duration-cell head-cell">Duration</div>
      <div className="span-timeline-cell head-cell">
        {ticks.map((tick) => (
          <span
            key={tick}
            className={tick > 0 && tick / width > 0.92 ? 'tick tick-end tabular' : 'tick tabular'}
            style={{ left: `${(tick / width) * 100}%` }}
          >
            {formatDuration(tick)}
          </span>
        ))}
      </div>
    </div>
  );
}
