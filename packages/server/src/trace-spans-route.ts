import { MAX_SPAN_PAGE, SPAN_ID_PATTERN, type SpanData } from '@livespan/tracing/wire';
import type { Hono } from 'hono';
import { z } from 'zod';
import { HttpError } from './http-error.js';
import { llmView } from './ingest.js';
import type { ServerContext } from './server-context.js';
import { readTreeOrderHead, treeOrderHead } from './span-tree-order.js';
import { issuePath } from './trace-data-schema.js';
import { parseTraceId } from './trace-routes.js';
import type { StoredSpanJson, TraceRecord } from './trace-store.js';
import { pathsToShow, toApiSpan } from './trace-view.js';

const spanPageQuerySchema = z
  .object({
    order: z.enum(['id', 'tree']).default('id'),
    limit: z.coerce.number().int().min(1).max(MAX_SPAN_PAGE).default(1_000),
    after: z
      .string()
      .regex(SPAN_ID_PATTERN, 'must be a span id (16 hex digits)')
      .transform((id) => id.toLowerCase())
      .optional(),
  })
  .refine((query) => query.order === 'id' || query.after === undefined, {
    message: 'after pages order=id only; order=tree gives the first spans of the tree',
    path: ['after'],
  });

/**
 * `GET /api/traces/:traceId/spans`: a big trace in pages, for clients that
 * show the top of its tree first and load the rest behind it. `order=tree`
 * answers the first `limit` spans in tree order (depth first, siblings by
 * start); `order=id` (the default) pages through every stored span by span
 * id, `after` being the previous page's `next`. Spans are as in
 * `GET /api/traces/:traceId` (stale ones marked, usage and usual durations
 * added) but without placeholders.
 * Span ids never change, so a span stored before the first page is on
 * exactly one `order=id` page; spans arriving meanwhile may be missed and
 * come from the trace's live stream, subscribed to before paging.
 */
export function registerTraceSpansRoute(app: Hono, context: ServerContext): void {
  app.get('/api/traces/:traceId/spans', async (c) => {
    const traceId = parseTraceId(c.req.param('traceId'));
    const parsed = spanPageQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const { message, path } = issuePath(parsed.error);
      throw new HttpError(400, `invalid query: ${message}`, path);
    }
    const { order, limit, after } = parsed.data;
    const record = await context.store.getTrace(traceId);
    if (!record) throw new HttpError(404, `trace ${traceId} not found`);
    const rows =
      order === 'tree'
        ? await treeHead(context, record, limit)
        : await context.store.readSpanJson(traceId, { limit, ...(after !== undefined && { after }) });
    // Spans as `GET /api/traces/:traceId` gives them: stale ones marked, with usage and usual durations.
    const stored = rows.map((row) => JSON.parse(row.json) as SpanData);
    const view = await llmView(context, pathsToShow(record, stored));
    const now = context.now();
    const spans = stored.map((span) => toApiSpan(span, record, now, context.staleAfterMs, view));
    const next = order === 'id' && rows.length === limit ? rows.at(-1)?.spanId : undefined;
    return c.json(next === undefined ? { spans } : { spans, next });
  });
}

async function treeHead(
  context: ServerContext,
  record: TraceRecord,
  limit: number,
): Promise<StoredSpanJson[]> {
  const { store } = context;
  const { traceId } = record;
  // With its root stored, a trace's top is found by index lookups; without, the whole outline is needed.
  const ids = record.hasRoot
    ? await readTreeOrderHead((parentSpanId, max) => store.getChildOutline(traceId, parentSpanId, max), limit)
    : treeOrderHead(await store.getSpanOutline(traceId), limit);
  const byId = new Map((await store.readSpanJson(traceId, { ids })).map((row) => [row.spanId, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
