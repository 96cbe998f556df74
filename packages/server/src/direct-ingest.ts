import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRACE_ARRAYS_HEADER } from '@livespan/tracing/wire';
import { parseAppId } from './app-id.js';
import { errorAnswer } from './http-error.js';
import { nodeHeaders } from './read-body.js';
import { type CheckedRequest, MISSING_HOST } from './request-guard.js';
import type { ServerContext } from './server-context.js';
import { ingestTraceData } from './trace-routes.js';

/** `POST /api/traces` and `POST /apps/:appId/api/traces`, as Hono routes them (exact path, any query). */
const TRACE_DATA_PATH = /^(?:\/apps\/([^/]+))?\/api\/traces(?:\?|$)/;

/** Serves a request itself (true) or leaves it to Hono (false). */
export type DirectHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Serves the hot ingest request, a `TraceData` POST, straight from
 * node:http: under Hono, building the fetch Request, routing, the
 * middleware chain and the Response cost as much as storing a one-span
 * POST. It runs the same checks (`check`: request-guard.ts, access-token.ts),
 * the same stages (`ingestTraceData`) and answers errors as the app does
 * (http-error.ts). A request with an `Origin` goes to Hono, whose CORS
 * policy answers it; so does every other route, and a path Hono would
 * decode (`%`).
 */
export function directIngest(
  context: ServerContext,
  check: (request: CheckedRequest) => void,
): DirectHandler {
  return (request, response) => {
    const route = directRoute(request);
    if (!route) return false;
    serve(context, check, request, response, route.appId).catch((error: unknown) => {
      // Only answering can fail here (the socket went away meanwhile): nothing is left to tell the client.
      context.logger.error(`POST ${request.url} could not be answered:`, error);
      response.destroy();
    });
    return true;
  };
}

/** The `:appId` (if any) of a request the direct path serves; undefined for one it leaves to Hono. */
export function directRoute(
  request: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
): { appId: string | undefined } | undefined {
  const url = request.url ?? '';
  if (request.method !== 'POST' || request.headers.origin !== undefined || url.includes('%'))
    return undefined;
  const match = TRACE_DATA_PATH.exec(url);
  return match ? { appId: match[1] } : undefined;
}

async function serve(
  context: ServerContext,
  check: (request: CheckedRequest) => void,
  request: IncomingMessage,
  response: ServerResponse,
  appIdParam: string | undefined,
): Promise<void> {
  const headers = nodeHeaders(request);
  try {
    const path = request.url!.split('?')[0]!;
    check({
      method: 'POST',
      path,
      host: request.headers.host ?? MISSING_HOST,
      headers,
      remoteAddress: request.socket.remoteAddress,
    });
    const answer = await ingestTraceData(context, { headers, body: request }, parseAppId(appIdParam));
    send(response, 200, answer, { [TRACE_ARRAYS_HEADER]: 'true' });
  } catch (error) {
    const answer = errorAnswer(error, (cause) => context.logger.error(`POST ${request.url} failed:`, cause));
    send(response, answer.status, answer.toJSON(), answer.headers);
  }
}

function send(
  response: ServerResponse,
  status: number,
  body: object,
  headers: Readonly<Record<string, string>>,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
