import { describe, expect, it } from 'vitest';
import { describeAttributes, parseMaybeJson, prettyValue } from './attributes';

describe('describeAttributes', () => {
  it('pulls out Genkit and GenAI attributes and sorts the rest', () => {
    const view = describeAttributes({
      zeta: 1,
      'genkit:type': 'flow',
      'genkit:path': '/{myFlow,t:flow}',
      'genkit:input': '{"city":"Paris"}',
      'genkit:output': 'not json',
      'gen_ai.request.model': 'gemini-2.5-flash',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': '45',
      alpha: 'x',
    });
    expect(view).toEqual({
      genkitType: 'flow',
      genkitPath: '/{myFlow,t:flow}',
      input: { json: true, value: { city: 'Paris' } },
      output: { json: false, text: 'not json' },
      model: 'gemini-2.5-flash',
      inputTokens: 120,
      outputTokens: 45,
      rest: [
        ['alpha', 'x'],
        ['zeta', 1],
      ],
    });
  });

  it('ignores token counts that are not numbers', () => {
    const view = describeAttributes({ 'gen_ai.usage.input_tokens': 'many' });
    expect(view.inputTokens).toBeUndefined();
  });
});

describe('parseMaybeJson and prettyValue', () => {
  it('keeps non-string values as JSON values', () => {
    expect(parseMaybeJson(42)).toEqual({ json: true, value: 42 });
  });

  it('pretty-prints JSON but leaves strings as they are', () => {
    expect(prettyValue({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyValue('<img src=x>')).toBe('<img src=x>');
    expect(prettyValue(undefined)).toBe('undefined');
  });
});
