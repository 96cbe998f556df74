import { describe, expect, it } from 'vitest';
import { parseServerData, ServerDataError } from './parse';
import { appStatusSchema, listStreamEvents, spanSchema, traceStreamEvents } from './schemas';

describe('server data validation', () => {
  it('fills contract defaults and keeps unknown fields', () => {
    const span = parseServerData(
      spanSchema,
      { spanId: 'a', traceId: 't', startTime: 5, futureField: 1 },
      'test',
    );
    expect(span).toMatchObject({ spanId: 'a', endTime: 0, displayName: '', attributes: {}, futureField: 1 });
  });

  it('names the source and the bad field', () => {
    expect(() =>
      parseServerData(
        traceStreamEvents.span_start,
        { span: { spanId: 'a', traceId: 't', startTime: 'x' } },
        'stream',
      ),
    ).toThrow(
      new ServerDataError(
        'Unexpected data from stream at span.startTime: Invalid input: expected number, received string',
      ),
    );
  });

  it('accepts a snapshot of a trace that does not exist yet', () => {
    expect(parseServerData(traceStreamEvents.snapshot, { trace: null }, 'stream')).toEqual({ trace: null });
  });

  it('reads an exited app status and a list snapshot without one (older servers)', () => {
    const exited = parseServerData(
      appStatusSchema,
      {
        state: 'exited',
        appId: 'a1',
        command: 'node app.js',
        startedAt: 1,
        exit: { code: 1, signal: null, at: 2, reason: 'app exited with code 1' },
        stderrTail: ['boom'],
      },
      'test',
    );
    expect(exited).toMatchObject({ state: 'exited', exit: { code: 1 }, stderrTail: ['boom'] });
    expect(parseServerData(appStatusSchema, { state: 'none' }, 'test')).toEqual({ state: 'none' });
    expect(parseServerData(listStreamEvents.snapshot, { traces: [] }, 'test').app).toBeUndefined();
  });

  it('fills staleCount for summaries of older servers and ignores an unknown source', () => {
    const summary = parseServerData(
      traceStreamEvents.trace_update,
      { trace: { traceId: 't', startTime: 1, status: 'running', source: 'carrier-pigeon' } },
      'test',
    ).trace;
    expect(summary.staleCount).toBe(0);
    expect(summary.source).toBeUndefined();
  });
});
