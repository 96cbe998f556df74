import { describe, expect, it } from 'vitest';
import { readTraceUrl, spanLink, writeTraceUrl } from './trace-url';

describe('trace URL state', () => {
  it('reads the selected span and the search, ignoring empty values', () => {
    expect(readTraceUrl('?span=abc&q=fetch%20x')).toEqual({ span: 'abc', q: 'fetch x' });
    expect(readTraceUrl('?span=&q=')).toEqual({});
  });

  it('writes them back, keeping other parameters and dropping cleared ones', () => {
    expect(writeTraceUrl('?x=1&span=old', { span: 'new', q: 'a b' })).toBe('?x=1&span=new&q=a+b');
    expect(writeTraceUrl('?span=old&q=a', {})).toBe('');
  });

  it('links to a span', () => {
    expect(spanLink('http://h:4000', '/traces/t1', 's1')).toBe('http://h:4000/traces/t1?span=s1');
  });
});
