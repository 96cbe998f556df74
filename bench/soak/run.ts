/**
 * Soak: a steady realtime load against a server in its own process, with
 * live SSE subscribers, sampled every 5 s. Bounded: `--seconds` (default
 * 60). Run: `npx tsx bench/soak/run.ts [--seconds N] [--rate spans/s]`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { updateResults } from '../support/bench-utils.js';
import { postTraces } from '../support/post-traces.js';
import { LoadPlan } from './load-plan.js';
import { type Sample, summarize, verdict } from './report.js';
import { SseLatency } from './sse-latency.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, rate: { type: 'string', default: '2000' } },
});
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
if (!(SECONDS > 0) || !(RATE > 0)) throw new Error('--seconds and --rate must be positive numbers');
const SAMPLE_MS = 5_000;
const TICK_MS = 20; // the exporter's default flushIntervalMs
const MAX_IN_FLIGHT = 2; // the processor's default maxConcurrentExports
const RETENTION = 1_000; // the server's default: old traces are deleted all along, as in real use

const here = path.dirname(fileURLToPath(import.meta.url));
const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function startServer(dbPath: string): Promise<{ url: string; child: ChildProcess; lines: string[] }> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(here, 'server-process.ts'), dbPath, String(RETENTION)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines: string[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
      lines.push(buffer.slice(0, at));
      buffer = buffer.slice(at + 1);
    }
  });
  while (lines.length === 0) await once(child.stdout!, 'data');
  return { url: lines.shift()!, child, lines };
}

/** Asks the server for its heap and event-loop delay (SIGUSR2) and waits for the line. */
async function serverReport(server: { child: ChildProcess; lines: string[] }) {
  server.child.kill('SIGUSR2');
  for (let i = 0; i < 200 && server.lines.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  return JSON.parse(server.lines.shift() ?? '{}') as {
    heapMb?: number;
    loopP99Ms?: number;
    subscribers?: number;
  };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-soak-'));
const server = await startServer(path.join(dir, 'traces.db'));
const start = Date.now();
const endAt = start + SECONDS * 1000;
const plan = new LoadPlan(start, RATE, endAt);
const sse = new SseLatency(server.url, plan.longTraceIds);
await sse.ready();

let inFlight = 0;
let failures = 0;
let sentSpans = 0;
let ingestLatencies: number[] = [];
let backlog: Array<{ traces: unknown[]; spans: number }> = [];
const send = () => {
  if (inFlight >= MAX_IN_FLIGHT || backlog.length === 0) return;
  const batch = backlog;
  backlog = [];
  const spans = batch.reduce((n, b) => n + b.spans, 0);
  const body = JSON.stringify(batch.flatMap((b) => b.traces));
  const sentAt = performance.now();
  inFlight++;
  void postTraces(server.url, body, agent)
    .then((status) => {
      if (status !== 200) failures++;
      else sentSpans += spans;
      ingestLatencies.push(performance.now() - sentAt);
    })
    .catch(() => failures++)
    .finally(() => {
      inFlight--;
      send();
    });
};
const tick = setInterval(() => {
  const now = Date.now();
  const due = plan.due(now, now);
  if (due.spans > 0) backlog.push(due);
  send();
}, TICK_MS);

const samples: Sample[] = [];
let lastSent = 0;
for (let t = SAMPLE_MS; t <= SECONDS * 1000; t += SAMPLE_MS) {
  await new Promise((resolve) => setTimeout(resolve, start + t - Date.now()));
  const report = await serverReport(server);
  const deliveries = sse.take();
  samples.push({
    t: t / 1000,
    snapshotsPerS: (sentSpans - lastSent) / (SAMPLE_MS / 1000),
    rssMb: rssMb(server.child.pid!),
    heapMb: report.heapMb ?? Number.NaN,
    loopP99Ms: report.loopP99Ms ?? Number.NaN,
    ingest: ingestLatencies,
    traceStream: deliveries.trace,
    listStream: deliveries.list,
    subscribers: report.subscribers ?? Number.NaN,
  });
  lastSent = sentSpans;
  ingestLatencies = [];
  process.stdout.write(`${summarize(samples.at(-1)!)}\n`);
}
clearInterval(tick);
backlog.push(plan.due(endAt + 5_000, Date.now())); // the ends of spans still open at the end
send();
while (inFlight > 0 || backlog.length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
sse.close();
server.child.kill('SIGTERM');
await once(server.child, 'exit');
rmSync(dir, { recursive: true, force: true });

const result = verdict(samples, {
  rate: RATE,
  seconds: SECONDS,
  failures,
  disconnects: sse.disconnects,
  spansStarted: plan.spansStarted,
});
process.stdout.write(`\n${result}\n`);
if (SECONDS >= 60) {
  await updateResults('soak', result, `npx tsx bench/soak/run.ts --seconds ${SECONDS} --rate ${RATE}`);
} else {
  process.stdout.write('(shorter than 60 s: bench/RESULTS.md left as it is)\n');
}
agent.destroy();
