import { placeholderSpan } from '@livespan/tracing/wire';
import type { Span } from '../api/schemas';
import { type SiblingFold, siblingFolds } from './sibling-folds';

/**
 * The span tree of a trace, built once per change of its spans; rows,
 * search and reveal are derived from it without walking the spans again.
 */
export interface SpanTree {
  /** Spans by id, with a placeholder parent for each group of orphans. */
  byId: ReadonlyMap<string, Span>;
  /** Children of each span, in start order. */
  children: ReadonlyMap<string, Span[]>;
  /** Every span once, depth first, children in start order: the rows with nothing hidden. */
  order: Span[];
  /** Position of each span in `order`. */
  index: ReadonlyMap<string, number>;
  /** Tree parent of each span (roots and spans cut from a cycle have none). */
  parent: ReadonlyMap<string, string>;
  depth: ReadonlyMap<string, number>;
  /** For each position in `order`, the position just past its subtree. */
  subtreeEnd: readonly number[];
  /** Runs of same-named siblings, by the id of their first span. */
  folds: ReadonlyMap<string, SiblingFold>;
  /** The fold holding each folded span, by span id. */
  foldOf: ReadonlyMap<string, SiblingFold>;
}

/** One visible row of the span tree. */
export interface TreeRow {
  /** The span; for a fold row, the first span of the fold. */
  span: Span;
  /** 0 for roots. */
  depth: number;
  /** Number of direct children (visible or not). */
  childCount: number;
  /** Children hidden by the user. */
  collapsed: boolean;
  /** Id of the parent row, when the parent is in the trace. */
  parentId: string | undefined;
  /** Set on the one row standing for a folded run of same-named siblings. */
  fold?: SiblingFold;
  /** Set on the first row of an opened fold, which can close it again. */
  openFold?: SiblingFold;
}

/** What the user hid. */
export interface TreeView {
  /** Spans whose children are hidden. */
  collapsed: ReadonlySet<string>;
  /** Keys of the sibling folds opened. */
  unfolded: ReadonlySet<string>;
  /** When set, only these spans have rows (and nothing is folded): the search's "only matches". */
  only?: ReadonlySet<string>;
}

// Ties keep arrival order (the sort is stable): spans started in the same
// millisecond arrive in causal order, which reads better than id order.
function byStart(a: Span, b: Span): number {
  return a.startTime - b.startTime;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Builds the tree: children in start order; a span whose parent is not in
 * the trace gets a placeholder parent. Cycles in bad data are cut, so every
 * span appears exactly once in `order`.
 */
export function buildSpanTree(spans: Iterable<Span>): SpanTree {
  const byId = new Map<string, Span>();
  for (const span of spans) byId.set(span.spanId, span);
  const orphans = new Map<string, Span[]>();
  for (const span of byId.values()) {
    const parentId = span.parentSpanId;
    if (!parentId || parentId === span.spanId || byId.has(parentId)) continue;
    push(orphans, parentId, span);
  }
  for (const [parentId, kids] of orphans)
    byId.set(parentId, placeholderSpan(kids[0]?.traceId ?? '', parentId, kids));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const span of byId.values()) {
    const parentId = span.parentSpanId;
    if (parentId && parentId !== span.spanId && byId.has(parentId)) push(children, parentId, span);
    else roots.push(span);
  }
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);

  const order: Span[] = [];
  const index = new Map<string, number>();
  const parent = new Map<string, string>();
  const depth = new Map<string, number>();
  // Iterative DFS: a 10,000-deep chain must not overflow the call stack.
  const walk = (starts: Span[]) => {
    const stack: Array<{ span: Span; level: number; parentId: string | undefined }> = [];
    for (let i = starts.length - 1; i >= 0; i--)
      stack.push({ span: starts[i]!, level: 0, parentId: undefined });
    while (stack.length > 0) {
      const { span, level, parentId } = stack.pop()!;
      if (index.has(span.spanId)) continue;
      index.set(span.spanId, order.length);
      order.push(span);
      depth.set(span.spanId, level);
      if (parentId !== undefined) parent.set(span.spanId, parentId);
      const kids = children.get(span.spanId) ?? [];
      for (let i = kids.length - 1; i >= 0; i--)
        stack.push({ span: kids[i]!, level: level + 1, parentId: span.spanId });
    }
  };
  walk(roots);
  if (order.length < byId.size) {
    // Spans on a parent cycle (bad data) have no root; show them rather than lose them.
    walk([...byId.values()].filter((span) => !index.has(span.spanId)).sort(byStart));
  }

  // A subtree ends at the next span that is not deeper.
  const subtreeEnd: number[] = new Array(order.length).fill(order.length);
  const open: number[] = [];
  for (let i = 0; i < order.length; i++) {
    const level = depth.get(order[i]!.spanId)!;
    while (open.length > 0 && depth.get(order[open[open.length - 1]!]!.spanId)! >= level)
      subtreeEnd[open.pop()!] = i;
    open.push(i);
  }

  const folds = new Map<string, SiblingFold>();
  const foldOf = new Map<string, SiblingFold>();
  const addFolds = (parentId: string, kids: Span[]) => {
    for (const fold of siblingFolds(parentId, kids)) {
      folds.set(fold.spans[0]!.spanId, fold);
      for (const span of fold.spans) foldOf.set(span.spanId, fold);
    }
  };
  addFolds('', roots);
  for (const [parentId, kids] of children) addFolds(parentId, kids);
  return { byId, children, order, index, parent, depth, subtreeEnd, folds, foldOf };
}

