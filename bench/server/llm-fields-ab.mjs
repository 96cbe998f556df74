/**
 * Ingest CPU per event of this checkout's server against a baseline build of
 * another commit, in one process, rounds alternating (the machine is shared
 * and noisy; only the ratio means something). In-process `app.request`, a
 * SQLite file, spans named like bench/server/load.ts, each sent as a start
 * then an end snapshot. Usage: node bench/server/llm-fields-ab.mjs <baseline dir>
 * where <baseline dir> holds a built packages/server (see bench/RESULTS.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const baseDir = process.argv[2];
if (!baseDir) throw new Error('usage: node bench/server/llm-fields-ab.mjs <baseline dir>');
const base = await import(path.resolve(baseDir, 'packages/server/dist/index.js'));
const ours = await import(fileURLToPath(new URL('../../packages/server/dist/index.js', import.meta.url)));
const ROUNDS = 5;
const hex = (n, width) => n.toString(16).padStart(width, '0');

function span(traceId, id, ended) {
  const start = 1_700_000_000_000 + id;
  return {
    spanId: hex(id + 1, 16),
    traceId,
    ...(id > 0 && { parentSpanId: hex(1, 16) }),
    startTime: start,
    endTime: ended ? start + 5 : 0,
    attributes: { 'genkit:name': `step ${id}` },
    displayName: `step ${id}`,
    instrumentationLibrary: { name: 'bench' },
    spanKind: 'INTERNAL',
  };
}

/** CPU µs per event for `traces` traces of `batch` spans, each POSTed as starts then ends. */
async function round(server, batch, traces) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-ab-'));
  const app = server.createServer({ dbPath: path.join(dir, 'traces.db'), uiDir: '/nonexistent' });
  const post = (spans) =>
    app.app.request('/api/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        traceId: spans[0].traceId,
        spans: Object.fromEntries(spans.map((s) => [s.spanId, s])),
      }),
    });
  const before = process.cpuUsage();
  for (let t = 1; t <= traces; t++) {
    const traceId = hex(t, 32);
    const ids = Array.from({ length: batch }, (_, i) => i);
    await post(ids.map((i) => span(traceId, i, false)));
    await post(ids.map((i) => span(traceId, i, true)));
  }
  const cpu = process.cpuUsage(before);
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  return (cpu.user + cpu.system) / (2 * batch * traces);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const [batch, traces] of [
  [200, 60],
  [1, 3000],
]) {
  const a = [];
  const b = [];
  await round(base, batch, 5);
  await round(ours, batch, 5);
  for (let r = 0; r < ROUNDS; r++) {
    a.push(await round(base, batch, traces));
    b.push(await round(ours, batch, traces));
  }
  console.log(
    `| ${batch} span${batch === 1 ? '' : 's'} per POST | ${median(a).toFixed(1)} µs | ${median(b).toFixed(1)} µs | ${(median(b) / median(a)).toFixed(2)}× |`,
  );
}
