import { z } from 'zod';
import { readJson } from './client';

/**
 * The trace as `GET /api/traces/:traceId` returns it (`TraceData` and its
 * summary: what `POST /api/traces/import` takes back), pretty-printed.
 * HttpError 404 when it is gone.
 */
export async function fetchTraceJson(traceId: string): Promise<string> {
  const url = `/api/traces/${encodeURIComponent(traceId)}`;
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await readJson(response, z.unknown(), `GET ${url}`);
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Deletes a trace (`DELETE /api/traces/:traceId`, 204); HttpError with the server's reason otherwise. */
export async function deleteTrace(traceId: string): Promise<void> {
  const url = `/api/traces/${encodeURIComponent(traceId)}`;
  const response = await fetch(url, { method: 'DELETE', headers: { accept: 'application/json' } });
  if (response.status === 204) return;
  await readJson(response, z.unknown(), `DELETE ${url}`);
}
