/**
 * PostgreSQL store benchmark, against SQLite in the same run: ingest
 * events/s and CPU per event (server process, and for PostgreSQL also the
 * database's backends), then cross-instance live latency: spans posted to
 * instance A, received on a trace stream held by instance B. Starts a
 * throwaway cluster (Debian's `postgresql`). Bounded: about a minute.
 * Run: `npx tsx bench/server/postgres.ts`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
const LIVE_RATE = 200;
const LIVE_MS = 5_000;
const newTraceId = traceIds('b');
const span = benchSpan;

interface Server {
  url: string;
  child: ChildProcess;
}

async function startServer(db: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'server-process.ts'), db], {
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

const cluster = await startPostgresCluster();
const sqliteDir = mkdtempSync(path.join(os.tmpdir(), 'livespan-bench-'));
try {
  const stores = [
    { name: 'SQLite', db: path.join(sqliteDir, 'traces.db'), dbPids: () => [] as number[] },
    { name: 'PostgreSQL', db: await cluster.createDatabase(), dbPids: () => postgresPids(cluster.dataDir) },
  ];
  const rows: string[] = [];
  const results = new Map<string, Array<{ batch: number; rate: number; serverCpu: number; dbCpu: number }>>();
  for (const store of stores) {
    const server = await startServer(store.db);
    try {
      const pid = server.child.pid!;
      await throughput(server.url, pid, store.dbPids, 1); // warm-up
      const measured = [];
      for (const batch of [1, 200]) {
        const rounds: Array<{ rate: number; serverCpu: number; dbCpu: number }> = [];
        for (let round = 0; round < ROUNDS; round++)
          rounds.push(await throughput(server.url, pid, store.dbPids, batch));
        const median = (key: 'rate' | 'serverCpu' | 'dbCpu') =>
          percentile(
            rounds.map((r) => r[key]),
            50,
          );
        measured.push({
          batch,
          rate: median('rate'),
          serverCpu: median('serverCpu'),
          dbCpu: median('dbCpu'),
        });
      }
      results.set(store.name, measured);
    } finally {
      await stopServer(server);
    }
  }
  for (const [index, batch] of [1, 200].entries()) {
    const sqlite = results.get('SQLite')![index]!;
    const postgres = results.get('PostgreSQL')![index]!;
    const per = batch === 1 ? 'one span per POST' : `${batch} spans per POST`;
    rows.push(
      `| ingest, 16 clients, ${per}, median of ${ROUNDS} × ${PHASE_MS / 1_000} s | ${Math.round(sqlite.rate).toLocaleString('en')} events/s | ${Math.round(postgres.rate).toLocaleString('en')} events/s | ${(postgres.rate / sqlite.rate).toFixed(2)}× |`,
      `| server CPU per event, ${per} | ${sqlite.serverCpu.toFixed(1)} µs | ${postgres.serverCpu.toFixed(1)} µs (+ ${postgres.dbCpu.toFixed(1)} µs in PostgreSQL) | ${((postgres.serverCpu + postgres.dbCpu) / sqlite.serverCpu).toFixed(2)}× with the database |`,
    );
  }

  const database = await cluster.createDatabase();
  const a = await startServer(database);
  const b = await startServer(database);
  let latencies: number[];
  try {
    await crossInstanceLatency(a.url, b.url); // warm-up
    latencies = await crossInstanceLatency(a.url, b.url);
  } finally {
    await Promise.all([stopServer(a), stopServer(b)]);
  }
  const p99 = percentile(latencies, 99);
  const body = [
    'Each store behind its own server process, one after the other in this run; PostgreSQL 15 (Debian) in a',
    'throwaway cluster on the same machine (fsync off, as in the tests: the numbers are CPU, not disk), reached over',
    'TCP on 127.0.0.1. Each span is sent as a start then an end snapshot. CPU from /proc (10 ms ticks); for',
    'PostgreSQL the database backends are counted too. Load, server(s) and database share the 2 cores.',
    '',
    '| measure | SQLite | PostgreSQL | PostgreSQL / SQLite |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '| measure | result | target |',
    '| --- | --- | --- |',
    `| live latency across instances: POST to A → span_start on a stream held by B, ${LIVE_RATE} events/s for ${LIVE_MS / 1_000} s (${latencies.length} deliveries) | p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms | p99 < 100 ms → ${(p99 / 100).toFixed(2)}× |`,
  ].join('\n');
  process.stdout.write(`${body}\n`);
  await updateResults('server-postgres', body, 'npx tsx bench/server/postgres.ts');
} finally {
  cluster.destroy();
  rmSync(sqliteDir, { recursive: true, force: true });
  closeConnections();
}
