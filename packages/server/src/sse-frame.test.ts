import { describe, expect, it } from 'vitest';
import { formatSseComment, formatSseFrame } from './sse-frame.js';

describe('formatSseFrame', () => {
  it('writes id, event and data lines then a blank line', () => {
    expect(formatSseFrame({ id: 7, event: 'span_end', data: '{"a":1}' })).toBe(
      'id: 7\nevent: span_end\ndata: {"a":1}\n\n',
    );
  });

  it('splits multi-line data on LF, CR and CRLF into data lines', () => {
    expect(formatSseFrame({ data: 'a\nb\r\nc\rd' })).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n');
    expect(formatSseFrame({ data: '' })).toBe('data: \n\n');
  });

  it('cannot be broken out of through the event name or a comment', () => {
    expect(formatSseFrame({ event: 'x\ndata: evil', data: '1' })).toBe('event: x data: evil\ndata: 1\n\n');
    expect(formatSseComment('keep-alive\n\nid: 9')).toBe(': keep-alive  id: 9\n\n');
  });
});
