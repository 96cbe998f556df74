/** The trace view's state kept in its URL: `/traces/:id?span=SPANID&q=TEXT`. */
export interface TraceUrlState {
  /** The selected span. */
  span?: string;
  /** The in-trace search text. */
  q?: string;
}

/** Reads `?span=` and `?q=` from a query string (empty values count as absent). */
export function readTraceUrl(search: string): TraceUrlState {
  const params = new URLSearchParams(search);
  const state: TraceUrlState = {};
  const span = params.get('span');
  if (span) state.span = span;
  const q = params.get('q');
  if (q) state.q = q;
  return state;
}

/**
 * `search` with `span` and `q` set to `state` (removed when absent); other
 * parameters are kept. Returns "" or "?…".
 */
export function writeTraceUrl(search: string, state: TraceUrlState): string {
  const params = new URLSearchParams(search);
  for (const key of ['span', 'q'] as const) {
    const value = state[key];
    if (value) params.set(key, value);
    else params.delete(key);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The absolute link to a span of a trace (what "Copy link" copies). */
export function spanLink(origin: string, tracePath: string, spanId: string): string {
  return `${origin}${tracePath}?span=${encodeURIComponent(spanId)}`;
}
