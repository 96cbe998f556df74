import { describe, expect, it } from 'vitest';
import { makeSpan } from '../test-support/make-span';
import { compareTraces, durationDiff, formatDiff, spanPaths } from './compare-traces';

describe('spanPaths', () => {
  it('uses genkit:path when present, else the names from the root with an index for repeats', () => {
    const root = makeSpan({ spanId: 'r', displayName: 'flow', startTime: 0 });
    const fetch1 = makeSpan({ spanId: 'f1', parentSpanId: 'r', displayName: 'fetch', startTime: 1 });
    const fetch2 = makeSpan({ spanId: 'f2', parentSpanId: 'r', displayName: 'fetch', startTime: 2 });
    const model = makeSpan({
      spanId: 'm',
      parentSpanId: 'r',
      displayName: 'generate',
      startTime: 3,
      attributes: { 'genkit:path': '/{flow}/{generate}' },
    });
    const paths = spanPaths([model, fetch2, root, fetch1]);
    expect(paths.map((p) => [p.key, p.depth])).toEqual([
      ['/flow', 0],
      ['/flow/fetch', 1],
      ['/flow/fetch#2', 1],
      ['/{flow}/{generate}', 1],
    ]);
  });
});

describe('compareTraces', () => {
  it('matches spans by path and places spans only in B after their predecessor in B', () => {
    const a = [
      makeSpan({ spanId: 'ra', displayName: 'flow', startTime: 0 }),
      makeSpan({ spanId: 'a1', parentSpanId: 'ra', displayName: 'retrieve', startTime: 1 }),
      makeSpan({ spanId: 'a2', parentSpanId: 'ra', displayName: 'rerank', startTime: 2 }),
      makeSpan({ spanId: 'a3', parentSpanId: 'ra', displayName: 'generate', startTime: 3 }),
    ];
    const b = [
      makeSpan({ spanId: 'rb', displayName: 'flow', startTime: 0 }),
      makeSpan({ spanId: 'b1', parentSpanId: 'rb', displayName: 'retrieve', startTime: 1 }),
      makeSpan({ spanId: 'b2', parentSpanId: 'b1', displayName: 'cache miss', startTime: 2 }),
      makeSpan({ spanId: 'b3', parentSpanId: 'rb', displayName: 'generate', startTime: 3 }),
    ];
    const rows = compareTraces(a, b);
    expect(rows.map((row) => [row.key, row.a?.spanId, row.b?.spanId])).toEqual([
      ['/flow', 'ra', 'rb'],
      ['/flow/retrieve', 'a1', 'b1'],
      ['/flow/retrieve/cache miss', undefined, 'b2'],
      ['/flow/rerank', 'a2', undefined],
      ['/flow/generate', 'a3', 'b3'],
    ]);
    expect(rows[2]?.depth).toBe(2);
  });

  it('lists B-only spans that come before any match first', () => {
    const rows = compareTraces(
      [makeSpan({ spanId: 'x', displayName: 'x', startTime: 5 })],
      [
        makeSpan({ spanId: 'y', displayName: 'y', startTime: 1 }),
        makeSpan({ spanId: 'x2', displayName: 'x', startTime: 5 }),
      ],
    );
    expect(rows.map((row) => row.key)).toEqual(['/y', '/x']);
  });
});

describe('durationDiff', () => {
  it('gives the difference in ms and percent of A', () => {
    expect(durationDiff(200, 300)).toEqual({ ms: 100, percent: 50 });
    expect(durationDiff(200, 100)).toEqual({ ms: -100, percent: -50 });
    expect(durationDiff(0, 100)).toEqual({ ms: 100, percent: undefined });
  });
});

describe('formatDiff', () => {
  it('signs the difference and its percent of A', () => {
    expect(formatDiff(200, 270)).toBe('+70 ms (+35%)');
    expect(formatDiff(2000, 800)).toBe('−1.2 s (−60%)');
    expect(formatDiff(100, 100)).toBe('0 ms (0%)');
    expect(formatDiff(0, 5)).toBe('+5 ms');
  });
});
