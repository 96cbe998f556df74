import { MAX_SPAN_PAGE } from '@livespan/tracing/wire';
import { fetchSpanPage } from './client';
import type { Span } from './schemas';

/** Spans of the first request: the top of the tree, more than any screen shows. */
const HEAD_SPANS = 200;
/** Spans per following request: the server's largest page. */
const PAGE_SPANS = MAX_SPAN_PAGE;
/** Bounds the sweep: 50,000,000 spans, far past any stored trace. */
const MAX_PAGES = 10_000;

/**
 * Reads every stored span of a trace through `GET /api/traces/:id/spans`:
 * first the top of its tree (so the first rows can be shown at once), then
 * all spans by id, page by page (the top ones again; the caller keeps the
 * copy it has). Call it only once subscribed to the trace's stream: spans
 * that change while the pages are read come from there. Resolves when done;
 * rejects on a failed request or when `signal` aborts.
 */
export async function loadTraceSpans(
  traceId: string,
  onPage: (spans: Span[], head: boolean) => void,
  signal: AbortSignal,
): Promise<void> {
  const head = await fetchSpanPage(traceId, { order: 'tree', limit: HEAD_SPANS }, signal);
  onPage(head.spans, true);
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { spans, next } = await fetchSpanPage(
      traceId,
      { order: 'id', limit: PAGE_SPANS, ...(after !== undefined && { after }) },
      signal,
    );
    onPage(spans, false);
    if (next === undefined) return;
    after = next;
  }
}
