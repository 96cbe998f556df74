import type { TraceStatus, TraceSummary } from '../api/schemas';
import { CopyButton } from '../components/copy-button';
import { StatusBadge } from '../components/status-badge';
import { formatClock, formatDuration } from '../model/format';
import type { TraceStats } from '../model/trace-stats';
import { navigate } from '../routing/navigation';

/** Trace name, status, duration and counts, above the tree. */
export function TraceHeader({
  traceId,
  summary,
  stats,
  status,
  now,
}: {
  traceId: string;
  summary: TraceSummary | null;
  stats: TraceStats;
  status: TraceStatus;
  now: number;
}) {
  const name = stats.root?.displayName ?? summary?.displayName ?? '';
  const start = Number.isFinite(stats.start) ? stats.start : summary?.startTime;
  const end =
    stats.root?.endTime || (status === 'running' ? now : Math.max(stats.end, summary?.lastSeen ?? 0));
  return (
    <header className="trace-header">
      <button type="button" className="back-button" onClick={() => navigate('/')}>
        ← Traces
      </button>
      <div className="trace-title-row">
        <h1 className="trace-title">{name || 'Trace'}</h1>
        <StatusBadge status={status} />
        {start !== undefined && (
          <span className="trace-duration tabular">
            {formatDuration(end - start, status === 'running' || status === 'stale')}
          </span>
        )}
      </div>
      <div className="trace-facts">
        <span className="tabular">
          {stats.received} {stats.received === 1 ? 'span' : 'spans'}
        </span>
        {stats.running > 0 && <span className="fact-running tabular">{stats.running} running</span>}
        {stats.errors > 0 && (
          <span className="fact-error tabular">
            {stats.errors} {stats.errors === 1 ? 'error' : 'errors'}
          </span>
        )}
        {stats.placeholders > 0 && <span className="tabular">{stats.placeholders} missing</span>}
        {start !== undefined && <span className="tabular">started {formatClock(start)}</span>}
        <span className="trace-id">
          <span className="mono">{traceId}</span>
          <CopyButton text={traceId} label="Copy ID" />
        </span>
      </div>
    </header>
  );
}
