import { describe, expect, it } from 'vitest';
import type { Span } from '../api/schemas';
import { makeSpan } from '../test-support/make-span';
import { SpanTree } from './span-tree';
import { flattenTree, type TreeRow } from './tree-rows';

function ids(rows: TreeRow[]) {
  return rows.map((row) => `${row.depth}:${row.span.spanId}:${row.parentId ?? '-'}:${row.childCount}`);
}

/** A small deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('SpanTree', () => {
  it('derives the same rows incrementally (inserted, patched or derived again) as from scratch, through adds, ends, moves and restarts', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const next = random(seed);
      const spans = new Map<string, Span>();
      const tree = new SpanTree();
      // A new set only when it changes, as the page does: the same set lets rows be patched.
      let collapsed: ReadonlySet<string> = new Set<string>();
      for (let step = 0; step < 200; step++) {
        const known = [...spans.keys()];
        const pick = () => known[Math.floor(next() * known.length)];
        const roll = next();
        let span: Span;
        if (known.length === 0 || roll < 0.5) {
          // New span: under a known one, under an unknown one (orphan), or a root.
          const parent = next() < 0.8 ? pick() : next() < 0.5 ? `missing${step % 3}` : undefined;
          span = makeSpan({
            spanId: `s${step}`,
            startTime: Math.floor(next() * 50),
            endTime: 0,
            ...(parent && { parentSpanId: parent }),
          });
        } else {
          const old = spans.get(pick()!)!;
          if (roll < 0.8) span = { ...old, endTime: old.startTime + 10 };
          else if (roll < 0.9) span = { ...old, startTime: Math.floor(next() * 50) };
          else span = { ...old, parentSpanId: pick() };
        }
        if (next() < 0.05) collapsed = new Set([...collapsed, span.spanId]);
        tree.add(span, spans.get(span.spanId));
        spans.set(span.spanId, span);
        if (next() < 0.3) {
          const rows = tree.rows(spans, collapsed);
          const fresh = flattenTree(spans.values(), collapsed);
          expect(ids(rows), `seed ${seed} step ${step}`).toEqual(ids(fresh));
          expect(
            rows.map((row) => [row.span, row.collapsed]),
            `seed ${seed} step ${step}`,
          ).toEqual(fresh.map((row) => [row.span, row.collapsed]));
        }
      }
    }
  });

  it('patches a changed span into the last rows and returns them unchanged when nothing changed', () => {
    const spans = new Map<string, Span>();
    const tree = new SpanTree();
    for (const span of [
      makeSpan({ spanId: 'root', startTime: 0 }),
      makeSpan({ spanId: 'a', parentSpanId: 'root', startTime: 1, endTime: 0 }),
    ]) {
      tree.add(span, undefined);
      spans.set(span.spanId, span);
    }
    const collapsed = new Set<string>();
    const first = tree.rows(spans, collapsed);
    expect(tree.rows(spans, collapsed)).toBe(first);
    const ended = { ...spans.get('a')!, endTime: 9 };
    tree.add(ended, spans.get('a'));
    spans.set('a', ended);
    const second = tree.rows(spans, collapsed);
    expect(second).not.toBe(first);
    expect(second[1]?.span).toBe(ended);
    expect(second[0]).toBe(first[0]);
  });

  it('while incomplete, shows only spans connected to a root or an anchor, without placeholders', () => {
    const spans = new Map<string, Span>();
    const tree = new SpanTree();
    for (const span of [
      makeSpan({ spanId: 'root', startTime: 0 }),
      makeSpan({ spanId: 'child', parentSpanId: 'root', startTime: 1 }),
      makeSpan({ spanId: 'stray', parentSpanId: 'notYet', startTime: 2 }),
      makeSpan({ spanId: 'anchored', parentSpanId: 'gone', startTime: 3 }),
    ]) {
      tree.add(span, undefined);
      spans.set(span.spanId, span);
    }
    const loading = { complete: false, anchors: new Set(['anchored']) };
    expect(tree.rows(spans, new Set(), loading).map((row) => row.span.spanId)).toEqual([
      'root',
      'child',
      'anchored',
    ]);
    const complete = tree.rows(spans, new Set(), { complete: true, anchors: new Set() });
    expect(complete.map((row) => row.span.spanId)).toEqual([
      'root',
      'child',
      'notYet',
      'stray',
      'gone',
      'anchored',
    ]);
    expect(complete[2]?.span.placeholder).toBe(true);
  });
});
