/**
 * bench/compare: livespan against Genkit JS's realtime tracing on the same
 * work, in one run. Each side is an app process (its processor + exporter)
 * sending to its server process (Genkit: @genkit-ai/telemetry-server and its
 * file store; ours: @livespan/server and SQLite). Prints ratios ours/Genkit
 * and writes the "## compare" section of bench/RESULTS.md.
 * Run: `npx tsx bench/compare/run.ts` (a few minutes; stops by itself).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, updateResults } from '../support/bench-utils.js';
import { nextMessage, runApp, type ServerUnderTest, startServer } from './processes.js';
import { watchArrivals } from './sse-arrivals.js';
import { completeSpans, preload } from './traces.js';

const FLOW_SPANS = 2_000;
const ROUNDS = 2;
const SIZES = [100, 1_000, 5_000] as const;
/**
 * Spans added to each big trace while server CPU is measured. Ours takes ten times more, so
 * the total is well above the noise of the server's timers and GC; Genkit's cost per event
 * is so high that 100 already take seconds.
 */
const GROW_SPANS: Record<'ours' | 'genkit', number> = { genkit: 100, ours: 1_000 };
const WARMUP_SPANS = 20;
const RATE = { spans: 300, perSecond: 100, lastsMs: 200 };
const APP_TIMEOUT_MS = 120_000;

interface FlowsResult {
  cpuUsPerSpan: number;
  wallMs: number;
  traceIds: string[];
  failures: Record<string, number>;
  unanswered: number;
}

interface Side {
  /** Export requests that failed in the app, by cause; and requests still unanswered when it stopped waiting. */
  failures: Record<string, number>;
  unanswered: number;
  appCpu: number[];
  floorCpu: number[];
  requestsPerSpan: number;
  bytesPerSpan: number;
  deliveredMs: number[];
  serverCpuPerEvent: number[];
  sent: number;
  stored: number;
  sizeCost: Record<number, number>;
  latency: number[];
  latencyStarts: number;
  latencyNever: number;
  maxRssMb: number;
}

async function measureSide(kind: 'ours' | 'genkit'): Promise<Side> {
  const side: Side = {
    failures: {},
    unanswered: 0,
    appCpu: [],
    floorCpu: [],
    requestsPerSpan: 0,
    bytesPerSpan: 0,
    deliveredMs: [],
    serverCpuPerEvent: [],
    sent: 0,
    stored: 0,
    sizeCost: {},
    latency: [],
    latencyStarts: 0,
    latencyNever: 0,
    maxRssMb: 0,
  };
  const server = await startServer(kind);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const floor = await runApp<{ cpuUsPerSpan: number }>(
        `${kind}-none`,
        server.url,
        ['flows', `${FLOW_SPANS}`],
        APP_TIMEOUT_MS,
      );
      side.floorCpu.push(floor.cpuUsPerSpan);
      const before = await server.stats();
      const app = await runApp<FlowsResult>(kind, server.url, ['flows', `${FLOW_SPANS}`], APP_TIMEOUT_MS);
      const after = await server.stats();
      side.appCpu.push(app.cpuUsPerSpan);
      side.deliveredMs.push(app.wallMs);
      side.requestsPerSpan = (after.requests - before.requests) / FLOW_SPANS;
      side.bytesPerSpan = (after.bytes - before.bytes) / FLOW_SPANS;
      side.serverCpuPerEvent.push((after.cpuUs - before.cpuUs) / (2 * FLOW_SPANS));
      side.sent += FLOW_SPANS;
      side.stored += await completeSpans(server.url, app.traceIds);
      side.unanswered += app.unanswered;
      for (const [cause, count] of Object.entries(app.failures))
        side.failures[cause] = (side.failures[cause] ?? 0) + count;
      console.error(
        `${kind} flows round ${round + 1}: ${app.cpuUsPerSpan.toFixed(1)} µs/span, ${app.wallMs.toFixed(0)} ms, failed requests ${JSON.stringify(app.failures)}, unanswered ${app.unanswered}`,
      );
    }
    for (const size of SIZES) {
      const { traceId, rootId } = await preload(server.url, size);
      // A few unmeasured events first, then the preload's garbage collected: one-off work the big
      // write left behind (garbage, a WAL checkpoint) is not billed to the events measured next.
      await runApp(kind, server.url, ['grow', traceId, rootId, `${WARMUP_SPANS}`], APP_TIMEOUT_MS);
      await server.collectGarbage();
      const before = await server.stats();
      await runApp(kind, server.url, ['grow', traceId, rootId, `${GROW_SPANS[kind]}`], APP_TIMEOUT_MS);
      const after = await server.stats();
      side.sizeCost[size] = (after.cpuUs - before.cpuUs) / (2 * GROW_SPANS[kind]);
      side.sent += GROW_SPANS[kind];
      side.sent += WARMUP_SPANS;
      side.stored += (await completeSpans(server.url, [traceId])) - (size - 1);
      console.error(`${kind} ${size}-span trace: ${side.sizeCost[size]!.toFixed(0)} µs/event`);
    }
    await measureLatency(server, side);
    console.error(
      `${kind} latency: p50 ${percentile(side.latency, 50)} ms, p99 ${percentile(side.latency, 99)} ms`,
    );
    side.maxRssMb = (await server.stats()).maxRssMb;
  } finally {
    await server.stop();
  }
  return side;
}

