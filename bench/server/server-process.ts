/**
 * The server under test, in its own process so that the load generator does
 * not share its event loop. Prints its URL, then serves until killed.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  consoleLogger,
  createServer,
  isPostgresUrl,
  openPostgresBackend,
} from '../../packages/server/src/index.js';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: server-process.ts <SQLite path | postgres:// URL>');
const shared = isPostgresUrl(dbPath)
  ? await openPostgresBackend({ connectionString: dbPath, logger: consoleLogger, retention: 100_000 })
  : undefined;
const server = createServer({
  ...(shared ? { store: shared.store, hub: shared.hub } : { dbPath }),
  retention: 100_000,
  uiDir: '/nonexistent',
});
const running = await server.listen({ port: 0 });
process.stdout.write(`${running.url}\n`);
// Event-loop stalls show up as SSE latency; SIGUSR2 reports them since the last report on stdout.
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
process.on('SIGUSR2', () => {
  process.stdout.write(`${JSON.stringify({ p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 })}\n`);
  delay.reset();
});
process.on(
  'SIGTERM',
  () =>
    void server
      .close()
      .then(() => shared?.close())
      .then(() => process.exit(0)),
);
