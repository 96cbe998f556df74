import { FLOW_RUN_STREAM_MEDIA_TYPE, type FlowRunStreamLine } from '@livespan/tracing/wire';
import type { Hono } from 'hono';
import { z } from 'zod';
import { type FlowStream, FlowsError, type FlowsProvider, NO_APP_MESSAGE } from './flows-provider.js';
import { HttpError } from './http-error.js';
import { honoRequest, parseJson, readBody, requireMediaType } from './read-body.js';
import type { ServerContext } from './server-context.js';
import { issuePath } from './trace-data-schema.js';
import { parseTraceId } from './trace-routes.js';

const runBodySchema = z.object({ input: z.unknown() }).strict();

/**
 * `GET /api/flows`, `POST /api/flows/:name/run` and `POST /api/traces/:traceId/cancel`,
 * delegated to the configured `FlowsProvider`.
 */
export function registerFlowsRoutes(app: Hono, context: ServerContext): void {
  app.get('/api/flows', async (c) => c.json(await call(context.flows, (provider) => provider.listFlows())));

  app.get('/api/app', (c) => c.json(context.app.get()));

  app.post('/api/flows/:name/run', async (c) => {
    requireMediaType(c.req.raw.headers, ['application/json']);
    const body = parseJson(await readBody(honoRequest(c), context.bodyLimitBytes));
    const parsed = runBodySchema.safeParse(body);
    if (!parsed.success) {
      const { message, path } = issuePath(parsed.error);
      throw new HttpError(400, `run body must be {"input": …}: ${message}`, path);
    }
    const name = c.req.param('name');
    const { input } = parsed.data;
    if (c.req.query('stream') === 'true') {
      // Refusals (no app, unknown flow, bad input) come before the run starts, as plain HTTP errors.
      const started = await call(context.flows, (provider) => provider.streamFlow(name, input));
      return c.body(streamLines(started), 200, {
        'content-type': FLOW_RUN_STREAM_MEDIA_TYPE,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
    }
    const { traceId } = await call(context.flows, (provider) => provider.runFlow(name, input));
    return c.json({ traceId });
  });

  // 202: the app accepted the cancel; the trace's spans end (as cancelled) through ingest, as they always do.
  app.post('/api/traces/:traceId/cancel', async (c) => {
    const traceId = parseTraceId(c.req.param('traceId'));
    await call(context.flows, (provider) => provider.cancelRun(traceId));
    return c.json({ traceId, cancelling: true }, 202);
  });
}

/** The run as newline-delimited JSON (docs/api.md): the trace id, the chunks, then the end. */
function streamLines({ traceId, events }: FlowStream): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const line = (value: FlowRunStreamLine) => encoder.encode(`${JSON.stringify(value)}\n`);
  const iterator = events[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(line({ traceId }));
    },
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(line(next.value));
    },
    // The client went away: the run goes on (its trace shows it); the provider finishes reading the app.
    async cancel() {
      await iterator.return?.();
    },
  });
}

async function call<T>(
  provider: FlowsProvider | undefined,
  action: (provider: FlowsProvider) => Promise<T>,
): Promise<T> {
  if (!provider) throw new HttpError(503, NO_APP_MESSAGE);
  try {
    return await action(provider);
  } catch (error) {
    if (error instanceof FlowsError) throw new HttpError(error.status, error.message);
    throw new HttpError(502, `the app failed: ${(error as Error).message}`);
  }
}
