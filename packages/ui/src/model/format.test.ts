import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatDuration,
  formatLiveDuration,
  formatOffset,
  formatRelative,
  formatSilence,
  shortId,
} from './format';

describe('formatDuration', () => {
  it('scales from milliseconds to hours', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(340.7)).toBe('340 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(59_999)).toBe('59.9 s');
    expect(formatDuration(125_000)).toBe('2 m 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 m');
  });

  it('marks running durations and never goes negative', () => {
    expect(formatDuration(1200, true)).toBe('1.2 s…');
    expect(formatDuration(-5)).toBe('0 ms');
  });
});

describe('formatRelative', () => {
  it('reads like "12 s ago"', () => {
    const now = 1_000_000_000;
    expect(formatRelative(now - 300, now)).toBe('just now');
    expect(formatRelative(now + 5000, now)).toBe('just now');
    expect(formatRelative(now - 12_000, now)).toBe('12 s ago');
    expect(formatRelative(now - 180_000, now)).toBe('3 m ago');
    expect(formatRelative(now - 7_200_000, now)).toBe('2 h ago');
    expect(formatRelative(now - 4 * 86_400_000, now)).toBe('4 d ago');
  });
});

describe('formatClock, formatOffset, shortId', () => {
  it('formats wall-clock times with milliseconds', () => {
    expect(formatClock(new Date(2026, 0, 2, 3, 4, 5, 67).getTime())).toBe('03:04:05.067');
  });

  it('signs offsets', () => {
    expect(formatOffset(12)).toBe('+12 ms');
    expect(formatOffset(-1500)).toBe('−1.5 s');
  });

  it('shortens only long ids', () => {
    expect(shortId('abc')).toBe('abc');
    expect(shortId('0123456789abcdef')).toBe('01234567…');
  });
});

describe('formatLiveDuration', () => {
  it('marks a ticking value, and reads "last known" while the connection is lost', () => {
    expect(formatLiveDuration(12_345, true, false)).toBe('12.3 s…');
    expect(formatLiveDuration(12_345, true, true)).toBe('last known 12.3 s');
    expect(formatLiveDuration(12_345, false, true)).toBe('12.3 s');
  });
});

describe('formatSilence', () => {
  it('rounds down to seconds, minutes or hours', () => {
    expect(formatSilence(45_900)).toBe('45 s');
    expect(formatSilence(185_000)).toBe('3 m');
    expect(formatSilence(7_300_000)).toBe('2 h');
  });
});
