import { z } from 'zod';
import { readJson } from './client';

/** `GET /api/resources/:resourceId`: the OTLP resource a span came from (stored once, never changes). */
const resourceSchema = z.looseObject({
  resourceId: z.string(),
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type Resource = z.infer<typeof resourceSchema>;

/** Fetches a resource; HttpError 404 for an unknown id. */
export async function fetchResource(resourceId: string, signal?: AbortSignal): Promise<Resource> {
  const url = `/api/resources/${encodeURIComponent(resourceId)}`;
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  return readJson(response, resourceSchema, `GET ${url}`);
}
