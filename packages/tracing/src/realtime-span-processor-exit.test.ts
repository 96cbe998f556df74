import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { RealtimeSpanProcessor } from './realtime-span-processor.js';
import { TelemetryServerSpanExporter } from './telemetry-server-span-exporter.js';
import { startCaptureServer } from './test-support/capture-server.js';
import { makeTracer } from './test-support/tracer.js';

const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const busyApp = path.join(import.meta.dirname, 'test-support', 'busy-app.ts');

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs busy-app.ts to its end; resolves with its exit code and output, whatever the code. */
async function runBusyApp(url: string, busyMs: number, flushTimeoutMs: number) {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', tsxLoader, busyApp, url, String(busyMs), String(flushTimeoutMs)],
      { timeout: 60_000 },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

describe('RealtimeSpanProcessor at exit', () => {
  it('delivers the end of a span after synchronous work outlasted the server keep-alive, and exits 0', async () => {
    // As with Node's default 5 s, but sooner: the server closes an idle socket ~3 s after its last answer
    // (keepAliveTimeout plus Node's 1 s buffer), while the app is busy for 4 s and cannot notice. Shorter
    // times do not reproduce: told `Keep-Alive: timeout=1` or less, Node's agent does not reuse the socket.
    const capture = await startCaptureServer(0, { keepAliveTimeoutMs: 2_000 });
    cleanups.push(() => capture.close());
    const { code, stdout } = await runBusyApp(capture.url, 4_000, 5_000);
    expect(stdout).toContain('shut down');
    expect(code).toBe(0);
    const ended = capture.spans().find((span) => span.displayName === 'busy work' && span.endTime > 0);
    expect(ended).toBeDefined();
  }, 60_000);

  it('settles shutdown when the server never answers, and reports what was not delivered once', async () => {
    const capture = await startCaptureServer();
    cleanups.push(() => capture.close());
    const errors: Error[] = [];
    const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: capture.url });
    const processor = new RealtimeSpanProcessor(exporter, {
      flushTimeoutMs: 200,
      onError: (error) => errors.push(error),
    });
    const { tracer, close } = makeTracer(processor);
    cleanups.push(close);
    capture.hold(); // accepts every request, answers none
    tracer.startSpan('unanswered').end();
    tracer.startSpan('also unanswered').end();
    await processor.shutdown();
    const undelivered = errors.filter((error) => error.message.includes('not delivered'));
    expect(undelivered.map((error) => error.message)).toEqual([
      'telemetry shutdown deadline of 200 ms passed: 2 spans not delivered (0 queued, 2 sent but unanswered)',
    ]);
  }, 60_000);

  it('lets an app whose server hangs exit 0 once the flush deadline passes', async () => {
    const capture = await startCaptureServer();
    cleanups.push(() => capture.close());
    capture.hold();
    const { code, stdout } = await runBusyApp(capture.url, 0, 300);
    // The start snapshot (its own flush gave up too) and the end snapshot.
    expect(stdout).toContain('shutdown deadline of 300 ms passed: 2 spans not delivered');
    expect(stdout).not.toContain('stay queued');
    expect(stdout).toContain('shut down');
    expect(code).toBe(0);
  }, 60_000);
});
