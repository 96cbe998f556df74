import type { SpanData, TraceData } from '@livespan/tracing/wire';
import { type CreateServerOptions, createServer, type LivespanServer } from '../create-server.js';

export const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

/** A span id made of one repeated hex digit plus an index, e.g. spanId(1) = '0000000000000001'. */
export function spanId(n: number): string {
  return n.toString(16).padStart(16, '0');
}

/** A complete span by default; override what the test is about. */
export function makeSpan(overrides: Partial<SpanData> = {}): SpanData {
  return {
    spanId: spanId(1),
    traceId: TRACE_ID,
    startTime: 1_000,
    endTime: 2_000,
    attributes: {},
    displayName: 'root',
    instrumentationLibrary: { name: 'test' },
    spanKind: 'INTERNAL',
    ...overrides,
  };
}

export function traceData(spans: SpanData[], traceId = spans[0]?.traceId ?? TRACE_ID): TraceData {
  return { traceId, spans: Object.fromEntries(spans.map((span) => [span.spanId, span])) };
}

/** An in-memory server for `app.request()` tests; close it in afterEach. */
export function makeServer(options: CreateServerOptions = {}): LivespanServer {
  return createServer({ dbPath: ':memory:', uiDir: '/nonexistent-livespan-ui', ...options });
}

/** POSTs spans as Genkit `TraceData` through the app. */
export async function postSpans(server: LivespanServer, spans: SpanData[]): Promise<Response> {
  return server.app.request('/api/traces', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(traceData(spans)),
  });
}

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** Reads SSE frames from a response body, one at a time, and keeps the raw text for byte-exact checks. */
export class SseReader {
  raw = '';
  private buffer = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();

  constructor(response: Response) {
    if (!response.body) throw new Error('response has no body');
    this.reader = response.body.getReader();
  }

  /** The next frame; undefined when the stream ended. */
  async next(): Promise<SseFrame | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const text = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return parseFrame(text);
      }
      const { done, value } = await this.reader.read();
      if (done) return undefined;
      const chunk = this.decoder.decode(value, { stream: true });
      this.raw += chunk;
      this.buffer += chunk;
    }
  }

  /** The next frame that is not a comment. */
  async nextEvent(): Promise<SseFrame & { json: unknown }> {
    for (;;) {
      const frame = await this.next();
      if (!frame) throw new Error('stream ended');
      if (frame.comment === undefined)
        return { ...frame, json: frame.data ? JSON.parse(frame.data) : undefined };
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel();
  }
}

function parseFrame(text: string): SseFrame {
  const frame: SseFrame = {};
  const data: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else if (line.startsWith('id: ')) frame.id = line.slice(4);
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length) frame.data = data.join('\n');
  return frame;
}

/** A JSON answer, probed freely by tests (`Response.json()` is `unknown` without the DOM lib). */
// biome-ignore lint/suspicious/noExplicitAny: tests assert on the shape instead of declaring it
export type Json = any;
