import { MAX_SPAN_PAGE, type SpanData } from '@livespan/tracing/wire';
import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import {
  type Json,
  makeServer,
  makeSpan,
  postSpans,
  SseReader,
  spanId,
  TRACE_ID,
} from './test-support/factories.js';

let server: LivespanServer;
afterEach(() => server?.close());

const url = (query = '') => `/api/traces/${TRACE_ID}/spans${query}`;
const get = async (query = ''): Promise<{ status: number; body: Json }> => {
  const response = await server.app.request(url(query));
  return { status: response.status, body: await response.json() };
};

/** A root (1) with children 2..n started in reverse id order, and a grandchild under the last-started child. */
function tree(n: number): SpanData[] {
  const spans = [makeSpan({ startTime: 0 })];
  for (let i = 2; i <= n; i++)
    spans.push(
      makeSpan({ spanId: spanId(i), parentSpanId: spanId(1), displayName: `c${i}`, startTime: 100 - i }),
    );
  spans.push(
    makeSpan({ spanId: spanId(n + 1), parentSpanId: spanId(n), displayName: 'grandchild', startTime: 99 }),
  );
  return spans;
}

/** Follows `next` from the first `order=id` page; bounded. */
async function allPages(limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: string | undefined;
  for (let pages = 1; pages <= 100; pages++) {
    const { status, body } = await get(`?limit=${limit}${after ? `&after=${after}` : ''}`);
    expect(status).toBe(200);
    ids.push(...body.spans.map((span: SpanData) => span.spanId));
    after = body.next;
    if (after === undefined) return { ids, pages };
  }
  throw new Error('paging did not end');
}

describe('GET /api/traces/:traceId/spans', () => {
  it('order=tree gives the first spans of the tree: parents first, siblings by start time', async () => {
    server = makeServer();
    await postSpans(server, tree(5));
    const { status, body } = await get('?order=tree&limit=4');
    expect(status).toBe(200);
    expect(body.spans.map((span: SpanData) => span.displayName)).toEqual(['root', 'c5', 'grandchild', 'c4']);
    expect(body.next).toBeUndefined();
    expect(body.spans[0]).toEqual(makeSpan({ startTime: 0 }));
  });

  it('order=tree places orphans of a trace without its root among the roots by start time', async () => {
    server = makeServer();
    await postSpans(server, tree(3).slice(1));
    const { body } = await get('?order=tree');
    expect(body.spans.map((span: SpanData) => span.displayName)).toEqual(['c3', 'grandchild', 'c2']);
  });

  it('order=id pages through every span exactly once, by span id', async () => {
    server = makeServer();
    await postSpans(server, tree(9));
    const { ids, pages } = await allPages(3);
    expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => spanId(i + 1)));
    expect(pages).toBe(4);
  });

  it('misses no span stored before paging began while spans and ends arrive between pages', async () => {
    server = makeServer();
    const before = tree(6).map((span) => ({ ...span, endTime: 0 }));
    await postSpans(server, before);
    const first = await get('?limit=3');
    // Arrivals meanwhile: a span sorting before the cursor, ends of spans on both sides of it.
    await postSpans(server, [
      makeSpan({ spanId: spanId(0x20), parentSpanId: spanId(1), displayName: 'late' }),
      makeSpan({ spanId: spanId(0), parentSpanId: spanId(1), displayName: 'early id' }),
      { ...before[1]!, endTime: 5_000 },
      { ...before[5]!, endTime: 5_000 },
    ]);
    const ids: string[] = first.body.spans.map((span: SpanData) => span.spanId);
    let after: string | undefined = first.body.next;
    for (let page = 0; after !== undefined && page < 10; page++) {
      const { body } = await get(`?limit=3&after=${after}`);
      ids.push(...body.spans.map((span: SpanData) => span.spanId));
      after = body.next;
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const span of before) expect(ids).toContain(span.spanId);
  });

  it('marks the running spans of a silent trace stale, like GET /api/traces/:traceId', async () => {
    let now = 1_000;
    server = makeServer({ now: () => now, staleAfterMs: 1_000 });
    await postSpans(server, [
      makeSpan({ endTime: 0 }),
      makeSpan({ spanId: spanId(2), parentSpanId: spanId(1) }),
    ]);
    now = 60_000;
    const { body } = await get('?order=tree');
    const whole: Json = await (await server.app.request(`/api/traces/${TRACE_ID}`)).json();
    expect(body.spans).toEqual([whole.spans[spanId(1)], whole.spans[spanId(2)]]);
    expect(body.spans[0]).toMatchObject({ stale: true, staleSince: 1_000 });
  });

  it('answers 404 for an unknown trace and 400 naming a bad query parameter', async () => {
    server = makeServer();
    expect((await get()).status).toBe(404);
    await postSpans(server, tree(2));
    for (const [query, path] of [
      ['?limit=0', 'limit'],
      [`?limit=${MAX_SPAN_PAGE + 1}`, 'limit'],
      ['?after=xyz', 'after'],
      ['?order=depth', 'order'],
      [`?order=tree&after=${spanId(1)}`, 'after'],
    ]) {
      const { status, body } = await get(query);
      expect({ query, status, path: body.path }).toEqual({ query, status: 400, path });
      expect(body.error).toMatch(/^invalid query: /);
    }
    expect((await server.app.request('/api/traces/nope/spans')).status).toBe(400);
  });

  it('with the stream subscribed first (?snapshot=summary), pages and live events together hold every span', async () => {
    server = makeServer();
    await postSpans(server, tree(6));
    const reader = new SseReader(await server.app.request(`/api/traces/${TRACE_ID}/stream?snapshot=summary`));
    const snapshot = (await reader.nextEvent()) as { json: Json };
    expect(snapshot.json.trace).toMatchObject({ traceId: TRACE_ID, spanCount: 7, spans: {} });
    const first = await get('?limit=4');
    await postSpans(server, [makeSpan({ spanId: spanId(0), parentSpanId: spanId(1), displayName: 'late' })]);
    const second = await get(`?limit=4&after=${first.body.next}`);
    expect(second.body.next).toBeUndefined();
    const live = (await reader.nextEvent()) as { json: Json };
    expect(live).toMatchObject({ event: 'span_end', json: { span: { spanId: spanId(0) } } });
    const seen = [...first.body.spans, ...second.body.spans, live.json.span].map(
      (span: SpanData) => span.spanId,
    );
    expect(seen.sort()).toEqual(Array.from({ length: 8 }, (_, i) => spanId(i)));
    const bad = await server.app.request(`/api/traces/${TRACE_ID}/stream?snapshot=spans`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ path: 'snapshot' });
  });
});
