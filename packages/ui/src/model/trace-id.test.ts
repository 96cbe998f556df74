import { describe, expect, it } from 'vitest';
import { traceIdProblem } from './trace-id';

describe('traceIdProblem', () => {
  it('accepts 32 hex digits in either case', () => {
    expect(traceIdProblem('0af7651916cd43dd8448eb211c80319c')).toBeUndefined();
    expect(traceIdProblem('0AF7651916CD43DD8448EB211C80319C')).toBeUndefined();
  });

  it('explains a malformed id', () => {
    expect(traceIdProblem('not-a-trace')).toBe(
      '"not-a-trace" is not a trace id. A trace id has 32 hex digits (0-9, a-f).',
    );
  });

  it('recognizes a pasted span id', () => {
    expect(traceIdProblem('b7ad6b7169203331')).toMatch(
      /^"b7ad6b7169203331" looks like a span id \(16 hex digits\)/,
    );
  });

  it('cuts a very long id', () => {
    expect(traceIdProblem('x'.repeat(500))).toContain(`"${'x'.repeat(64)}…"`);
  });
});
