import { configureGemini } from '@livespan/flows';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureSpans } from '../../../packages/flows/src/test-support/capture.js';
import { startFakeGemini } from '../../../packages/flows/src/test-support/fake-gemini.js';
import {
  checkRealtimeStatus,
  llmChainFlow,
  longRunningFlow,
  multiStepFlow,
  nestedFlow,
  parallelTasksFlow,
} from './flows/index.js';

let capture: ReturnType<typeof captureSpans>;
let gemini: Awaited<ReturnType<typeof startFakeGemini>>;

beforeAll(async () => {
  process.env.DEMO_SPEED = '50';
  gemini = await startFakeGemini();
  configureGemini({ apiKey: 'test-key', baseUrl: gemini.baseUrl });
});
afterAll(async () => {
  await gemini.close();
  delete process.env.DEMO_SPEED;
});
beforeEach(() => {
  capture = captureSpans();
});
afterEach(async () => {
  await capture.close();
});

const attr = (span: ReadableSpan, key: string) => span.attributes[key];
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const startedWith = (name: string) => capture.started.find((s) => s.name === name)?.attributes;
const ms = (time: ReadableSpan['startTime']) => time[0] * 1000 + time[1] / 1e6;
/**
 * `b` started after `a` ended. OpenTelemetry stamps starts with Date.now() (whole ms) and
 * ends with the performance clock, so compare at whole milliseconds.
 */
const startsAfter = (b: ReadableSpan, a: ReadableSpan) =>
  Math.floor(ms(b.startTime)) >= Math.floor(ms(a.endTime));

