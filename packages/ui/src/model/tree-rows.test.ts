import { describe, expect, it } from 'vitest';
import type { Span } from '../api/schemas';
import { makeSpan } from '../test-support/make-span';
import { ancestorsOf, buildSpanTree, parentsBelow, revealSpan, treeRows } from './tree-rows';

/** Every row, nothing folded open, the given spans collapsed. */
function flattenTree(spans: Span[], collapsed: ReadonlySet<string>) {
  return treeRows(buildSpanTree(spans), { collapsed, unfolded: new Set() });
}

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

describe('folds, reveal and collapse below', () => {
  const parent = makeSpan({ spanId: 'p', startTime: 0, endTime: 1000 });
  const loop = Array.from({ length: 6 }, (_, i) =>
    makeSpan({
      spanId: `f${i}`,
      parentSpanId: 'p',
      displayName: 'fetch',
      startTime: 10 + i,
      endTime: 20 + i * 10,
    }),
  );
  const inner = makeSpan({
    spanId: 'inner',
    parentSpanId: 'f3',
    displayName: 'parse',
    startTime: 14,
    endTime: 15,
  });
  const after = makeSpan({ spanId: 'after', parentSpanId: 'p', displayName: 'save', startTime: 100 });
  const tree = buildSpanTree([after, inner, ...loop, parent]);
  const closed = { collapsed: new Set<string>(), unfolded: new Set<string>() };

  it('shows five or more same-named siblings in a row as one fold row, skipping their subtrees', () => {
    const rows = treeRows(tree, closed);
    expect(ids(rows)).toEqual(['0:p', '1:f0', '1:after']);
    expect(rows[1]?.fold).toMatchObject({ key: 'p>f0', name: 'fetch' });
    expect(rows[1]?.fold?.spans).toHaveLength(6);
  });

  it('opens a fold into its siblings and their children', () => {
    const rows = treeRows(tree, { ...closed, unfolded: new Set(['p>f0']) });
    expect(ids(rows)).toEqual(['0:p', '1:f0', '1:f1', '1:f2', '1:f3', '2:inner', '1:f4', '1:f5', '1:after']);
    expect(rows[1]?.openFold?.key).toBe('p>f0');
    expect(rows.filter((row) => row.openFold)).toHaveLength(1);
  });

  it('reveals a span hidden in a fold and under a collapsed ancestor', () => {
    const view = revealSpan(tree, { collapsed: new Set(['p', 'f3']), unfolded: new Set() }, 'inner');
    expect([...view.collapsed]).toEqual([]);
    expect(ids(treeRows(tree, view))).toContain('2:inner');
  });

  it('lists a span and every descendant with children for "collapse all below"', () => {
    expect(parentsBelow(tree, 'p').sort()).toEqual(['f3', 'p']);
    expect(parentsBelow(tree, 'after')).toEqual([]);
  });

  it('with "only" set, lists just those spans and folds nothing', () => {
    const rows = treeRows(tree, { ...closed, only: new Set(['p', 'f1', 'f3', 'inner']) });
    expect(ids(rows)).toEqual(['0:p', '1:f1', '1:f3', '2:inner']);
  });

  it('knows each span’s ancestors, nearest first', () => {
    expect(ancestorsOf(tree, 'inner')).toEqual(['f3', 'p']);
  });
});
