/**
 * A local HTTP sink for benchmarks, run as its own process so its CPU is not
 * counted against the app. It accepts Genkit TraceData and OTLP posts, counts
 * requests, bytes and spans, and notes when the first snapshot of each span arrived.
 *
 * GET /stats → { requests, bytes, spans, firstArrivals: { [spanName]: ms } }; GET /reset clears them.
 */
import http from 'node:http';
import { TRACE_ARRAYS_HEADER } from '@livespan/tracing/wire';

interface WireTrace {
  spans: Record<string, { displayName: string; endTime: number }>;
}

interface OtlpRequest {
  resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<{ name: string }> }> }>;
}

interface Stats {
  requests: number;
  bytes: number;
  spans: number;
  firstArrivals: Record<string, number>;
}

let stats: Stats = { requests: 0, bytes: 0, spans: 0, firstArrivals: {} };

const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    if (req.url === '/reset') stats = { requests: 0, bytes: 0, spans: 0, firstArrivals: {} };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const arrived = Date.now();
    const body = Buffer.concat(chunks);
    stats.requests++;
    stats.bytes += body.length;
    if (req.url === '/api/traces') {
      // Like the livespan server: one TraceData, or an array of them.
      const parsed = JSON.parse(body.toString('utf8')) as WireTrace | WireTrace[];
      const traces = Array.isArray(parsed) ? parsed : [parsed];
      for (const span of traces.flatMap((trace) => Object.values(trace.spans))) {
        stats.spans++;
        stats.firstArrivals[span.displayName] ??= arrived;
      }
    } else if (req.url === '/v1/traces') {
      // Parsed too, so both kinds of exporter wait for the same work on this side.
      const parsed = JSON.parse(body.toString('utf8')) as OtlpRequest;
      for (const resource of parsed.resourceSpans ?? []) {
        for (const scope of resource.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            stats.spans++;
            stats.firstArrivals[span.name] ??= arrived;
          }
        }
      }
    }
    res.writeHead(200, { 'content-type': 'application/json', [TRACE_ARRAYS_HEADER]: 'true' }).end('{}');
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object')
    process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.on('disconnect', () => process.exit(0));
