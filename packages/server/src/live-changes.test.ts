import { describe, expect, it } from 'vitest';
import { ingestEvents, staleEvents } from './live-changes.js';
import { makeSpan, spanId, TRACE_ID } from './test-support/factories.js';
import type { TraceChange, TraceRecord } from './trace-store.js';
import { emptyTraceRecord } from './trace-summary.js';

const record = (overrides: Partial<TraceRecord> = {}): TraceRecord => ({
  ...emptyTraceRecord(TRACE_ID, 100),
  displayName: 'root',
  spanCount: 2,
  runningCount: 2,
  hasRoot: true,
  ...overrides,
});
const running = (n: number) => makeSpan({ spanId: spanId(n), endTime: 0 });
const change = (overrides: Partial<TraceChange>): TraceChange => ({
  trace: record(),
  created: false,
  rootEnded: false,
  revived: false,
  spans: [],
  revivedSpans: [],
  ...overrides,
});

const shape = (events: ReturnType<typeof ingestEvents>) =>
  events.map(({ stream, event }) => `${stream}:${event.type}`);

describe('ingestEvents', () => {
  it('puts span events first, then the trace summary, then the list event, then deletions', () => {
    const events = ingestEvents(
      {
        traces: [change({ created: true, spans: [{ kind: 'span_start', span: running(1) }] })],
        deleted: ['f'.repeat(32)],
      },
      100,
      1_000,
    );
    expect(shape(events)).toEqual([
      'trace:span_start',
      'trace:trace_update',
      'list:trace_start',
      'list:trace_delete',
    ]);
  });

  it('makes the other spans of a revived trace live again, and ends a trace whose root completed', () => {
    const events = ingestEvents(
      {
        traces: [
          change({
            revived: true,
            rootEnded: true,
            spans: [{ kind: 'span_end', span: makeSpan() }],
            revivedSpans: [running(2)],
          }),
        ],
        deleted: [],
      },
      100,
      1_000,
    );
    expect(shape(events)).toEqual([
      'trace:span_end',
      'trace:span_update',
      'trace:trace_end',
      'list:trace_end',
    ]);
    expect(events[1]?.event).toMatchObject({ span: { spanId: spanId(2) } });
    expect(events[1]?.event).not.toHaveProperty('span.stale');
  });
});

describe('ingestEvents with token and duration facts', () => {
  it('sends the trace totals with each summary, and usage and the usual duration, judged at `now`, with each span', () => {
    const model = makeSpan({
      spanId: spanId(2),
      parentSpanId: spanId(1),
      displayName: 'call',
      startTime: 1_000,
      endTime: 0,
      attributes: {
        'gen_ai.usage.input_tokens': 1_000_000,
        'gen_ai.usage.output_tokens': 0,
        'gen_ai.request.model': 'm',
      },
    });
    const view = {
      prices: { m: { inputPerMillion: 2, outputPerMillion: 4 } },
      usual: new Map([
        ['/root/…/call', { usualDurationMs: 100, usualP95Ms: 150 }],
        ['/root', { usualDurationMs: 5_000, usualP95Ms: 6_000 }],
      ]),
    };
    const trace = record({ rootPath: '/root', startTime: 1_000, usage: { m: { inputTokens: 1_000_000 } } });
    const [span, update] = ingestEvents(
      { traces: [change({ trace, spans: [{ kind: 'span_update', span: model }] })], deleted: [] },
      1_200,
      60_000,
      view,
    ).map(({ event }) => event);
    expect(span).toMatchObject({
      span: {
        usage: { inputTokens: 1_000_000, outputTokens: 0, model: 'm', costUsd: 2 },
        usualDurationMs: 100,
        usualP95Ms: 150,
        slowerThanUsual: true,
      },
    });
    expect(update).toMatchObject({
      trace: { inputTokens: 1_000_000, outputTokens: 0, costUsd: 2, usualDurationMs: 5_000 },
    });
    expect(update && 'trace' in update && update.trace.slowerThanUsual).toBeUndefined();
    expect(update && 'trace' in update && 'usage' in update.trace).toBe(false);
  });
});

describe('staleEvents', () => {
  it('sends each running span stopped, frozen at the last signal, then the stale summary on both streams', () => {
    const events = staleEvents(
      [
        {
          trace: record({ staleReason: 'app exited with code 1', lastSeen: 100 }),
          running: [running(1), running(2)],
        },
      ],
      5_000,
      1_000,
    );
    expect(shape(events)).toEqual([
      'trace:span_update',
      'trace:span_update',
      'trace:trace_update',
      'list:trace_update',
    ]);
    expect(events[0]?.event).toMatchObject({
      span: { stale: true, staleReason: 'app exited with code 1', staleSince: 100 },
    });
    expect(events[3]?.event).toMatchObject({ trace: { status: 'stale', runningCount: 0, staleCount: 2 } });
  });
});
