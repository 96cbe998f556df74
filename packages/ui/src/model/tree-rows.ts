import type { Span } from '../api/schemas';
import { SpanTree } from './span-tree';

/** One visible row of the span tree. */
export interface TreeRow {
  span: Span;
  /** 0 for roots. */
  depth: number;
  /** Number of direct children (visible or not). */
  childCount: number;
  /** Children hidden by the user. */
  collapsed: boolean;
  /** Id of the parent row, when the parent is in the trace. */
  parentId: string | undefined;
}

/**
 * Flattens spans into tree rows in depth-first order, children in start
 * order, skipping the descendants of collapsed spans. A span whose parent is
 * not in the trace gets a placeholder parent row. Cycles in bad data are cut, so every span appears exactly once
 * (unless hidden by a collapsed ancestor). For a trace that changes live,
 * keep a {@link SpanTree} instead: it derives the same rows incrementally.
 */
export function flattenTree(spans: Iterable<Span>, collapsed: ReadonlySet<string>): TreeRow[] {
  const byId = new Map<string, Span>();
  const tree = new SpanTree();
  for (const span of spans) {
    tree.add(span, byId.get(span.spanId));
    byId.set(span.spanId, span);
  }
  return tree.rows(byId, collapsed);
}
