import type { Span } from '../api/schemas';

let counter = 0;

/** A completed span with sensible defaults; override what the test is about. */
export function makeSpan(overrides: Partial<Span> = {}): Span {
  counter++;
  return {
    spanId: `span${counter}`,
    traceId: 'trace1',
    startTime: 1000,
    endTime: 2000,
    displayName: `span ${counter}`,
    attributes: {},
    spanKind: 'INTERNAL',
    ...overrides,
  };
}
