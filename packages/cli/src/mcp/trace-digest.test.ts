import type { ApiSpan, ApiTrace } from '@livespan/server';
import { describe, expect, it } from 'vitest';
import {
  cut,
  digestTrace,
  failureOrigins,
  formatDuration,
  LIMITS,
  spanDetail,
  staleFrontier,
} from './trace-digest.js';

const T0 = 1_700_000_000_000;

function span(spanId: string, overrides: Partial<ApiSpan> = {}): ApiSpan {
  return {
    traceId: 'a'.repeat(32),
    spanId: spanId.padStart(16, '0'),
    startTime: T0,
    endTime: T0 + 100,
    attributes: {},
    displayName: spanId,
    instrumentationLibrary: { name: 'test' },
    spanKind: 'INTERNAL',
    ...overrides,
  };
}

function traceOf(spans: ApiSpan[], overrides: Partial<ApiTrace> = {}): ApiTrace {
  return {
    traceId: 'a'.repeat(32),
    displayName: spans[0]?.displayName ?? '',
    startTime: T0,
    endTime: T0 + 100,
    status: 'ok',
    spanCount: spans.length,
    runningCount: 0,
    staleCount: 0,
    errorCount: 0,
    lastSeen: T0 + 100,
    hasRoot: true,
    realtime: true,
    source: 'livespan',
    spans: Object.fromEntries(spans.map((s) => [s.spanId, s])),
    ...overrides,
  };
}

const id = (name: string) => name.padStart(16, '0');
const failed = (message: string) => ({ status: { code: 2, message } });

describe('cut', () => {
  it('keeps short text whole and says how much it cut from long text', () => {
    expect(cut('abc', 3)).toBe('abc');
    expect(cut('abcdef', 2)).toBe('ab…[cut 4 more characters]');
  });

  it('never splits a surrogate pair', () => {
    expect(cut('a😀b', 2)).toBe('a…[cut 3 more characters]');
  });
});

describe('formatDuration', () => {
  it('reads as ms, seconds or minutes', () => {
    expect([formatDuration(850), formatDuration(12_345), formatDuration(245_000)]).toEqual([
      '850 ms',
      '12.3 s',
      '4 min 5 s',
    ]);
  });
});

describe('failureOrigins and staleFrontier', () => {
  it('name the innermost failing span, not the parents its error climbed to', () => {
    const spans = new Map(
      [
        span('root', failed('boom')),
        span('step', { parentSpanId: id('root'), ...failed('boom') }),
        span('ok', { parentSpanId: id('root') }),
      ].map((s) => [s.spanId, s]),
    );
    expect(failureOrigins(spans).map((s) => s.displayName)).toEqual(['step']);
  });

  it('name the innermost stale span', () => {
    const stale = {
      endTime: 0,
      stale: true as const,
      staleReason: 'app exited with code 1',
      staleSince: T0 + 50,
    };
    const spans = new Map(
      [span('root', stale), span('inner', { parentSpanId: id('root'), startTime: T0 + 10, ...stale })].map(
        (s) => [s.spanId, s],
      ),
    );
    expect(staleFrontier(spans).map((s) => s.displayName)).toEqual(['inner']);
  });
});

describe('digestTrace', () => {
  it('puts failures first and draws the tree in start order with status, duration, id and reason', () => {
    const trace = traceOf(
      [
        span('flow', { ...failed('card declined'), attributes: { 'genkit:input': '{"id":1}' } }),
        span('charge', {
          parentSpanId: id('flow'),
          startTime: T0 + 20,
          endTime: T0 + 90,
          ...failed('card declined'),
        }),
        span('reserve', { parentSpanId: id('flow'), startTime: T0 + 1, endTime: T0 + 15 }),
      ],
      { status: 'error', errorCount: 2 },
    );
    const digest = digestTrace(trace, { now: T0 + 1_000 });
    expect(digest.failures).toEqual([
      expect.objectContaining({ name: 'charge', path: 'flow > charge', error: { message: 'card declined' } }),
    ]);
    expect(digest.input).toBe('{"id":1}');
    expect(digest.tree).toEqual([
      `✗ flow  error 100 ms  #${id('flow')}: card declined`,
      `  ✓ reserve  ok 14 ms  #${id('reserve')}`,
      `  ✗ charge  error 70 ms  #${id('charge')}: card declined`,
    ]);
  });

  it('freezes a stale span at its last sign of life and counts a running span up to now', () => {
    const trace = traceOf(
      [
        span('flow', { endTime: 0 }),
        span('stuck', {
          parentSpanId: id('flow'),
          endTime: 0,
          stale: true,
          staleReason: 'no heartbeat for 15 s',
          staleSince: T0 + 2_000,
        }),
      ],
      { status: 'running', endTime: 0 },
    );
    expect(digestTrace(trace, { now: T0 + 60_000 }).tree).toEqual([
      `… flow  running 1 min 0 s  #${id('flow')}`,
      `  ⚠ stuck  stale 2.0 s  #${id('stuck')}: no heartbeat for 15 s`,
    ]);
  });

  it('collapses levels below depth and stops at its line budget, saying what it left out', () => {
    const children = Array.from({ length: 400 }, (_, i) =>
      span(`c${i}`, { parentSpanId: id('root'), startTime: T0 + i }),
    );
    const trace = traceOf([span('root'), ...children]);
    expect(digestTrace(trace, { now: T0, depth: 0 }).tree).toEqual([
      `✓ root  ok 100 ms  #${id('root')}`,
      '  … 400 spans below',
    ]);
    const whole = digestTrace(trace, { now: T0 });
    expect(whole.tree).toHaveLength(LIMITS.treeLines);
    expect(whole.note).toBe(
      `${401 - LIMITS.treeLines} of 401 spans not shown; call get_trace with a smaller depth, or with spanId for one span`,
    );
  });
});

describe('spanDetail', () => {
  it('cuts long attributes and caps events, with a note', () => {
    const events = Array.from({ length: LIMITS.events + 5 }, (_, i) => ({
      time: T0 + i,
      annotation: { description: `e${i}`, attributes: {} },
    }));
    const root = span('root', {
      attributes: { big: 'x'.repeat(5_000), n: 3 },
      timeEvents: { timeEvent: events },
    });
    const detail = spanDetail(root, traceOf([root]), T0);
    expect(detail.attributes.n).toBe('3');
    expect(detail.attributes.big).toBe(
      `${'x'.repeat(LIMITS.attribute)}…[cut ${5_000 - LIMITS.attribute} more characters]`,
    );
    expect(detail.events).toHaveLength(LIMITS.events);
    expect(detail.events[1]).toEqual({ at: '+1 ms', name: 'e1' });
    expect(detail.note).toBe(
      `long attributes cut at ${LIMITS.attribute} characters; 5 more events not shown`,
    );
  });
});
