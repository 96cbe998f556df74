import { memo, useMemo, useState } from 'react';
import { useLiveClock } from '../hooks/use-live-clock';
import { useLiveTrace } from '../hooks/use-live-trace';
import { useOverdue } from '../hooks/use-overdue';
import { useConnection } from '../live/connection-store';
import { realtimeAdvice } from '../model/realtime-advice';
import { type TimeWindow, traceWindow } from '../model/timeline';
import { traceIdProblem } from '../model/trace-id';
import { traceStats, traceStatusOf } from '../model/trace-stats';
import { RealtimeNotice } from './realtime-notice';
import { SpanDetails } from './span-details';
import { SpanGrid } from './span-grid';
import { TraceHeader } from './trace-header';
import { TraceIdProblem } from './trace-id-problem';
import { TraceToolbar } from './trace-toolbar';
import { TRACE_OVERDUE_MS, TraceWaiting } from './trace-waiting';
import { useTraceView } from './use-trace-view';
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
  const treeView = useTraceView(traceId, trace, version);
  const [zoom, setZoom] = useState<TimeWindow | undefined>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` marks changes to the mutable trace.
  const stats = useMemo(() => traceStats(trace.spans.values()), [trace, version]);
  const status = traceStatusOf(stats, trace.summary);
  const clock = useLiveClock(stats.running > 0, 0);
  const bounds = useMemo(() => traceWindow(stats, clock.now), [stats, clock.now]);
  // "Not arrived" is only said while the server answers: offline, we cannot know.
  const connected = useConnection().lostAt === undefined;
  const overdue = useOverdue(loaded && connected && trace.spans.size === 0, TRACE_OVERDUE_MS);

  if (!loaded) return <div className="trace-message">Loading trace…</div>;
  if (trace.spans.size === 0) return <TraceWaiting traceId={traceId} overdue={overdue} />;

  const advice = realtimeAdvice(trace.summary, {
    sawRunning: trace.sawRunning,
    longestSpanMs: stats.longest,
  });
  const lastSeen = trace.summary?.lastSeen || stats.end;
  const { rows, selectedId, search } = treeView;
  // Until the user picks one, the first row (the root) is shown.
  const shownId = selectedId ?? rows[0]?.span.spanId;
  const selected = shownId === undefined ? undefined : trace.spans.get(shownId);
  return (
    <div className="trace-page">
      <TraceHeader
        traceId={traceId}
        summary={trace.summary}
        stats={stats}
        status={status}
        clock={clock}
        onNextError={treeView.nextError}
      />
      {advice && <RealtimeNotice advice={advice} />}
      {trace.loading && (
        // Search and counts cover what is here; say that more is coming.
        <div className="trace-loading" role="status">
          Loading spans… {stats.received.toLocaleString('en-US')} of{' '}
          {(trace.summary?.spanCount ?? 0).toLocaleString('en-US')}
        </div>
      )}
      <TraceToolbar
        search={search}
        selectedId={selectedId}
        onExpandAll={treeView.expandAll}
        onCollapseAll={treeView.collapseAll}
      />
      <div className="trace-body">
        <SpanGrid
          rows={rows}
          selectedId={shownId}
          scrollRequest={treeView.scrollRequest}
          matchIds={search.matchIds}
          needle={search.needle}
          view={zoom ?? bounds}
          origin={bounds.start}
          zoomed={zoom !== undefined}
          onZoom={setZoom}
          clock={clock}
          lastSeen={lastSeen}
          onSelect={treeView.select}
          onToggle={treeView.toggle}
          onUnfold={treeView.unfold}
          onRefold={treeView.refold}
        />
        <SpanDetails span={selected} lastSeen={lastSeen} clock={clock} />
      </div>
    </div>
  );
}
