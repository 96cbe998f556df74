import type { Span } from '../api/schemas';
import { type SpanState, spanState } from './span-state';
import type { SpanTree } from './tree-rows';

/** The span states the search can be narrowed to. */
export const STATE_FILTERS = ['error', 'running', 'stale'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

/** What the user looks for in a trace. */
export interface SpanQuery {
  /** Matched case-insensitively against the name and every attribute key and value. */
  text: string;
  /** When not empty, only spans in one of these states match. */
  states: ReadonlySet<StateFilter>;
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

// Spans are replaced, never mutated, when they change (mergeSpan), so the
// text of a span object never goes stale and is built once per version.
const textCache = new WeakMap<Span, string>();

/**
 * The lowercase text a span is searched by: its name, then each attribute
 * key and value, separated by newlines so that a match never spans two fields.
 */
export function searchText(span: Span): string {
  let text = textCache.get(span);
  if (text === undefined) {
    const parts = [span.displayName];
    for (const [key, value] of Object.entries(span.attributes)) parts.push(key, valueText(value));
    text = parts.join('\n').toLowerCase();
    textCache.set(span, text);
  }
  return text;
}

/**
 * Builds the search text of `spans[from]` up to `from + count` ahead of a
 * search, so that the first search of a big trace does not build it all at
 * once. Returns where to go on (`spans.length` when done).
 */
export function warmSearchText(spans: readonly Span[], from: number, count: number): number {
  const to = Math.min(spans.length, from + count);
  for (let i = from; i < to; i++) searchText(spans[i]!);
  return to;
}

/** Whether the query asks for anything (an empty one shows the trace as it is). */
export function isActive(query: SpanQuery): boolean {
  return query.text.trim() !== '' || query.states.size > 0;
}

function stateMatches(state: SpanState, states: ReadonlySet<StateFilter>): boolean {
  return states.size === 0 || (states as ReadonlySet<string>).has(state);
}

/** The spans matching `query`, in tree order; placeholders never match. One pass, no allocation per span. */
export function findMatches(tree: SpanTree, query: SpanQuery): Span[] {
  if (!isActive(query)) return [];
  const needle = query.text.trim().toLowerCase();
  const matches: Span[] = [];
  for (const span of tree.order) {
    if (span.placeholder) continue;
    if (!stateMatches(spanState(span), query.states)) continue;
    if (needle !== '' && !searchText(span).includes(needle)) continue;
    matches.push(span);
  }
  return matches;
}

/** The matches and every span above one: what "only matches" keeps. */
export function withAncestors(tree: SpanTree, matches: readonly Span[]): Set<string> {
  const kept = new Set<string>();
  for (const span of matches) {
    for (
      let id: string | undefined = span.spanId;
      id !== undefined && !kept.has(id);
      id = tree.parent.get(id)
    )
      kept.add(id);
  }
  return kept;
}

/**
 * The position in `spans` (in tree order) of the next one after `fromId`
 * in tree order (`step` 1) or the previous one (`step` -1), wrapping around.
 * Without a current span: the first (or last).
 */
export function stepThrough(
  tree: SpanTree,
  spans: readonly Span[],
  fromId: string | undefined,
  step: 1 | -1,
): number | undefined {
  if (spans.length === 0) return undefined;
  const from = fromId === undefined ? undefined : tree.index.get(fromId);
  if (from === undefined) return step === 1 ? 0 : spans.length - 1;
  const at = (i: number) => tree.index.get(spans[i]!.spanId) ?? -1;
  if (step === 1) {
    for (let i = 0; i < spans.length; i++) if (at(i) > from) return i;
    return 0;
  }
  for (let i = spans.length - 1; i >= 0; i--) if (at(i) < from) return i;
  return spans.length - 1;
}

/** The failed spans, in tree order. */
export function errorSpans(tree: SpanTree): Span[] {
  return tree.order.filter((span) => spanState(span) === 'error');
}

/** The deepest failed span (the first in tree order among equally deep ones): where a failure started. */
export function deepestError(tree: SpanTree): Span | undefined {
  let found: Span | undefined;
  let foundDepth = -1;
  for (const span of errorSpans(tree)) {
    const depth = tree.depth.get(span.spanId) ?? 0;
    if (depth > foundDepth) {
      found = span;
      foundDepth = depth;
    }
  }
  return found;
}

/** `name` cut around the first case-insensitive occurrence of `needle`, for highlighting; undefined when absent. */
export function splitMatch(
  name: string,
  needle: string,
): { before: string; match: string; after: string } | undefined {
  const wanted = needle.trim().toLowerCase();
  if (wanted === '') return undefined;
  const at = name.toLowerCase().indexOf(wanted);
  if (at < 0) return undefined;
  return {
    before: name.slice(0, at),
    match: name.slice(at, at + wanted.length),
    after: name.slice(at + wanted.length),
  };
}

/** Characters of an attribute value shown before and after a match (few before: the row is narrow). */
const HINT_BEFORE = 8;
const HINT_AFTER = 30;

/**
 * Why a span matched when its name did not: the first attribute whose key
 * or value holds `needle`, as "key: …value around the match…".
 */
export function matchHint(span: Span, needle: string): string | undefined {
  const wanted = needle.trim().toLowerCase();
  if (wanted === '' || span.displayName.toLowerCase().includes(wanted)) return undefined;
  for (const [key, value] of Object.entries(span.attributes)) {
    const text = valueText(value);
    if (key.toLowerCase().includes(wanted)) return `${key}: ${text.slice(0, HINT_AFTER)}`;
    const at = text.toLowerCase().indexOf(wanted);
    if (at < 0) continue;
    const from = Math.max(0, at - HINT_BEFORE);
    const to = at + wanted.length + HINT_AFTER;
    return `${key}: ${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  }
  return undefined;
}
