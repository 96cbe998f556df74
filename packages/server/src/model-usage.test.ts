import { describe, expect, it } from 'vitest';
import { mayHoldUsage, usageOfSpan } from './model-usage.js';

const span = (attributes: Record<string, unknown>, displayName = 'call') =>
  ({ attributes, displayName }) as Parameters<typeof usageOfSpan>[0];

describe('usageOfSpan', () => {
  it('reads OpenTelemetry GenAI usage, with the response model', () => {
    expect(
      usageOfSpan(
        span({
          'gen_ai.usage.input_tokens': 120,
          'gen_ai.usage.output_tokens': 30,
          'gen_ai.usage.cache_read.input_tokens': 100,
          'gen_ai.usage.reasoning_tokens': 12,
          'gen_ai.request.model': 'gemini-2.5-flash',
          'gen_ai.response.model': 'gemini-2.5-flash-001',
        }),
      ),
    ).toEqual({
      inputTokens: 120,
      outputTokens: 30,
      cachedTokens: 100,
      reasoningTokens: 12,
      model: 'gemini-2.5-flash-001',
    });
  });

  it('reads the older GenAI names and OpenAI-style details', () => {
    expect(
      usageOfSpan(
        span({
          'gen_ai.usage.prompt_tokens': 50,
          'gen_ai.usage.completion_tokens': 20,
          'gen_ai.usage.prompt_tokens_details.cached_tokens': 10,
          'gen_ai.usage.completion_tokens_details.reasoning_tokens': 5,
          'gen_ai.request.model': 'gpt-4o',
        }),
      ),
    ).toEqual({ inputTokens: 50, outputTokens: 20, cachedTokens: 10, reasoningTokens: 5, model: 'gpt-4o' });
  });

  it('reads OpenInference and OpenLLMetry keys', () => {
    expect(
      usageOfSpan(
        span({ 'llm.token_count.prompt': 9, 'llm.token_count.completion': 4, 'llm.model_name': 'claude-3' }),
      ),
    ).toEqual({ inputTokens: 9, outputTokens: 4, model: 'claude-3' });
    expect(usageOfSpan(span({ 'llm.usage.prompt_tokens': '8', 'llm.usage.completion_tokens': '2' }))).toEqual(
      {
        inputTokens: 8,
        outputTokens: 2,
      },
    );
  });

  it("reads a Genkit model span's output usage, thoughts added to the output, named by the model", () => {
    const output = JSON.stringify({
      message: { role: 'model', content: [{ text: 'hi' }] },
      usage: { inputTokens: 11, outputTokens: 7, cachedContentTokens: 3, thoughtsTokens: 2, totalTokens: 20 },
    });
    expect(
      usageOfSpan(
        span(
          {
            'genkit:metadata:subtype': 'model',
            'genkit:name': 'googleai/gemini-2.5-flash',
            'genkit:output': output,
          },
          'googleai/gemini-2.5-flash',
        ),
      ),
    ).toEqual({
      inputTokens: 11,
      outputTokens: 9,
      cachedTokens: 3,
      reasoningTokens: 2,
      model: 'googleai/gemini-2.5-flash',
    });
  });

  it("prefers a model span's GenAI attributes over its Genkit output (livespan's generate has both)", () => {
    const output = JSON.stringify({ usage: { inputTokens: 1, outputTokens: 1 } });
    expect(
      usageOfSpan(
        span({
          'genkit:metadata:subtype': 'model',
          'genkit:output': output,
          'gen_ai.usage.input_tokens': 40,
          'gen_ai.usage.output_tokens': 8,
          'gen_ai.response.model': 'gemini-2.5-flash',
        }),
      ),
    ).toEqual({ inputTokens: 40, outputTokens: 8, model: 'gemini-2.5-flash' });
  });

  it('does not count the usage Genkit repeats in generate and flow outputs', () => {
    const output = JSON.stringify({ usage: { inputTokens: 11, outputTokens: 7 } });
    expect(
      usageOfSpan(span({ 'genkit:metadata:subtype': 'util', 'genkit:output': output }, 'generate')),
    ).toBe(undefined);
    expect(usageOfSpan(span({ 'genkit:metadata:subtype': 'flow', 'genkit:output': output }))).toBe(undefined);
  });

  it('ignores counts that are not whole non-negative numbers, and a span with no input or output count', () => {
    expect(usageOfSpan(span({ 'gen_ai.usage.input_tokens': -1, 'gen_ai.usage.output_tokens': 'many' }))).toBe(
      undefined,
    );
    expect(usageOfSpan(span({ 'llm.token_count.total': 10 }))).toBe(undefined);
    expect(
      usageOfSpan(span({ 'genkit:metadata:subtype': 'model', 'genkit:output': '{not json usage' })),
    ).toBe(undefined);
  });
});

describe('mayHoldUsage', () => {
  it('is true for the JSON of every span that has usage, so a store may skip parsing the others', () => {
    for (const attributes of [
      { 'gen_ai.usage.input_tokens': 1 },
      { 'llm.token_count.prompt': 1 },
      { 'genkit:metadata:subtype': 'model', 'genkit:output': JSON.stringify({ usage: { inputTokens: 1 } }) },
    ]) {
      expect(usageOfSpan(span(attributes))).toBeDefined();
      expect(mayHoldUsage(JSON.stringify(span(attributes)))).toBe(true);
    }
    expect(mayHoldUsage(JSON.stringify(span({ 'genkit:output': '"plain"' })))).toBe(false);
  });
});
