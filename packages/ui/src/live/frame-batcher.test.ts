import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FakeFrames, installFakeFrames } from '../test-support/fake-frames';
import { createFrameBatcher } from './frame-batcher';

let frames: FakeFrames;
beforeEach(() => {
  vi.useFakeTimers();
  frames = installFakeFrames();
});
afterEach(() => {
  frames.uninstall();
  vi.useRealTimers();
});

describe('createFrameBatcher', () => {
  it('hands a burst of events over once, on the next frame, in order', () => {
    const flush = vi.fn();
    const batcher = createFrameBatcher<number>(flush);
    for (let i = 0; i < 1000; i++) batcher.push(i);
    expect(flush).not.toHaveBeenCalled();
    expect(frames.pending()).toBe(1);
    frames.runFrame();
    expect(flush).toHaveBeenCalledTimes(1);
    expect(flush.mock.calls[0]?.[0]).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    vi.runAllTimers(); // the backup timer was cancelled: no second, empty flush
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('falls back to a timer when no frame comes (hidden tab)', () => {
    const flush = vi.fn();
    const batcher = createFrameBatcher<string>(flush, 250);
    batcher.push('a');
    vi.advanceTimersByTime(250);
    expect(flush).toHaveBeenCalledWith(['a']);
    expect(frames.pending()).toBe(0);
  });

  it('drops pending items on dispose', () => {
    const flush = vi.fn();
    const batcher = createFrameBatcher<string>(flush);
    batcher.push('a');
    batcher.dispose();
    frames.runFrame();
    vi.runAllTimers();
    expect(flush).not.toHaveBeenCalled();
  });
});
