import { describe, expect, it } from 'vitest';
import { makeSpan } from '../test-support/make-span';
import { isRunning, mergeSpan } from './merge-span';

describe('mergeSpan', () => {
  const running = makeSpan({ spanId: 'a', endTime: 0 });
  const ended = makeSpan({ spanId: 'a', endTime: 5000 });
  const placeholder = makeSpan({ spanId: 'a', placeholder: true, startTime: 0, endTime: 0 });

  it('takes the first snapshot of a span', () => {
    expect(mergeSpan(undefined, running)).toBe(running);
  });

  it('replaces a running span by its end', () => {
    expect(mergeSpan(running, ended)).toBe(ended);
  });

  it('never regresses a completed span to running (late start snapshot)', () => {
    expect(mergeSpan(ended, running)).toBe(ended);
  });

  it('takes a newer running snapshot (attributes changed, or it became stale)', () => {
    const stale = { ...running, stale: true };
    expect(mergeSpan(running, stale)).toBe(stale);
  });

  it('lets a received span replace a placeholder, never the other way round', () => {
    expect(mergeSpan(placeholder, running)).toBe(running);
    expect(mergeSpan(ended, placeholder)).toBe(ended);
  });

  it('treats placeholders as not running', () => {
    expect(isRunning(placeholder)).toBe(false);
    expect(isRunning(running)).toBe(true);
    expect(isRunning(ended)).toBe(false);
  });
});
