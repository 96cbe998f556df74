import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { initTracing } from './init-tracing.js';
import { RealtimeSpanProcessor } from './realtime-span-processor.js';
import { type CaptureServer, startCaptureServer } from './test-support/capture-server.js';

let capture: CaptureServer | undefined;
afterEach(async () => {
  await capture?.close();
});

describe('initTracing', () => {
  it('sends nested spans from the global tracer to GENKIT_TELEMETRY_SERVER, live', async () => {
    capture = await startCaptureServer();
    const env = { GENKIT_TELEMETRY_SERVER: capture.url, GENKIT_ENABLE_REALTIME_TELEMETRY: 'true' };
    const tracing = initTracing({ env, serviceName: 'test-app' });
    expect(tracing.processor).toBeInstanceOf(RealtimeSpanProcessor);
    const tracer = trace.getTracer('app');

    let release = () => {};
    const work = tracer.startActiveSpan('flow', async (flow) => {
      await tracer.startActiveSpan('step', async (step) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        step.end();
      });
      flow.end();
    });
    const runningStep = await capture.waitForSpan((s) => s.displayName === 'step' && s.endTime === 0);
    const flow = await capture.waitForSpan((s) => s.displayName === 'flow');
    expect(runningStep.parentSpanId).toBe(flow.spanId);
    release();
    await work;
    await tracing.shutdown();
    await tracing.shutdown();
    const ended = capture
      .spans()
      .filter((s) => s.endTime > 0)
      .map((s) => s.displayName);
    expect(ended.sort()).toEqual(['flow', 'step']);
  });

  it('redacts the secrets of the env it was given, not only those of process.env', async () => {
    capture = await startCaptureServer();
    const secret = 'sk-only-in-the-given-env';
    const env = { GENKIT_TELEMETRY_SERVER: capture.url, OPENAI_API_KEY: secret };
    const tracing = initTracing({ env });
    trace.getTracer('app').startSpan(`call with ${secret}`).end();
    await tracing.shutdown();
    expect(capture.spans().map((s) => s.displayName)).toEqual(['call with [REDACTED]']);
  });
});
