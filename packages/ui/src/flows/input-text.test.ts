import { describe, expect, it } from 'vitest';
import { formatInput, lineAndColumn, parseInput } from './input-text';

describe('parseInput / formatInput', () => {
  it('round-trips values as pretty JSON', () => {
    const text = formatInput({ topic: 'a', n: [1, 2] });
    expect(text).toBe('{\n  "topic": "a",\n  "n": [\n    1,\n    2\n  ]\n}');
    expect(parseInput(text)).toEqual({ ok: true, input: { topic: 'a', n: [1, 2] } });
  });

  it('treats blank text as no input', () => {
    expect(formatInput(undefined)).toBe('');
    expect(parseInput('  \n ')).toEqual({ ok: true, input: undefined });
  });

  it('accepts any JSON value, not only objects', () => {
    expect(parseInput('"text"')).toEqual({ ok: true, input: 'text' });
    expect(parseInput('null')).toEqual({ ok: true, input: null });
  });

  it('names the line and column of a syntax error', () => {
    const result = parseInput('{\n  "a": 1,\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/^Invalid JSON at line 3, column 1: /);
  });

  it('places an unexpected end at the end of the text', () => {
    const result = parseInput('{\n  "a":');
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^Invalid JSON at line 2, column 7: /),
    });
  });

  it('does not echo the whole text back in the message', () => {
    const text = `{"long": "${'x'.repeat(200)}" oops}`;
    const result = parseInput(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.length).toBeLessThan(120);
  });
});

describe('lineAndColumn', () => {
  it('is 1-based and clamps offsets to the text', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('ab', 99)).toEqual({ line: 1, column: 3 });
  });
});
