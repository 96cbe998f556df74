import { MAX_SPAN_PAGE } from '@livespan/tracing/wire';
import { fetchSpanPage, HttpError, type SpanPageQuery } from './client';
import type { Span } from './schemas';

/** Spans of the first request: the top of the tree, more than any screen shows. */
const HEAD_SPANS = 200;
/** Spans per following request: the server's largest page. */
const PAGE_SPANS = MAX_SPAN_PAGE;
/** Bounds the sweep: 50,000,000 spans, far past any stored trace. */
const MAX_PAGES = 10_000;
/** Tries of one page before giving up; waits double from 500 ms. */
const MAX_TRIES = 4;

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
  const head = await fetchWithRetry(traceId, { order: 'tree', limit: HEAD_SPANS }, signal);
  onPage(head.spans, true);
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { spans, next } = await fetchWithRetry(
      traceId,
      { order: 'id', limit: PAGE_SPANS, ...(after !== undefined && { after }) },
      signal,
    );
    onPage(spans, false);
    if (next === undefined) return;
    after = next;
  }
}

/** One page, tried again after a network or server failure (not after a 4xx answer: that will not change). */
async function fetchWithRetry(traceId: string, query: SpanPageQuery, signal: AbortSignal) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchSpanPage(traceId, query, signal);
    } catch (error) {
      const final = error instanceof HttpError && error.status < 500;
      if (final || signal.aborted || attempt >= MAX_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
    }
  }
}
