import { describe, expect, it } from 'vitest';
import { applyStreamLine, chunkText, EMPTY_RUN_OUTPUT, MAX_OUTPUT_CHARS } from './run-output';

describe('applyStreamLine', () => {
  it('collects the trace id, the chunks in order, then the result', () => {
    let output = applyStreamLine(EMPTY_RUN_OUTPUT, { traceId: 'abc' });
    output = applyStreamLine(output, { chunk: 'Once' });
    output = applyStreamLine(output, { chunk: ' upon' });
    expect(output).toEqual({ traceId: 'abc', text: 'Once upon', chunkCount: 2, totalChars: 9 });
    expect(applyStreamLine(output, { result: { story: 'Once upon' } }).end).toEqual({
      result: { story: 'Once upon' },
    });
    expect(applyStreamLine(output, { error: 'cancelled' }).end).toEqual({ error: 'cancelled' });
  });

  it('keeps the latest part of a very long output', () => {
    let output = applyStreamLine(EMPTY_RUN_OUTPUT, { chunk: 'x'.repeat(MAX_OUTPUT_CHARS) });
    output = applyStreamLine(output, { chunk: 'END' });
    expect(output.text).toHaveLength(MAX_OUTPUT_CHARS);
    expect(output.text.endsWith('END')).toBe(true);
    expect(output.totalChars).toBe(MAX_OUTPUT_CHARS + 3);
  });
});

describe('chunkText', () => {
  it('reads strings, {text} and Genkit model chunks as text, anything else as a JSON line', () => {
    expect(chunkText('a')).toBe('a');
    expect(chunkText({ text: 'b' })).toBe('b');
    expect(chunkText({ index: 0, role: 'model', content: [{ text: 'c' }, { text: 'd' }] })).toBe('cd');
    expect(chunkText({ step: 2 })).toBe('{"step":2}\n');
    expect(chunkText(null)).toBe('null\n');
  });
});
