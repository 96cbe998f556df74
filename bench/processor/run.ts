/**
 * bench/processor: the app-side cost of realtime tracing, against baselines
 * measured in the same run. Run with `npx tsx bench/processor/run.ts`.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, runNode, updateResults } from '../support/bench-utils.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SPANS = 20_000;
const RATE_SPANS = 5_000;
const ROUNDS = 3;
const variants = ['none', 'batch-otlp', 'simple-ours', 'realtime-ours'] as const;

interface AppResult {
  variant: string;
  cpuUsPerSpan: number;
  wallMs: number;
  rssMb: number;
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
  { cpu: number[]; requests: number; bytes: number; delivered: number; rss: number }
>();
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of variants) {
    await sinkGet('/reset');
    const app = JSON.parse(
      await runNode(path.join(here, 'app.ts'), [variant, sinkUrl, 'burst', String(SPANS)]),
    ) as AppResult;
    const stats = await sinkGet('/stats');
    const entry = results.get(variant) ?? { cpu: [], requests: 0, bytes: 0, delivered: 0, rss: 0 };
    entry.cpu.push(app.cpuUsPerSpan);
    entry.requests = stats.requests / SPANS;
    entry.bytes = stats.bytes / SPANS;
    entry.delivered = variant === 'realtime-ours' || variant === 'simple-ours' ? stats.spans : Number.NaN;
    entry.rss = Math.max(entry.rss, app.rssMb);
    results.set(variant, entry);
  }
}

await sinkGet('/reset');
const rateRun = JSON.parse(
  await runNode(path.join(here, 'app.ts'), ['realtime-ours', sinkUrl, 'rate', String(RATE_SPANS)]),
) as AppResult;
const arrivals = (await sinkGet('/stats')).firstArrivals;
const latencies = Object.entries(rateRun.starts ?? {}).map(
  ([name, start]) => (arrivals[name] ?? Number.POSITIVE_INFINITY) - start,
);
sink.kill();

const median = (values: number[]) => percentile(values, 50);
const baseline = median(results.get('batch-otlp')!.cpu);
const lines = [
  `Workload: ${SPANS} spans (flows of 5) per variant, median of ${ROUNDS} rounds, each variant in a fresh process; sink in another process.`,
  '',
  '| variant | app CPU µs/span | ratio to (b) | requests/span | bytes/span | peak RSS MB |',
  '| --- | --- | --- | --- | --- | --- |',
];
const labels: Record<string, string> = {
  none: '(a) no processor',
  'batch-otlp': '(b) BatchSpanProcessor + OTLP HTTP exporter',
  'simple-ours': '(c) SimpleSpanProcessor + TelemetryServerSpanExporter',
  'realtime-ours': '(d) RealtimeSpanProcessor + TelemetryServerSpanExporter',
};
for (const variant of variants) {
  const r = results.get(variant)!;
  const cpu = median(r.cpu);
  lines.push(
    `| ${labels[variant]} | ${cpu.toFixed(2)} | ${(cpu / baseline).toFixed(2)}× | ${r.requests.toFixed(4)} | ${r.bytes.toFixed(0)} | ${r.rss.toFixed(0)} |`,
  );
}
const lost = latencies.filter((l) => !Number.isFinite(l)).length;
lines.push(
  '',
  `Time from span.start() to the first snapshot of that span reaching the sink, (d) at 1,000 spans/s (${RATE_SPANS} spans): p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, spans never seen ${lost}.`,
  '',
  `Targets: (d) at most 1.25× (b) per span → ${(median(results.get('realtime-ours')!.cpu) / baseline).toFixed(2)}×; p99 start-to-sink under 50 ms → ${percentile(latencies, 99).toFixed(1)} ms.`,
);
console.log(lines.join('\n'));
await updateResults('processor', lines.join('\n'), 'npx tsx bench/processor/run.ts');
