/**
 * Bounded work per request, timed: each amplified body of the hostile tests
 * (packages/server/src/test-support/amplification-bodies.ts) is posted to a
 * real `livespan server` process while `/api/__health` is polled, and its
 * answer time and the slowest health answer are printed as ratios to an
 * ordinary 512-span OTLP batch measured in the same run. The targets
 * (answer within 1 s, health within 100 ms) are checked here, not in tests:
 * a shared machine makes timings in tests flaky. Writes the "## hostile"
 * section of bench/RESULTS.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type AmplifiedBody,
  amplifiedBodies,
} from '../../packages/server/src/test-support/amplification-bodies.js';
import {
  killServerProcess,
  startServerProcess,
} from '../../packages/server/src/test-support/server-process.js';
import { percentile, updateResults } from '../support/bench-utils.js';

const ROUNDS = 3;

interface Timing {
  kind: string;
  status: number;
  answerMs: number;
  healthMs: number;
}

function ordinaryBatch(): AmplifiedBody {
  const spans = Array.from({ length: 512 }, (_, i) => ({
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: `step ${i}`,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000100000000',
    attributes: [{ key: 'i', value: { intValue: String(i) } }],
  }));
  return {
    kind: 'baseline: OTLP/JSON, 512 ordinary spans',
    path: '/v1/traces',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] })),
    accepted: true,
  };
}

async function time(url: string, request: AmplifiedBody): Promise<Timing> {
  const start = performance.now();
  let done = false;
  const answer = fetch(`${url}${request.path}`, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(60_000),
  }).then(async (response) => {
    await response.text();
    done = true;
    return { status: response.status, ms: performance.now() - start };
  });
  let healthMs = 0;
  for (let i = 0; i < 10_000 && !done; i++) {
    const before = performance.now();
    await (await fetch(`${url}/api/__health`)).text();
    healthMs = Math.max(healthMs, performance.now() - before);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const { status, ms } = await answer;
  return { kind: request.kind, status, answerMs: ms, healthMs };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-bench-hostile-'));
const server = await startServerProcess(path.join(dir, 'traces.db'));
const rows: string[] = [];
try {
  const requests = [ordinaryBatch(), ...amplifiedBodies()];
  const results = new Map<string, Timing[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const request of requests) {
      const timing = await time(server.url, request);
      results.set(request.kind, [...(results.get(request.kind) ?? []), timing]);
    }
  }
  const median = (timings: Timing[], key: 'answerMs' | 'healthMs') =>
    percentile(
      timings.map((t) => t[key]),
      50,
    );
  const base = results.get(requests[0]!.kind)!;
  const baseAnswer = median(base, 'answerMs');
  const baseHealth = median(base, 'healthMs');
  rows.push(
    `Each body posted ${ROUNDS} times to one \`livespan server\` process while \`/api/__health\` is polled; medians. Baseline: an ordinary 512-span OTLP/JSON batch.`,
    '',
    '| body | status | answer ms | × baseline | slowest health ms | × baseline | answer ≤ 1 s | health ≤ 100 ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const [kind, timings] of results) {
    const answer = median(timings, 'answerMs');
    const health = median(timings, 'healthMs');
    rows.push(
      `| ${kind} | ${timings[0]!.status} | ${answer.toFixed(0)} | ${(answer / baseAnswer).toFixed(1)} | ${health.toFixed(0)} | ${(health / Math.max(baseHealth, 1)).toFixed(1)} | ${answer <= 1_000 ? 'yes' : 'no'} | ${health <= 100 ? 'yes' : 'no'} |`,
    );
  }
} finally {
  await killServerProcess(server);
  rmSync(dir, { recursive: true, force: true });
}
console.log(rows.join('\n'));
await updateResults('hostile', rows.join('\n'), 'npx tsx bench/hostile/run.ts');
