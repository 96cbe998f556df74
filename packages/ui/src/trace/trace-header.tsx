import type { TraceStatus, TraceSummary } from '../api/schemas';
import { CopyButton } from '../components/copy-button';
import { SlowBadge } from '../components/slow-badge';
import { StatusBadge } from '../components/status-badge';
import { formatClock, formatLiveDuration } from '../model/format';
import type { ClockReading } from '../model/live-clock';
import { silenceNote, staleLabel, staleSentence } from '../model/live-truth';
import { type TraceTiming, traceDuration } from '../model/trace-duration';
import type { TraceStats } from '../model/trace-stats';
import { progressEstimate } from '../model/usual-duration';
import { navigate } from '../routing/navigation';
import { RunAgainButton } from './run-again-button';
import { StopButton } from './stop-button';
import { TraceActions } from './trace-actions';
import { TraceTotals } from './trace-totals';

/** The header's view of the trace's timing: the summary's, refreshed by the spans held here. */
function timingOf(summary: TraceSummary | null, stats: TraceStats, status: TraceStatus): TraceTiming {
  return {
    startTime: Number.isFinite(stats.start) ? stats.start : (summary?.startTime ?? 0),
    endTime: stats.root?.endTime || summary?.endTime || 0,
    status,
    staleSince: summary?.staleSince ?? stats.staleSince,
    lastSeen: summary?.lastSeen || (Number.isFinite(stats.end) ? stats.end : 0),
  };
}

/** Trace name, status, duration and counts, above the tree. */
export function TraceHeader({
  traceId,
  summary,
  stats,
  status,
  clock,
  onNextError,
}: {
  traceId: string;
  summary: TraceSummary | null;
  stats: TraceStats;
  status: TraceStatus;
  clock: ClockReading;
  /** Selects the next failed span (after the selected one, wrapping). */
  onNextError: () => void;
}) {
  const name = stats.root?.displayName ?? summary?.displayName ?? '';
  const timing = timingOf(summary, stats, status);
  const hasStart = timing.startTime > 0;
  const duration = traceDuration(timing, clock.now);
  const staleReason = summary?.staleReason ?? stats.staleReason;
  const silence = summary ? silenceNote({ ...summary, status }, clock.now) : undefined;
  const progress =
    summary && status === 'running' && hasStart ? progressEstimate(summary, duration.ms) : undefined;
  return (
    <header className="trace-header">
      <button type="button" className="back-button" onClick={() => navigate('/')}>
        ← Traces
      </button>
      <div className="trace-title-row">
        <h1 className="trace-title">{name || 'Trace'}</h1>
        {summary?.route && summary.route !== name && (
          <span className="trace-route mono">{summary.route}</span>
        )}
        {summary?.serviceName && (
          <span className="trace-service" title="service.name of the trace's resource">
            {summary.serviceName}
          </span>
        )}
        <span title={status === 'stale' ? staleLabel(staleReason) : undefined}>
          <StatusBadge status={status} />
        </span>
        {hasStart && (
          <span className="trace-duration tabular" data-ticking={duration.ticking && !clock.frozen}>
            {formatLiveDuration(duration.ms, duration.ticking, clock.frozen)}
          </span>
        )}
        {silence && <span className="trace-silence">{silence}</span>}
        {summary && hasStart && status !== 'stale' && (
          <SlowBadge facts={summary} durationMs={duration.ms} ticking={duration.ticking} />
        )}
        {progress && <span className="trace-progress tabular">{progress}</span>}
        {status === 'running' && <StopButton traceId={traceId} />}
        {status !== 'running' && <RunAgainButton root={stats.root} />}
        <TraceActions traceId={traceId} />
      </div>
      {status === 'stale' && (
        <p className="trace-stale-note" role="status">
          {staleSentence(staleReason, timing.staleSince ?? timing.lastSeen)}
        </p>
      )}
      <div className="trace-facts">
        <span className="tabular">
          {stats.received} {stats.received === 1 ? 'span' : 'spans'}
        </span>
        {stats.running > 0 && <span className="fact-running tabular">{stats.running} running</span>}
        {stats.stale > 0 && <span className="fact-stale tabular">{stats.stale} stopped</span>}
        {stats.errors > 0 && (
          <button
            type="button"
            className="fact-error fact-button tabular"
            title="Go to the next failed span"
            onClick={onNextError}
          >
            {stats.errors} {stats.errors === 1 ? 'error' : 'errors'} →
          </button>
        )}
        {stats.placeholders > 0 && <span className="tabular">{stats.placeholders} missing</span>}
        {hasStart && <span className="tabular">started {formatClock(timing.startTime)}</span>}
        <TraceTotals summary={summary} />
        <span className="trace-id">
          <span className="mono">{traceId}</span>
          <CopyButton text={traceId} label="Copy ID" />
        </span>
      </div>
    </header>
  );
}
