import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RealtimeSpanProcessor, type RealtimeSpanProcessorOptions } from './realtime-span-processor.js';
import { makeTracer } from './test-support/tracer.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An exporter that answers only when told to: `batches[i]` is the names sent by export i. */
function heldExporter() {
  const batches: string[][] = [];
  const answers: Array<(result: ExportResult) => void> = [];
  const exporter: SpanExporter = {
    export(spans: ReadableSpan[], done) {
      batches.push(spans.map((span) => span.name));
      answers.push(done);
    },
    shutdown: async () => {},
  };
  const answer = (i: number) => answers[i]!({ code: ExportResultCode.SUCCESS });
  return { exporter, batches, answer };
}

function setup(options: RealtimeSpanProcessorOptions) {
  const held = heldExporter();
  const processor = new RealtimeSpanProcessor(held.exporter, { heartbeatMs: 0, liveUpdateMs: 0, ...options });
  const { tracer, close } = makeTracer(processor);
  cleanups.push(async () => {
    for (let i = 0; i < held.batches.length; i++) held.answer(i);
    await close();
  });
  return { ...held, tracer, processor };
}

/** Lets microtasks and I/O callbacks run, without any timer being due. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RealtimeSpanProcessor batching', () => {
  it('sends an event at once when no export is in flight, without waiting for a timer', async () => {
    const { tracer, batches } = setup({ flushIntervalMs: 60_000 });
    tracer.startSpan('alone');
    await settle();
    expect(batches).toEqual([['alone']]);
  });

  it('sends the events of one synchronous stretch of code together', async () => {
    const { tracer, batches } = setup({ flushIntervalMs: 60_000 });
    tracer.startSpan('a');
    tracer.startSpan('b').end();
    tracer.startSpan('c');
    await settle();
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('holds events while an export is in flight and sends them in one batch when it finishes', async () => {
    const { tracer, batches, answer } = setup({ flushIntervalMs: 60_000 });
    tracer.startSpan('first');
    await settle();
    for (const name of ['x', 'y', 'z']) {
      tracer.startSpan(name);
      await settle();
    }
    expect(batches).toEqual([['first']]);
    answer(0);
    await settle();
    expect(batches).toEqual([['first'], ['x', 'y', 'z']]);
  });

  it('sends waiting events in another export after flushIntervalMs when one is stuck in flight', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { tracer, batches } = setup({ flushIntervalMs: 20 });
    tracer.startSpan('slow');
    await settle();
    tracer.startSpan('next');
    await settle();
    expect(batches).toEqual([['slow']]);
    await vi.advanceTimersByTimeAsync(20);
    expect(batches).toEqual([['slow'], ['next']]);
  });

  it('gathers a burst into few exports while they are in flight', async () => {
    const { tracer, batches, answer } = setup({ flushIntervalMs: 60_000, maxConcurrentExports: 1 });
    tracer.startSpan('first').end();
    await settle();
    for (let chunk = 0; chunk < 4; chunk++) {
      for (let i = 0; i < 100; i++) tracer.startSpan(`s${chunk}-${i}`).end();
      await settle();
    }
    expect(batches.map((batch) => batch.length)).toEqual([1]);
    answer(0);
    await settle();
    expect(batches.map((batch) => batch.length)).toEqual([1, 400]);
  });

  it('after a large batch, lets the next one fill for flushIntervalMs even with nothing in flight', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { tracer, batches, answer } = setup({ flushIntervalMs: 20, maxConcurrentExports: 1 });
    for (let i = 0; i < 100; i++) tracer.startSpan(`a${i}`).end();
    await settle();
    answer(0);
    await settle();
    for (let chunk = 0; chunk < 3; chunk++) {
      for (let i = 0; i < 100; i++) tracer.startSpan(`b${chunk}-${i}`).end();
      await settle();
    }
    expect(batches.map((batch) => batch.length)).toEqual([100]);
    await vi.advanceTimersByTimeAsync(20);
    expect(batches.map((batch) => batch.length)).toEqual([100, 300]);
  });

  it('sends a full batch at once, however busy the app', async () => {
    const { tracer, batches, answer } = setup({ flushIntervalMs: 60_000, maxBatchSize: 100 });
    for (let i = 0; i < 100; i++) tracer.startSpan(`a${i}`).end();
    await settle();
    answer(0);
    await settle();
    for (let i = 0; i < 100; i++) tracer.startSpan(`b${i}`).end();
    await settle();
    expect(batches.map((batch) => batch.length)).toEqual([100, 100]);
  });

  it('sends at once again when the app turns quiet after a burst', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { tracer, batches, answer } = setup({ flushIntervalMs: 20 });
    for (let i = 0; i < 100; i++) tracer.startSpan(`burst${i}`).end();
    await settle();
    answer(0);
    tracer.startSpan('after the burst');
    await vi.advanceTimersByTimeAsync(20);
    answer(1);
    await settle();
    tracer.startSpan('quiet');
    await settle();
    expect(batches.map((batch) => batch.length)).toEqual([100, 1, 1]);
  });
  it('drains a queue many batches long in order, each span once in its latest state', async () => {
    const { tracer, batches, answer } = setup({
      flushIntervalMs: 60_000,
      maxBatchSize: 10,
      maxConcurrentExports: 1,
    });
    tracer.startSpan('first').end();
    await settle();
    // 45 spans queue up behind the export in flight; the open ones end while still queued.
    const open = Array.from({ length: 45 }, (_, i) => tracer.startSpan(`s${i}`));
    for (const span of open) span.end();
    for (let i = 0; i < 6; i++) {
      answer(i);
      await settle();
    }
    expect(batches.map((batch) => batch.length)).toEqual([1, 10, 10, 10, 10, 5]);
    expect(batches.slice(1).flat()).toEqual(open.map((_, i) => `s${i}`));
  });
});
