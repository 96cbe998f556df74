import { SpanStatusCode } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportError } from './export-error.js';
import { RealtimeSpanProcessor, type RealtimeSpanProcessorOptions } from './realtime-span-processor.js';
import { TelemetryServerSpanExporter } from './telemetry-server-span-exporter.js';
import { type CaptureServer, startCaptureServer } from './test-support/capture-server.js';
import { makeTracer } from './test-support/tracer.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: RealtimeSpanProcessorOptions = {}, server?: CaptureServer) {
  const capture = server ?? (await startCaptureServer());
  const errors: Error[] = [];
  const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: capture.url });
  const processor = new RealtimeSpanProcessor(exporter, { onError: (e) => errors.push(e), ...options });
  const { tracer, close } = makeTracer(processor);
  cleanups.push(async () => {
    await capture.close();
    await close();
  });
  return { capture, processor, tracer, errors, exporter };
}

describe('RealtimeSpanProcessor', () => {
  it('sends a start snapshot while the span is still open', async () => {
    const { capture, tracer } = await setup();
    const span = tracer.startSpan('step', { attributes: { 'genkit:input': '"hello"' } });
    const started = await capture.waitForSpan((s) => s.displayName === 'step');
    expect(span.isRecording()).toBe(true);
    expect(started.endTime).toBe(0);
    expect(started.attributes['genkit:input']).toBe('"hello"');
    span.end();
  });

  it('sends the complete span again when it ends, with end time, status and attributes', async () => {
    const { capture, tracer } = await setup();
    const span = tracer.startSpan('step');
    await capture.waitForSpan((s) => s.displayName === 'step' && s.endTime === 0);
    span.setAttribute('genkit:output', '"done"');
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    span.end();
    const ended = await capture.waitForSpan((s) => s.displayName === 'step' && s.endTime > 0);
    expect(ended.endTime).toBeGreaterThanOrEqual(ended.startTime);
    expect(ended.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    expect(ended.attributes['genkit:output']).toBe('"done"');
    expect(capture.spans().filter((s) => s.displayName === 'step')).toHaveLength(2);
  });

  it('links children to their parent', async () => {
    const { capture, tracer, processor } = await setup();
    await tracer.startActiveSpan('parent', async (parent) => {
      const child = tracer.startSpan('child');
      child.end();
      parent.end();
    });
    await processor.forceFlush();
    const parent = capture.spans().find((s) => s.displayName === 'parent')!;
    const child = capture.spans().find((s) => s.displayName === 'child')!;
    expect(parent.parentSpanId).toBeUndefined();
    expect(child.parentSpanId).toBe(parent.spanId);
    expect(child.traceId).toBe(parent.traceId);
  });

  it('sends a span that ended before its start was flushed only once, complete', async () => {
    const { capture, tracer, processor } = await setup({ flushIntervalMs: 1_000 });
    tracer.startSpan('quick').end();
    await processor.forceFlush();
    const snapshots = capture.spans().filter((s) => s.displayName === 'quick');
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.endTime).toBeGreaterThan(0);
  });

  it('sends the spans of many traces in one flush, one request per trace', async () => {
    const { capture, tracer, processor } = await setup({ flushIntervalMs: 1_000 });
    for (let i = 0; i < 5; i++) tracer.startSpan(`root-${i}`).end();
    await processor.forceFlush();
    expect(capture.requests).toHaveLength(5);
    expect(new Set(capture.requests.map((r) => r.body.traceId)).size).toBe(5);
    expect(capture.requests.map((r) => r.body.displayName).sort()).toEqual(
      [0, 1, 2, 3, 4].map((i) => `root-${i}`),
    );
  });

  it('bounds its queue, counts what it drops and reports it once', async () => {
    const { capture, tracer, processor, errors } = await setup({ maxQueueSize: 10, flushIntervalMs: 1_000 });
    capture.hold();
    for (let i = 0; i < 100; i++) tracer.startSpan(`s${i}`).end();
    expect(processor.queueSize).toBe(10);
    expect(processor.droppedCount).toBe(180); // the start and the end of each of 90 spans
    expect(errors.filter((e) => e.message.includes('dropped'))).toHaveLength(1);
    capture.release();
    await processor.forceFlush();
    expect(capture.spans()).toHaveLength(10);
  });

  it('keeps the app running while the server is down and delivers the queue when it returns', async () => {
    const capture = await startCaptureServer();
    const port = capture.port;
    await capture.close();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    cleanups.push(async () => void process.off('unhandledRejection', onRejection));

    const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: `http://127.0.0.1:${port}` });
    const errors: Error[] = [];
    const processor = new RealtimeSpanProcessor(exporter, {
      maxQueueSize: 50,
      onError: (e) => errors.push(e),
    });
    const { tracer, close } = makeTracer(processor);
    cleanups.push(close);

    for (let i = 0; i < 200; i++) tracer.startSpan(`offline-${i}`).end();
    await processor.forceFlush();
    expect(processor.queueSize).toBeLessThanOrEqual(50);
    expect(processor.droppedCount).toBe(300); // the start and the end of each of 150 spans
    expect(errors.some((e) => e.message.includes('ECONNREFUSED'))).toBe(true);

    const back = await startCaptureServer(port);
    cleanups.push(() => back.close());
    await processor.forceFlush();
    expect(back.spans()).toHaveLength(50);
    expect(processor.queueSize).toBe(0);
    expect(errors.some((e) => e.message.includes('recovered'))).toBe(true);
    expect(rejections).toEqual([]);
  });

  it('exports nothing for spans that are not sampled', async () => {
    const exported: ReadableSpan[] = [];
    const processor = new RealtimeSpanProcessor(recordingExporter(exported));
    const { tracer, close } = makeTracer(processor, { sampled: false });
    cleanups.push(close);
    tracer.startSpan('unsampled').end();
    await processor.forceFlush();
    expect(exported).toEqual([]);
  });

  it('exports each event at once, alone, with flushIntervalMs 0', async () => {
    const batches: number[] = [];
    const processor = new RealtimeSpanProcessor(recordingExporter([], batches), { flushIntervalMs: 0 });
    const { tracer, close } = makeTracer(processor);
    cleanups.push(close);
    const a = tracer.startSpan('a');
    const b = tracer.startSpan('b');
    await processor.forceFlush();
    a.end();
    b.end();
    await processor.forceFlush();
    expect(batches).toEqual([1, 1, 1, 1]);
  });

  it('re-exports an open span whose events changed, on the heartbeat', async () => {
    const { capture, tracer } = await setup({ heartbeatMs: 20 });
    const span = tracer.startSpan('long');
    await capture.waitForSpan((s) => s.displayName === 'long');
    span.addEvent('progress', { percent: 50 });
    const live = await capture.waitForSpan(
      (s) => s.displayName === 'long' && (s.timeEvents?.timeEvent?.length ?? 0) > 0,
    );
    expect(live.endTime).toBe(0);
    expect(live.timeEvents?.timeEvent?.[0]?.annotation).toEqual({
      description: 'progress',
      attributes: { percent: 50 },
    });
    span.end();
  });

  it('waits before trying again after a retryable failure, even with flushIntervalMs 0', async () => {
    let calls = 0;
    const failing: SpanExporter = {
      export(_spans, done) {
        calls++;
        done({ code: ExportResultCode.FAILED, error: new ExportError('server down', true) });
      },
      shutdown: async () => {},
    };
    const processor = new RealtimeSpanProcessor(failing, { flushIntervalMs: 0, onError: () => {} });
    const { tracer, close } = makeTracer(processor);
    cleanups.push(close);
    tracer.startSpan('x');
    for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(1);
    expect(processor.queueSize).toBe(1);
  });

  it('retries a batch the server answered 5xx, and counts nothing as failed once it is delivered', async () => {
    const { capture, tracer, processor, exporter, errors } = await setup();
    capture.respondWith(503);
    tracer.startSpan('retried').end();
    await processor.forceFlush();
    expect(processor.queueSize).toBe(1);
    capture.respondWith(200);
    await processor.forceFlush();
    expect(capture.spans().map((s) => s.displayName)).toEqual(['retried']);
    expect(processor.failedCount).toBe(0);
    expect(exporter.failedSpanCount).toBe(0);
    expect(errors.some((e) => e.message.includes('recovered'))).toBe(true);
  });

  it('counts spans the server rejected as failed for good, and says they are not retried', async () => {
    const { capture, tracer, processor, exporter, errors } = await setup();
    capture.respondWith(400);
    tracer.startSpan('rejected').end();
    await processor.forceFlush();
    expect(processor.queueSize).toBe(0);
    expect(processor.failedCount).toBe(1);
    expect(exporter.failedSpanCount).toBe(1);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^telemetry export failed for good, not retried: .* answered 400: .* \(1 spans\)$/,
      ),
    ]);
  });

  it('never throws into the app when the exporter throws', async () => {
    const errors: Error[] = [];
    const throwing: SpanExporter = {
      export: () => {
        throw new Error('exporter bug');
      },
      shutdown: async () => {},
    };
    const processor = new RealtimeSpanProcessor(throwing, { onError: (e) => errors.push(e) });
    const { tracer, close } = makeTracer(processor);
    cleanups.push(close);
    expect(() => tracer.startSpan('x').end()).not.toThrow();
    await processor.forceFlush();
    expect(errors[0]?.message).toContain('exporter bug');
  });

  it('waits for exports in flight on forceFlush, and shuts down once', async () => {
    const { capture, tracer, processor, exporter } = await setup();
    capture.hold();
    tracer.startSpan('held').end();
    let flushed = false;
    const flushing = processor.forceFlush().then(() => {
      flushed = true;
    });
    await capture.waitForSpan((s) => s.displayName === 'held');
    expect(flushed).toBe(false);
    capture.release();
    await flushing;
    expect(flushed).toBe(true);
    await Promise.all([processor.shutdown(), processor.shutdown()]);
    tracer.startSpan('after shutdown').end();
    await processor.forceFlush();
    expect(capture.spans().map((s) => s.displayName)).toEqual(['held']);
    const result = await new Promise<{ code: number }>((resolve) => exporter.export([], resolve));
    expect(result.code).toBe(ExportResultCode.FAILED);
  });
});

function recordingExporter(spans: ReadableSpan[], batchSizes: number[] = []): SpanExporter {
  return {
    export(batch, done) {
      spans.push(...batch);
      batchSizes.push(batch.length);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
  };
}