describe('multi_step_flow', () => {
  it('runs research, then analysis, then a model summary, each a child of the flow', async () => {
    gemini.behaviour.chunks = ['A short', ' summary.'];
    const result = await multiStepFlow({ topic: 'otters' });
    expect(result.summary).toBe('A short summary.');
    const flow = capture.span('multi_step_flow');
    const research = capture.span('research');
    const analysis = capture.span('analysis');
    const model = capture.span('googleai/gemini-2.5-flash');
    for (const step of [research, analysis, model]) expect(parentOf(step)).toBe(idOf(flow));
    expect(startsAfter(analysis, research)).toBe(true);
    expect(startsAfter(model, analysis)).toBe(true);
    expect(attr(research, 'genkit:path')).toBe('/{multi_step_flow,t:flow}/{research,t:flowStep}');
    expect(startedWith('research')?.['genkit:input']).toBe('{"topic":"otters"}');
    expect(startedWith('multi_step_flow')?.['genkit:input']).toBe('{"topic":"otters"}');
    expect(attr(model, 'gen_ai.usage.output_tokens')).toBe(2);
    expect(attr(flow, 'genkit:state')).toBe('success');
  });

  it('fails its model step with an error naming GEMINI_API_KEY when there is no key', async () => {
    configureGemini({ apiKey: '', baseUrl: gemini.baseUrl });
    const saved = process.env.GEMINI_API_KEY;
    delete process.env.GEMINI_API_KEY;
    try {
      await expect(multiStepFlow({ topic: 'keys' })).rejects.toThrow(/GEMINI_API_KEY/);
      expect(attr(capture.span('research'), 'genkit:state')).toBe('success');
      expect(capture.span('multi_step_flow').status.message).toMatch(/GEMINI_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.GEMINI_API_KEY = saved;
      configureGemini({ apiKey: 'test-key', baseUrl: gemini.baseUrl });
    }
  });
});

describe('nested_flow', () => {
  it('nests level_3 > level_2 > level_1 by default', async () => {
    await nestedFlow({});
    const flow = capture.span('nested_flow');
    const [l3, l2, l1] = ['level_3', 'level_2', 'level_1'].map((name) =>
      capture.span(name),
    ) as ReadableSpan[];
    expect(parentOf(l3!)).toBe(idOf(flow));
    expect(parentOf(l2!)).toBe(idOf(l3!));
    expect(parentOf(l1!)).toBe(idOf(l2!));
    expect(attr(flow, 'genkit:input')).toBe('{"depth":3}');
  });

  it('rejects a depth that is not a positive whole number, naming the field', async () => {
    await expect(nestedFlow({ depth: 0 })).rejects.toThrow(/depth/);
  });
});

describe('long_running_flow', () => {
  it('reports progress events on its slow task while it runs', async () => {
    const result = await longRunningFlow({ seconds: 3 });
    expect(result.processed_items).toBe(300);
    const task = capture.span('slow_task');
    expect(task.events.map((e) => e.name)).toEqual(['33% done', '67% done', '100% done']);
    expect(attr(task, 'livespan:progress')).toBe('100% done');
    expect(capture.ended().map((s) => s.name)).toEqual([
      'prepare',
      'slow_task',
      'finish',
      'long_running_flow',
    ]);
  });
});

describe('parallel_tasks_flow', () => {
  it('runs its tasks as overlapping siblings that end one after another', async () => {
    const result = await parallelTasksFlow({ num_tasks: 3 });
    expect(result.completed).toBe(3);
    const flow = capture.span('parallel_tasks_flow');
    const tasks = [0, 1, 2].map((i) => capture.span(`parallel_task_${i}`));
    for (const task of tasks) expect(parentOf(task)).toBe(idOf(flow));
    const lastStart = Math.max(...tasks.map((t) => ms(t.startTime)));
    const firstEnd = Math.min(...tasks.map((t) => ms(t.endTime)));
    expect(lastStart).toBeLessThan(firstEnd);
    const endOrder = capture
      .ended()
      .filter((s) => s.name.startsWith('parallel_task_'))
      .map((s) => s.name);
    expect(endOrder).toEqual(['parallel_task_0', 'parallel_task_1', 'parallel_task_2']);
  });
});

describe('llm_chain_flow', () => {
  it('chains three model calls, each fed by the one before', async () => {
    gemini.behaviour.chunks = ['Octopuses have three hearts.'];
    const before = gemini.requests.length;
    const result = await llmChainFlow({});
    expect(result.fact).toBe('Octopuses have three hearts.');
    const calls = gemini.requests.slice(before);
    expect(calls).toHaveLength(3);
    expect(JSON.stringify(calls[1]!.body)).toContain('Octopuses have three hearts.');
    const models = capture.ended().filter((s) => s.name.startsWith('googleai/'));
    expect(models).toHaveLength(3);
    const flow = capture.span('llm_chain_flow');
    for (const model of models) expect(parentOf(model)).toBe(idOf(flow));
  });
});

describe('streaming', () => {
  it('llm_chain_flow streams its three model calls: chunk events on each model span, chunks to the caller', async () => {
    gemini.behaviour.chunks = ['Three', ' hearts.'];
    const sent: unknown[] = [];
    await llmChainFlow.start({}, { onChunk: (chunk) => sent.push(chunk) }).result;
    expect(sent.join('')).toBe('Fact: Three hearts.\n\nQuestion: Three hearts.\n\nAnswer: Three hearts.');
    const models = capture.ended().filter((s) => s.name.startsWith('googleai/'));
    expect(models).toHaveLength(3);
    for (const model of models) expect(model.events.filter((e) => e.name === 'chunk')).toHaveLength(2);
  });

  it('multi_step_flow streams its summary to the caller', async () => {
    gemini.behaviour.chunks = ['A short', ' summary.'];
    const sent: unknown[] = [];
    await multiStepFlow.start({ topic: 'otters' }, { onChunk: (chunk) => sent.push(chunk) }).result;
    expect(sent).toEqual(['A short', ' summary.']);
    expect(multiStepFlow.streamSchema).toBeDefined();
  });
});

describe('check_realtime_status', () => {
  it('reports the realtime setting, the telemetry server and the raw variable', async () => {
    const saved = { ...process.env };
    process.env.GENKIT_ENABLE_REALTIME_TELEMETRY = 'true';
    process.env.GENKIT_TELEMETRY_SERVER = 'http://127.0.0.1:4999';
    try {
      expect(await checkRealtimeStatus({})).toEqual({
        realtime_enabled: true,
        telemetry_server: 'http://127.0.0.1:4999',
        GENKIT_ENABLE_REALTIME_TELEMETRY: 'true',
      });
      process.env.GENKIT_ENABLE_REALTIME_TELEMETRY = 'false';
      expect((await checkRealtimeStatus({})).realtime_enabled).toBe(false);
    } finally {
      process.env = saved;
    }
  });
});
