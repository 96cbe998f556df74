import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineFlow } from './define-flow.js';
import { FlowCancelledError, FlowInputError, FlowOutputError } from './flow-errors.js';
import { createRegistry, type FlowRegistry } from './flow-registry.js';
import { progress } from './progress.js';
import { run } from './run.js';
import { currentSignal } from './step-frame.js';
import { captureSpans, deferred } from './test-support/capture.js';

let capture: ReturnType<typeof captureSpans>;
let registry: FlowRegistry;
beforeEach(() => {
  capture = captureSpans();
  registry = createRegistry();
});
afterEach(() => capture.close());

const topicSchema = z.object({ topic: z.string(), depth: z.number().int().default(2) });

describe('defineFlow', () => {
  it('runs a flow in a root span with Genkit attributes', async () => {
    const flow = defineFlow(
      { name: 'greet', inputSchema: z.string(), outputSchema: z.string(), registry },
      (name) => `hello ${name}`,
    );
    expect(await flow('ada')).toBe('hello ada');
    const span = capture.span('greet');
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.instrumentationScope.name).toBe('genkit-tracer');
    expect(span.attributes).toEqual({
      'genkit:type': 'action',
      'genkit:metadata:subtype': 'flow',
      'genkit:name': 'greet',
      'genkit:path': '/{greet,t:flow}',
      'genkit:isRoot': true,
      'genkit:input': '"ada"',
      'genkit:output': '"hello ada"',
      'genkit:state': 'success',
    });
  });

  it('nests steps under the flow with Genkit paths', async () => {
    const flow = defineFlow({ name: 'multi_step_flow', inputSchema: z.string(), registry }, async (topic) => {
      const notes = await run('research', topic, async (t) => run('search', () => `${t} notes`));
      return run('write', () => `${notes}!`);
    });
    expect(await flow('otel')).toBe('otel notes!');
    const root = capture.span('multi_step_flow');
    const research = capture.span('research');
    const search = capture.span('search');
    const write = capture.span('write');
    expect(research.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(write.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(search.parentSpanContext?.spanId).toBe(research.spanContext().spanId);
    expect(new Set(capture.ended().map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(research.attributes['genkit:path']).toBe('/{multi_step_flow,t:flow}/{research,t:flowStep}');
    expect(search.attributes['genkit:path']).toBe(
      '/{multi_step_flow,t:flow}/{research,t:flowStep}/{search,t:flowStep}',
    );
    expect(research.attributes['genkit:type']).toBe('flowStep');
    expect(research.attributes['genkit:input']).toBe('"otel"');
    expect(research.attributes['genkit:output']).toBe('"otel notes"');
    expect(research.attributes['genkit:isRoot']).toBeUndefined();
    expect(write.attributes['genkit:input']).toBeUndefined();
  });

  it('makes steps started together parallel siblings', async () => {
    // OpenTelemetry stamps a span's start with Date.now() (whole ms) and its end with the
    // performance clock, so two spans must overlap by more than 1 ms for their times to show it.
    const holdPastClockGranularity = () => new Promise((resolve) => setTimeout(resolve, 5));
    const aStarted = deferred();
    const bStarted = deferred();
    const flow = defineFlow({ name: 'fan_out', inputSchema: z.void(), registry }, () =>
      Promise.all([
        run('a', async () => {
          aStarted.resolve();
          await bStarted.promise;
          await holdPastClockGranularity();
          return 'a';
        }),
        run('b', async () => {
          bStarted.resolve();
          await aStarted.promise;
          await holdPastClockGranularity();
          return 'b';
        }),
      ]),
    );
    expect(await flow()).toEqual(['a', 'b']);
    const root = capture.span('fan_out').spanContext().spanId;
    const a = capture.span('a');
    const b = capture.span('b');
    expect(a.parentSpanContext?.spanId).toBe(root);
    expect(b.parentSpanContext?.spanId).toBe(root);
    const ns = (t: [number, number]) => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
    // Each started before the other ended: they overlap in time.
    expect(ns(a.startTime) <= ns(b.endTime)).toBe(true);
    expect(ns(b.startTime) <= ns(a.endTime)).toBe(true);
  });

  it('records input when the span starts, output and state only when it ends', async () => {
    const release = deferred();
    const flow = defineFlow({ name: 'slow', inputSchema: topicSchema, registry }, async ({ topic }) => {
      await run('step', { topic }, async () => {
        await release.promise;
      });
      return topic.toUpperCase();
    });
    const pending = flow({ topic: 'x' });
    await expect.poll(() => capture.started.length).toBe(2);
    const [flowStart, stepStart] = capture.started;
    expect(flowStart?.attributes['genkit:input']).toBe('{"topic":"x","depth":2}');
    expect(stepStart?.attributes['genkit:input']).toBe('{"topic":"x"}');
    expect(flowStart?.attributes['genkit:output']).toBeUndefined();
    expect(flowStart?.attributes['genkit:state']).toBeUndefined();
    expect(capture.ended()).toHaveLength(0);
    release.resolve();
    expect(await pending).toBe('X');
    expect(capture.span('slow').attributes['genkit:output']).toBe('"X"');
  });

  it('sets error status, records the exception and re-throws', async () => {
    const boom = new Error('step failed');
    const flow = defineFlow({ name: 'failing', inputSchema: z.void(), registry }, () =>
      run('bad', () => {
        throw boom;
      }),
    );
    await expect(flow()).rejects.toBe(boom);
    for (const name of ['failing', 'bad']) {
      const span = capture.span(name);
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'step failed' });
      expect(span.attributes['genkit:state']).toBe('error');
      expect(span.events.find((e) => e.name === 'exception')?.attributes?.['exception.message']).toBe(
        'step failed',
      );
    }
  });

  it('adds progress events to the running step', async () => {
    const flow = defineFlow({ name: 'long', inputSchema: z.void(), registry }, () =>
      run('work', () => {
        progress('1 of 2 done', { done: 1 });
        progress('2 of 2 done', { done: 2 });
      }),
    );
    await flow();
    const work = capture.span('work');
    expect(work.events.map((e) => [e.name, e.attributes])).toEqual([
      ['1 of 2 done', { done: 1 }],
      ['2 of 2 done', { done: 2 }],
    ]);
    expect(work.attributes['livespan:progress']).toBe('2 of 2 done');
    expect(progress('outside')).toBe(false);
  });

  it('validates input, naming the bad field, and starts no span', async () => {
    const flow = defineFlow({ name: 'strict', inputSchema: topicSchema, registry }, ({ depth }) => depth);
    const error = await flow({ topic: 3 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowInputError);
    expect((error as FlowInputError).message).toMatch(
      /^Invalid input for flow "strict": topic: .*expected string/,
    );
    expect((error as FlowInputError).issues[0]?.path).toEqual(['topic']);
    expect(() => flow.start({ topic: 'ok', depth: 1.5 })).toThrow(/depth: /);
    expect(capture.started).toHaveLength(0);
    expect(await flow({ topic: 'ok' })).toBe(2);
  });

  it('checks the output against outputSchema', async () => {
    const flow = defineFlow(
      { name: 'typed', inputSchema: z.void(), outputSchema: z.object({ n: z.number() }), registry },
      () => ({ n: 'one' }) as unknown as { n: number },
    );
    await expect(flow()).rejects.toBeInstanceOf(FlowOutputError);
    expect(capture.span('typed').attributes['genkit:state']).toBe('error');
  });

  it('tells the trace id as soon as the root span exists', async () => {
    const release = deferred();
    const flow = defineFlow({ name: 'held', inputSchema: z.void(), registry }, () => release.promise);
    const started = flow.start();
    expect(started.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(capture.ended()).toHaveLength(0);
    release.resolve();
    await started.result;
    expect(capture.span('held').spanContext().traceId).toBe(started.traceId);
  });

  it('nests a flow called inside another flow', async () => {
    const inner = defineFlow({ name: 'inner', inputSchema: z.number(), registry }, (n) => n + 1);
    const outer = defineFlow({ name: 'outer', inputSchema: z.number(), registry }, (n) => inner(n));
    expect(await outer(1)).toBe(2);
    const innerSpan = capture.span('inner');
    expect(innerSpan.parentSpanContext?.spanId).toBe(capture.span('outer').spanContext().spanId);
    expect(innerSpan.attributes['genkit:path']).toBe('/{outer,t:flow}/{inner,t:flow,s:flow}');
    expect(innerSpan.attributes['genkit:isRoot']).toBeUndefined();
  });

  it('registers flows and refuses duplicate or empty names', () => {
    const flow = defineFlow({ name: 'one', inputSchema: z.void(), registry }, () => 1);
    expect(registry.get('one')).toBe(flow);
    expect(registry.list()).toEqual([flow]);
    expect(() => defineFlow({ name: 'one', inputSchema: z.void(), registry }, () => 2)).toThrow(
      /already defined/,
    );
    expect(() => defineFlow({ name: ' ', inputSchema: z.void(), registry }, () => 2)).toThrow(/non-empty/);
  });

  it('rejects a step without a function', async () => {
    await expect(run('x', 1 as never)).rejects.toThrow(/expected a function as the second argument/);
  });

  it('cancels a run: running spans end with a cancelled error even when a step ignores the signal', async () => {
    const started = deferred();
    const flow = defineFlow({ name: 'stubborn', inputSchema: z.void(), registry }, async () => {
      await run('ready', () => 'ok');
      return run('forever', () => {
        started.resolve();
        return new Promise<never>(() => {});
      });
    });
    const controller = new AbortController();
    const { result } = flow.start(undefined, { signal: controller.signal });
    await started.promise;
    controller.abort(new Error('user pressed Stop'));
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowCancelledError);
    expect((error as FlowCancelledError).cause).toEqual(new Error('user pressed Stop'));
    for (const name of ['forever', 'stubborn']) {
      expect(capture.span(name).status).toEqual({
        code: SpanStatusCode.ERROR,
        message: 'Flow "stubborn" was cancelled',
      });
      expect(capture.span(name).attributes['genkit:state']).toBe('error');
    }
    expect(capture.span('ready').attributes['genkit:state']).toBe('success');
  });

  it('gives steps and nested flows the run signal; a step started after the cancel does not run', async () => {
    const seen: Array<AbortSignal | undefined> = [];
    const ran: string[] = [];
    const innerStarted = deferred();
    const afterRefused = deferred<unknown>();
    const inner = defineFlow({ name: 'inner', inputSchema: z.void(), registry }, () => {
      seen.push(currentSignal());
      innerStarted.resolve();
      return new Promise<never>(() => {});
    });
    const outer = defineFlow({ name: 'outer', inputSchema: z.void(), registry }, async () => {
      await run('look', () => seen.push(currentSignal()));
      await inner().catch(() => {});
      await run('after', () => ran.push('after')).catch((e: unknown) => afterRefused.resolve(e));
    });
    expect(currentSignal()).toBeUndefined();
    const controller = new AbortController();
    const { result } = outer.start(undefined, { signal: controller.signal });
    await innerStarted.promise;
    expect(seen).toHaveLength(2);
    expect(seen.every((signal) => signal instanceof AbortSignal && !signal.aborted)).toBe(true);
    controller.abort();
    await expect(result).rejects.toThrow('Flow "outer" was cancelled');
    expect(seen.every((signal) => signal?.aborted)).toBe(true);
    expect(capture.span('inner').status.message).toBe('Flow "inner" was cancelled');
    expect(await afterRefused.promise).toBeInstanceOf(FlowCancelledError);
    expect(ran).toEqual([]);
  });
});
