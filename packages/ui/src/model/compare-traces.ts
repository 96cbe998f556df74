import type { Span } from '../api/schemas';
import { formatDuration } from './format';

/** One line of the comparison: the span at one path in trace A, in B, or in both. */
export interface CompareRow {
  /** The span path plus an occurrence index for repeats (see {@link spanPaths}). */
  key: string;
  name: string;
  /** Nesting depth from the root (0). */
  depth: number;
  a?: Span;
  b?: Span;
}

const GENKIT_PATH = 'genkit:path';

/** Children before siblings, siblings by start time (then id, for a stable order). */
function preorder(spans: Iterable<Span>): Array<{ span: Span; depth: number }> {
  const byId = new Map<string, Span>();
  for (const span of spans) byId.set(span.spanId, span);
  const children = new Map<string | undefined, Span[]>();
  for (const span of byId.values()) {
    const parent = span.parentSpanId && byId.has(span.parentSpanId) ? span.parentSpanId : undefined;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  for (const list of children.values()) {
    list.sort((x, y) => x.startTime - y.startTime || (x.spanId < y.spanId ? -1 : 1));
  }
  const result: Array<{ span: Span; depth: number }> = [];
  const stack = (children.get(undefined) ?? []).map((span) => ({ span, depth: 0 })).reverse();
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next) break;
    result.push(next);
    const kids = children.get(next.span.spanId) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i] as Span, depth: next.depth + 1 });
  }
  return result;
}

/**
 * Each span's path, in tree order: its `genkit:path` attribute when present,
 * else the names from the root down; the n-th repeat of a path (a loop's
 * steps, in start order) gets `#n`, so two runs of one flow line up step by step.
 */
export function spanPaths(spans: Iterable<Span>): Array<{ key: string; span: Span; depth: number }> {
  const seen = new Map<string, number>();
  const keyOf = new Map<string, string>();
  return preorder(spans).map(({ span, depth }) => {
    const genkitPath = span.attributes[GENKIT_PATH];
    const parentKey = span.parentSpanId ? keyOf.get(span.parentSpanId) : undefined;
    const base =
      typeof genkitPath === 'string' && genkitPath !== ''
        ? genkitPath
        : `${parentKey ?? ''}/${span.displayName}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const key = count === 1 ? base : `${base}#${count}`;
    keyOf.set(span.spanId, key);
    return { key, span, depth };
  });
}

/**
 * The rows of a comparison in A's tree order; a span only in B follows the
 * row of the span before it in B's order, so it shows where it happened.
 */
export function compareTraces(a: Iterable<Span>, b: Iterable<Span>): CompareRow[] {
  const rows: CompareRow[] = spanPaths(a).map(({ key, span, depth }) => ({
    key,
    name: span.displayName,
    depth,
    a: span,
  }));
  const index = new Map(rows.map((row, i) => [row.key, i]));
  // B-only rows, by the A row they follow (-1: before the first).
  const inserts = new Map<number, CompareRow[]>();
  let anchor = -1;
  for (const { key, span, depth } of spanPaths(b)) {
    const at = index.get(key);
    if (at !== undefined) {
      (rows[at] as CompareRow).b = span;
      anchor = at;
      continue;
    }
    const list = inserts.get(anchor) ?? [];
    list.push({ key, name: span.displayName, depth, b: span });
    inserts.set(anchor, list);
  }
  const merged = [...(inserts.get(-1) ?? [])];
  for (const [i, row] of rows.entries()) merged.push(row, ...(inserts.get(i) ?? []));
  return merged;
}

/** B's duration against A's: the difference in ms and in percent of A (undefined when A is 0). */
export function durationDiff(aMs: number, bMs: number): { ms: number; percent: number | undefined } {
  const ms = bMs - aMs;
  return { ms, percent: aMs > 0 ? (ms / aMs) * 100 : undefined };
}

/** "+120 ms (+35%)", "−1.2 s (−50%)", "0 ms (0%)"; the percent is left out when A is 0. */
export function formatDiff(aMs: number, bMs: number): string {
  const { ms, percent } = durationDiff(aMs, bMs);
  const sign = ms > 0 ? '+' : ms < 0 ? '−' : '';
  const pct = percent === undefined ? '' : ` (${sign}${Math.round(Math.abs(percent))}%)`;
  return `${sign}${formatDuration(Math.abs(ms))}${pct}`;
}
