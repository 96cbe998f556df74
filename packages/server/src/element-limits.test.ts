import { describe, expect, it } from 'vitest';
import { checkJsonElements } from './element-limits.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
/** JSON nested `levels` deep, with the brackets inside a string value too. */
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('checkJsonElements', () => {
  it('refuses a body nested deeper than the limit and accepts one at it', () => {
    expect(() => checkJsonElements(bytes(nested(160)))).not.toThrow();
    expect(() => checkJsonElements(bytes(nested(161)))).toThrow(/nested deeper than 160/);
  });

  it('refuses a body with more elements than the limit', () => {
    expect(() => checkJsonElements(bytes(`[${'0,'.repeat(249_998)}0]`))).not.toThrow();
    expect(() => checkJsonElements(bytes(`[${'0,'.repeat(250_000)}0]`))).toThrow(/more than 250000/);
  });

  it('does not count brackets and commas inside strings, escaped quotes included', () => {
    const inString = JSON.stringify(`a\\"${nested(200)}${','.repeat(300_000)}"\\`);
    expect(() => checkJsonElements(bytes(`{"k":${inString}}`))).not.toThrow();
    // After the string closes, brackets count again.
    expect(() => checkJsonElements(bytes(`[${inString},${nested(160)}]`))).toThrow(/nested deeper/);
  });

  it('counts what follows a string that ends in an escaped backslash', () => {
    const text = `["a\\\\",${nested(160)}]`;
    expect(JSON.parse(text)).toHaveLength(2);
    expect(() => checkJsonElements(bytes(text))).toThrow(/nested deeper/);
  });
});
