import { memo, useCallback, useMemo, useState } from 'react';
import { useLiveClock } from '../hooks/use-live-clock';
import { useLiveTrace } from '../hooks/use-live-trace';
import { useOverdue } from '../hooks/use-overdue';
import { useConnection } from '../live/connection-store';
import { realtimeAdvice } from '../model/realtime-advice';
import { traceWindow } from '../model/timeline';
import { traceIdProblem } from '../model/trace-id';
import { traceStats, traceStatusOf } from '../model/trace-stats';
import { RealtimeNotice } from './realtime-notice';
import { SpanDetails } from './span-details';
import { SpanGrid } from './span-grid';
import { TraceHeader } from './trace-header';
import { TraceIdProblem } from './trace-id-problem';
import { TRACE_OVERDUE_MS, TraceWaiting } from './trace-waiting';
import './trace-page.css';

/**
 * `/traces/:traceId`: the live span tree, waterfall and details of one trace.
 * A malformed id is answered here, without a request. Memoized so that
 * trace-list updates in the shell do not re-render it.
 */
export const TracePage = memo(function TracePage({ traceId }: { traceId: string }) {
  const problem = traceIdProblem(traceId);
  if (problem) return <TraceIdProblem message={problem} />;
  return <LiveTraceView traceId={traceId} />;
});

function LiveTraceView({ traceId }: { traceId: string }) {
  const { trace, version, loaded } = useLiveTrace(traceId);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [selectedId, setSelectedId] = useState<string | undefined>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` marks changes to the mutable trace.
  const stats = useMemo(() => traceStats(trace.spans.values()), [trace, version]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above.
  const rows = useMemo(() => trace.rows(collapsed), [trace, version, collapsed]);
  const status = traceStatusOf(stats, trace.summary);
  const clock = useLiveClock(stats.running > 0, 0);
  const bounds = useMemo(() => traceWindow(stats, clock.now), [stats, clock.now]);
  // "Not arrived" is only said while the server answers: offline, we cannot know.
  const connected = useConnection().lostAt === undefined;
  const overdue = useOverdue(loaded && connected && trace.spans.size === 0, TRACE_OVERDUE_MS);

  const toggle = useCallback((spanId: string) => {
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (!next.delete(spanId)) next.add(spanId);
      return next;
    });
  }, []);

  if (!loaded) return <div className="trace-message">Loading trace…</div>;
  if (trace.spans.size === 0) return <TraceWaiting traceId={traceId} overdue={overdue} />;

  const advice = realtimeAdvice(trace.summary, {
    sawRunning: trace.sawRunning,
    longestSpanMs: stats.longest,
  });
  const lastSeen = trace.summary?.lastSeen || stats.end;
  // Until the user picks one, the first row (the root) is shown.
  const shownId = selectedId ?? rows[0]?.span.spanId;
  const selected = shownId === undefined ? undefined : trace.spans.get(shownId);
  return (
    <div className="trace-page">
      <TraceHeader traceId={traceId} summary={trace.summary} stats={stats} status={status} clock={clock} />
      {advice && <RealtimeNotice advice={advice} />}
      {trace.loading && (
        // Search and counts cover what is here; say that more is coming.
        <div className="trace-loading" role="status">
          Loading spans… {stats.received.toLocaleString('en-US')} of{' '}
          {(trace.summary?.spanCount ?? 0).toLocaleString('en-US')}
        </div>
      )}
      <div className="trace-body">
        <SpanGrid
          rows={rows}
          selectedId={shownId}
          bounds={bounds}
          clock={clock}
          lastSeen={lastSeen}
          onSelect={setSelectedId}
          onToggle={toggle}
        />
        <SpanDetails span={selected} lastSeen={lastSeen} clock={clock} />
      </div>
    </div>
  );
}