async function measureLatency(server: ServerUnderTest, side: Side): Promise<void> {
  let arrivals: Awaited<ReturnType<typeof watchArrivals>> | undefined;
  let traceId = '';
  const result = await runApp<{ starts: Record<string, number> }>(
    server.kind,
    server.url,
    ['rate', `${RATE.spans}`, `${RATE.perSecond}`, `${RATE.lastsMs}`],
    APP_TIMEOUT_MS,
    async (child) => {
      ({ traceId } = await nextMessage<{ traceId: string }>(child, 'the latency root', 30_000));
      arrivals = await watchArrivals(`${server.url}/api/traces/${traceId}/stream`);
      child.send('go');
    },
  );
  // The stream may trail the last answer by a moment: wait, bounded, for every span to be seen.
  const deadline = Date.now() + 10_000;
  while (arrivals!.firstSeen.size < RATE.spans && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  arrivals!.close();
  for (const [name, start] of Object.entries(result.starts)) {
    const arrived = arrivals!.starts.get(name) ?? arrivals!.firstSeen.get(name);
    if (arrived === undefined) side.latencyNever++;
    else side.latency.push(arrived - start);
    if (arrivals!.starts.has(name)) side.latencyStarts++;
  }
  side.sent += RATE.spans + 1;
  side.stored += await completeSpans(server.url, [traceId]);
}

const median = (values: number[]) => percentile(values, 50);
const fmt = (value: number, digits = 1) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (ours: number, genkit: number) => {
  const r = ours / genkit;
  if (!Number.isFinite(r)) return '—';
  return r < 0.01 ? `1/${fmt(1 / r, 0)}` : `${fmt(r, r < 0.1 ? 3 : 2)}×`;
};

const genkit = await measureSide('genkit');
const ours = await measureSide('ours');
const rows: Array<[string, string, string, string, string]> = [];
const row = (what: string, g: number, o: number, digits: number, target = '') =>
  rows.push([what, fmt(g, digits), fmt(o, digits), ratio(o, g), target]);

const appG = median(genkit.appCpu);
const appO = median(ours.appCpu);
row('app CPU per span, µs (median of rounds)', appG, appO, 1, `≤ 0.20× → ${ratio(appO, appG)}`);
row(
  'app CPU per span above the no-processor floor, µs',
  appG - median(genkit.floorCpu),
  appO - median(ours.floorCpu),
  1,
);
row('HTTP requests per span', genkit.requestsPerSpan, ours.requestsPerSpan, 4);
row('bytes received per span (headers included)', genkit.bytesPerSpan, ours.bytesPerSpan, 0);
row('time until all delivered, ms (median)', median(genkit.deliveredMs), median(ours.deliveredMs), 0);
const ingestG = (2 * FLOW_SPANS) / (median(genkit.deliveredMs) / 1000);
const ingestO = (2 * FLOW_SPANS) / (median(ours.deliveredMs) / 1000);
row('ingest, events/s of wall time (start→delivered)', ingestG, ingestO, 0);
const cpuG = median(genkit.serverCpuPerEvent);
const cpuO = median(ours.serverCpuPerEvent);
row('server CPU per event, µs, 5-span traces', cpuG, cpuO, 1);
row(
  'ingest, events per server CPU-second',
  1e6 / cpuG,
  1e6 / cpuO,
  0,
  `≥ 10× → ${ratio(1e6 / cpuO, 1e6 / cpuG)}`,
);
for (const size of SIZES)
  row(
    `server CPU per event, µs, ${size.toLocaleString('en-US')}-span trace`,
    genkit.sizeCost[size]!,
    ours.sizeCost[size]!,
    1,
  );
const growth = (side: Side) => side.sizeCost[5_000]! / side.sizeCost[100]!;
row('growth of cost per event, 5,000 / 100 spans', growth(genkit), growth(ours), 2, 'ours flat (≤ 1.5)');
const p = (side: Side, q: number) => percentile(side.latency, q);
row(
  'start → span_start on the trace SSE stream, p50 ms',
  p(genkit, 50),
  p(ours, 50),
  1,
  `ours ≤ Genkit → ${ratio(p(ours, 50), p(genkit, 50))}`,
);
row(
  'start → span_start on the trace SSE stream, p99 ms',
  p(genkit, 99),
  p(ours, 99),
  1,
  `ours ≤ Genkit → ${ratio(p(ours, 99), p(genkit, 99))}`,
);
row('server peak RSS, MB', genkit.maxRssMb, ours.maxRssMb, 0);
row('spans lost (sent − stored complete)', genkit.sent - genkit.stored, ours.sent - ours.stored, 0, 'none');

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const version = (name: string) =>
  (
    JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
const lines = [
  `Genkit side: genkit ${version('genkit')} / @genkit-ai/core ${version('@genkit-ai/core')} RealtimeSpanProcessor + TraceServerExporter (OpenTelemetry sdk-trace-base 1.25, as Genkit ships) → @genkit-ai/telemetry-server ${version('@genkit-ai/telemetry-server')} with LocalFileTraceStore. Ours: @livespan/tracing RealtimeSpanProcessor + TelemetryServerSpanExporter (sdk-trace-base ${version('@opentelemetry/sdk-trace-base')}) → @livespan/server (SQLite, WAL). App and server each in their own process; the two sides run one after the other on the same machine.`,
  '',
  `Workloads: ${FLOW_SPANS.toLocaleString('en-US')} spans as a burst of flows of 5 (root + 4 steps), ${ROUNDS} rounds each; cost per event at a trace of 100 / 1,000 / 5,000 spans (the trace stored in one POST, then ${WARMUP_SPANS} spans unmeasured and ${GROW_SPANS.genkit} (Genkit) or ${GROW_SPANS.ours} (ours) more sent by the app, start + end, server CPU per event over those); latency: ${RATE.spans} steps of one flow started at ${RATE.perSecond}/s, each lasting ${RATE.lastsMs} ms, the per-trace SSE stream watched from a third process. Requests and bytes are counted on the server's Node HTTP server; CPU and RSS by each process itself. Spans lost: spans sent by all phases minus spans the server returns complete from \`GET /api/traces/:id\`.`,
  '',
  '| measure | Genkit | ours | ours / Genkit | target |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  '',
  `Export requests that failed in the app (Genkit's exporter logs and drops them; ours retries): Genkit ${JSON.stringify(genkit.failures)}, ours ${JSON.stringify(ours.failures)}; still unanswered after ${60} s: Genkit ${genkit.unanswered}, ours ${ours.unanswered}. Genkit's exporter opens a request per span event with no bound, so a burst of ${FLOW_SPANS.toLocaleString('en-US')} spans is ${(2 * FLOW_SPANS).toLocaleString('en-US')} concurrent connections: its delivery time, connection failures and p99 latency vary a lot from run to run. Genkit's cost per event grows with trace size because its file store rewrites the whole trace on every event.`,
  '',
  `Latency spans whose \`span_start\` event was seen (the rest counted by their first event): Genkit ${genkit.latencyStarts}/${RATE.spans}, ours ${ours.latencyStarts}/${RATE.spans}; never seen: Genkit ${genkit.latencyNever}, ours ${ours.latencyNever}.`,
];
console.log(lines.join('\n'));
await updateResults('compare', lines.join('\n'), 'npx tsx bench/compare/run.ts');
process.exit(0);