/**
 * The visible rows, depth first: the descendants of collapsed spans are
 * skipped, and each closed run of same-named siblings is one fold row.
 */
export function treeRows(tree: SpanTree, view: TreeView): TreeRow[] {
  const { collapsed, unfolded, only } = view;
  const rows: TreeRow[] = [];
  const { order, children, depth, parent } = tree;
  for (let i = 0; i < order.length; ) {
    const span = order[i]!;
    const id = span.spanId;
    const kids = children.get(id) ?? [];
    if (only && !only.has(id)) {
      i++;
      continue;
    }
    const fold = only ? undefined : tree.folds.get(id);
    const level = depth.get(id) ?? 0;
    if (fold && !unfolded.has(fold.key)) {
      rows.push({ span, depth: level, childCount: 0, collapsed: false, parentId: parent.get(id), fold });
      // Skip every span of the fold with its subtree: they are the next siblings in depth-first order.
      const last = fold.spans[fold.spans.length - 1]!;
      i = tree.subtreeEnd[tree.index.get(last.spanId)!]!;
      continue;
    }
    const isCollapsed = kids.length > 0 && collapsed.has(id);
    const row: TreeRow = {
      span,
      depth: level,
      childCount: kids.length,
      collapsed: isCollapsed,
      parentId: parent.get(id),
    };
    if (fold) row.openFold = fold;
    rows.push(row);
    i = isCollapsed ? tree.subtreeEnd[i]! : i + 1;
  }
  return rows;
}

/** The spans above `spanId`, nearest first. */
export function ancestorsOf(tree: SpanTree, spanId: string): string[] {
  const ancestors: string[] = [];
  for (let id = tree.parent.get(spanId); id !== undefined; id = tree.parent.get(id)) ancestors.push(id);
  return ancestors;
}

/** The view with `spanId` visible: its ancestors expanded and the folds holding it or them opened. */
export function revealSpan(tree: SpanTree, view: TreeView, spanId: string): TreeView {
  const path = [spanId, ...ancestorsOf(tree, spanId)];
  const collapsed = new Set(view.collapsed);
  const unfolded = new Set(view.unfolded);
  for (const id of path) {
    if (id !== spanId) collapsed.delete(id);
    const fold = tree.foldOf.get(id);
    if (fold) unfolded.add(fold.key);
  }
  const changed = collapsed.size !== view.collapsed.size || unfolded.size !== view.unfolded.size;
  return changed ? { ...view, collapsed, unfolded } : view;
}

/** Ids of `spanId` and every descendant that has children (for "collapse all below"). */
export function parentsBelow(tree: SpanTree, spanId: string): string[] {
  const start = tree.index.get(spanId);
  if (start === undefined) return [];
  const ids: string[] = [];
  for (let i = start; i < tree.subtreeEnd[start]!; i++) {
    const id = tree.order[i]!.spanId;
    if (tree.children.has(id)) ids.push(id);
  }
  return ids;
}
