import { describe, expect, it } from 'vitest';
import { readTreeOrderHead, treeOrderHead } from './span-tree-order.js';
import type { SpanOutline } from './trace-store.js';

const node = (spanId: string, startTime: number, parentSpanId?: string): SpanOutline => ({
  spanId,
  startTime,
  ...(parentSpanId !== undefined && { parentSpanId }),
});

describe('treeOrderHead', () => {
  const outline = [
    node('c2', 30, 'root'),
    node('c1g1', 25, 'c1'),
    node('root', 0),
    node('c1', 20, 'root'),
    node('orphan', 5, 'missing'),
  ];

  it('lists depth first, parents before children, siblings and roots by start time', () => {
    expect(treeOrderHead(outline, 10)).toEqual(['root', 'c1', 'c1g1', 'c2', 'orphan']);
  });

  it('stops after limit spans', () => {
    expect(treeOrderHead(outline, 3)).toEqual(['root', 'c1', 'c1g1']);
  });

  it('breaks start-time ties by span id', () => {
    expect(treeOrderHead([node('b', 1), node('a', 1)], 5)).toEqual(['a', 'b']);
  });

  it('leaves out spans on a parent cycle and survives a very deep chain', () => {
    expect(treeOrderHead([node('x', 1, 'y'), node('y', 2, 'x'), node('r', 0)], 5)).toEqual(['r']);
    const chain = Array.from({ length: 100_000 }, (_, i) =>
      node(`s${i}`, i, i > 0 ? `s${i - 1}` : undefined),
    );
    const head = treeOrderHead(chain, 100_000);
    expect(head).toHaveLength(100_000);
    expect(head.at(-1)).toBe('s99999');
  });

  it('reading child lists gives the same head for a rooted trace, asking only for what it needs', async () => {
    const rooted = outline.filter((span) => span.spanId !== 'orphan');
    const asked: Array<string | null> = [];
    const readChildren = async (parentId: string | null, limit: number) => {
      asked.push(parentId);
      return rooted
        .filter((span) => (span.parentSpanId ?? null) === parentId)
        .sort((a, b) => a.startTime - b.startTime)
        .slice(0, limit);
    };
    expect(await readTreeOrderHead(readChildren, 10)).toEqual(treeOrderHead(rooted, 10));
    asked.length = 0;
    expect(await readTreeOrderHead(readChildren, 2)).toEqual(['root', 'c1']);
    expect(asked).toEqual([null, 'root']);
  });
});
