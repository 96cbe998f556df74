import { memo } from 'react';
import type { TraceSummary } from '../api/schemas';
import { SlowBadge } from '../components/slow-badge';
import { StatusBadge } from '../components/status-badge';
import { formatLiveDuration } from '../model/format';
import { silenceNote, staleLabel } from '../model/live-truth';
import { startedLabel } from '../model/started-label';
import { traceDuration } from '../model/trace-duration';
import { routeBesideName } from '../model/trace-label';
import { isBrowserClick, navigate, tracePath } from '../routing/navigation';
import { TraceUsageCells } from './trace-usage-cells';

/**
 * One trace in the list: a checkbox to pick it for a comparison, and a real
 * link to the trace (so it opens in a new tab, and Enter follows it).
 */
export const TraceListRow = memo(function TraceListRow({
  trace,
  now,
  frozen,
  selected,
  onSelect,
}: {
  trace: TraceSummary;
  now: number;
  /** The connection is lost: running durations are the last known ones. */
  frozen: boolean;
  /** Picked for a comparison. */
  selected: boolean;
  onSelect: (traceId: string, selected: boolean) => void;
}) {
  const duration = traceDuration(trace, now);
  const stale = trace.status === 'stale' ? staleLabel(trace.staleReason) : undefined;
  const silence = frozen ? undefined : silenceNote(trace, now);
  const started = startedLabel(trace.startTime, now);
  const route = routeBesideName(trace);
  const href = tracePath(trace.traceId);
  const name = trace.displayName || '(unnamed)';
  return (
    <div className="trace-item" data-selected={selected || undefined}>
      <input
        type="checkbox"
        className="trace-pick"
        aria-label={`Pick ${name} to compare`}
        checked={selected}
        onChange={(event) => onSelect(trace.traceId, event.target.checked)}
      />
      <a
        className="trace-row"
        href={href}
        data-trace-id={trace.traceId}
        data-status={trace.status}
        onClick={(event) => {
          if (isBrowserClick(event)) return;
          event.preventDefault();
          navigate(href);
        }}
      >
        <span
          className="trace-name"
          title={[trace.displayName, route, trace.serviceName].filter(Boolean).join(' · ')}
        >
          {trace.displayName || <span className="unnamed">(unnamed)</span>}
          {route && <span className="trace-route">{route}</span>}
          {trace.serviceName && <span className="trace-service">{trace.serviceName}</span>}
        </span>
        <span className="trace-row-status" title={stale}>
          <StatusBadge status={trace.status} />
          {stale && <span className="trace-row-note stale-reason">{stale}</span>}
          {silence && <span className="trace-row-note silence-note">{silence}</span>}
          {trace.status !== 'stale' && (
            <SlowBadge facts={trace} durationMs={duration.ms} ticking={duration.ticking} />
          )}
        </span>
        <span className="tabular muted trace-started" title={started.title}>
          {started.text}
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
      </a>
    </div>
  );
});
