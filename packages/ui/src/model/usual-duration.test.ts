import { describe, expect, it } from 'vitest';
import { progressEstimate, slowerThanUsualNote } from './usual-duration';

const usual = { usualDurationMs: 2_000, usualP95Ms: 2_500 };

describe('slower than usual', () => {
  it('flags a run past its p95, live while it runs and after it ended', () => {
    expect(slowerThanUsualNote(usual, 2_400, true)).toBeUndefined();
    expect(slowerThanUsualNote(usual, 6_200, true)).toBe('running 3.1× its usual 2.0 s');
    expect(slowerThanUsualNote(usual, 6_200, false)).toBe('took 3.1× its usual 2.0 s');
  });

  it('says nothing for a path without history', () => {
    expect(slowerThanUsualNote({}, 60_000, true)).toBeUndefined();
    expect(progressEstimate({}, 1_000)).toBeUndefined();
  });

  it('estimates how far along a running trace is, below 100% while it runs, and gives way to the slow note', () => {
    expect(progressEstimate(usual, 1_200)).toBe('~60% · usually 2.0 s');
    expect(progressEstimate(usual, 2_400)).toBe('~99% · usually 2.0 s');
    expect(progressEstimate(usual, 2_600)).toBeUndefined();
  });
});
