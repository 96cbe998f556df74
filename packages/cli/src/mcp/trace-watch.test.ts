import type { ApiSpan, TraceSummary } from '@livespan/server';
import { describe, expect, it } from 'vitest';
import { LiveTrace, outcomeOf } from './trace-watch.js';

const traceId = 'a'.repeat(32);

function span(name: string, overrides: Partial<ApiSpan> = {}): ApiSpan {
  return {
    traceId,
    spanId: name.padStart(16, '0'),
    startTime: 1,
    endTime: 0,
    attributes: {},
    displayName: name,
    instrumentationLibrary: { name: 'test' },
    spanKind: 'INTERNAL',
    ...overrides,
  };
}

function summary(status: TraceSummary['status'], overrides: Partial<TraceSummary> = {}): TraceSummary {
  return {
    traceId,
    displayName: 'flow',
    startTime: 1,
    endTime: status === 'ok' || status === 'error' ? 2 : 0,
    status,
    spanCount: 1,
    runningCount: 0,
    staleCount: 0,
    errorCount: 0,
    lastSeen: 2,
    hasRoot: true,
    realtime: true,
    source: 'livespan',
    ...overrides,
  };
}

function live(...messages: Parameters<LiveTrace['apply']>[0][]): LiveTrace {
  const trace = new LiveTrace();
  for (const message of messages) trace.apply(message);
  return trace;
}

describe('outcomeOf', () => {
  it('keeps waiting while the trace runs and the awaited thing has not happened', () => {
    const running = live(
      { type: 'snapshot', trace: null },
      { type: 'span_start', traceId, span: span('flow') },
      { type: 'trace_update', traceId, trace: summary('running') },
    );
    for (const until of ['end', 'error', 'stale'] as const) expect(outcomeOf(running, until)).toBeUndefined();
    expect(outcomeOf(running, 'span', 'later')).toBeUndefined();
    expect(outcomeOf(running, 'span', 'flow')).toMatchObject({
      outcome: 'span',
      span: { displayName: 'flow' },
    });
  });

  it('returns the failing span for error, before the trace ends', () => {
    const failing = live(
      { type: 'span_start', traceId, span: span('flow') },
      {
        type: 'span_end',
        traceId,
        span: span('step', { parentSpanId: span('flow').spanId, endTime: 2, status: { code: 2 } }),
      },
      { type: 'trace_update', traceId, trace: summary('running') },
    );
    expect(outcomeOf(failing, 'error')).toMatchObject({ outcome: 'error', span: { displayName: 'step' } });
    expect(outcomeOf(failing, 'end')).toBeUndefined();
  });

  it('says the trace ended, or went stale, when that makes the awaited thing moot', () => {
    const ended = live({
      type: 'snapshot',
      trace: { ...summary('ok'), spans: { f: span('flow', { endTime: 2 }) } },
    });
    expect(outcomeOf(ended, 'error')).toEqual({ outcome: 'ended' });
    expect(outcomeOf(ended, 'stale')).toEqual({ outcome: 'ended' });

    const stale = span('flow', { stale: true, staleReason: 'app exited with code 1', staleSince: 2 });
    const stopped = live(
      { type: 'span_update', traceId, span: stale },
      { type: 'trace_update', traceId, trace: summary('stale', { staleReason: 'app exited with code 1' }) },
    );
    expect(outcomeOf(stopped, 'end')).toMatchObject({
      outcome: 'stale',
      span: { staleReason: 'app exited with code 1' },
    });
    expect(outcomeOf(stopped, 'span', 'never')).toMatchObject({ outcome: 'stale' });
  });

  it('ignores placeholders when waiting for a named span', () => {
    const placeholder = live({ type: 'span_start', traceId, span: span('parent', { placeholder: true }) });
    expect(outcomeOf(placeholder, 'span', 'parent')).toBeUndefined();
  });
});
