import type { Attributes, SpanData } from '@livespan/tracing/wire';
import type { Hono } from 'hono';
import { HttpError } from './http-error.js';
import { RESOURCE_ID_PATTERN } from './resource.js';
import type { ServerContext } from './server-context.js';
import type { TraceStore } from './trace-store.js';

/** `GET /api/resources/:resourceId`: a stored OpenTelemetry resource, immutable (its id is a hash of it). */
export function registerResourceRoutes(app: Hono, context: ServerContext): void {
  app.get('/api/resources/:resourceId', async (c) => {
    const resourceId = c.req.param('resourceId');
    if (!RESOURCE_ID_PATTERN.test(resourceId)) {
      throw new HttpError(
        400,
        `resourceId must be 32 lower-case hex digits, got ${JSON.stringify(resourceId.slice(0, 64))}`,
        'resourceId',
      );
    }
    const attributes = await context.store.getResource(resourceId);
    if (!attributes) throw new HttpError(404, `resource ${resourceId} not found`);
    c.header('cache-control', 'private, max-age=31536000, immutable');
    return c.json({ resourceId, attributes });
  });
}

/**
 * The resources the spans of a trace name, by id, so that an exported trace
 * carries them and imports whole (`POST /api/traces/import`); empty when none.
 */
export async function resourcesOf(
  store: TraceStore,
  spans: readonly SpanData[],
): Promise<{ resources?: Record<string, { attributes: Attributes }> }> {
  const ids = [...new Set(spans.flatMap((span) => (span.resourceId === undefined ? [] : [span.resourceId])))];
  if (ids.length === 0) return {};
  const resources: Record<string, { attributes: Attributes }> = {};
  for (const id of ids) {
    const attributes = await store.getResource(id);
    if (attributes) resources[id] = { attributes };
  }
  return { resources };
}
