import { memo } from 'react';
import type { TraceSummary } from '../api/schemas';
import { SlowBadge } from '../components/slow-badge';
import { StatusBadge } from '../components/status-badge';
import { formatLiveDuration, formatRelative } from '../model/format';
import { silenceNote, staleLabel } from '../model/live-truth';
import { traceDuration } from '../model/trace-duration';
import { TraceUsageCells } from './trace-usage-cells';

/** One trace in the list; the whole row opens the trace. */
export const TraceListRow = memo(function TraceListRow({
  trace,
  now,
  frozen,
  onOpen,
}: {
  trace: TraceSummary;
  now: number;
  /** The connection is lost: running durations are the last known ones. */
  frozen: boolean;
  onOpen: (traceId: string) => void;
}) {
  const duration = traceDuration(trace, now);
  const stale = trace.status === 'stale' ? staleLabel(trace.staleReason) : undefined;
  const silence = frozen ? undefined : silenceNote(trace, now);
  return (
    <button
      type="button"
      className="trace-row"
      data-trace-id={trace.traceId}
      data-status={trace.status}
      onClick={() => onOpen(trace.traceId)}
    >
      <span className="trace-name" title={trace.displayName}>
        {trace.displayName || <span className="unnamed">(unnamed)</span>}
      </span>
      <span className="trace-row-status" title={stale}>
        <StatusBadge status={trace.status} />
        {stale && <span className="trace-row-note stale-reason">{stale}</span>}
        {silence && <span className="trace-row-note silence-note">{silence}</span>}
        {trace.status !== 'stale' && (
          <SlowBadge facts={trace} durationMs={duration.ms} ticking={duration.ticking} />
        )}
      </span>
      <span className="tabular muted" title={new Date(trace.startTime).toLocaleString()}>
        {formatRelative(trace.startTime, now)}
      </span>
      <span className="tabular trace-row-duration">
        {formatLiveDuration(duration.ms, duration.ticking, frozen)}
      </span>
      <span className="tabular num">
        {trace.spanCount}
        {trace.runningCount > 0 && <span className="running-count"> ({trace.runningCount} running)</span>}
        {trace.staleCount > 0 && <span className="stopped-count"> ({trace.staleCount} stopped)</span>}
      </span>
      <span className={`tabular num${trace.errorCount > 0 ? ' has-errors' : ' muted'}`}>
        {trace.errorCount}
      </span>
      <TraceUsageCells trace={trace} />
    </button>
  );
});
