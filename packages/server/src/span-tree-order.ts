import type { SpanOutline } from './trace-store.js';

// Siblings by start, ties by id, so the order does not depend on how rows were read.
function byStart(a: SpanOutline, b: SpanOutline): number {
  return a.startTime - b.startTime || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
}

/**
 * The ids of the first `limit` spans in tree order, as the Dev UI lists them:
 * depth first, parents before their children, siblings by start time. A span
 * whose parent is not stored starts a tree of its own, among the roots. Spans
 * on a parent cycle (bad data) are not reachable and left out. Pure.
 */
export function treeOrderHead(outline: readonly SpanOutline[], limit: number): string[] {
  const known = new Set(outline.map((span) => span.spanId));
  const children = new Map<string, SpanOutline[]>();
  const roots: SpanOutline[] = [];
  for (const span of outline) {
    const parentId = span.parentSpanId;
    if (parentId === undefined || parentId === span.spanId || !known.has(parentId)) {
      roots.push(span);
      continue;
    }
    const list = children.get(parentId);
    if (list) list.push(span);
    else children.set(parentId, [span]);
  }
  roots.sort(byStart);
  const head: string[] = [];
  const visited = new Set<string>();
  // Iterative: a 100,000-deep chain must not overflow the call stack.
  const stack = roots.reverse();
  while (stack.length > 0 && head.length < limit) {
    const span = stack.pop()!;
    if (visited.has(span.spanId)) continue;
    visited.add(span.spanId);
    head.push(span.spanId);
    // Sorted when first reached: only the subtrees the head enters pay for sorting.
    const kids = children.get(span.spanId);
    if (kids) for (const kid of kids.sort(byStart).reverse()) stack.push(kid);
  }
  return head;
}

/** Reads the first `limit` children of a span (`null`: the parentless spans), by start time then id. */
export type ChildReader = (parentSpanId: string | null, limit: number) => Promise<SpanOutline[]>;

/**
 * The same head as {@link treeOrderHead} for a trace whose root is stored,
 * read child list by child list, so its cost follows `limit`, not the size
 * of the trace. Orphans (a parent never stored) are not reached from the
 * parentless spans, so they are left out. Spans on a cycle are cut.
 */
export async function readTreeOrderHead(readChildren: ChildReader, limit: number): Promise<string[]> {
  const head: string[] = [];
  const visited = new Set<string>();
  const stack = (await readChildren(null, limit)).reverse();
  while (stack.length > 0 && head.length < limit) {
    const span = stack.pop()!;
    if (visited.has(span.spanId)) continue;
    visited.add(span.spanId);
    head.push(span.spanId);
    if (head.length === limit) break;
    const kids = await readChildren(span.spanId, limit - head.length);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return head;
}
