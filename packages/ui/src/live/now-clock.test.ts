import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FakeFrames, installFakeFrames } from '../test-support/fake-frames';
import { currentNow, subscribeNow } from './now-clock';

let frames: FakeFrames;
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  frames = installFakeFrames();
});
afterEach(() => {
  frames.uninstall();
  vi.useRealTimers();
});

describe('the shared now clock', () => {
  it('ticks every frame for fine subscribers, sharing one frame between them', () => {
    const a = vi.fn();
    const b = vi.fn();
    const offA = subscribeNow(a, 0);
    const offB = subscribeNow(b, 0);
    expect(frames.pending()).toBe(1);
    vi.setSystemTime(1_000_016);
    frames.runFrame();
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    expect(currentNow()).toBe(1_000_016);
    offA();
    offB();
  });

  it('stops when nobody subscribes', () => {
    const off = subscribeNow(vi.fn(), 0);
    off();
    expect(frames.pending()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('uses a timer, not frames, for coarse subscribers', () => {
    const listener = vi.fn();
    const off = subscribeNow(listener, 1000);
    expect(frames.pending()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(listener).toHaveBeenCalledTimes(1);
    off();
    expect(vi.getTimerCount()).toBe(0);
  });
});
