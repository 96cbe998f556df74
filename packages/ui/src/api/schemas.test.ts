import { describe, expect, it } from 'vitest';
import { parseServerData, ServerDataError } from './parse';
import { spanSchema, traceStreamEvents } from './schemas';

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
});
