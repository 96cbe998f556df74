import { memo, useCallback, useMemo, useState } from 'react';
import { useLiveTrace } from '../hooks/use-live-trace';
import { useNow } from '../hooks/use-now';
import { traceWindow } from '../model/timeline';
import { traceStats, traceStatusOf } from '../model/trace-stats';
import { flattenTree } from '../model/tree-rows';
import { SpanDetails } from './span-details';
import { SpanGrid } from './span-grid';
import { TraceHeader } from './trace-header';
import './trace-page.css';

/** Shown when every span arrived only once it had ended. */
export const NOT_REALTIME_NOTICE =
  'This trace arrived only when its spans ended — the app is not in realtime mode. Set GENKIT_ENABLE_REALTIME_TELEMETRY=true to see spans as they start.';

/**
 * `/traces/:traceId`: the live span tree, waterfall and details of one trace.
 * Memoized so that trace-list updates in the shell do not re-render it.
 */
export const TracePage = memo(function TracePage({ traceId }: { traceId: string }) {
  const { trace, version, loaded } = useLiveTrace(traceId);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [selectedId, setSelectedId] = useState<string | undefined>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` marks changes to the mutable trace.
  const stats = useMemo(() => traceStats(trace.spans.values()), [trace, version]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above.
  const rows = useMemo(() => flattenTree(trace.spans.values(), collapsed), [trace, version, collapsed]);
  const status = traceStatusOf(stats, trace.summary);
  const now = useNow(stats.running > 0, 0);
  const window = useMemo(() => traceWindow(stats, now), [stats, now]);

  const toggle = useCallback((spanId: string) => {
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (!next.delete(spanId)) next.add(spanId);
      return next;
    });
  }, []);

  if (!loaded) return <div className="trace-message">Loading trace…</div>;
  if (trace.spans.size === 0) {
    return (
      <div className="trace-message">
        <p>
          Waiting for trace <span className="mono">{traceId}</span>…
        </p>
        <p className="muted">It appears here as soon as its first span arrives.</p>
      </div>
    );
  }

  const showNotice = !trace.sawRunning && trace.summary?.realtime !== true && stats.received > 0;
  // Until the user picks one, the first row (the root) is shown.
  const shownId = selectedId ?? rows[0]?.span.spanId;
  const selected = shownId === undefined ? undefined : trace.spans.get(shownId);
  return (
    <div className="trace-page">
      <TraceHeader traceId={traceId} summary={trace.summary} stats={stats} status={status} now={now} />
      {showNotice && (
        <p className="realtime-notice" role="note">
          {NOT_REALTIME_NOTICE}
        </p>
      )}
      <div className="trace-body">
        <SpanGrid
          rows={rows}
          selectedId={shownId}
          window={window}
          now={now}
          onSelect={setSelectedId}
          onToggle={toggle}
        />
        <SpanDetails span={selected} lastSeen={trace.summary?.lastSeen ?? stats.end} now={now} />
      </div>
    </div>
  );
});
