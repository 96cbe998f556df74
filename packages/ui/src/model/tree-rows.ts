import { placeholderSpan } from '@livespan/tracing/wire';
import type { Span } from '../api/schemas';

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

// Ties keep arrival order (the sort is stable): spans started in the same
// millisecond arrive in causal order, which reads better than id order.
function byStart(a: Span, b: Span): number {
  return a.startTime - b.startTime;
}

/**
 * Flattens spans into tree rows in depth-first order, children in start
 * order, skipping the descendants of collapsed spans. A span whose parent is
 * not in the trace gets a placeholder parent row. Cycles in bad data are cut, so every span appears exactly once
 * (unless hidden by a collapsed ancestor).
 */
export function flattenTree(spans: Iterable<Span>, collapsed: ReadonlySet<string>): TreeRow[] {
  const byId = new Map<string, Span>();
  for (const span of spans) byId.set(span.spanId, span);
  const orphans = new Map<string, Span[]>();
  for (const span of byId.values()) {
    const parentId = span.parentSpanId;
    if (!parentId || parentId === span.spanId || byId.has(parentId)) continue;
    const list = orphans.get(parentId);
    if (list) list.push(span);
    else orphans.set(parentId, [span]);
  }
  for (const [parentId, kids] of orphans)
    byId.set(parentId, placeholderSpan(kids[0]?.traceId ?? '', parentId, kids));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const span of byId.values()) {
    const parentId = span.parentSpanId;
    if (parentId && parentId !== span.spanId && byId.has(parentId)) {
      const list = children.get(parentId);
      if (list) list.push(span);
      else children.set(parentId, [span]);
    } else {
      roots.push(span);
    }
  }
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);

  const rows: TreeRow[] = [];
  const visited = new Set<string>();
  // Iterative DFS: a 10,000-deep chain must not overflow the call stack.
  const walk = (starts: Span[]) => {
    // `hidden`: under a collapsed ancestor; visited (so not taken for a cycle) but no row.
    const stack: Array<{ span: Span; depth: number; hidden: boolean }> = [];
    for (let i = starts.length - 1; i >= 0; i--) stack.push({ span: starts[i]!, depth: 0, hidden: false });
    while (stack.length > 0) {
      const { span, depth, hidden } = stack.pop()!;
      if (visited.has(span.spanId)) continue;
      visited.add(span.spanId);
      const kids = children.get(span.spanId) ?? [];
      const isCollapsed = kids.length > 0 && collapsed.has(span.spanId);
      const hideKids = hidden || isCollapsed;
      for (let i = kids.length - 1; i >= 0; i--)
        stack.push({ span: kids[i]!, depth: depth + 1, hidden: hideKids });
      if (hidden) continue;
      rows.push({
        span,
        depth,
        childCount: kids.length,
        collapsed: isCollapsed,
        parentId: depth > 0 ? span.parentSpanId : undefined,
      });
    }
  };
  walk(roots);
  if (visited.size < byId.size) {
    // Spans on a parent cycle (bad data) have no root; show them rather than lose them.
    walk([...byId.values()].filter((span) => !visited.has(span.spanId)).sort(byStart));
  }
  return rows;
}
