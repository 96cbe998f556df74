import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { useLiveClock } from '../hooks/use-live-clock';
import { type LiveTraceState, useLiveTrace } from '../hooks/use-live-trace';
import { compareTraces } from '../model/compare-traces';
import { isLive } from '../model/merge-span';
import { traceIdProblem } from '../model/trace-id';
import { navigate } from '../routing/navigation';
import { CompareRowView } from './compare-row';
import { CompareTotals } from './compare-totals';
import './compare-page.css';

const ROW_HEIGHT = 30;

/** `/compare?a=…&b=…`: two traces side by side, or what is wrong with the link. */
export function ComparePage({ a, b }: { a: string; b: string }) {
  const problem =
    !a || !b ? 'Pick two traces in the list to compare them.' : (traceIdProblem(a) ?? traceIdProblem(b));
  if (problem) {
    return (
      <div className="compare-page compare-problem">
        <p>{problem}</p>
        <button type="button" onClick={() => navigate('/')}>
          Go to traces
        </button>
      </div>
    );
  }
  return <LiveComparison a={a} b={b} />;
}

function LiveComparison({ a, b }: { a: string; b: string }) {
  const left = useLiveTrace(a);
  const right = useLiveTrace(b);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` marks changes to the mutable traces.
  const rows = useMemo(
    () => compareTraces(left.trace.spans.values(), right.trace.spans.values()),
    [left.trace, left.version, right.trace, right.version],
  );
  const running = rows.some((row) => (row.a && isLive(row.a)) || (row.b && isLive(row.b)));
  const { now, frozen } = useLiveClock(running, 0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  return (
    <div className="compare-page">
      <CompareTotals a={left} b={right} aId={a} bId={b} rows={rows} now={now} />
      {[missing(left, a), missing(right, b)].filter(Boolean).map((text) => (
        <p key={text} className="compare-missing" role="alert">
          {text}
        </p>
      ))}
      <section className="compare-table" aria-label="Spans compared">
        <div className="compare-head">
          <span>Span</span>
          <span className="num">A</span>
          <span className="num">B</span>
          <span className="num">B − A</span>
        </div>
        <div className="compare-scroll" ref={scrollRef}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <CompareRowView
                  key={row.key}
                  row={row}
                  now={now}
                  frozen={frozen}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    transform: `translateY(${item.start}px)`,
                  }}
                />
              );
            })}
          </div>
        </div>
      </section>
    </div>
  );
}

/** Says when a trace of the comparison does not exist (yet). */
function missing(state: LiveTraceState, traceId: string): string | undefined {
  if (!state.loaded || state.trace.spans.size > 0) return undefined;
  return `Trace ${traceId} does not exist (yet): its column stays empty until its spans arrive.`;
}
