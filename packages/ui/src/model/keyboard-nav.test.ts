import { describe, expect, it } from 'vitest';
import type { Span } from '../api/schemas';
import { makeSpan } from '../test-support/make-span';
import { navigateTree } from './keyboard-nav';
import { buildSpanTree, treeRows } from './tree-rows';

/** Every row, nothing folded open, the given spans collapsed. */
function flattenTree(spans: Span[], collapsed: ReadonlySet<string>) {
  return treeRows(buildSpanTree(spans), { collapsed, unfolded: new Set() });
}

const spans = [
  makeSpan({ spanId: 'root', startTime: 0 }),
  makeSpan({ spanId: 'a', parentSpanId: 'root', startTime: 1 }),
  makeSpan({ spanId: 'a1', parentSpanId: 'a', startTime: 2 }),
  makeSpan({ spanId: 'b', parentSpanId: 'root', startTime: 3 }),
];
const rows = flattenTree(spans, new Set());

describe('navigateTree', () => {
  it('moves the selection up and down, stopping at the ends', () => {
    expect(navigateTree(rows, 'a', 'ArrowDown')).toEqual({ select: 'a1' });
    expect(navigateTree(rows, 'a', 'ArrowUp')).toEqual({ select: 'root' });
    expect(navigateTree(rows, 'b', 'ArrowDown')).toEqual({ select: 'b' });
    expect(navigateTree(rows, 'root', 'ArrowUp')).toEqual({ select: 'root' });
    expect(navigateTree(rows, undefined, 'ArrowDown')).toEqual({ select: 'root' });
  });

  it('collapses with ← then moves to the parent', () => {
    expect(navigateTree(rows, 'a', 'ArrowLeft')).toEqual({ toggle: 'a' });
    expect(navigateTree(rows, 'a1', 'ArrowLeft')).toEqual({ select: 'a' });
    expect(navigateTree(rows, 'root', 'ArrowLeft')).toEqual({ toggle: 'root' });
  });

  it('expands with → then moves to the first child', () => {
    const collapsedRows = flattenTree(spans, new Set(['a']));
    expect(navigateTree(collapsedRows, 'a', 'ArrowRight')).toEqual({ toggle: 'a' });
    expect(navigateTree(rows, 'a', 'ArrowRight')).toEqual({ select: 'a1' });
    expect(navigateTree(rows, 'b', 'ArrowRight')).toEqual({});
  });

  it('toggles with Enter on a parent and selects a leaf', () => {
    expect(navigateTree(rows, 'root', 'Enter')).toEqual({ toggle: 'root' });
    expect(navigateTree(rows, 'b', 'Enter')).toEqual({ select: 'b' });
  });

  it('ignores other keys and empty trees', () => {
    expect(navigateTree(rows, 'a', 'x')).toBeUndefined();
    expect(navigateTree([], undefined, 'ArrowDown')).toBeUndefined();
  });

  it('opens a fold row with Enter or →', () => {
    const loop = Array.from({ length: 5 }, (_, i) =>
      makeSpan({ spanId: `f${i}`, parentSpanId: 'p', displayName: 'fetch', startTime: i }),
    );
    const folded = flattenTree([makeSpan({ spanId: 'p', startTime: 0 }), ...loop], new Set());
    expect(folded.map((row) => row.fold?.key ?? row.span.spanId)).toEqual(['p', 'p>f0']);
    expect(navigateTree(folded, 'f0', 'Enter')).toEqual({ unfold: 'p>f0' });
    expect(navigateTree(folded, 'f0', 'ArrowRight')).toEqual({ unfold: 'p>f0' });
  });
});
