import type { z } from 'zod';
import { parseServerData } from './parse';
import { flowListSchema, traceListSchema } from './schemas';

/** An error answer from the server (`{"error": ...}` with a 4xx/5xx status). */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    /** HTTP status code. */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T extends z.ZodType>(
  url: string,
  schema: T,
  signal?: AbortSignal,
): Promise<z.output<T>> {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message =
      typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string'
        ? body.error
        : `${response.status} ${response.statusText}`;
    throw new HttpError(response.status, message);
  }
  return parseServerData(schema, body, `GET ${url}`);
}

/** Query of `GET /api/traces`; empty values are left out. */
export interface TraceQuery {
  name?: string;
  status?: string;
  limit?: number;
  continuationToken?: string;
}

/** One page of the trace list, newest first. */
export function fetchTraces(query: TraceQuery, signal?: AbortSignal) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return getJson(`/api/traces?${params}`, traceListSchema, signal);
}

/** Flows of the connected app; 503 (HttpError) when no app is connected. */
export function fetchFlows(signal?: AbortSignal) {
  return getJson('/api/flows', flowListSchema, signal);
}
