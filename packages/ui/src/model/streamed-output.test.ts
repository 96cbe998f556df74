import { describe, expect, it } from 'vitest';
import type { Span } from '../api/schemas';
import { makeSpan } from '../test-support/make-span';
import { MAX_SHOWN_CHARS, streamedOutput } from './streamed-output';

const MODEL = { 'genkit:metadata:subtype': 'model', 'gen_ai.request.model': 'gemini-2.5-flash' };

function chunk(time: number, text: string, index?: number) {
  const attributes = {
    'livespan:chunk.text': text,
    ...(index !== undefined && { 'livespan:chunk.index': index }),
  };
  return { time, annotation: { description: 'chunk', attributes } };
}

function modelSpan(overrides: Partial<Span>): Span {
  return makeSpan({ startTime: 1_000, endTime: 0, attributes: MODEL, ...overrides });
}

describe('streamedOutput', () => {
  it('is undefined for spans that are not model calls', () => {
    expect(streamedOutput(makeSpan({ attributes: { 'genkit:type': 'flow' } }), 5_000)).toBeUndefined();
  });

  it('joins chunk events into one text while running, with time to first token and an estimated pace', () => {
    const span = modelSpan({
      timeEvents: { timeEvent: [chunk(1_400, 'Once'), chunk(1_900, ' upon a'), chunk(2_400, ' time')] },
    });
    const output = streamedOutput(span, 3_400);
    expect(output).toMatchObject({ text: 'Once upon a time', source: 'chunks', chunkCount: 3 });
    expect(output?.timeToFirstTokenMs).toBe(400);
    // 16 characters ≈ 4 tokens over the 2 s since the first chunk.
    expect(output?.tokensPerSecond).toEqual({ value: 2, estimated: true });
  });

  it('grows as chunks arrive and keeps their order', () => {
    const events = [chunk(1_100, 'a'), chunk(1_200, 'b')];
    expect(streamedOutput(modelSpan({ timeEvents: { timeEvent: events } }), 1_300)?.text).toBe('ab');
    events.push(chunk(1_250, 'c'));
    expect(streamedOutput(modelSpan({ timeEvents: { timeEvent: events } }), 1_300)?.text).toBe('abc');
  });

  it('uses the reported output tokens once known, not an estimate', () => {
    const span = modelSpan({
      endTime: 3_000,
      attributes: { ...MODEL, 'gen_ai.usage.output_tokens': 30 },
      timeEvents: { timeEvent: [chunk(1_500, 'Hello'), chunk(2_000, ' world')] },
    });
    expect(streamedOutput(span, 9_999)?.tokensPerSecond).toEqual({ value: 20, estimated: false });
  });

  it('shows the latest part of a very long answer and says how long it is', () => {
    const long = `${'x'.repeat(MAX_SHOWN_CHARS)}END`;
    const output = streamedOutput(modelSpan({ timeEvents: { timeEvent: [chunk(1_100, long)] } }), 2_000);
    expect(output?.text).toHaveLength(MAX_SHOWN_CHARS);
    expect(output?.text.endsWith('END')).toBe(true);
    expect(output?.totalChars).toBe(MAX_SHOWN_CHARS + 3);
  });

  it('has no text yet for a running model span without chunks', () => {
    expect(streamedOutput(modelSpan({}), 2_000)).toEqual({
      text: '',
      totalChars: 0,
      source: 'none',
      chunkCount: 0,
      missingChunks: 0,
    });
  });

  it("says how many chunks the sender's event limit dropped from the start, and has no first-token time then", () => {
    // OpenTelemetry keeps the last 128 events of a span: chunks 0 to 71 are gone.
    const events = Array.from({ length: 128 }, (_, i) => chunk(2_000 + i, `w${i + 72} `, i + 72));
    const output = streamedOutput(modelSpan({ timeEvents: { timeEvent: events } }), 3_000);
    expect(output?.missingChunks).toBe(72);
    expect(output?.text.startsWith('w72 ')).toBe(true);
    expect(output?.timeToFirstTokenMs).toBeUndefined();
  });

  it('shows the whole recorded answer once ended when the chunk events lack part of it', () => {
    const span = modelSpan({
      endTime: 3_000,
      attributes: {
        ...MODEL,
        'genkit:output': JSON.stringify({
          message: { role: 'model', content: [{ text: 'start, middle, end' }] },
        }),
      },
      timeEvents: { timeEvent: [chunk(2_000, ' end', 2)] },
    });
    expect(streamedOutput(span, 9_999)).toMatchObject({
      text: 'start, middle, end',
      source: 'chunks',
      missingChunks: 0,
    });
  });

  it("reads a Genkit model span's final answer from genkit:output once it ends", () => {
    // What Genkit 1.42 records on a streaming model action: no chunk events, the answer at the end.
    const span = modelSpan({
      endTime: 3_000,
      attributes: {
        'genkit:metadata:subtype': 'model',
        'genkit:output': JSON.stringify({
          message: { role: 'model', content: [{ text: 'Once upon' }, { text: ' a time' }] },
          finishReason: 'stop',
          usage: { inputTokens: 3, outputTokens: 4 },
        }),
      },
    });
    const output = streamedOutput(span, 9_999);
    expect(output).toMatchObject({ text: 'Once upon a time', source: 'final', chunkCount: 0 });
    expect(output?.timeToFirstTokenMs).toBeUndefined();
    expect(output?.tokensPerSecond).toEqual({ value: 2, estimated: false });
  });

  it('reads OpenTelemetry GenAI answers: gen_ai.output.messages, completion and choice events', () => {
    const base = { endTime: 2_000, attributes: { 'gen_ai.operation.name': 'chat' } };
    const messages = modelSpan({
      ...base,
      attributes: {
        ...base.attributes,
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: 'from messages' }], finish_reason: 'stop' },
        ]),
      },
    });
    expect(streamedOutput(messages, 0)?.text).toBe('from messages');

    const completion = modelSpan({
      ...base,
      timeEvents: {
        timeEvent: [
          {
            time: 1_900,
            annotation: {
              description: 'gen_ai.content.completion',
              attributes: {
                'gen_ai.completion': JSON.stringify([{ role: 'assistant', content: 'from event' }]),
              },
            },
          },
        ],
      },
    });
    expect(streamedOutput(completion, 0)?.text).toBe('from event');

    const choice = modelSpan({
      ...base,
      timeEvents: {
        timeEvent: [
          {
            time: 1_900,
            annotation: {
              description: 'gen_ai.choice',
              attributes: { message: JSON.stringify({ role: 'assistant', content: 'from choice' }) },
            },
          },
        ],
      },
    });
    expect(streamedOutput(choice, 0)?.text).toBe('from choice');

    const eventContent = modelSpan({
      ...base,
      timeEvents: {
        timeEvent: [
          {
            time: 1_900,
            annotation: {
              description: 'gen_ai.choice',
              attributes: {
                'gen_ai.event.content': JSON.stringify({
                  index: 0,
                  message: { content: 'from event content' },
                }),
              },
            },
          },
        ],
      },
    });
    expect(streamedOutput(eventContent, 0)?.text).toBe('from event content');
  });

  it('reads the OpenLLMetry and OpenInference keys', () => {
    const openllmetry = modelSpan({
      endTime: 2_000,
      attributes: { 'gen_ai.system': 'openai', 'gen_ai.completion.0.content': 'llmetry text' },
    });
    expect(streamedOutput(openllmetry, 0)?.text).toBe('llmetry text');
    const openinference = modelSpan({
      endTime: 2_000,
      attributes: { 'openinference.span.kind': 'LLM', 'output.value': 'inference text' },
    });
    expect(streamedOutput(openinference, 0)?.text).toBe('inference text');
  });
});
