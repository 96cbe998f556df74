import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SpanData, TraceData } from '../wire/span-data.js';

interface CapturedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: TraceData;
}

/** A real HTTP server on 127.0.0.1 that records every TraceData POSTed to it. */
export interface CaptureServer {
  url: string;
  port: number;
  requests: CapturedRequest[];
  /** Requests received, accepted or not. */
  attempts(): number;
  /** Accepted requests whose body was an array of traces. */
  arrayRequests(): number;
  /** Every span snapshot received, in arrival order. */
  spans(): SpanData[];
  /** Status code for the next answers. Default 200. */
  respondWith(status: number): void;
  /** Holds answers until `release()` is called. */
  hold(): void;
  release(): void;
  /** Resolves with the first received snapshot matching, now or later. */
  waitForSpan(match: (span: SpanData) => boolean): Promise<SpanData>;
  close(): Promise<void>;
}

/**
 * `keepAliveTimeoutMs`: close idle kept-alive sockets this soon (Node's default is 5 s).
 * `acceptTraceArrays`: answer like a livespan server, which also takes an array of
 * TraceData in one request (each trace is then recorded as its own request).
 */
export async function startCaptureServer(
  port = 0,
  options: { acceptTraceArrays?: boolean; keepAliveTimeoutMs?: number } = {},
): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const waiters: Array<{ match: (span: SpanData) => boolean; resolve: (span: SpanData) => void }> = [];
  let status = 200;
  let attempts = 0;
  let arrayRequests = 0;
  let held: Array<() => void> | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      attempts++;
      const code = status;
      const answer = () => {
        res
          .writeHead(code, {
            'content-type': 'application/json',
            ...(options.acceptTraceArrays && { 'x-livespan-accepts-trace-arrays': 'true' }),
          })
          .end(code === 200 ? '{}' : '{"error":"test"}');
      };
      if (code === 200) {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TraceData | TraceData[];
        const bodies = Array.isArray(parsed) ? parsed : [parsed];
        if (Array.isArray(parsed)) arrayRequests++;
        for (const body of bodies) requests.push({ path: req.url ?? '', headers: req.headers, body });
        for (const span of bodies.flatMap((body) => Object.values(body.spans))) {
          for (const waiter of waiters.splice(0)) {
            if (waiter.match(span)) waiter.resolve(span);
            else waiters.push(waiter);
          }
        }
      }
      if (held) held.push(answer);
      else answer();
    });
  });
  // Node closes idle kept-alive sockets after 5 s; a test may make that sooner.
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  const release = () => {
    const answers = held ?? [];
    held = undefined;
    for (const answer of answers) answer();
  };
  const spans = () => requests.flatMap((request) => Object.values(request.body.spans));

  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests,
    attempts: () => attempts,
    arrayRequests: () => arrayRequests,
    spans,
    respondWith(code) {
      status = code;
    },
    hold() {
      held ??= [];
    },
    release,
    waitForSpan(match) {
      const found = spans().find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close() {
      release();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
