import { percentile } from '../support/bench-utils.js';

/** One 5 s sample of the soak. */
export interface Sample {
  t: number;
  snapshotsPerS: number;
  rssMb: number;
  heapMb: number;
  loopP99Ms: number;
  ingest: number[];
  traceStream: number[];
  listStream: number[];
  subscribers: number;
}

const ms = (values: number[], p: number) => (values.length ? percentile(values, p).toFixed(1) : '–');

/** One line per sample, for the console while the soak runs. */
export function summarize(s: Sample): string {
  return `t=${s.t}s snapshots/s=${s.snapshotsPerS.toFixed(0)} rss=${s.rssMb.toFixed(0)}MB heap=${s.heapMb.toFixed(1)}MB ingest p99=${ms(s.ingest, 99)}ms trace-sse p99=${ms(s.traceStream, 99)}ms list-sse p99=${ms(s.listStream, 99)}ms`;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * The time series as a table and a verdict. Memory is flat when, after the
 * first 15 s of warm-up, live heap and RSS grow by under 1 MB per minute
 * (least squares) or under 10% end to end. Latency is stable when the median
 * of the per-sample p99s in the second half of the warmed-up samples is
 * within 2× of that in the first half (or under 50 ms, where scheduling
 * noise on a shared machine dominates): one noisy sample does not decide it.
 */
export function verdict(
  samples: Sample[],
  run: { rate: number; seconds: number; failures: number; disconnects: number; spansStarted: number },
): string {
  const rows = samples.map(
    (s) =>
      `| ${s.t} | ${s.snapshotsPerS.toFixed(0)} | ${s.rssMb.toFixed(0)} | ${s.heapMb.toFixed(1)} | ${ms(s.ingest, 50)} / ${ms(s.ingest, 99)} | ${ms(s.traceStream, 50)} / ${ms(s.traceStream, 99)} | ${ms(s.listStream, 50)} / ${ms(s.listStream, 99)} | ${s.loopP99Ms.toFixed(1)} | ${s.subscribers} |`,
  );
  const warm = samples.filter((s) => s.t > 15);
  const steady = warm.length >= 2 ? warm : samples;
  const first = steady[0]!;
  const last = steady.at(-1)!;
  const perMinute = (key: 'rssMb' | 'heapMb') =>
    slope(
      steady.map((s) => s.t / 60),
      steady.map((s) => s[key]),
    );
  const growth = (key: 'rssMb' | 'heapMb') => (last[key] - first[key]) / first[key];
  const flat = (key: 'rssMb' | 'heapMb') => perMinute(key) < 1 || growth(key) < 0.1;
  const p99 = (s: Sample, key: 'ingest' | 'traceStream' | 'listStream') =>
    s[key].length ? percentile(s[key], 99) : 0;
  const half = Math.ceil(steady.length / 2);
  const medianP99 = (part: Sample[], key: 'ingest' | 'traceStream' | 'listStream') =>
    percentile(
      part.map((s) => p99(s, key)),
      50,
    );
  const early = (key: 'ingest' | 'traceStream' | 'listStream') => medianP99(steady.slice(0, half), key);
  const late = (key: 'ingest' | 'traceStream' | 'listStream') => medianP99(steady.slice(half), key);
  const stable = (key: 'ingest' | 'traceStream' | 'listStream') => late(key) <= Math.max(50, 2 * early(key));
  const memoryFlat = flat('rssMb') && flat('heapMb');
  const latencyStable = stable('ingest') && stable('traceStream') && stable('listStream');
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  return [
    `Workload: ${run.rate.toLocaleString('en-US')} spans/s for ${run.seconds} s (${run.spansStarted.toLocaleString('en-US')} spans), each sent as a start snapshot then an end snapshot,`,
    'batched like the exporter (a POST of TraceData[] every 20 ms, at most 2 in flight). Short traces of 10 spans (~1 s each) plus 3',
    'long-running traces that gain a step every 50 ms all run. Server in its own process, SQLite file, retention 1,000 traces',
    '(so old traces are deleted all along). Live subscribers: 1 list stream + 3 trace streams (the long traces).',
    'Ingest = POST round trip; trace SSE = send → span event received; list SSE = server ingest (lastSeen) → list event received.',
    '',
    '| t (s) | snapshots/s acked | server RSS MB | server heap MB | ingest p50 / p99 ms | trace SSE p50 / p99 ms | list SSE p50 / p99 ms | event loop p99 ms | subscribers |',
    '| ----- | ----------------- | ------------- | -------------- | ------------------- | ---------------------- | --------------------- | ----------------- | ----------- |',
    ...rows,
    '',
    `Failed POSTs: ${run.failures}. SSE streams cut off during the run: ${run.disconnects}.`,
    '',
    `Verdict: memory ${memoryFlat ? 'flat' : 'GROWING'} (after warm-up, RSS ${first.rssMb.toFixed(0)} → ${last.rssMb.toFixed(0)} MB, ${pct(growth('rssMb'))}, ${perMinute('rssMb').toFixed(2)} MB/min;`,
    `heap ${first.heapMb.toFixed(1)} → ${last.heapMb.toFixed(1)} MB, ${pct(growth('heapMb'))}, ${perMinute('heapMb').toFixed(2)} MB/min); latency ${latencyStable ? 'stable' : 'DEGRADING'}`,
    `(median of sample p99s, first → second half after warm-up: ingest ${early('ingest').toFixed(1)} → ${late('ingest').toFixed(1)} ms,`,
    `trace SSE ${early('traceStream').toFixed(1)} → ${late('traceStream').toFixed(1)} ms, list SSE ${early('listStream').toFixed(1)} → ${late('listStream').toFixed(1)} ms).`,
    'Criteria: memory grows < 1 MB/min or < 10%; second-half median p99 ≤ max(50 ms, 2× first-half median p99).',
    'Heap is the live heap after a full GC forced at each sample; that GC pause can show in the p99s.',
  ].join('\n');
}
