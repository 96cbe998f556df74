import type { Hono } from 'hono';
import { HttpError } from './http-error.js';
import { ingestSpans } from './ingest.js';
import { deleteEvents } from './live-changes.js';
import { publish } from './live-events.js';
import { honoRequest, parseJson, readBody, requireMediaType, yieldToEventLoop } from './read-body.js';
import { senderOf } from './sender.js';
import type { ServerContext } from './server-context.js';
import { parseImportBody } from './trace-import.js';
import { parseTraceId } from './trace-routes.js';

/**
 * Changes users make to stored traces: delete one, clear all, import
 * exported traces. Cross-origin requests and a missing access token are
 * refused before these run (request-guard.ts, access-token.ts), as for every write.
 */
export function registerTraceWriteRoutes(app: Hono, context: ServerContext): void {
  app.delete('/api/traces/:traceId', async (c) => {
    const traceId = parseTraceId(c.req.param('traceId'));
    if (!(await context.store.deleteTrace(traceId))) throw new HttpError(404, `trace ${traceId} not found`);
    for (const event of deleteEvents(traceId)) publish(context.hub, event);
    return c.body(null, 204);
  });

  app.delete('/api/traces', async (c) => {
    await context.store.clear();
    publish(context.hub, { stream: 'list', event: { type: 'traces_clear' } });
    return c.body(null, 204);
  });

  app.post('/api/traces/import', async (c) => {
    requireMediaType(c.req.raw.headers, ['application/json']);
    const body = await readBody(honoRequest(c), context.bodyLimitBytes);
    const parsed = parseJson(body);
    await yieldToEventLoop();
    const { spans, resources, traces } = parseImportBody(parsed);
    await yieldToEventLoop();
    // One ingest is one transaction: the import is stored whole or not at all.
    await ingestSpans(context, spans, senderOf(c.req.raw.headers, 'traceData', undefined), resources);
    return c.json({ imported: traces });
  });
}
