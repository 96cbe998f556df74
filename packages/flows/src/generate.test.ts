import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineFlow } from './define-flow.js';
import { FlowCancelledError } from './flow-errors.js';
import { createRegistry } from './flow-registry.js';
import { configureGemini } from './gemini-config.js';
import { generate } from './generate.js';
import { GenerateError } from './generate-error.js';
import { run } from './run.js';
import { captureSpans, deferred } from './test-support/capture.js';
import { startFakeGemini } from './test-support/fake-gemini.js';

let capture: ReturnType<typeof captureSpans>;
let gemini: Awaited<ReturnType<typeof startFakeGemini>>;
beforeEach(async () => {
  capture = captureSpans();
  gemini = await startFakeGemini();
  vi.stubEnv('GEMINI_API_KEY', '');
  vi.stubEnv('GEMINI_BASE_URL', '');
});
afterEach(async () => {
  configureGemini({});
  vi.unstubAllEnvs();
  await gemini.close();
  await capture.close();
});

describe('generate', () => {
  it('calls Gemini through the SDK and records a Genkit model span', async () => {
    const registry = createRegistry();
    const flow = defineFlow({ name: 'ask', inputSchema: z.string(), registry }, (question) =>
      generate({
        prompt: question,
        apiKey: 'test-key',
        baseUrl: gemini.baseUrl,
        config: { temperature: 0.2, maxOutputTokens: 64 },
      }),
    );
    const result = await flow('Say hello');
    expect(result).toEqual({
      text: 'Hello world',
      usage: { inputTokens: 7, outputTokens: 2 },
      model: 'gemini-2.5-flash-001',
      finishReason: 'STOP',
    });
    const [request] = gemini.requests;
    expect(request?.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(request?.apiKey).toBe('test-key');
    expect(request?.body).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }],
      generationConfig: { temperature: 0.2, maxOutputTokens: 64 },
    });

    const span = capture.span('googleai/gemini-2.5-flash');
    expect(span.parentSpanContext?.spanId).toBe(capture.span('ask').spanContext().spanId);
    expect(span.attributes).toMatchObject({
      'genkit:type': 'action',
      'genkit:metadata:subtype': 'model',
      'genkit:name': 'googleai/gemini-2.5-flash',
      'genkit:path': '/{ask,t:flow}/{googleai/gemini-2.5-flash,t:action,s:model}',
      'genkit:state': 'success',
      'gen_ai.system': 'gcp.gemini',
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.request.model': 'gemini-2.5-flash',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 64,
      'gen_ai.response.model': 'gemini-2.5-flash-001',
      'gen_ai.usage.input_tokens': 7,
      'gen_ai.usage.output_tokens': 2,
    });
    const startAttributes = capture.started.find((s) => s.name === 'googleai/gemini-2.5-flash')?.attributes;
    expect(JSON.parse(String(startAttributes?.['genkit:input']))).toEqual({
      messages: [{ role: 'user', content: [{ text: 'Say hello' }] }],
      config: { temperature: 0.2, maxOutputTokens: 64 },
    });
    expect(JSON.parse(String(span.attributes['genkit:output']))).toMatchObject({
      message: { role: 'model', content: [{ text: 'Hello world' }] },
      finishReason: 'stop',
      usage: { inputTokens: 7, outputTokens: 2, totalTokens: 9 },
    });
  });

  it('streams, adding a span event per chunk while the span is open', async () => {
    const release = deferred();
    gemini.behaviour.chunks = ['One', ' two', ' three'];
    gemini.behaviour.afterFirstChunk = release.promise;
    const firstChunk = deferred<string>();
    const pending = generate({
      prompt: 'count',
      model: 'gemini-test',
      stream: true,
      apiKey: 'k',
      baseUrl: gemini.baseUrl,
      onChunk: (text) => firstChunk.resolve(text),
    });
    expect(await firstChunk.promise).toBe('One');
    const open = capture.live.find((s) => s.name === 'googleai/gemini-test');
    expect(open?.ended).toBe(false);
    expect(open?.events.map((e) => e.attributes?.['livespan:chunk.text'])).toEqual(['One']);
    release.resolve();
    const result = await pending;
    expect(result.text).toBe('One two three');
    expect(result.usage).toEqual({ inputTokens: 7, outputTokens: 3 });
    expect(gemini.requests[0]?.url).toBe('/v1beta/models/gemini-test:streamGenerateContent?alt=sse');
    const span = capture.span('googleai/gemini-test');
    expect(span.events.map((e) => [e.name, e.attributes?.['livespan:chunk.index']])).toEqual([
      ['chunk', 0],
      ['chunk', 1],
      ['chunk', 2],
    ]);
    expect(span.attributes['genkit:isRoot']).toBe(true);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(3);
  });

  it('aborts the Gemini request when its run is cancelled, ending the model span as cancelled', async () => {
    const hold = deferred();
    gemini.behaviour.beforeAnswer = hold.promise;
    const registry = createRegistry();
    const flow = defineFlow({ name: 'asking', inputSchema: z.void(), registry }, () =>
      generate({ prompt: 'slow', apiKey: 'k', baseUrl: gemini.baseUrl }),
    );
    const controller = new AbortController();
    const arrived = gemini.nextRequest();
    const { result } = flow.start(undefined, { signal: controller.signal });
    await arrived;
    controller.abort();
    await expect(result).rejects.toBeInstanceOf(FlowCancelledError);
    await gemini.cutOff();
    hold.resolve();
    const model = capture.span('googleai/gemini-2.5-flash');
    expect(model.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Flow "asking" was cancelled' });
    expect(model.attributes['genkit:state']).toBe('error');
    expect(capture.span('asking').status.message).toBe('Flow "asking" was cancelled');
  });

  it('records an API error on the span and re-throws it', async () => {
    gemini.behaviour.failWith = {
      status: 400,
      message: 'API key not valid.',
      statusText: 'INVALID_ARGUMENT',
    };
    const error = await generate({ prompt: 'hi', apiKey: 'bad', baseUrl: gemini.baseUrl }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GenerateError);
    expect((error as GenerateError).status).toBe(400);
    expect((error as GenerateError).message).toMatch(/model "gemini-2\.5-flash" failed: .*API key not valid/);
    const span = capture.span('googleai/gemini-2.5-flash');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toMatch(/API key not valid/);
    expect(span.attributes['genkit:state']).toBe('error');
    expect(span.events.some((e) => e.name === 'exception')).toBe(true);
  });

  it('fails the model step with a clear error naming GEMINI_API_KEY; other steps still run', async () => {
    const registry = createRegistry();
    const flow = defineFlow({ name: 'mixed', inputSchema: z.void(), registry }, async () => {
      const prepared = await run('prepare', () => 'ready');
      const answer = await generate({ prompt: prepared, baseUrl: gemini.baseUrl }).catch(
        (e: Error) => e.message,
      );
      return { prepared, answer };
    });
    const { prepared, answer } = await flow();
    expect(prepared).toBe('ready');
    expect(answer).toMatch(/GEMINI_API_KEY/);
    expect(gemini.requests).toHaveLength(0);
    const model = capture.span('googleai/gemini-2.5-flash');
    expect(model.status).toMatchObject({
      code: SpanStatusCode.ERROR,
      message: expect.stringMatching(/GEMINI_API_KEY/),
    });
    expect(capture.span('prepare').attributes['genkit:state']).toBe('success');
  });

  it('reads the key and base URL from the environment, or from configureGemini', async () => {
    vi.stubEnv('GEMINI_API_KEY', 'env-key');
    vi.stubEnv('GEMINI_BASE_URL', gemini.baseUrl);
    expect((await generate({ prompt: 'a' })).text).toBe('Hello world');
    expect(gemini.requests[0]?.apiKey).toBe('env-key');
    configureGemini({ apiKey: 'configured-key', model: 'gemini-other' });
    await generate({ prompt: 'b' });
    expect(gemini.requests[1]?.apiKey).toBe('configured-key');
    expect(gemini.requests[1]?.url).toBe('/v1beta/models/gemini-other:generateContent');
  });

  it('refuses an empty prompt before calling anything', async () => {
    await expect(generate({ prompt: '' })).rejects.toThrow(/"prompt" must be a non-empty string/);
    expect(capture.started).toHaveLength(0);
  });
});
