/**
 * bench/processor: the app-side cost of realtime tracing, against baselines
 * measured in the same run. Run with `npx tsx bench/processor/run.ts`.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, runNode, updateResults } from '../support/bench-utils.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Other work on the machine skews every figure: reported with the results. */
const loadAtStart = os.loadavg()[0]!;
const SPANS = 20_000;
const ROUNDS = 5;
/** Latency runs: spans per second, and how many spans (10 s of the slow rate, 5 s of the fast one). */
const RATES = [
  { perSecond: 100, spans: 1_000 },
  { perSecond: 1_000, spans: 5_000 },
];
const variants = [
  'none',
  'batch-otlp',
  'simple-ours',
  'realtime-ours',
  'realtime-otlp',
  'batch-otlp+realtime-ours',
] as const;
/** Destinations each span goes to: two for the variant with two processors. */
const copies = (variant: string) => (variant.includes('+') ? 2 : 1);

interface AppResult {
  variant: string;
  cpuUsPerSpan: number;
  wallMs: number;
  rssMb: number;
  gcMs: number;
  starts?: Record<string, number>;
}
interface SinkStats {
  requests: number;
  bytes: number;
  spans: number;
  firstArrivals: Record<string, number>;
}

const sink = fork(path.join(here, '../support/sink.ts'), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const sinkPort = await new Promise<number>((resolve) => {
  sink.stdout?.once('data', (line: Buffer) =>
    resolve((JSON.parse(line.toString()) as { port: number }).port),
  );
});
const sinkUrl = `http://127.0.0.1:${sinkPort}`;
const sinkGet = async (p: string) => (await (await fetch(`${sinkUrl}${p}`)).json()) as SinkStats;

const results = new Map<
  string,
  { cpu: number[]; gc: number[]; requests: number; bytes: number; delivered: number; rss: number }
>();
/** (d) runs right after (b), so that the two share a round's load as closely as they can. */
const runOrder = [
  'none',
  'batch-otlp',
  'realtime-ours',
  'simple-ours',
  'realtime-otlp',
  'batch-otlp+realtime-ours',
] as const satisfies ReadonlyArray<(typeof variants)[number]>;
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of runOrder) {
    await sinkGet('/reset');
    const app = JSON.parse(
      await runNode(path.join(here, 'app.ts'), [variant, sinkUrl, 'burst', String(SPANS)]),
    ) as AppResult;
    const stats = await sinkGet('/stats');
    const entry = results.get(variant) ?? { cpu: [], gc: [], requests: 0, bytes: 0, delivered: 0, rss: 0 };
    entry.cpu.push(app.cpuUsPerSpan);
    entry.gc.push(app.gcMs);
    entry.requests = stats.requests / SPANS;
    entry.bytes = stats.bytes / SPANS;
    entry.delivered = stats.spans;
    entry.rss = Math.max(entry.rss, app.rssMb);
    results.set(variant, entry);
  }
}

/** Start → first snapshot at the sink, (d) at `perSecond`: each span lasts 5 ms. */
async function latency(perSecond: number, spans: number) {
  await sinkGet('/reset');
  const run = JSON.parse(
    await runNode(path.join(here, 'app.ts'), [
      'realtime-ours',
      sinkUrl,
      'rate',
      String(spans),
      String(perSecond),
    ]),
  ) as AppResult;
  const stats = await sinkGet('/stats');
  const latencies = Object.entries(run.starts ?? {}).map(
    ([name, start]) => (stats.firstArrivals[name] ?? Number.POSITIVE_INFINITY) - start,
  );
  return {
    perSecond,
    spans,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    lost: latencies.filter((l) => !Number.isFinite(l)).length,
    requestsPerSpan: stats.requests / spans,
  };
}
const rates = [];
for (const { perSecond, spans } of RATES) rates.push(await latency(perSecond, spans));
sink.kill();

const median = (values: number[]) => percentile(values, 50);
const baseline = results.get('batch-otlp')!;
const baselineCpu = median(baseline.cpu);
const labels: Record<string, string> = {
  none: '(a) no processor',
  'batch-otlp': '(b) BatchSpanProcessor + OTLP HTTP exporter',
  'simple-ours': '(c) SimpleSpanProcessor + TelemetryServerSpanExporter',
  'realtime-ours': '(d) RealtimeSpanProcessor + TelemetryServerSpanExporter',
  'realtime-otlp': '(e) RealtimeSpanProcessor + OTLP HTTP exporter (in front of a collector)',
  'batch-otlp+realtime-ours': '(f) (b) and (d) side by side (a backend and livespan)',
};
const lines = [
  `Workload: ${SPANS} spans (flows of 5, yielding to the event loop every 20 flows) per variant, median of ${ROUNDS} rounds, each variant in a fresh process; sink (parses every body, OTLP and TraceData alike) in another process.`,
  `Load average (1 min) when the run started: ${loadAtStart.toFixed(1)} on ${os.cpus().length} cores.`,
  'App CPU is user + system time of the whole app process (GC threads included) from the first span until `forceFlush()` resolves; GC is the time of the GC pauses in that window; peak RSS is the process maximum.',
  '',
  '| variant | app CPU µs/span | ratio to (b) | GC ms | requests/span | bytes/span | spans delivered | peak RSS MB | RSS ratio to (b) |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];
for (const variant of variants) {
  const r = results.get(variant)!;
  const cpu = median(r.cpu);
  lines.push(
    `| ${labels[variant]} | ${cpu.toFixed(2)} | ${(cpu / baselineCpu).toFixed(2)}× | ${median(r.gc).toFixed(0)} | ${r.requests.toFixed(4)} | ${r.bytes.toFixed(0)} | ${variant === 'none' ? '—' : `${r.delivered}/${SPANS * copies(variant)}`} | ${r.rss.toFixed(0)} | ${(r.rss / baseline.rss).toFixed(2)}× |`,
  );
}
lines.push(
  '',
  'Time from `span.start()` to the first snapshot of that span reaching the sink, (d), each span lasting 5 ms:',
  '',
);
lines.push(
  '| rate | spans | p50 ms | p99 ms | requests/span | never seen |',
  '| --- | --- | --- | --- | --- | --- |',
);
for (const r of rates) {
  lines.push(
    `| ${r.perSecond}/s | ${r.spans} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.requestsPerSpan.toFixed(3)} | ${r.lost} |`,
  );
}
const d = results.get('realtime-ours')!;
const slow = rates[0]!;
// Each round runs (d) right after (b), so their ratio in a round shares that round's load.
const roundRatios = d.cpu.map((cpu, round) => cpu / baseline.cpu[round]!);
lines.push(
  '',
  `(d) / (b) app CPU in each round: ${roundRatios.map((r) => `${r.toFixed(2)}×`).join(', ')} (median ${median(roundRatios).toFixed(2)}×).`,
);
lines.push(
  '',
  `Targets: (d) app CPU ≤ 1.0× (b) → ${(median(d.cpu) / baselineCpu).toFixed(2)}×; peak RSS ≤ 1.1× (b) → ${(d.rss / baseline.rss).toFixed(2)}×; ` +
    `nothing lost → ${d.delivered}/${SPANS}; ≤ 0.01 requests/span in the burst → ${d.requests.toFixed(4)}; ` +
    `at ${slow.perSecond} spans/s start → sink p50 ≤ 3 ms → ${slow.p50.toFixed(1)} ms, p99 ≤ 15 ms → ${slow.p99.toFixed(1)} ms.`,
);
console.log(lines.join('\n'));
await updateResults('processor', lines.join('\n'), 'npx tsx bench/processor/run.ts');
