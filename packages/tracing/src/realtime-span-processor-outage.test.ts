import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { RealtimeSpanProcessor } from './realtime-span-processor.js';
import { TelemetryServerSpanExporter } from './telemetry-server-span-exporter.js';
import { startCaptureServer } from './test-support/capture-server.js';
import { makeTracer } from './test-support/tracer.js';

// The short outage cases (queue bound, exact drop count, delivery on return) are in
// realtime-span-processor.test.ts; this one is the long outage under a steady load.

const MAX_QUEUE = 1_000;
const ROUNDS = 50;
const SPANS_PER_ROUND = 2_000;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
/** A pause in the app's work, long enough for exports to be tried and to fail. */
const turn = () => new Promise((resolve) => setTimeout(resolve, 5));

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('RealtimeSpanProcessor during a long server outage', () => {
  it(`keeps memory bounded over ${ROUNDS * SPANS_PER_ROUND} spans, reports once, and delivers the queue on return`, async () => {
    const closed = await startCaptureServer();
    const port = closed.port;
    await closed.close();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    cleanups.push(async () => void process.off('unhandledRejection', onRejection));

    const errors: Error[] = [];
    const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: `http://127.0.0.1:${port}` });
    const processor = new RealtimeSpanProcessor(exporter, {
      maxQueueSize: MAX_QUEUE,
      onError: (error) => errors.push(error),
    });
    const { tracer, close } = makeTracer(processor);
    cleanups.push(close);

    let ended = 0;
    const app = (round: number) => {
      for (let i = 0; i < SPANS_PER_ROUND; i++) {
        // About 1 KiB of attributes per span: keeping them all would hold ~100 MiB.
        const span = tracer.startSpan(`work ${round}.${i}`, {
          attributes: { payload: `${round}.${i}`.padEnd(1024, 'x') },
        });
        span.end();
        ended++;
      }
    };
    app(0);
    await turn();
    const baseline = heapMiB();
    let peakQueue = 0;
    for (let round = 1; round < ROUNDS; round++) {
      expect(() => app(round)).not.toThrow();
      peakQueue = Math.max(peakQueue, processor.queueSize);
      expect(processor.queueSize).toBeLessThanOrEqual(MAX_QUEUE);
      await turn(); // exports are tried (and fail) between bursts, as in a real app
    }
    const during = heapMiB();
    expect(ended).toBe(ROUNDS * SPANS_PER_ROUND);

    expect(peakQueue).toBe(MAX_QUEUE);
    expect(during - baseline, `heap ${baseline.toFixed(1)} → ${during.toFixed(1)} MiB`).toBeLessThan(40);
    expect(processor.droppedCount).toBeGreaterThan(ROUNDS * SPANS_PER_ROUND);
    // Each queued trace is its own request with retries, so failing takes a moment: wait for it, bounded.
    for (let i = 0; i < 1_000 && !errors.some((e) => e.message.includes('export failed')); i++) await turn();
    app(ROUNDS); // and the app keeps working meanwhile
    expect(processor.queueSize).toBeLessThanOrEqual(MAX_QUEUE);
    expect(errors.filter((e) => e.message.includes('dropped'))).toHaveLength(1);
    expect(errors.filter((e) => e.message.includes('telemetry export failed'))).toHaveLength(1);

    const back = await startCaptureServer(port);
    cleanups.push(() => back.close());
    const queued = processor.queueSize;
    await processor.forceFlush();
    expect(processor.queueSize).toBe(0);
    const delivered = new Set(back.spans().map((span) => span.spanId));
    expect(delivered.size).toBeGreaterThanOrEqual(queued);
    expect(delivered.size).toBeLessThanOrEqual(MAX_QUEUE + 512 * 2); // the queue plus batches in flight at recovery
    expect(back.spans().every((span) => span.endTime > 0)).toBe(true);
    expect(errors.some((e) => e.message.includes('recovered'))).toBe(true);
    expect(rejections).toEqual([]);
  }, 60_000);
});
