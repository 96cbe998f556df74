import { describe, expect, it } from 'vitest';
import { fromLocalInput, inRange, parseRange, rangeParams, resolveRange, toLocalInput } from './time-range';

describe('time range', () => {
  it('reads presets and absolute bounds from the URL and writes them back', () => {
    expect(parseRange('15m', null)).toEqual({ kind: 'last', preset: '15m' });
    expect(parseRange('1000', '2000')).toEqual({ kind: 'custom', since: 1000, until: 2000 });
    expect(parseRange(null, '2000')).toEqual({ kind: 'custom', since: undefined, until: 2000 });
    expect(parseRange(null, null)).toEqual({ kind: 'all' });
    expect(parseRange('yesterday', '-5')).toEqual({ kind: 'all' });
    expect(rangeParams({ kind: 'last', preset: '24h' })).toEqual({ since: '24h' });
    expect(rangeParams({ kind: 'custom', since: 1000 })).toEqual({ since: '1000', until: undefined });
  });

  it('resolves presets against now, since inclusive and until exclusive', () => {
    const now = 10 * 60 * 60_000;
    expect(resolveRange({ kind: 'last', preset: '1h' }, now)).toEqual({ since: now - 3_600_000 });
    expect(inRange(now - 3_600_000, { kind: 'last', preset: '1h' }, now)).toBe(true);
    expect(inRange(now - 3_600_001, { kind: 'last', preset: '1h' }, now)).toBe(false);
    expect(inRange(1000, { kind: 'custom', since: 1000, until: 2000 }, now)).toBe(true);
    expect(inRange(2000, { kind: 'custom', since: 1000, until: 2000 }, now)).toBe(false);
    expect(inRange(0, { kind: 'all' }, now)).toBe(true);
  });
});

describe('datetime-local values', () => {
  it('round-trip to the minute in local time', () => {
    const time = new Date(2026, 10, 30, 7, 6).getTime();
    expect(toLocalInput(time)).toBe('2026-11-30T07:06');
    expect(fromLocalInput('2026-11-30T07:06')).toBe(time);
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('not a date')).toBeUndefined();
  });
});
