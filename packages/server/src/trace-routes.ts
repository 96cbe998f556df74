import { isTraceId, TRACE_ARRAYS_HEADER } from '@livespan/tracing/wire';
import type { Hono } from 'hono';
import { INGEST_PREFIXES, parseAppId } from './app-id.js';
import { HttpError } from './http-error.js';
import { ingestSpans, llmView } from './ingest.js';
import { listQuerySchema } from './list-query-params.js';
import {
  type BodyRequest,
  honoRequest,
  parseJson,
  readBody,
  requireMediaType,
  yieldToEventLoop,
} from './read-body.js';
import { resourcesOf } from './resource-routes.js';
import { senderOf } from './sender.js';
import type { ServerContext } from './server-context.js';
import { issuePath, parseTraceDataBody } from './trace-data-schema.js';
import { pathsToShow, toApiListItem, toApiTrace } from './trace-view.js';

/** Parses a `:traceId` path parameter; 400 when it is not a trace id. */
export function parseTraceId(value: string): string {
  if (!isTraceId(value)) {
    throw new HttpError(
      400,
      `traceId must be 32 hex digits, got ${JSON.stringify(value.slice(0, 64))}`,
      'traceId',
    );
  }
  return value.toLowerCase();
}

/**
 * `POST /api/traces` (and under `/apps/:appId`): stores a `TraceData` body
 * and answers what to send back. Served by Hono and by direct-ingest.ts.
 * The caller adds `TRACE_ARRAYS_HEADER: true`, which tells livespan's
 * exporter it may send many traces in one request.
 */
export async function ingestTraceData(
  context: ServerContext,
  request: BodyRequest,
  appId: string | undefined,
): Promise<object> {
  requireMediaType(request.headers, ['application/json']);
  const parsed = parseJson(await readBody(request, context.bodyLimitBytes));
  await yieldToEventLoop();
  const { spans, rejected, resources } = parseTraceDataBody(parsed);
  await yieldToEventLoop();
  await ingestSpans(context, spans, senderOf(request.headers, 'traceData', appId), resources);
  if (rejected.length === 0) return {};
  // OTLP's shape for "stored, except these", so one client code path reads both routes.
  const more = rejected.length > 1 ? ` (and ${rejected.length - 1} more)` : '';
  return {
    partialSuccess: { rejectedSpans: rejected.length, errorMessage: `${rejected[0]!.message}${more}` },
  };
}

/** Genkit's telemetry routes: health, ingest of `TraceData`, trace list and trace. */
export function registerTraceRoutes(app: Hono, context: ServerContext): void {
  app.get('/api/__health', (c) => c.json({ status: 'ok' }));

  for (const prefix of INGEST_PREFIXES) {
    app.post(`${prefix}/api/traces`, async (c) => {
      const answer = await ingestTraceData(context, honoRequest(c), parseAppId(c.req.param('appId')));
      c.header(TRACE_ARRAYS_HEADER, 'true');
      return c.json(answer);
    });
  }

  app.get('/api/traces', async (c) => {
    const parsed = listQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const { message, path } = issuePath(parsed.error);
      throw new HttpError(400, `invalid query: ${message}`, path);
    }
    const now = context.now();
    const { continuationToken, name, q, since, until, status, filter, limit } = parsed.data;
    const page = await context.store.listTraces({
      limit,
      now,
      staleAfterMs: context.staleAfterMs,
      ...(continuationToken !== undefined && { continuationToken }),
      ...(name && { name }),
      ...(q !== undefined && { q }),
      ...(since !== undefined && { since }),
      ...(until !== undefined && { until }),
      ...(status && { status }),
      ...(filter && { filter }),
    });
    const view = await llmView(
      context,
      page.traces.flatMap(({ trace, root }) => (root ? pathsToShow(trace, [root]) : [])),
    );
    return c.json({
      traces: page.traces.map(({ trace, root }) =>
        toApiListItem(trace, root, now, context.staleAfterMs, view),
      ),
      ...(page.continuationToken !== undefined && { continuationToken: page.continuationToken }),
    });
  });

  app.get('/api/traces/:traceId', async (c) => {
    const traceId = parseTraceId(c.req.param('traceId'));
    const record = await context.store.getTrace(traceId);
    if (!record) throw new HttpError(404, `trace ${traceId} not found`);
    const spans = await context.store.getSpans(traceId);
    const resources = await resourcesOf(context.store, spans);
    const view = await llmView(context, pathsToShow(record, spans));
    return c.json({ ...toApiTrace(record, spans, context.now(), context.staleAfterMs, view), ...resources });
  });
}
