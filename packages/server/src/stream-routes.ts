import type { Context, Hono } from 'hono';
import { HttpError } from './http-error.js';
import { llmView } from './ingest.js';
import { LIST_CHANNEL, traceChannel } from './live-events.js';
import type { Subscription } from './live-hub.js';
import type { ServerContext } from './server-context.js';
import { formatSseFrame } from './sse-frame.js';
import { parseTraceId } from './trace-routes.js';
import { pathsToShow, toApiTrace, toListSummary } from './trace-view.js';

/** Traces in the list stream's snapshot. */
const LIST_SNAPSHOT_SIZE = 100;

/**
 * The live streams. Each subscribes to the hub first and only then reads the
 * snapshot, so nothing published in between is lost; a resumed client gets
 * the replayed events instead of a snapshot.
 */
export function registerStreamRoutes(app: Hono, context: ServerContext): void {
  app.get('/api/traces/:traceId/stream', async (c) => {
    const traceId = parseTraceId(c.req.param('traceId'));
    const summaryOnly = parseSnapshotQuery(c.req.query('snapshot'));
    return stream(c, traceChannel(traceId), async () => {
      const record = await context.store.getTrace(traceId);
      if (!record) return { trace: null };
      // The client pages the spans itself (trace-spans-route.ts), after this subscription began.
      if (summaryOnly) {
        const view = await llmView(context, pathsToShow(record, []));
        return { trace: { ...toListSummary(record, context.now(), context.staleAfterMs, view), spans: {} } };
      }
      const spans = await context.store.getSpans(traceId);
      const view = await llmView(context, pathsToShow(record, spans));
      return { trace: toApiTrace(record, spans, context.now(), context.staleAfterMs, view) };
    });
  });

  app.get('/api/stream', async (c) =>
    stream(c, LIST_CHANNEL, async () => {
      const now = context.now();
      const page = await context.store.listTraces({
        limit: LIST_SNAPSHOT_SIZE,
        now,
        staleAfterMs: context.staleAfterMs,
      });
      const view = await llmView(
        context,
        page.traces.flatMap(({ trace }) => pathsToShow(trace, [])),
      );
      return {
        traces: page.traces.map(({ trace }) => toListSummary(trace, now, context.staleAfterMs, view)),
        app: context.app.get(),
      };
    }),
  );

  /** `?snapshot=summary`: the snapshot's trace comes without its spans. */
  function parseSnapshotQuery(value: string | undefined): boolean {
    if (value === undefined || value === 'full') return false;
    if (value === 'summary') return true;
    throw new HttpError(
      400,
      `snapshot must be "full" or "summary", got ${JSON.stringify(value.slice(0, 64))}`,
      'snapshot',
    );
  }

  async function stream(c: Context, channel: string, snapshot: () => Promise<unknown>): Promise<Response> {
    const subscription: Subscription = context.hub.subscribe(channel, c.req.header('last-event-id'));
    subscription.onEnd = (reason) => {
      // A slow client may be parked waiting for 'drain'; only destroying the socket frees it.
      if (reason === 'slow') (c.env as { outgoing?: { destroy(): void } } | undefined)?.outgoing?.destroy();
    };
    if (!subscription.resumed) {
      try {
        const data = JSON.stringify(await snapshot());
        subscription.start(formatSseFrame({ id: subscription.snapshotId, event: 'snapshot', data }));
      } catch (error) {
        await subscription.stream.cancel();
        throw error;
      }
    }
    return new Response(subscription.stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  }
}
