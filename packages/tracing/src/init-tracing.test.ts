import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import * as otherApi from 'opentelemetry-api-1.10';
import { afterEach, describe, expect, it } from 'vitest';
import { initTracing } from './init-tracing.js';
import { RealtimeSpanProcessor } from './realtime-span-processor.js';
import { resolveApiCopy } from './registration-check.js';
import { type CaptureServer, startCaptureServer } from './test-support/capture-server.js';

let capture: CaptureServer | undefined;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  await capture?.close();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  // Every test starts as a fresh process would: no API version has claimed the global slot yet.
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('opentelemetry.js.api.1')];
});

/** A real second copy of @opentelemetry/api, 1.10.0 (livespan's own copy is 1.9.x). */
const OTHER_API_DIR = resolveApiCopy(fileURLToPath(import.meta.url), 'opentelemetry-api-1.10')!.dir;

/** An app folder whose node_modules/@opentelemetry/api is the 1.10.0 copy, as after `npm install @opentelemetry/api`. */
function appWithOtherApiCopy(): string {
  const app = mkdtempSync(path.join(tmpdir(), 'livespan-app-'));
  cleanups.push(() => rmSync(app, { recursive: true, force: true }));
  mkdirSync(path.join(app, 'node_modules', '@opentelemetry'), { recursive: true });
  symlinkSync(OTHER_API_DIR, path.join(app, 'node_modules', '@opentelemetry', 'api'), 'dir');
  return app;
}

function collectSetupErrors(): string[] {
  return [];
}

describe('initTracing', () => {
  it('sends nested spans from the global tracer to GENKIT_TELEMETRY_SERVER, live', async () => {
    capture = await startCaptureServer();
    const env = { GENKIT_TELEMETRY_SERVER: capture.url, GENKIT_ENABLE_REALTIME_TELEMETRY: 'true' };
    const setupErrors = collectSetupErrors();
    const tracing = initTracing({ env, serviceName: 'test-app', onSetupError: (m) => setupErrors.push(m) });
    expect(setupErrors).toEqual([]);
    expect(tracing.registered).toBe(true);
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

  it("reports, naming both versions, when the app's own @opentelemetry/api cannot see livespan's provider", async () => {
    const app = appWithOtherApiCopy();
    const setupErrors = collectSetupErrors();
    const tracing = initTracing({
      exporter: new InMemorySpanExporter(),
      appDirs: [app],
      onSetupError: (m) => setupErrors.push(m),
    });
    cleanups.push(() => tracing.shutdown());

    // The silent failure this guards against: the app's copy hands out no-op spans.
    const appApi = createRequire(path.join(app, 'app.js'))('@opentelemetry/api') as typeof otherApi;
    const appSpan = appApi.trace.getTracer('app').startSpan('probe');
    expect(appSpan.isRecording()).toBe(false);
    appSpan.end();

    expect(tracing.registered).toBe(false);
    expect(setupErrors).toHaveLength(1);
    expect(setupErrors[0]).toContain('your app uses @opentelemetry/api 1.10.0');
    expect(setupErrors[0]).toMatch(
      /livespan registered its tracer provider with @opentelemetry\/api 1\.9\.\d/,
    );
    expect(setupErrors[0]).toContain('npm ls @opentelemetry/api');
  });

  it('reports a version conflict when another @opentelemetry/api version registered its globals first', async () => {
    otherApi.diag.setLogger(new otherApi.DiagConsoleLogger(), otherApi.DiagLogLevel.NONE);
    cleanups.push(() => otherApi.diag.disable());
    const setupErrors = collectSetupErrors();
    const tracing = initTracing({
      exporter: new InMemorySpanExporter(),
      appDirs: [],
      onSetupError: (m) => setupErrors.push(m),
    });
    cleanups.push(() => tracing.shutdown());

    expect(trace.getTracer('app').startSpan('probe').isRecording()).toBe(false);
    expect(tracing.registered).toBe(false);
    expect(setupErrors).toHaveLength(1);
    expect(setupErrors[0]).toContain('tracing is OFF');
    expect(setupErrors[0]).toContain('could not register its tracer provider and context manager');
    expect(setupErrors[0]).toMatch(/@opentelemetry\/api 1\.10\.0 was registered first by another copy/);
    expect(setupErrors[0]).toMatch(/livespan's copy is @opentelemetry\/api 1\.9\.\d/);
  });

  it('reports a second initTracing() call and leaves the first one tracing, even after the second shuts down', async () => {
    const first = initTracing({ exporter: new InMemorySpanExporter(), appDirs: [], onSetupError: () => {} });
    cleanups.push(() => first.shutdown());
    const setupErrors = collectSetupErrors();
    const second = initTracing({
      exporter: new InMemorySpanExporter(),
      appDirs: [],
      onSetupError: (m) => setupErrors.push(m),
    });

    expect(second.registered).toBe(false);
    expect(setupErrors).toHaveLength(1);
    expect(setupErrors[0]).toContain('initTracing() was called a second time');
    await second.shutdown();
    const span = trace.getTracer('app').startSpan('still traced');
    expect(span.isRecording()).toBe(true);
    span.end();
  });

  it('prints setup problems to stderr when no onSetupError is given', async () => {
    const first = initTracing({ exporter: new InMemorySpanExporter(), appDirs: [] });
    cleanups.push(() => first.shutdown());
    const printed: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void printed.push(...args);
    try {
      const second = initTracing({ exporter: new InMemorySpanExporter(), appDirs: [] });
      cleanups.push(() => second.shutdown());
    } finally {
      console.error = original;
    }
    expect(printed).toEqual([expect.stringContaining('initTracing() was called a second time')]);
  });
});
