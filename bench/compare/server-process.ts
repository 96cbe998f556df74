/**
 * One telemetry server under test, in its own process: `ours` (livespan,
 * SQLite) or `genkit` (@genkit-ai/telemetry-server, its local file store).
 * argv: <ours|genkit> <data dir>. Forked with IPC: it sends `{url}` once
 * healthy, and answers each `'stats'` message with a `ServerStats`.
 *
 * Requests and bytes are counted below both frameworks, on Node's HTTP
 * server: a listener on `request` and each socket's `bytesRead` (headers
 * included), so nothing is read from a body the framework has to parse.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import net from 'node:net';
import path from 'node:path';

/** What the server process reports about itself. */
export interface ServerStats {
  /** HTTP requests received (POSTs and GETs). */
  requests: number;
  /** Bytes read from all client sockets. */
  bytes: number;
  /** User + system CPU of the whole process, µs. */
  cpuUs: number;
  rssMb: number;
  maxRssMb: number;
}

const [kind, dataDir] = process.argv.slice(2);
if ((kind !== 'ours' && kind !== 'genkit') || !dataDir)
  throw new Error('usage: server-process.ts <ours|genkit> <data dir>');

let requests = 0;
let closedBytes = 0;
const sockets = new Set<Socket>();
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function countingEmit(this: http.Server, event: string, ...args: unknown[]) {
  if (event === 'request') requests++;
  if (event === 'connection') {
    const socket = args[0] as Socket;
    sockets.add(socket);
    socket.once('close', () => {
      closedBytes += socket.bytesRead;
      sockets.delete(socket);
    });
  }
  return (emit as (event: string, ...args: unknown[]) => boolean).apply(this, [event, ...args]);
} as typeof emit;

process.on('message', (message) => {
  if (message === 'gc') {
    globalThis.gc?.();
    process.send?.('done');
    return;
  }
  if (message !== 'stats') return;
  const cpu = process.cpuUsage();
  const stats: ServerStats = {
    requests,
    bytes: closedBytes + [...sockets].reduce((sum, socket) => sum + socket.bytesRead, 0),
    cpuUs: cpu.user + cpu.system,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(stats);
});
process.on('disconnect', () => process.exit(0));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function startOurs(): Promise<string> {
  const { createServer } = await import('@livespan/server');
  const server = createServer({
    dbPath: path.join(dataDir!, 'traces.db'),
    retention: 100_000,
    uiDir: path.join(dataDir!, 'no-ui'),
  });
  return (await server.listen({ port: 0 })).url;
}

async function startGenkit(): Promise<string> {
  // Its "import" build is CommonJS in disguise: require it.
  const telemetry = createRequire(import.meta.url)('@genkit-ai/telemetry-server') as {
    startTelemetryServer(options: object): Promise<void>;
    LocalFileTraceStore: new (options: object) => object;
    LocalFileLogStore: new (options: object) => object;
  };
  const port = await freePort();
  const stores = { storeRoot: dataDir, indexRoot: dataDir };
  await telemetry.startTelemetryServer({
    port,
    host: '127.0.0.1',
    traceStore: new telemetry.LocalFileTraceStore(stores),
    logStore: new telemetry.LocalFileLogStore(stores),
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if (
      await fetch(`${url}/api/__health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return url;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Genkit's telemetry server did not answer on ${url}`);
}

const url = kind === 'ours' ? await startOurs() : await startGenkit();
process.send?.({ url });
