import type { ApiTrace, AppStatus, FlowList, TraceStreamEvent } from '@livespan/server';
import { bearer, type TraceStatus } from '@livespan/tracing/wire';
import { readSseFrames } from './sse-reader.js';

/** A failed call to the livespan server, with the server's own message when it sent one. */
class LivespanApiError extends Error {
  /** The HTTP status, or undefined when no server answered. */
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.name = 'LivespanApiError';
    this.status = status;
  }
}

/** A row of `GET /api/traces`: the summary and, in `spans`, the root span only. */
export type TraceListItem = ApiTrace;

/** One event of a trace's live stream, `snapshot` included. */
export type TraceStreamMessage =
  | { type: 'snapshot'; trace: ApiTrace | null }
  | TraceStreamEvent
  | { type: 'unknown'; event: string };

/**
 * The slice of the livespan server's HTTP API (docs/api.md) that `livespan
 * mcp` uses. Every method throws `LivespanApiError` with the server's message.
 */
export class LivespanApi {
  readonly url: string;
  /** Sent on every call but the health check when the server requires a token. */
  private readonly authorization: Record<string, string>;

  /** `token`: the server's access token, sent as `Authorization: Bearer`. Default none. */
  constructor(url: string, token?: string) {
    this.url = url.replace(/\/+$/, '');
    this.authorization = token === undefined ? {} : { authorization: bearer(token) };
  }

  /** Resolves when the server answers its health check; throws a message naming the URL otherwise. */
  async checkHealth(): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${this.url}/api/__health`, { signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      throw new LivespanApiError(
        `no livespan server answers at ${this.url} (${causeOf(error)}); start one with "livespan start -- <your app>" or "livespan server", or pass --url`,
      );
    }
    if (!response.ok) {
      throw new LivespanApiError(
        `${this.url} answered ${response.status} to its health check; is it a livespan server?`,
        response.status,
      );
    }
  }

  listTraces(query: {
    status?: TraceStatus;
    q?: string;
    limit?: number;
  }): Promise<{ traces: TraceListItem[] }> {
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.q) params.set('q', query.q);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    return this.json(`/api/traces?${params}`);
  }

  getTrace(traceId: string): Promise<ApiTrace> {
    return this.json(`/api/traces/${encodeURIComponent(traceId)}`);
  }

  getApp(): Promise<AppStatus> {
    return this.json('/api/app');
  }

  listFlows(): Promise<FlowList> {
    return this.json('/api/flows');
  }

  runFlow(name: string, input: unknown): Promise<{ traceId: string }> {
    return this.json(`/api/flows/${encodeURIComponent(name)}/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input }),
    });
  }

  /** Asks the app to cancel the run of `traceId` (`POST /api/traces/:traceId/cancel`); resolves once the app accepted. */
  async cancelRun(traceId: string): Promise<void> {
    await this.json(`/api/traces/${encodeURIComponent(traceId)}/cancel`, { method: 'POST' });
  }

  /**
   * The live stream of one trace: a `snapshot` first, then span and trace
   * events, until `signal` aborts (then it ends quietly) or the server closes it.
   */
  async *streamTrace(traceId: string, signal: AbortSignal): AsyncGenerator<TraceStreamMessage> {
    let response: Response;
    try {
      response = await fetch(`${this.url}/api/traces/${encodeURIComponent(traceId)}/stream`, {
        headers: { ...this.authorization, accept: 'text/event-stream' },
        signal,
      });
    } catch (error) {
      if (signal.aborted) return;
      throw new LivespanApiError(`cannot reach the livespan server at ${this.url} (${causeOf(error)})`);
    }
    if (!response.ok || !response.body) throw await errorOf(response);
    try {
      for await (const frame of readSseFrames(response.body)) {
        const data = JSON.parse(frame.data) as Record<string, unknown>;
        if (frame.event === 'snapshot')
          yield { type: 'snapshot', trace: (data.trace ?? null) as ApiTrace | null };
        else if (typeof data.type === 'string') yield data as unknown as TraceStreamEvent;
        else yield { type: 'unknown', event: frame.event };
      }
    } catch (error) {
      if (signal.aborted) return;
      throw new LivespanApiError(`the live stream of trace ${traceId} broke off (${causeOf(error)})`);
    }
  }

  private async json<T>(route: string, init?: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${route}`, {
        ...init,
        headers: { ...this.authorization, ...(init?.headers as Record<string, string> | undefined) },
      });
    } catch (error) {
      throw new LivespanApiError(`cannot reach the livespan server at ${this.url} (${causeOf(error)})`);
    }
    if (!response.ok) throw await errorOf(response);
    return (await response.json()) as T;
  }
}

async function errorOf(response: Response): Promise<LivespanApiError> {
  const text = await response.text().catch(() => '');
  let message = text.slice(0, 500);
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') message = body.error;
  } catch {
    // not JSON: keep the text
  }
  return new LivespanApiError(message || `the livespan server answered ${response.status}`, response.status);
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
