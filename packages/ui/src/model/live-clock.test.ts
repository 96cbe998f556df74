import { describe, expect, it } from 'vitest';
import { clockReading } from './live-clock';

describe('clockReading', () => {
  it('follows now while connected', () => {
    expect(clockReading(5000, undefined)).toEqual({ now: 5000, frozen: false });
  });

  it('stays at the moment the connection was lost, and ticks again once it is back', () => {
    expect(clockReading(5000, 3000)).toEqual({ now: 3000, frozen: true });
    expect(clockReading(9000, 3000)).toEqual({ now: 3000, frozen: true });
    expect(clockReading(9500, undefined)).toEqual({ now: 9500, frozen: false });
  });
});
