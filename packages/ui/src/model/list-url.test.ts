import { describe, expect, it } from 'vitest';
import { listUrlSearch, parseListUrl } from './list-url';
import { NO_FILTER } from './trace-list';

describe('list URL', () => {
  it('round-trips search, statuses and time range', () => {
    const search = '?q=order+42&status=running%2Cerror&since=15m';
    const filter = parseListUrl(search);
    expect(filter).toEqual({
      q: 'order 42',
      statuses: ['running', 'error'],
      range: { kind: 'last', preset: '15m' },
    });
    expect(parseListUrl(listUrlSearch(filter))).toEqual(filter);
  });

  it('keeps statuses in one order and drops unknown ones', () => {
    expect(parseListUrl('?status=ok,bogus,running').statuses).toEqual(['running', 'ok']);
  });

  it('writes nothing for no filter', () => {
    expect(listUrlSearch(NO_FILTER)).toBe('');
    expect(parseListUrl('')).toEqual(NO_FILTER);
  });
});
