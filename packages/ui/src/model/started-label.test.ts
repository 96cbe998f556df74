import { describe, expect, it } from 'vitest';
import { formatDateTime, startedLabel } from './started-label';

describe('startedLabel', () => {
  const start = new Date(2026, 10, 28, 9, 5, 7).getTime();

  it('is relative within a day, with the absolute time on hover', () => {
    expect(startedLabel(start, start + 3 * 60_000)).toEqual({
      text: '3 m ago',
      title: '2026-11-28 09:05:07',
    });
  });

  it('shows the date once older than a day', () => {
    const label = startedLabel(start, start + 25 * 60 * 60_000);
    expect(label.text).toBe('2026-11-28 09:05');
    expect(label.title).toBe(formatDateTime(start));
  });
});
