/**
 * bench/live-updates: how long a change to a running span (an attribute, an
 * event) takes to reach the Dev UI's SSE stream, with live updates
 * (`liveUpdateMs` 200, the default) against the old behaviour measured in the
 * same run (`liveUpdateMs` 0: changes wait for the 5 s heartbeat). One
 * livespan server process; each variant an app process. Prints p50/p95 and
 * their ratios and writes the "## live-updates" section of bench/RESULTS.md.
 * Run: `npx tsx bench/live-updates/run.ts` (about half a minute; stops by itself).
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nextMessage, startServer } from '../compare/processes.js';
import { percentile, updateResults } from '../support/bench-utils.js';
import { changeDelays, watchProgress } from './sse-progress.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SPANS = 4;
const CHANGE_EVERY_MS = 100;
/** Longer than two heartbeats, so the baseline delivers changes by heartbeat, not only at the end. */
const DURATION_MS = 12_000;
const APP_TIMEOUT_MS = 60_000;
const variants = [
  { label: 'heartbeat only (`liveUpdateMs: 0`, the old behaviour)', liveUpdateMs: 0 },
  { label: 'live updates (`liveUpdateMs: 200`, the default)', liveUpdateMs: 200 },
] as const;

interface Measured {
  label: string;
  changes: number;
  p50: number;
  p95: number;
  max: number;
  never: number;
}

async function measure(serverUrl: string, liveUpdateMs: number, label: string): Promise<Measured> {
  const app = fork(
    path.join(here, 'app.ts'),
    [serverUrl, String(liveUpdateMs), String(SPANS), String(CHANGE_EVERY_MS), String(DURATION_MS)],
    { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  try {
    const { traceId } = await nextMessage<{ traceId: string }>(app, 'the app to start', APP_TIMEOUT_MS);
    const stream = await watchProgress(`${serverUrl}/api/traces/${traceId}/stream`);
    try {
      app.send('go');
      const { changes } = await nextMessage<{ changes: Record<string, number[]> }>(
        app,
        'the app to finish',
        APP_TIMEOUT_MS,
      );
      // The end snapshots were acknowledged before the app answered; give the stream a moment to carry them.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const delays = changeDelays(changes, stream.seen);
      const delivered = delays.filter(Number.isFinite);
      return {
        label,
        changes: delays.length,
        p50: percentile(delivered, 50),
        p95: percentile(delivered, 95),
        max: Math.max(...delivered),
        never: delays.length - delivered.length,
      };
    } finally {
      stream.close();
    }
  } finally {
    if (app.exitCode === null) app.kill('SIGKILL');
  }
}

const server = await startServer('ours');
const results: Measured[] = [];
try {
  for (const variant of variants)
    results.push(await measure(server.url, variant.liveUpdateMs, variant.label));
} finally {
  await server.stop();
}

const [baseline, live] = results as [Measured, Measured];
const lines = [
  `Workload: ${SPANS} running spans, each changed every ${CHANGE_EVERY_MS} ms for ${DURATION_MS / 1000} s (an attribute each time, an event every other time); default heartbeat (5 s) and flush interval (20 ms). Delay: from the change to the first \`span_update\`/\`span_end\` on the trace's SSE stream showing it. App and server in separate processes, same run.`,
  '',
  '| variant | changes | p50 ms | p95 ms | max ms | never seen |',
  '| --- | --- | --- | --- | --- | --- |',
  ...results.map(
    (r) =>
      `| ${r.label} | ${r.changes} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.max.toFixed(0)} | ${r.never} |`,
  ),
  '',
  `Ratio live / heartbeat only: p50 ${(live.p50 / baseline.p50).toFixed(3)}×, p95 ${(live.p95 / baseline.p95).toFixed(3)}×.`,
  '',
  `Target: p95 change→SSE under 500 ms → ${live.p95.toFixed(0)} ms.`,
];
console.log(lines.join('\n'));
await updateResults('live-updates', lines.join('\n'), 'npx tsx bench/live-updates/run.ts');
