/**
 * The soak's server, in its own process: prints its URL, then serves until
 * SIGTERM. On SIGUSR2 it prints one JSON line: live heap (after a GC) and
 * event-loop delay since the previous report. Args: <db path> <retention>.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createServer } from '../../packages/server/src/index.js';

const [dbPath, retention] = process.argv.slice(2);
if (!dbPath || !retention) throw new Error('usage: server-process.ts <db path> <retention>');
const server = createServer({ dbPath, retention: Number(retention), uiDir: '/nonexistent' });
const running = await server.listen({ port: 0 });
process.stdout.write(`${running.url}\n`);
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
const gc = (globalThis as { gc?: () => void }).gc;
process.on('SIGUSR2', () => {
  // Live heap after a full collection (run with --expose-gc), so garbage not yet collected is not mistaken for a leak.
  gc?.();
  const report = {
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
    loopP99Ms: delay.percentile(99) / 1e6,
    loopMaxMs: delay.max / 1e6,
    subscribers: server.hub.subscriberCount(),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  delay.reset();
});
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
