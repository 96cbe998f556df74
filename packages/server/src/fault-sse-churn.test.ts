import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import type { Listener } from './listen.js';
import { makeServer, makeSpan, postSpans, spanId, TRACE_ID } from './test-support/factories.js';

const CYCLES = 1_500;
const CONCURRENCY = 50;

let server: LivespanServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Opens a stream, waits for its first bytes (the snapshot), then goes away: by abort or by a dropped socket. */
function connectAndVanish(running: Listener, n: number): Promise<void> {
  const streamPath = n % 3 === 0 ? '/api/stream' : `/api/traces/${TRACE_ID}/stream`;
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port: running.port, path: streamPath }, (response) => {
      if (response.statusCode !== 200)
        return reject(new Error(`${streamPath} answered ${response.statusCode}`));
      response.once('data', () => {
        // Half leave politely (abort), half as a crashed tab would (socket destroyed under the response).
        if (n % 2 === 0) request.destroy();
        else response.socket.destroy();
        resolve();
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

async function churn(running: Listener, from: number, to: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const n = next++;
      await connectAndVanish(running, n);
      // Live events keep flowing meanwhile, so some subscribers leave with frames still queued.
      if (n % 10 === 0) {
        const span = makeSpan({ spanId: spanId((n % 5000) + 2), parentSpanId: spanId(1), endTime: 0 });
        expect((await postSpans(server!, [span])).status).toBe(200);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

describe('SSE clients that connect and vanish', () => {
  it(`leaves no subscriber and no growing memory behind after ${CYCLES} connect/vanish cycles`, async () => {
    server = makeServer();
    const running = await server.listen({ port: 0 });
    expect((await postSpans(server, [makeSpan({ endTime: 0 })])).status).toBe(200);

    await churn(running, 0, 200); // warm-up: JIT, pools and caches reach their steady size
    await until(() => server!.hub.subscriberCount() === 0, 'the warm-up subscribers to be gone');
    const baseline = heapMiB();

    await churn(running, 200, CYCLES);
    await until(() => server!.hub.subscriberCount() === 0, 'every subscriber to be gone');
    const after = heapMiB();
    // Generous: a leak of one stream per cycle would hold tens of MiB here; noise stays far below.
    expect(after - baseline, `heap ${baseline.toFixed(1)} → ${after.toFixed(1)} MiB`).toBeLessThan(16);

    // The hub still works for the next client.
    const response = await fetch(`${running.url}/api/stream`);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: snapshot');
    await reader.cancel();
    await until(() => server!.hub.subscriberCount() === 0, 'the last subscriber to be gone');
  }, 60_000);
});
