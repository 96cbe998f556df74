import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { RealtimeSpanProcessor, type RealtimeSpanProcessorOptions } from './realtime-span-processor.js';
import { TelemetryServerSpanExporter } from './telemetry-server-span-exporter.js';
import { startCaptureServer } from './test-support/capture-server.js';
import { makeTracer } from './test-support/tracer.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A heartbeat far beyond any test's time: a re-export can only come from live updates. */
const NO_HEARTBEAT_IN_TIME = { heartbeatMs: 600_000 };

async function setup(options: RealtimeSpanProcessorOptions) {
  const capture = await startCaptureServer();
  const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: capture.url });
  const processor = new RealtimeSpanProcessor(exporter, { onError: () => {}, ...options });
  const { tracer, close } = makeTracer(processor);
  cleanups.push(async () => {
    await capture.close();
    await close();
  });
  return { capture, processor, tracer };
}

describe('RealtimeSpanProcessor live updates', () => {
  it('re-exports a running span whose attribute changed, without waiting for the heartbeat', async () => {
    const { capture, tracer } = await setup(NO_HEARTBEAT_IN_TIME);
    const span = tracer.startSpan('long step');
    await capture.waitForSpan((s) => s.displayName === 'long step');
    span.setAttribute('progress', 1);
    const live = await capture.waitForSpan(
      (s) => s.displayName === 'long step' && s.attributes.progress === 1,
    );
    expect(live.endTime).toBe(0);
    span.setAttribute('progress', 2);
    await capture.waitForSpan((s) => s.attributes.progress === 2 && s.endTime === 0);
    span.end();
  });

  it('re-exports a running span that got events, a new name and a status', async () => {
    const { capture, tracer } = await setup(NO_HEARTBEAT_IN_TIME);
    const span = tracer.startSpan('streaming answer');
    await capture.waitForSpan((s) => s.displayName === 'streaming answer');
    span.addEvent('chunk', { text: 'Hel' });
    span.addEvent('chunk', { text: 'lo' });
    const chunks = await capture.waitForSpan((s) => (s.timeEvents?.timeEvent?.length ?? 0) === 2);
    expect(chunks.endTime).toBe(0);
    expect(chunks.timeEvents?.timeEvent?.map((event) => event.annotation.attributes.text)).toEqual([
      'Hel',
      'lo',
    ]);
    span.updateName('streamed answer');
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'cut off' });
    const renamed = await capture.waitForSpan((s) => s.displayName === 'streamed answer');
    expect(renamed.endTime).toBe(0);
    expect(renamed.status).toEqual({ code: SpanStatusCode.ERROR, message: 'cut off' });
    span.end();
  });

  it('sends nothing more for a running span that does not change, until its end', async () => {
    const { capture, processor, tracer } = await setup({ ...NO_HEARTBEAT_IN_TIME, liveUpdateMs: 1 });
    const span = tracer.startSpan('quiet');
    await capture.waitForSpan((s) => s.displayName === 'quiet');
    // Many live-update ticks pass while the app waits on other work.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    span.end();
    await processor.forceFlush();
    expect(capture.spans().map((s) => s.endTime > 0)).toEqual([false, true]);
  });

  it('leaves changes to the heartbeat with liveUpdateMs 0', async () => {
    const { capture, processor, tracer } = await setup({ ...NO_HEARTBEAT_IN_TIME, liveUpdateMs: 0 });
    const span = tracer.startSpan('old behaviour');
    await capture.waitForSpan((s) => s.displayName === 'old behaviour');
    span.setAttribute('progress', 1);
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    await processor.forceFlush();
    expect(capture.spans().some((s) => s.attributes.progress === 1)).toBe(false);
    span.end();
  });
});
