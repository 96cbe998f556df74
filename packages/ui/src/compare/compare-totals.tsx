import type { LiveTraceState } from '../hooks/use-live-trace';
import { type CompareRow, formatDiff } from '../model/compare-traces';
import { formatLiveDuration } from '../model/format';
import { formatDateTime } from '../model/started-label';
import { traceDuration } from '../model/trace-duration';
import { traceStats } from '../model/trace-stats';
import { isBrowserClick, navigate, tracePath } from '../routing/navigation';

function TraceCard({
  label,
  state,
  traceId,
  now,
}: {
  label: string;
  state: LiveTraceState;
  traceId: string;
  now: number;
}) {
  const summary = state.trace.summary;
  const stats = traceStats(state.trace.spans.values());
  const duration = summary ? traceDuration(summary, now) : undefined;
  const href = tracePath(traceId);
  return (
    <div className="compare-card" data-side={label}>
      <span className="compare-card-label">{label}</span>
      <a
        href={href}
        className="compare-card-name"
        onClick={(event) => {
          if (isBrowserClick(event)) return;
          event.preventDefault();
          navigate(href);
        }}
      >
        {summary?.displayName || traceId}
      </a>
      <span className="muted tabular">{summary ? formatDateTime(summary.startTime) : 'loading…'}</span>
      <span className="tabular compare-total" data-total={label}>
        {duration ? formatLiveDuration(duration.ms, duration.ticking, false) : '—'}
      </span>
      <span className="muted">
        {stats.received} spans{stats.errors > 0 ? `, ${stats.errors} errors` : ''}
      </span>
    </div>
  );
}

/** The two traces' names, start times, total durations, their difference, and the unmatched counts. */
export function CompareTotals({
  a,
  b,
  aId,
  bId,
  rows,
  now,
}: {
  a: LiveTraceState;
  b: LiveTraceState;
  aId: string;
  bId: string;
  rows: CompareRow[];
  now: number;
}) {
  const aMs = a.trace.summary ? traceDuration(a.trace.summary, now).ms : undefined;
  const bMs = b.trace.summary ? traceDuration(b.trace.summary, now).ms : undefined;
  const onlyA = rows.filter((row) => row.a && !row.b).length;
  const onlyB = rows.filter((row) => row.b && !row.a).length;
  return (
    <header className="compare-totals">
      <TraceCard label="A" state={a} traceId={aId} now={now} />
      <TraceCard label="B" state={b} traceId={bId} now={now} />
      <div className="compare-card compare-summary">
        <span className="compare-card-label">B − A</span>
        <span className="tabular compare-total" data-total="diff">
          {aMs !== undefined && bMs !== undefined ? formatDiff(aMs, bMs) : '—'}
        </span>
        <span className="muted">
          {rows.length - onlyA - onlyB} matched, {onlyA} only in A, {onlyB} only in B
        </span>
      </div>
    </header>
  );
}
