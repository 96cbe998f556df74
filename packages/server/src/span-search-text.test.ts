import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_TEXT_LENGTH, spanSearchText } from './span-search-text.js';
import { makeSpan } from './test-support/factories.js';

describe('spanSearchText', () => {
  it('holds the name, status message, keys and values (nested ones flattened), lower-cased', () => {
    const span = makeSpan({
      displayName: 'Fetch',
      status: { code: 2, message: 'Timeout' },
      attributes: { 'User.Id': 'U-42', retry: true, tags: ['A', { Deep: null }], empty: {} },
    });
    expect(spanSearchText(span).split('\n')).toEqual([
      'fetch',
      'timeout',
      'user.id u-42',
      'retry true',
      'tags',
      'tags.0 a',
      'tags.1',
      'tags.1.deep',
      'empty',
    ]);
  });

  it('cuts the text of a span with huge attributes and replaces NUL, which PostgreSQL cannot store', () => {
    const big = 'x'.repeat(40_000);
    const text = spanSearchText(makeSpan({ attributes: { a: big, b: big, c: big, d: 'a\0b' } }));
    expect(text.length).toBe(MAX_SEARCH_TEXT_LENGTH);
    expect(text.split('\n').map((line) => line.slice(0, 3))).toEqual(['roo', 'a x', 'b x']);
    expect(spanSearchText(makeSpan({ attributes: { d: 'a\0b' } }))).toBe('root\nd a b');
  });
});
