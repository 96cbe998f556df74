/**
 * PostgreSQL store benchmark, against SQLite in the same run: ingest
 * events/s and CPU per event (server process, and for PostgreSQL also the
 * database's backends), then cross-instance live latency: spans posted to
 * instance A, received on a trace stream held by instance B. Starts a
 * throwaway cluster (Debian's `postgresql`). Bounded: about a minute.
 * Run: `npx tsx bench/server/postgres.ts`. With `--baseline <git ref>`, the
 * server of that commit (checked out into a temp folder, sharing this
 * checkout's node_modules) is measured too, round by round in turn with this
 * one, and every PostgreSQL figure gets a "before" (about two minutes).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresCluster } from '../../packages/server/src/test-support/postgres-cluster.js';
import { percentile, updateResults } from '../support/bench-utils.js';
import {
  benchSpan,
  closeConnections,
  cpuMicros,
  now,
  PHASE_MS,
  post,
  ROUNDS,
  startsThenEnds,
  traceIds,
} from './load.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const LIVE_RATE = 200;
const LIVE_MS = 5_000;
const newTraceId = traceIds('b');
const span = benchSpan;

interface Server {
  url: string;
  child: ChildProcess;
}

/** Starts bench/server/server-process.ts of the checkout at `checkout` on `db`. */
async function startServer(db: string, checkout = root): Promise<Server> {
  const script = path.join(checkout, 'bench/server/server-process.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, db], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: chunk.toString().trim(), child };
}

async function stopServer(server: Server): Promise<void> {
  server.child.kill('SIGTERM');
  await once(server.child, 'exit');
}

/** The postmaster and its children (backends, WAL writer, checkpointer). */
function postgresPids(dataDir: string): number[] {
  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (ppid === postmaster) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** Span events per second with 16 clients (each span as a start then an end, `batch` per POST), and CPU µs per event. */
async function throughput(
  url: string,
  serverPid: number,
  dbPids: () => number[],
  batch: number,
): Promise<{ rate: number; serverCpu: number; dbCpu: number }> {
  const db = dbPids();
  const serverBefore = cpuMicros([serverPid]);
  const dbBefore = cpuMicros(db);
  const { events, seconds } = await startsThenEnds(url, batch, newTraceId);
  return {
    rate: events / seconds,
    serverCpu: (cpuMicros([serverPid]) - serverBefore) / events,
    dbCpu: (cpuMicros(db) - dbBefore) / events,
  };
}

/** The files of commit `ref` in a new temp folder, with this checkout's node_modules. */
function checkOut(ref: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-baseline-'));
  const archive = execFileSync('git', ['-C', root, 'archive', ref], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** Latency (ms) from posting a span to instance `a` until a trace stream on instance `b` delivers it. */
async function crossInstanceLatency(a: string, b: string): Promise<number[]> {
  const traceId = newTraceId();
  const latencies: number[] = [];
  const response = await fetch(`${b}/api/traces/${traceId}/stream`);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const sent = /"sentAt":([\d.]+)/.exec(frame);
        if (sent && frame.includes('event: span_start')) latencies.push(now() - Number(sent[1]));
        end = buffer.indexOf('\n\n');
      }
    }
  })();
  const total = (LIVE_RATE * LIVE_MS) / 1_000;
  const start = now();
  let sent = 0;
  const inFlight: Promise<void>[] = [];
  while (sent < total) {
    const due = Math.min(total, Math.floor(((now() - start) * LIVE_RATE) / 1_000));
    while (sent < due) {
      inFlight.push(post(a, [span(traceId, sent + 1, 0, 0, { sentAt: now() })]));
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  for (let i = 0; i < 100 && latencies.length < sent; i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  await reader.cancel();
  await reading;
  return latencies;
}

type Figures = { rate: number; serverCpu: number; dbCpu: number };
const BATCHES = [1, 200];
const baselineAt = process.argv.indexOf('--baseline');
const baselineRef = baselineAt >= 0 ? process.argv[baselineAt + 1] : undefined;
if (baselineAt >= 0 && !baselineRef) throw new Error('usage: postgres.ts [--baseline <git ref>]');
const baselineDir = baselineRef && checkOut(baselineRef);

/**
 * Per batch size, the median figures of each server over ROUNDS rounds, the
 * servers taking turns within each round so that they share the machine's
 * moods (other work on it shifts all of them alike).
 */
async function measureIngest(servers: readonly Server[], dbPids: () => number[]): Promise<Figures[][]> {
  for (const server of servers) await throughput(server.url, server.child.pid!, dbPids, 1); // warm-up
  const figures = servers.map(() => [] as Figures[]);
  for (const batch of BATCHES) {
    const rounds = servers.map(() => [] as Figures[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, server] of servers.entries())
        rounds[i]!.push(await throughput(server.url, server.child.pid!, dbPids, batch));
    }
    for (const [i, measured] of rounds.entries()) {
      const median = (key: keyof Figures) =>
        percentile(
          measured.map((r) => r[key]),
          50,
        );
      figures[i]!.push({ rate: median('rate'), serverCpu: median('serverCpu'), dbCpu: median('dbCpu') });
    }
  }
  return figures;
}

async function measureLatency(database: string, checkout?: string): Promise<number[]> {
  const a = await startServer(database, checkout);
  const b = await startServer(database, checkout);
  try {
    await crossInstanceLatency(a.url, b.url); // warm-up
    return await crossInstanceLatency(a.url, b.url);
  } finally {
    await Promise.all([stopServer(a), stopServer(b)]);
  }
}

const cluster = await startPostgresCluster();
const sqliteDir = mkdtempSync(path.join(os.tmpdir(), 'livespan-bench-'));
try {
  const pgPids = () => postgresPids(cluster.dataDir);
  const sqliteServer = await startServer(path.join(sqliteDir, 'traces.db'));
  const [sqlite] = await measureIngest([sqliteServer], () => []).finally(() => stopServer(sqliteServer));
  const pgServers = [await startServer(await cluster.createDatabase())];
  if (baselineDir) pgServers.unshift(await startServer(await cluster.createDatabase(), baselineDir));
  const pgFigures = await measureIngest(pgServers, pgPids).finally(() =>
    Promise.all(pgServers.map(stopServer)),
  );
  const postgres = pgFigures.at(-1)!;
  const before = baselineDir ? pgFigures[0] : undefined;
  const latencies = await measureLatency(await cluster.createDatabase());
  const latenciesBefore = baselineDir
    ? await measureLatency(await cluster.createDatabase(), baselineDir)
    : undefined;

  const rows: string[] = [];
  const ratio = (after: number, base: number) => `${(after / base).toFixed(2)}×`;
  for (const [index, batch] of BATCHES.entries()) {
    const lite = sqlite![index]!;
    const pg = postgres[index]!;
    const old = before?.[index];
    const per = batch === 1 ? 'one span per POST' : `${batch} spans per POST`;
    const rate = (f: Figures) => `${Math.round(f.rate).toLocaleString('en')} events/s`;
    const cpu = (f: Figures) => `${f.serverCpu.toFixed(1)} µs (+ ${f.dbCpu.toFixed(1)} µs in PostgreSQL)`;
    rows.push(
      `| ingest, 16 clients, ${per}, median of ${ROUNDS} × ${PHASE_MS / 1_000} s | ${rate(lite)} | ${old ? `${rate(old)} | ` : ''}${rate(pg)} | ${old ? `${ratio(pg.rate, old.rate)} | ` : ''}${ratio(pg.rate, lite.rate)} |`,
      `| server CPU per event, ${per} | ${lite.serverCpu.toFixed(1)} µs | ${old ? `${cpu(old)} | ` : ''}${cpu(pg)} | ${old ? `${ratio(pg.serverCpu + pg.dbCpu, old.serverCpu + old.dbCpu)} | ` : ''}${ratio(pg.serverCpu + pg.dbCpu, lite.serverCpu)} with the database |`,
    );
  }
  const p99 = percentile(latencies, 99);
  const latency = (values: number[]) =>
    `p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms`;
  const body = [
    'Each store behind its own server process; PostgreSQL 15 (Debian) in a throwaway cluster on the same',
    'machine (fsync off, as in the tests: the numbers are CPU, not disk), reached over TCP on 127.0.0.1. Each',
    'span is sent as a start then an end snapshot. CPU from /proc (10 ms ticks); for PostgreSQL the database',
    'backends are counted too. Load, server(s) and database share the 2 cores.',
    ...(baselineRef
      ? [
          `"Before": the server of \`${baselineRef}\` (${execFileSync('git', ['-C', root, 'rev-parse', '--short', baselineRef], { encoding: 'utf8' }).trim()}), measured in this run, its rounds taking turns with "after".`,
        ]
      : []),
    '',
    baselineRef
      ? '| measure | SQLite | PostgreSQL before | PostgreSQL after | after / before | after / SQLite |'
      : '| measure | SQLite | PostgreSQL | PostgreSQL / SQLite |',
    baselineRef ? '| --- | --- | --- | --- | --- | --- |' : '| --- | --- | --- | --- |',
    ...rows,
    '',
    '| measure | result | target |',
    '| --- | --- | --- |',
    `| live latency across instances: POST to A → span_start on a stream held by B, ${LIVE_RATE} events/s for ${LIVE_MS / 1_000} s (${latencies.length} deliveries) | ${latency(latencies)}${latenciesBefore ? ` (before: ${latency(latenciesBefore)})` : ''} | p99 < 100 ms → ${(p99 / 100).toFixed(2)}× |`,
  ].join('\n');
  process.stdout.write(`${body}\n`);
  await updateResults(
    'server-postgres',
    body,
    `npx tsx bench/server/postgres.ts${baselineRef ? ` --baseline ${baselineRef}` : ''}`,
  );
} finally {
  cluster.destroy();
  rmSync(sqliteDir, { recursive: true, force: true });
  if (baselineDir) rmSync(baselineDir, { recursive: true, force: true });
  closeConnections();
}
