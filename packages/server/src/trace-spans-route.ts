import { MAX_SPAN_PAGE, SPAN_ID_PATTERN } from '@livespan/tracing/wire';
import type { Hono } from 'hono';
import { z } from 'zod';
import { HttpError } from './http-error.js';
import type { ServerContext } from './server-context.js';
import { readTreeOrderHead, treeOrderHead } from './span-tree-order.js';
import { staleReasonOf } from './staleness.js';
import { issuePath } from './trace-data-schema.js';
import { parseTraceId } from './trace-routes.js';
import type { StoredSpanJson, TraceRecord } from './trace-store.js';
import { staleSpan } from './trace-view.js';

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
 * `GET /api/traces/:traceId` (stale ones marked) but without placeholders.
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
    const staleReason = staleReasonOf(record, context.now(), context.staleAfterMs);
    const spans = rows.map((row) =>
      staleReason === undefined || row.endTime > 0
        ? row.json
        : JSON.stringify(staleSpan(JSON.parse(row.json), staleReason, record.lastSeen)),
    );
    const next = order === 'id' && rows.length === limit ? rows.at(-1)?.spanId : undefined;
    // The stored JSON goes out as it is: re-encoding 100,000 spans costs more than reading them.
    const nextField = next === undefined ? '' : `,"next":${JSON.stringify(next)}`;
    return c.body(`{"spans":[${spans.join(',')}]${nextField}}`, 200, {
      'content-type': 'application/json; charset=utf-8',
    });
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
