import { describe, expect, it } from 'vitest';
import { makeSpan } from '../test-support/make-span';
import { flattenTree } from './tree-rows';

const root = makeSpan({ spanId: 'root', startTime: 0, endTime: 100 });
const late = makeSpan({ spanId: 'late', parentSpanId: 'root', startTime: 50 });
const early = makeSpan({ spanId: 'early', parentSpanId: 'root', startTime: 10 });
const grandchild = makeSpan({ spanId: 'gc', parentSpanId: 'early', startTime: 20 });

function ids(rows: ReturnType<typeof flattenTree>) {
  return rows.map((row) => `${row.depth}:${row.span.spanId}`);
}

describe('flattenTree', () => {
  it('orders depth first, children by start time, whatever the arrival order', () => {
    const rows = flattenTree([grandchild, late, root, early], new Set());
    expect(ids(rows)).toEqual(['0:root', '1:early', '2:gc', '1:late']);
    expect(rows[0]).toMatchObject({ childCount: 2, collapsed: false, parentId: undefined });
    expect(rows[2]).toMatchObject({ parentId: 'early' });
  });

  it('hides the descendants of collapsed spans', () => {
    const rows = flattenTree([root, early, late, grandchild], new Set(['early']));
    expect(ids(rows)).toEqual(['0:root', '1:early', '1:late']);
    expect(rows[1]).toMatchObject({ collapsed: true, childCount: 1 });
  });

  it('ignores a collapse mark on a leaf', () => {
    const rows = flattenTree([root, late], new Set(['late']));
    expect(rows[1]?.collapsed).toBe(false);
  });

  it('keeps server placeholders, and gives orphans a placeholder parent of their own', () => {
    const orphan = makeSpan({ spanId: 'orphan', parentSpanId: 'nowhere', startTime: 5 });
    const sibling = makeSpan({ spanId: 'sib', parentSpanId: 'nowhere', startTime: 6 });
    const placeholder = makeSpan({ spanId: 'ph', placeholder: true, startTime: 0, endTime: 0 });
    const child = makeSpan({ spanId: 'c', parentSpanId: 'ph', startTime: 7 });
    const rows = flattenTree([sibling, orphan, child, placeholder], new Set());
    expect(ids(rows)).toEqual(['0:ph', '1:c', '0:nowhere', '1:orphan', '1:sib']);
    // The server's placeholder rule (@livespan/tracing/wire): it spans its children, and ends when they all did.
    expect(rows[2]?.span).toMatchObject({
      placeholder: true,
      startTime: 5,
      endTime: 2_000,
      traceId: 'trace1',
    });
    const running = flattenTree([{ ...orphan, endTime: 0 }, sibling], new Set());
    expect(running[0]?.span).toMatchObject({ placeholder: true, endTime: 0 });
  });

  it('survives cycles and self-parents in bad data, listing each span once', () => {
    const a = makeSpan({ spanId: 'a', parentSpanId: 'b' });
    const b = makeSpan({ spanId: 'b', parentSpanId: 'a' });
    const self = makeSpan({ spanId: 's', parentSpanId: 's' });
    const rows = flattenTree([a, b, self], new Set());
    expect(ids(rows)).toEqual(['0:s', '0:a', '1:b']);
  });

  it('flattens a 10,000-deep chain without overflowing the stack', () => {
    const chain = Array.from({ length: 10_000 }, (_, i) =>
      makeSpan({ spanId: `n${i}`, parentSpanId: i === 0 ? undefined : `n${i - 1}`, startTime: i }),
    );
    const rows = flattenTree(chain.reverse(), new Set());
    expect(rows).toHaveLength(10_000);
    expect(rows[9_999]?.depth).toBe(9_999);
  });
});
