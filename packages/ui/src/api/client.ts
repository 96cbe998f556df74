import type { FlowRunStreamLine } from '@livespan/tracing/wire';
import type { z } from 'zod';
import { requireToken } from './access';
import { parseServerData } from './parse';
import {
  appStatusSchema,
  flowListSchema,
  flowRunSchema,
  flowRunStreamLineSchema,
  importResultSchema,
  spanPageSchema,
  traceListSchema,
} from './schemas';

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
  return readJson(response, schema, `GET ${url}`);
}

/** Parses a JSON answer with `schema`, or throws an {@link HttpError} carrying the server's `error`. */
export async function readJson<T extends z.ZodType>(
  response: Response,
  schema: T,
  source: string,
): Promise<z.output<T>> {
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw failure(response, body);
  return parseServerData(schema, body, source);
}

/** The {@link HttpError} of a failed answer, with the server's `error`; a 401 asks for the token. */
function failure(response: Response, body: unknown): HttpError {
  if (response.status === 401) requireToken();
  const field = (name: string) =>
    typeof body === 'object' && body !== null && name in body
      ? (body as Record<string, unknown>)[name]
      : undefined;
  const error = field('error');
  const path = field('path');
  const message = typeof error === 'string' ? error : `${response.status} ${response.statusText}`;
  // Where in the body it went wrong (docs/api.md: `path`, dot-separated), unless the message says it.
  const at = typeof path === 'string' && path !== '' && !message.includes(path) ? ` (at ${path})` : '';
  return new HttpError(response.status, message + at);
}

/** Query of `GET /api/traces`; empty values are left out. */
export interface TraceQuery {
  name?: string;
  /** Substring of any span's name or attribute. */
  q?: string;
  /** Comma-separated statuses. */
  status?: string;
  /** Start-time bounds, ms since the epoch (inclusive / exclusive). */
  since?: number;
  until?: number;
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

/** Query of `GET /api/traces/:id/spans` (docs/api.md "Big traces"). */
export type SpanPageQuery = { order: 'tree'; limit: number } | { order: 'id'; limit: number; after?: string };

/** One page of a trace's spans: the top of its tree, or the next page of all spans by id. */
export function fetchSpanPage(traceId: string, query: SpanPageQuery, signal?: AbortSignal) {
  const params = new URLSearchParams({ order: query.order, limit: String(query.limit) });
  if (query.order === 'id' && query.after !== undefined) params.set('after', query.after);
  return getJson(`/api/traces/${encodeURIComponent(traceId)}/spans?${params}`, spanPageSchema, signal);
}

/** Flows of the connected app; 503 (HttpError) when no app is connected. */
export function fetchFlows(signal?: AbortSignal) {
  return getJson('/api/flows', flowListSchema, signal);
}

/** The app `livespan start` runs (`GET /api/app`); HttpError 404 from servers older than it. */
export function fetchAppStatus(signal?: AbortSignal) {
  return getJson('/api/app', appStatusSchema, signal);
}

/**
 * Starts flow `name` with `input` (left out when undefined). Resolves with the
 * run's trace id while the flow still runs; HttpError 400 carries the app's
 * validation message, 503 means no app is connected.
 */
export async function runFlow(name: string, input: unknown, signal?: AbortSignal) {
  const url = `/api/flows/${encodeURIComponent(name)}/run`;
  const response = await fetch(url, {
    method: 'POST',
    signal,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(input === undefined ? {} : { input }),
  });
  return readJson(response, flowRunSchema, `POST ${url}`);
}

/**
 * Starts flow `name` with streaming (`POST /api/flows/:name/run?stream=true`)
 * and calls `onLine` with each line as it arrives: the trace id, the chunks,
 * then the result or the error. Resolves when the answer ends. A refusal
 * before the run starts throws an HttpError, as `runFlow` does.
 */
export async function runFlowStreamed(
  name: string,
  input: unknown,
  onLine: (line: FlowRunStreamLine) => void,
  signal?: AbortSignal,
): Promise<void> {
  const url = `/api/flows/${encodeURIComponent(name)}/run?stream=true`;
  const response = await fetch(url, {
    method: 'POST',
    signal,
    headers: { accept: 'application/x-ndjson', 'content-type': 'application/json' },
    body: JSON.stringify(input === undefined ? {} : { input }),
  });
  if (!response.ok || !response.body) {
    await readJson(response, flowRunSchema, `POST ${url}`);
    throw new HttpError(response.status, `POST ${url} answered without a body`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  const emit = (text: string) => {
    if (text.trim() !== '') onLine(parseServerData(flowRunStreamLineSchema, JSON.parse(text), `POST ${url}`));
  };
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffered += read.value;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      emit(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
    }
  }
  emit(buffered);
}

/**
 * Asks the app to cancel the run of `traceId` (`POST /api/traces/:traceId/cancel`).
 * Resolves once the app accepted (202); the trace then ends through its live
 * stream. HttpError 404: the app no longer runs it; 503: no app connected.
 */
export async function cancelRun(traceId: string) {
  const url = `/api/traces/${encodeURIComponent(traceId)}/cancel`;
  const response = await fetch(url, { method: 'POST', headers: { accept: 'application/json' } });
  return readJson(response, flowRunSchema, `POST ${url}`);
}

/** Deletes every trace (`DELETE /api/traces`, 204); the list empties through `traces_clear`. */
export async function clearTraces() {
  const response = await fetch('/api/traces', { method: 'DELETE', headers: { accept: 'application/json' } });
  if (!response.ok) throw failure(response, await response.json().catch(() => undefined));
}

/**
 * Stores exported traces (`POST /api/traces/import`): `json` is a file's text,
 * sent as is. HttpError 400 carries the server's message naming the bad part.
 */
export async function importTraces(json: string) {
  const response = await fetch('/api/traces/import', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: json,
  });
  return readJson(response, importResultSchema, 'POST /api/traces/import');
}
