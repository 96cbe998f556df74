import { memo } from 'react';
import type { TraceSummary } from '../api/schemas';
import { StatusBadge } from '../components/status-badge';
import { formatDuration, formatRelative } from '../model/format';

/** The duration a list row shows: ticking while running, frozen at the last signal when stale. */
function traceDuration(trace: TraceSummary, now: number): string {
  if (trace.status === 'running') return formatDuration(now - trace.startTime, true);
  if (trace.status === 'stale' || !trace.endTime)
    return formatDuration(trace.lastSeen - trace.startTime, true);
  return formatDuration(trace.endTime - trace.startTime);
}

/** One trace in the list; the whole row opens the trace. */
export const TraceListRow = memo(function TraceListRow({
  trace,
  now,
  onOpen,
}: {
  trace: TraceSummary;
  now: number;
  onOpen: (traceId: string) => void;
}) {
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
      <span>
        <StatusBadge status={trace.status} />
      </span>
      <span className="tabular muted" title={new Date(trace.startTime).toLocaleString()}>
        {formatRelative(trace.startTime, now)}
      </span>
      <span className="tabular trace-row-duration">{traceDuration(trace, now)}</span>
      <span className="tabular num">
        {trace.spanCount}
        {trace.runningCount > 0 && <span className="running-count"> ({trace.runningCount} running)</span>}
      </span>
      <span className={`tabular num${trace.errorCount > 0 ? ' has-errors' : ' muted'}`}>
        {trace.errorCount}
      </span>
    </button>
  );
});
