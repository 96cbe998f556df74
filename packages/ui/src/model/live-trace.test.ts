import { describe, expect, it } from 'vitest';
import type { TraceDetail } from '../api/schemas';
import { makeSpan } from '../test-support/make-span';
import { LiveTrace } from './live-trace';
import { buildSpanTree, treeRows } from './tree-rows';

function detail(spans: ReturnType<typeof makeSpan>[], realtime = false): TraceDetail {
  return {
    traceId: 'trace1',
    displayName: 'root',
    startTime: 1000,
    endTime: 0,
    status: 'running',
    spanCount: spans.length,
    runningCount: 0,
    staleCount: 0,
    errorCount: 0,
    lastSeen: 1000,
    hasRoot: true,
    realtime,
    spans: Object.fromEntries(spans.map((span) => [span.spanId, span])),
  };
}

describe('LiveTrace', () => {
  it('applies duplicate and replayed events without duplicates or regressions', () => {
    const trace = new LiveTrace();
    trace.reset(null);
    const start = makeSpan({ spanId: 'a', endTime: 0 });
    const end = { ...start, endTime: 3000 };
    trace.upsert(start);
    trace.upsert(start);
    trace.upsert(end);
    trace.upsert(start); // replayed after a reconnect
    expect([...trace.spans.values()]).toEqual([end]);
  });

  it('replaces everything on a snapshot, keeping summary apart from spans', () => {
    const trace = new LiveTrace();
    trace.upsert(makeSpan({ spanId: 'old' }));
    const fresh = makeSpan({ spanId: 'b' });
    trace.reset(detail([fresh]));
    expect([...trace.spans.keys()]).toEqual(['b']);
    expect(trace.summary?.displayName).toBe('root');
    expect(trace.summary && 'spans' in trace.summary).toBe(false);
  });

  it('remembers whether any span was seen running, for the realtime notice', () => {
    const onlyEnded = new LiveTrace();
    onlyEnded.reset(detail([makeSpan()]));
    expect(onlyEnded.sawRunning).toBe(false);

    const live = new LiveTrace();
    live.reset(detail([]));
    live.upsert(makeSpan({ endTime: 0 }));
    expect(live.sawRunning).toBe(true);

    const fromSummary = new LiveTrace();
    fromSummary.reset(detail([makeSpan()], true));
    expect(fromSummary.sawRunning).toBe(true);
  });

  it('bumps its version on every change and counts received spans', () => {
    const trace = new LiveTrace();
    const before = trace.version;
    trace.upsert(makeSpan({ spanId: 'x' }));
    trace.upsert(makeSpan({ spanId: 'p', placeholder: true }));
    expect(trace.version).toBe(before + 2);
    expect(trace.receivedCount).toBe(1);
  });

  it('takes its summary from trace_update when the snapshot was null', () => {
    const trace = new LiveTrace();
    trace.reset(null);
    expect(trace.summary).toBeNull();
    const { spans: _spans, ...summary } = detail([]);
    trace.setSummary({ ...summary, source: 'otlp', status: 'stale', staleReason: 'app exited with code 1' });
    expect(trace.summary).toMatchObject({
      source: 'otlp',
      status: 'stale',
      staleReason: 'app exited with code 1',
    });
    trace.setSummary({ ...summary, status: 'running' });
    expect(trace.summary?.status).toBe('running');
  });

  it('loads pages behind live events: a span from the stream is never replaced by an older page copy', () => {
    const trace = new LiveTrace();
    trace.reset(detail([]), true);
    expect(trace.awaitingHead).toBe(true);
    const root = makeSpan({ spanId: 'root', startTime: 0 });
    const child = makeSpan({ spanId: 'child', parentSpanId: 'root', startTime: 1, endTime: 0 });
    const live = { ...child, attributes: { step: 2 } };
    trace.upsert(live);
    trace.fill([root, { ...child, attributes: { step: 1 } }], true);
    expect(trace.awaitingHead).toBe(false);
    expect(trace.spans.get('child')).toBe(live);
    trace.fill([root, child]);
    expect(trace.spans.get('child')).toBe(live);
    expect(trace.receivedCount).toBe(2);
  });

  it('while loading, shows spans connected to a root or to the head page, and placeholders only once loaded', () => {
    const trace = new LiveTrace();
    trace.reset(detail([]), true);
    const rowIds = () =>
      treeRows(buildSpanTree(trace.visibleSpans()), { collapsed: new Set(), unfolded: new Set() }).map(
        (row) => row.span.spanId,
      );
    trace.fill([makeSpan({ spanId: 'top', parentSpanId: 'lost', startTime: 0 })], true);
    trace.fill([makeSpan({ spanId: 'early', parentSpanId: 'notYet', startTime: 1 })]);
    expect(rowIds()).toEqual(['top']);
    expect(trace.loading).toBe(true);
    trace.finishLoading();
    expect(trace.loading).toBe(false);
    expect(rowIds()).toEqual(['lost', 'top', 'notYet', 'early']);
  });
});
