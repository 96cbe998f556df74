/**
 * Server benchmark for big traces: a 100,000-span trace against a
 * 10,000-span one in the same run (ratios, so the shared machine's noise
 * cancels out): ingest in 2,500-span requests (the per-request limit), the
 * Genkit-compatible `GET /api/traces/:id`, the top of the tree the Dev UI
 * shows first (`/spans?order=tree`) and the sweep of every page
 * (`/spans?order=id`). Run: `npx tsx bench/server/big-trace.ts`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { updateResults } from '../support/bench-utils.js';
import { postSpans, wideTrace } from '../ui/trace-fixtures.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SIZES = [10_000, 100_000] as const;
const ROUNDS = 5;
/** Spans the Dev UI asks for first (api/load-trace-spans.ts). */
const HEAD = 200;
const PAGE = 5_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

async function getText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.text();
}

/** Reads every page of `order=id`; bounded by the trace's size. */
async function sweep(url: string, size: number): Promise<number> {
  let spans = 0;
  let after = '';
  for (let page = 0; page <= size / PAGE + 1; page++) {
    const body = JSON.parse(await getText(`${url}/spans?limit=${PAGE}${after}`)) as {
      spans: unknown[];
      next?: string;
    };
    spans += body.spans.length;
    if (body.next === undefined) return spans;
    after = `&after=${body.next}`;
  }
  throw new Error('the sweep did not end');
}

interface Figures {
  ingestMs: number;
  getMs: number;
  getMb: number;
  headMs: number;
  sweepMs: number;
}

async function measure(serverUrl: string, size: number): Promise<Figures> {
  const spans = wideTrace(size, 99, Date.now());
  const ingest = await timed(() => postSpans(serverUrl, spans, 2_500));
  const url = `${serverUrl}/api/traces/${spans[0]!.traceId}`;
  const gets: number[] = [];
  const heads: number[] = [];
  const sweeps: number[] = [];
  let bytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const whole = await timed(() => getText(url));
    gets.push(whole.ms);
    bytes = Buffer.byteLength(whole.value);
    heads.push((await timed(() => getText(`${url}/spans?order=tree&limit=${HEAD}`))).ms);
    const swept = await timed(() => sweep(url, size));
    if (swept.value !== size) throw new Error(`the sweep read ${swept.value} spans of ${size}`);
    sweeps.push(swept.ms);
  }
  return {
    ingestMs: ingest.ms,
    getMs: median(gets),
    getMb: bytes / 1e6,
    headMs: median(heads),
    sweepMs: median(sweeps),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-bench-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'server-process.ts'), path.join(dir, 'traces.db')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    const serverUrl = chunk.toString().trim();
    const [small, big] = [await measure(serverUrl, SIZES[0]), await measure(serverUrl, SIZES[1])];
    const row = (name: string, pick: (f: Figures) => number, unit: string, target: string) =>
      `| ${name} | ${pick(small).toFixed(0)} ${unit} | ${pick(big).toFixed(0)} ${unit} | ${(pick(big) / pick(small)).toFixed(2)}× | ${target} |`;
    const lines = [
      '| measure | 10,000 spans | 100,000 spans | 100k ÷ 10k | note |',
      '| --- | --- | --- | --- | --- |',
      row(
        'ingest, 2,500 spans per POST, sequential',
        (f) => f.ingestMs,
        'ms',
        '10× the spans: ≈ 10× is flat per span',
      ),
      row(
        `\`GET /api/traces/:id\` (Genkit's shape, ${small.getMb.toFixed(1)} / ${big.getMb.toFixed(1)} MB), median of ${ROUNDS}`,
        (f) => f.getMs,
        'ms',
        'unchanged route, for reference',
      ),
      row(
        `\`/spans?order=tree&limit=${HEAD}\`: the first rows the Dev UI shows, median of ${ROUNDS}`,
        (f) => f.headMs,
        'ms',
        '≤ 2× (index lookups, not the trace size)',
      ),
      row(
        `\`/spans?order=id\` sweep, ${PAGE} per page, all spans, median of ${ROUNDS}`,
        (f) => f.sweepMs,
        'ms',
        '≈ 10× (linear)',
      ),
    ];
    const body = `Server in its own process (SQLite, WAL), load generator in this one; both on the same 2 cores. Trace shape: root, 99 steps, leaves under the steps.\n\n${lines.join('\n')}`;
    console.log(body);
    await updateResults('server-big-trace', body, 'npx tsx bench/server/big-trace.ts');
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
